package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;

/**
 * The bad-input sweep, generated from the subcommands' own option tables ({@link
 * Subcommand#options()}): for every option of every subcommand, the values its declaration does not
 * allow — numbers: zero, negative, NaN, ±∞, non-numeric, too large, a fraction for an integer;
 * lists: wrong count, non-numeric, NaN, too large, zeros, negatives; choices: an unknown word;
 * input files: missing, empty, a folder, a path under a regular file, the wrong kind (by name and
 * by content); output files and folders: under a regular file, on /proc, a folder or a file in the
 * wrong place, the wrong extension; flags: a value; every option: no value; and an unknown option.
 * Each case must answer with exit 2 and one line that names the option, no stack trace or
 * exception class, and leave no file in the output folder. Values inside an option's declared
 * range are not cases (0 is a fine --x0).
 */
class OptionSweepTest {

  @TempDir
  static Path tmp;
  private static Path in, out, regular, empty, folder, text, garbage, stack, poses, volume, xray;
  private static final List<String> CASES = new ArrayList<>();

  @BeforeAll
  static void inputs() throws IOException {
    in = Files.createDirectory(tmp.resolve("in"));
    out = Files.createDirectory(tmp.resolve("out"));
    regular = in.resolve("regular");
    Files.writeString(regular, "a regular file");
    empty = Files.createFile(in.resolve("empty"));
    folder = Files.createDirectory(in.resolve("folder"));
    text = in.resolve("notes.txt");
    Files.writeString(text, "not an image, not a table\n");
    garbage = in.resolve("garbage");
    Files.writeString(garbage, "this is text in a file with an image's name\n\u0000\u0001");
    stack = in.resolve("p.mha");
    poses = in.resolve("p.csv");
    CliTest.Run s = CliTest.run("simulate", "--phantom", "shepp-logan:8:8", "--sdd", "1020",
        "--height", "8", "--delx", "8", "--views", "4", "--sad", "850", "--backend", "java",
        "--out", stack.toString(), "--poses-out", poses.toString());
    assertEquals(0, s.status, s.err);
    xray = in.resolve("x.mha");
    CliTest.Run x = CliTest.run("render", "--phantom", "shepp-logan:8:8", "--sdd", "1020",
        "--height", "8", "--delx", "8", "--backend", "java", "--out", xray.toString());
    assertEquals(0, x.status, x.err);
    volume = in.resolve("v.mha");
    MetaImage.write(volume, new int[] {8, 8, 8}, new double[] {8, 8, 8}, new double[3],
        new float[512], false);
  }

  @AfterAll
  static void report() {
    System.out.println("option sweep: " + CASES.size() + " cases over " + Main.commands().size()
        + " subcommands");
  }

  /**
   * Valid command lines (the smallest work), so that a content case reaches the reader of its
   * option. Value cases need none of it: the table refuses them while parsing.
   */
  private static Map<String, String> base(String command) {
    Map<String, String> b = new LinkedHashMap<>();
    String o = out.toString();
    switch (command) {
      case "render":
        b.put("phantom", "shepp-logan:8:8"); b.put("sdd", "1020"); b.put("height", "8");
        b.put("delx", "8"); b.put("backend", "java"); b.put("out", o + "/d.mha");
        break;
      case "simulate":
        b.put("phantom", "shepp-logan:8:8"); b.put("sdd", "1020"); b.put("height", "8");
        b.put("delx", "8"); b.put("views", "2"); b.put("sad", "850"); b.put("backend", "java");
        b.put("out", o + "/s.mha"); b.put("poses-out", o + "/s.csv");
        break;
      case "reconstruct":
        b.put("projections", stack.toString()); b.put("poses", poses.toString());
        b.put("sdd", "1020"); b.put("shape", "8,8,8"); b.put("spacing", "8,8,8");
        b.put("iterations", "1"); b.put("backend", "java"); b.put("out", o + "/r.mha");
        break;
      case "demo":
        b.put("out", o + "/demo"); b.put("backend", "java");
        break;
      case "bench":
        b.put("quick", null); b.put("backend", "java"); b.put("json", o + "/b.json");
        break;
      case "check":
        b.put("json", o + "/c.json");
        break;
      case "register":
        b.put("volume", volume.toString()); b.put("xray", xray.toString()); b.put("sdd", "1020");
        b.put("delx", "8"); b.put("rotation", "0,0,0"); b.put("translation", "0,850,0");
        b.put("iterations", "1"); b.put("backend", "java"); b.put("out", o + "/pose.csv");
        break;
      default:
        break;
    }
    return b;
  }

