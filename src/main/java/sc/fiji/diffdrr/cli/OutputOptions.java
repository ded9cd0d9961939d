package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Output file names, checked before any work is done. */
final class OutputOptions {

  private OutputOptions() {}

  /** --name as a path whose extension is one of the allowed ones. */
  static Path file(Args a, String name, String... extensions) {
    Path p = a.path(name);
    if (p == null) throw new IllegalArgumentException("--" + name + " is required");
    String s = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
    for (String e : extensions) {
      if (s.endsWith("." + e)) return p;
    }
    throw new IllegalArgumentException("--" + name + " must end in ." + String.join(", .", extensions)
        + ", got '" + p.getFileName() + "'");
  }
}
