package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of one subcommand: {@code --name value} (repeatable where declared) and
 * {@code --flag}, read against the subcommand's {@link OptionTable}: an option it does not declare
 * is refused, and every value is checked against its declaration while parsing, before the command
 * does any work. Every accessor names the option in its error, so a user sees exactly which one is
 * wrong.
 */
final class Args {

  private final String command;
  private final OptionTable table;
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final Set<String> flags = new LinkedHashSet<>();
  private final Set<String> used = new LinkedHashSet<>();

  Args(OptionTable table, String[] args) {
    this.table = table;
    this.command = table.command;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException(command + ": unexpected argument '" + a
            + "' (options start with --; see " + command + " --help)");
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq > 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = table.get(name);
      if (option == null) throw unknown(name);
      if (option.kind == Option.Kind.FLAG) {
        if (inline != null) throw new IllegalArgumentException("--" + name + " takes no value");
        flags.add(name);
        continue;
      }
      String value = inline;
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value: " + option.allowed());
        }
        value = args[++i];
      }
      if (values.containsKey(name) && !option.repeatable) {
        throw new IllegalArgumentException("--" + name + " is given more than once");
      }
      option.check(value);
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  boolean has(String name) {
    used.add(name);
    return values.containsKey(name) || flags.contains(name);
  }

  boolean flag(String name) {
    used.add(name);
    return flags.contains(name);
  }

  String string(String name, String fallback) {
    List<String> v = all(name);
    if (v.isEmpty()) return fallback;
    if (v.size() > 1) throw new IllegalArgumentException("--" + name + " is given more than once");
    return v.get(0);
  }

  String required(String name) {
    String v = string(name, null);
    if (v == null) throw new IllegalArgumentException(command + ": --" + name + " is required");
    return v;
  }

  List<String> all(String name) {
    if (!table.contains(name)) {
      throw new IllegalStateException(command + " reads --" + name + " but does not declare it");
    }
    used.add(name);
    return values.getOrDefault(name, Collections.emptyList());
  }

  double number(String name, double fallback) {
    String v = string(name, null);
    return v == null ? fallback : parseNumber(name, v);
  }

  double requiredNumber(String name) {
    return parseNumber(name, required(name));
  }

  int integer(String name, int fallback) {
    String v = string(name, null);
    return v == null ? fallback : parseInteger(name, v);
  }

  int requiredInteger(String name) {
    return parseInteger(name, required(name));
  }

  long longInteger(String name, long fallback) {
    String v = string(name, null);
    if (v == null) return fallback;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  Path path(String name) {
    String v = string(name, null);
    return v == null ? null : Paths.get(v);
  }

  /** A comma-separated list of exactly {@code count} numbers, e.g. "0,850,0". */
  static double[] numbers(String name, String value, int count) {
    String[] parts = value.split(",", -1);
    if (parts.length != count) {
      throw new IllegalArgumentException("--" + name + " must be " + count
          + " comma-separated numbers, got '" + value + "'");
    }
    double[] r = new double[count];
    for (int i = 0; i < count; i++) {
      try {
        r[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be " + count
            + " comma-separated numbers, got '" + value + "'");
      }
      if (!Double.isFinite(r[i])) {
        throw new IllegalArgumentException("--" + name + " must be finite numbers, got '" + value + "'");
      }
    }
    return r;
  }

  /** Fails on options the command never asked about (typos). */
  void rejectUnknown() {
    for (String name : values.keySet()) {
      if (!used.contains(name)) throw unused(name);
    }
    for (String name : flags) {
      if (!used.contains(name)) throw unused(name);
    }
  }

  /** A declared option that this combination of options never reads. */
  private IllegalArgumentException unused(String name) {
    return new IllegalArgumentException(command + ": --" + name + " does not apply with these "
        + "options (see " + command + " --help)");
  }

  private IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(command + ": unknown option --" + name + " (see "
        + command + " --help)");
  }

  static double parseNumber(String name, String v) {
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("--" + name + " must be a finite number, got '" + v + "'");
    }
    return d;
  }

  /** A number as users typed it: integers without ".0". */
  static String formatNumber(double v) {
    return sc.fiji.diffdrr.Require.format(v);
  }

  static int parseInteger(String name, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
    }
  }
}