  /** Options a content case replaces: the other way to give the same thing. */
  private static void makeRoom(String command, String option, Map<String, String> args) {
    switch (option) {
      case "volume": args.remove("phantom"); break;
      case "phantom": args.remove("volume"); break;
      case "geometry":
        for (String k : new String[] {"poses", "views", "sad", "sdd", "delx", "rotation", "translation"}) {
          args.remove(k);
        }
        break;
      case "poses": args.remove("views"); args.remove("sad"); args.remove("geometry"); break;
      case "like": args.remove("shape"); args.remove("spacing"); break;
      case "flat": case "dark": args.put("input", "intensity"); if (option.equals("dark")) args.put("flat", "1e4"); break;
      default: break;
    }
  }

  /** One case: what to give, and whether the whole valid base comes with it. */
  private static final class Case {
    final String value;
    final boolean content;
    final String what;

    Case(String value, boolean content, String what) {
      this.value = value;
      this.content = content;
      this.what = what;
    }
  }

  private static final String[] NUMBERS = {"0", "-1", "NaN", "Infinity", "-Infinity", "abc", "1e300",
    "-1e300", "1.5", ""};

  /** The values the declaration does not allow. */
  static List<Case> cases(Option o) {
    List<Case> c = new ArrayList<>();
    switch (o.kind) {
      case NUMBER: case INTEGER:
        for (String v : NUMBERS) if (!allowedNumber(o, v)) c.add(new Case(v, false, "number " + v));
        break;
      case NUMBERS: {
        String[] lists = {"1,2", "1,2,3,4", "a,b,c", "1,NaN,1", "1,Infinity,1", "1e300,1,1",
          "0,0,0", "-1,-1,-1", "1.5,1,1", ""};
        for (String v : lists) if (!allowedList(o, v)) c.add(new Case(v, false, "list " + v));
        break;
      }
      case CHOICE:
        c.add(new Case("no-such-word", false, "unknown word"));
        c.add(new Case("", false, "empty word"));
        break;
      case FILE_IN: case FILE_OR_GLOB: case VOLUME_OR_PHANTOM: case FILE_OR_NUMBER:
        c.add(new Case(in.resolve("missing.mha").toString(), false, "missing"));
        c.add(new Case(regular.resolve("x.mha").toString(), false, "under a regular file"));
        c.add(new Case(empty.toString(), false, "empty"));
        if (o.kind == Option.Kind.FILE_IN && !o.folderAllowed) {
          c.add(new Case(folder.toString(), false, "a folder"));
        } else {
          c.add(new Case(folder.toString(), true, "an empty folder"));
        }
        if (!o.extensions.isEmpty()) c.add(new Case(text.toString(), false, "wrong kind by name"));
        c.add(new Case(garbageNamed(o), true, "wrong kind by content"));
        if (o.kind == Option.Kind.FILE_OR_NUMBER) {
          for (String v : new String[] {"-1", "NaN", "Infinity", "1e300"}) {
            c.add(new Case(v, false, "number " + v));
          }
        }
        break;
      case DIR_IN:
        c.add(new Case(in.resolve("missing").toString(), false, "missing"));
        c.add(new Case(regular.toString(), false, "a file"));
        c.add(new Case(regular.resolve("x").toString(), false, "under a regular file"));
        c.add(new Case(folder.toString(), true, "an empty folder"));
        break;
      case FILE_OUT: {
        String ext = o.extensions.isEmpty() ? "txt" : o.extensions.get(0);
        c.add(new Case(regular.resolve("x." + ext).toString(), false, "under a regular file"));
        c.add(new Case("/proc/diffdrr-sweep." + ext, false, "on /proc"));
        Path dir = out.resolve("a-folder." + ext);
        c.add(new Case(dir.toString(), false, "a folder"));
        if (!o.extensions.isEmpty()) {
          c.add(new Case(out.resolve("x.wrongext").toString(), false, "wrong extension"));
        }
        c.add(new Case("", false, "empty"));
        break;
      }
      case DIR_OUT:
        c.add(new Case(regular.resolve("x").toString(), false, "under a regular file"));
        c.add(new Case(regular.toString(), false, "a file"));
        c.add(new Case("/proc/diffdrr-sweep", false, "on /proc"));
        c.add(new Case("", false, "empty"));
        break;
      case TEXT:
        c.add(new Case("", false, "empty"));
        c.add(new Case(" ", false, "blank"));
        break;
      case FLAG:
        c.add(new Case("=yes", false, "a value"));
        break;
      default:
        break;
    }
    if (o.kind != Option.Kind.FLAG) c.add(new Case(null, false, "no value"));
    return c;
  }

