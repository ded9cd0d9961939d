package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One command-line option as a command declares it: its name, what kind of value it takes and
 * which values are allowed, and a line of help. The parser checks every value against it before
 * any work ({@link #check}), the help lists it ({@link #describe}), and the bad-input sweep
 * generates its cases from it.
 */
final class Option {

  /** What an option's value is. */
  enum Kind {
    /** A finite number in [min, max] (either end may be open). */
    NUMBER,
    /** A whole number in [min, max]. */
    INTEGER,
    /** One of a few words (case and '_' / '-' do not matter). */
    CHOICE,
    /** {@code count} comma-separated numbers, each in [min, max] (whole numbers if integral). */
    NUMBERS,
    /** An existing, readable, non-empty file (or a folder, where folders are allowed). */
    FILE_IN,
    /** An existing folder. */
    DIR_IN,
    /** A file to write: its extension is one of {@link #extensions}, its folder writable. */
    FILE_OUT,
    /** A folder to write into (created if missing). */
    DIR_OUT,
    /** An existing file, or a number in [min, max] ({@code --flat FILE|VALUE}). */
    FILE_OR_NUMBER,
    /** A file, a folder or a glob (checked when it is not a glob). */
    FILE_OR_GLOB,
    /** A volume file or a phantom spec ({@code shepp-logan[:N[:MM]]}). */
    VOLUME_OR_PHANTOM,
    /** Free text (a device name, a phantom spec checked where it is read). */
    TEXT,
    /** No value. */
    FLAG
  }

  final String name;
  final Kind kind;
  final double min, max;
  final boolean minOpen, maxOpen;
  final boolean integral;
  final List<String> words;
  final int count;
  /** File kinds: allowed extensions (empty: any); for FILE_IN whether a folder is allowed. */
  final List<String> extensions;
  final boolean folderAllowed;
  final boolean repeatable;
  final String unit;
  final String help;
  /** Why only these values, said after what is allowed (may be null). */
  private String because;

  private Option(String name, Kind kind, double min, double max, boolean minOpen, boolean maxOpen,
      boolean integral, List<String> words, int count, List<String> extensions,
      boolean folderAllowed, boolean repeatable, String unit, String help) {
    this.name = name;
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.minOpen = minOpen;
    this.maxOpen = maxOpen;
    this.integral = integral;
    this.words = words;
    this.count = count;
    this.extensions = extensions;
    this.folderAllowed = folderAllowed;
    this.repeatable = repeatable;
    this.unit = unit;
    this.help = help;
  }

  private static Option make(String name, Kind kind, String help) {
    return new Option(name, kind, Double.NaN, Double.NaN, false, false, false,
        Collections.emptyList(), 0, Collections.emptyList(), false, false, null, help);
  }

  private Option with(double min, double max, boolean minOpen, boolean maxOpen, boolean integral,
      List<String> words, int count, List<String> extensions, boolean folderAllowed,
      boolean repeatable, String unit) {
    return new Option(name, kind, min, max, minOpen, maxOpen, integral, words, count, extensions,
        folderAllowed, repeatable, unit, help);
  }

  // ---- declarations -------------------------------------------------------------------------

  /** A number in [min, max]. */
  static Option number(String name, double min, double max, String unit, String help) {
    return make(name, Kind.NUMBER, help).with(min, max, false, false, false, List.of(), 0, List.of(),
        false, false, unit);
  }

  /** A number in (0, max]. */
  static Option positive(String name, double max, String unit, String help) {
    return make(name, Kind.NUMBER, help).with(0, max, true, false, false, List.of(), 0, List.of(),
        false, false, unit);
  }

  /** A number between min and max, either end open or closed. */
  static Option range(String name, double min, double max, boolean minOpen, boolean maxOpen,
      String unit, String help) {
    return make(name, Kind.NUMBER, help).with(min, max, minOpen, maxOpen, false, List.of(), 0,
        List.of(), false, false, unit);
  }

  /** A number in [min, max) (e.g. a fraction below one). */
  static Option belowMax(String name, double min, double max, String help) {
    return make(name, Kind.NUMBER, help).with(min, max, false, true, false, List.of(), 0, List.of(),
        false, false, null);
  }

  static Option integer(String name, long min, long max, String help) {
    return make(name, Kind.INTEGER, help).with(min, max, false, false, true, List.of(), 0, List.of(),
        false, false, null);
  }

  static Option choice(String name, String help, String... words) {
    return make(name, Kind.CHOICE, help).with(Double.NaN, Double.NaN, false, false, false,
        List.of(words), 0, List.of(), false, false, null);
  }

  static Option numbers(String name, int count, double min, double max, boolean integral,
      String unit, String help) {
    return make(name, Kind.NUMBERS, help).with(min, max, false, false, integral, List.of(), count,
        List.of(), false, false, unit);
  }

  /** {@code count} comma-separated numbers in (0, max]. */
  static Option positiveNumbers(String name, int count, double max, String unit, String help) {
    return make(name, Kind.NUMBERS, help).with(0, max, true, false, false, List.of(), count,
        List.of(), false, false, unit);
  }

  /** An input file with one of the extensions (none: any); folders too when allowed. */
  static Option fileIn(String name, boolean folderAllowed, String help, String... extensions) {
    return make(name, Kind.FILE_IN, help).with(Double.NaN, Double.NaN, false, false, false,
        List.of(), 0, List.of(extensions), folderAllowed, false, null);
  }

  static Option dirIn(String name, String help) {
    return make(name, Kind.DIR_IN, help);
  }

  static Option fileOut(String name, String help, String... extensions) {
    return make(name, Kind.FILE_OUT, help).with(Double.NaN, Double.NaN, false, false, false,
        List.of(), 0, List.of(extensions), false, false, null);
  }

  static Option dirOut(String name, String help) {
    return make(name, Kind.DIR_OUT, help);
  }

  static Option fileOrNumber(String name, double min, double max, String help) {
    return make(name, Kind.FILE_OR_NUMBER, help).with(min, max, false, false, false, List.of(), 0,
        List.of(), false, false, null);
  }

  static Option fileOrGlob(String name, String help) {
    return make(name, Kind.FILE_OR_GLOB, help);
  }

  static Option volumeOrPhantom(String name, String help) {
    return make(name, Kind.VOLUME_OR_PHANTOM, help);
  }

  static Option text(String name, String help) {
    return make(name, Kind.TEXT, help);
  }

  static Option flag(String name, String help) {
    return make(name, Kind.FLAG, help);
  }

  /** Adds the reason for the restriction to the error ("the Java backend is the reference"). */
  Option because(String reason) {
    Option o = with(min, max, minOpen, maxOpen, integral, words, count, extensions, folderAllowed,
        repeatable, unit);
    o.because = reason;
    return o;
  }

  /** The same option, allowed more than once (--rotation, --translation). */
  Option repeatable() {
    Option o = with(min, max, minOpen, maxOpen, integral, words, count, extensions, folderAllowed,
        true, unit);
    o.because = because;
    return o;
  }

  // ---- what is allowed ----------------------------------------------------------------------

  /** "a number in (0, 1e6] (mm)", "an integer in [1, 32768]", "siddon or trilinear", ... */
  String allowed() {
    switch (kind) {
      case NUMBER: return "a number in " + range() + unitSuffix();
      case INTEGER: return "an integer in " + range();
      case CHOICE: return words();
      case NUMBERS:
        return count + " comma-separated " + (integral ? "integers" : "numbers") + " in " + range()
            + unitSuffix();
      case FILE_IN:
        return "an existing, readable file" + (folderAllowed ? " or folder" : "") + extensionSuffix();
      case DIR_IN: return "an existing folder";
      case FILE_OUT: return "a file name" + extensionSuffix() + " in a writable folder";
      case DIR_OUT: return "a folder that can be created and written";
      case FILE_OR_NUMBER: return "an existing image file or a number in " + range();
      case FILE_OR_GLOB: return "an existing file or folder, or a quoted glob";
      case VOLUME_OR_PHANTOM: return "a volume file or folder, or shepp-logan[:N[:MM[:MAX]]]";
      case FLAG: return "no value";
      default: return "a value";
    }
  }

  private String range() {
    return (minOpen ? "(" : "[") + format(min) + ", " + format(max) + (maxOpen ? ")" : "]");
  }

  private String unitSuffix() {
    return unit == null ? "" : " (" + unit + ")";
  }

  private String extensionSuffix() {
    if (extensions.isEmpty()) return "";
    StringBuilder b = new StringBuilder(" (");
    for (int i = 0; i < extensions.size(); i++) b.append(i == 0 ? "." : " .").append(extensions.get(i));
    return b.append(")").toString();
  }

  private String words() {
    if (words.size() > 5) return "one of " + String.join(", ", words);
    if (words.size() == 1) return words.get(0);
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  /** "--sdd must be a number in (0, 1e6] (mm), got 'far'". */
  IllegalArgumentException bad(String value) {
    return new IllegalArgumentException("--" + name + " must be " + allowed()
        + (because == null ? "" : " (" + because + ")") + ", got '" + value + "'");
  }

  /** The help line: "--sdd  a number in (0, 1e6] (mm): source to detector distance". */
  String describe() {
    String a = kind == Kind.FLAG ? "" : "  " + allowed();
    return String.format(Locale.ROOT, "  --%-18s%s%s%s", name, a, help == null || help.isEmpty()
        ? "" : (a.isEmpty() ? "  " : "; ") + help, repeatable ? " (repeatable)" : "");
  }

  // ---- checks -------------------------------------------------------------------------------

  /** Refuses a value this option does not allow, naming the option and what it allows. */
  void check(String value) {
    switch (kind) {
      case NUMBER: checkNumber(value, value); return;
      case INTEGER: checkNumber(value, value); return;
      case CHOICE: {
        if (canonical(value) == null) throw bad(value);
        return;
      }
      case NUMBERS: {
        String[] parts = value.split(",", -1);
        if (parts.length != count) throw bad(value);
        for (String p : parts) checkNumber(p, value);
        return;
      }
      case FILE_IN: PathChecks.checkInput(this, value, folderAllowed, extensions); return;
      case DIR_IN: PathChecks.checkInputFolder(this, value); return;
      case FILE_OUT: {
        Path p = path(value);
        String n = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        boolean ok = extensions.isEmpty();
        for (String e : extensions) ok |= n.endsWith("." + e);
        if (!ok) {
          throw new IllegalArgumentException("--" + name + " must end in ." + String.join(", .",
              extensions) + ", got '" + p.getFileName() + "'");
        }
        PathChecks.checkFile(this, p);
        return;
      }
      case DIR_OUT: PathChecks.checkFolder(this, path(value)); return;
      case FILE_OR_NUMBER: {
        if (looksNumeric(value)) checkNumber(value, value);
        else PathChecks.checkInput(this, value, false, List.of());
        return;
      }
      case FILE_OR_GLOB: {
        if (value.contains("*") || value.contains("?")) return;
        PathChecks.checkInput(this, value, true, List.of());
        return;
      }
      case VOLUME_OR_PHANTOM: {
        if (value.trim().toLowerCase(Locale.ROOT).startsWith("shepp-logan")) return;
        PathChecks.checkInput(this, value, true, List.of());
        return;
      }
      case TEXT:
        if (value.trim().isEmpty()) {
          throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return;
      default:
        return;
    }
  }

  /** The word as the table spells it, or null when it is none of them. */
  String canonical(String value) {
    String t = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (String w : words) {
      if (w.toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) return w;
    }
    return null;
  }

  private Path path(String value) {
    if (value.trim().isEmpty()) throw new IllegalArgumentException("--" + name + " must not be empty");
    try {
      return Paths.get(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("--" + name + " is not a valid path: '" + value + "'");
    }
  }

  private void checkNumber(String text, String whole) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw bad(whole);
    }
    if (!Double.isFinite(v)) throw bad(whole);
    if (integral && v != Math.rint(v)) throw bad(whole);
    if (integral && kind == Kind.INTEGER) {
      try {
        Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw bad(whole); // "2.0", "1e3": integers are written as integers
      }
    }
    boolean low = minOpen ? v > min : v >= min;
    boolean high = maxOpen ? v < max : v <= max;
    if (!low || !high) throw bad(whole);
  }

  static boolean looksNumeric(String value) {
    String t = value.trim();
    if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("infinity") || t.equalsIgnoreCase("-infinity")
        || t.equalsIgnoreCase("+infinity")) {
      return true;
    }
    try {
      Double.parseDouble(t);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** 0.001, 1e6, 3.4e38, 32768: as a user would write them. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
    if (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3) {
      String s = String.format(Locale.ROOT, "%.2e", v); // 1.00e+06
      String[] parts = s.split("e");
      String mantissa = parts[0].replaceAll("\\.?0+$", "");
      int exp = Integer.parseInt(parts[1]);
      return mantissa + "e" + exp;
    }
    return Double.toString(v);
  }

  @Override
  public String toString() {
    return "--" + name;
  }

  static List<Option> list(Option... options) {
    return Arrays.asList(options);
  }
}