  /** A garbage file whose name has the option's first extension (or .mha). */
  private static String garbageNamed(Option o) {
    String ext = o.extensions.isEmpty() ? "mha" : o.extensions.get(0);
    Path p = in.resolve("garbage-" + o.name + "." + ext);
    try {
      if (!Files.exists(p)) Files.copy(garbage, p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p.toString();
  }

  private static boolean allowedNumber(Option o, String v) {
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (!Double.isFinite(d)) return false;
    if (o.kind == Option.Kind.INTEGER) {
      try {
        Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return inRange(o, d);
  }

  private static boolean allowedList(Option o, String v) {
    String[] parts = v.split(",", -1);
    if (parts.length != o.count) return false;
    for (String p : parts) {
      double d;
      try {
        d = Double.parseDouble(p);
      } catch (NumberFormatException e) {
        return false;
      }
      if (!Double.isFinite(d) || (o.integral && d != Math.rint(d)) || !inRange(o, d)) return false;
    }
    return true;
  }

  private static boolean inRange(Option o, double d) {
    return (o.minOpen ? d > o.min : d >= o.min) && (o.maxOpen ? d < o.max : d <= o.max);
  }

  @Test
  void everyOptionOfEverySubcommandRefusesWhatItsTableDoesNotAllow() throws IOException {
    List<String> failures = new ArrayList<>();
    for (Subcommand command : Main.commands()) {
      for (Option o : command.options().all()) {
        for (Case c : cases(o)) {
          List<String> args = new ArrayList<>();
          args.add(command.name());
          Map<String, String> given = c.content ? base(command.name()) : outputsOnly(command.name());
          if (c.content) makeRoom(command.name(), o.name, given);
          given.remove(o.name);
          for (Map.Entry<String, String> e : given.entrySet()) {
            args.add("--" + e.getKey());
            if (e.getValue() != null) args.add(e.getValue());
          }
          if (c.value == null) {
            args.add("--" + o.name); // last, with no value after it
          } else if (o.kind == Option.Kind.FLAG) {
            args.add("--" + o.name + c.value);
          } else {
            args.add("--" + o.name);
            args.add(c.value);
          }
          Path dir = out.resolve("a-folder." + (o.extensions.isEmpty() ? "txt" : o.extensions.get(0)));
          if (c.what.equals("a folder") && o.kind == Option.Kind.FILE_OUT) Files.createDirectories(dir);
          CASES.add(command.name() + " --" + o.name + ": " + c.what);
          String problem = check(CliTest.run(args.toArray(new String[0])), o);
          if (problem != null) failures.add(String.join(" ", args) + " [" + c.what + "]: " + problem);
          Files.deleteIfExists(dir);
          String left = leftovers();
          if (left != null) failures.add(String.join(" ", args) + ": left " + left);
        }
      }
      // An option no table declares.
      CliTest.Run typo = CliTest.run(command.name(), "--no-such-option", "1");
      CASES.add(command.name() + " --no-such-option");
      if (typo.status != 2 || !typo.err.equals("error: " + command.name() + ": unknown option "
          + "--no-such-option (see " + command.name() + " --help)\n")) {
        failures.add(command.name() + " --no-such-option: " + typo.status + " " + typo.err);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + CASES.size() + " cases fail:\n"
        + String.join("\n", failures));
    assertTrue(CASES.size() > 300, "hundreds of cases: " + CASES.size());
  }

  /** The output options of the valid base only: value cases must fail while parsing. */
  private static Map<String, String> outputsOnly(String command) {
    Map<String, String> b = base(command), o = new LinkedHashMap<>();
    for (String k : new String[] {"out", "poses-out", "json"}) if (b.containsKey(k)) o.put(k, b.get(k));
    return o;
  }

  /** Null when the run answered as bad input must, else what is wrong. */
  private static String check(CliTest.Run r, Option o) {
    if (r.status != 2) return "exit " + r.status + ": " + r.err;
    String[] lines = r.err.trim().split("\n");
    if (lines.length != 1) return "not one line: " + r.err;
    String line = lines[0];
    if (!line.startsWith("error: ")) return "not an error line: " + line;
    if (!line.contains("--" + o.name)) return "does not name --" + o.name + ": " + line;
    if (line.contains("\tat ") || line.matches(".*\\b(java|javax|ij|org)\\.[a-z]+\\..*")
        || line.matches(".*[A-Za-z]+(Exception|Error)\\b.*")) {
      return "exception text: " + line;
    }
    return null;
  }

  /** Any file in the output folder (there must be none after a refused run). */
  private static String leftovers() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      List<Path> found = new ArrayList<>();
      files.filter(p -> !p.equals(out)).forEach(found::add);
      if (found.isEmpty()) return null;
      for (Path p : found) {
        if (Files.isDirectory(p)) continue;
      }
      String names = found.toString();
      // Remove them so the next case starts clean.
      found.sort((a, b) -> b.getNameCount() - a.getNameCount());
      for (Path p : found) Files.deleteIfExists(p);
      return names;
    }
  }
}
