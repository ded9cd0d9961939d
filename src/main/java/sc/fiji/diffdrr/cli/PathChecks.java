package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import sc.fiji.diffdrr.io.WritableLocation;

/**
 * Where a command reads and writes, checked when the options are parsed, before any work: an input
 * must exist, be readable, not be empty and be of the kind the option takes; an output must be
 * creatable and writable (its folder is probed by creating and removing a file, since running as
 * root or on a read-only or special file system defeats permission bits). A failure names the
 * option, the path and the reason.
 */
final class PathChecks {

  private PathChecks() {}

  static void checkInput(Option o, String value, boolean folderAllowed, List<String> extensions) {
    Path p = path(o, value);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("--" + o.name + " " + value + ": " + missingReason(p)
          + "; give " + o.allowed());
    }
    if (Files.isDirectory(p)) {
      if (!folderAllowed) {
        throw new IllegalArgumentException("--" + o.name + " " + value + " is a folder; give "
            + o.allowed());
      }
      if (!Files.isReadable(p)) {
        throw new IllegalArgumentException("--" + o.name + " " + value + ": permission denied");
      }
      return;
    }
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("--" + o.name + " " + value + " is not a regular file; give "
          + o.allowed());
    }
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException("--" + o.name + " " + value + ": permission denied (cannot "
          + "read it)");
    }
    try {
      if (Files.size(p) == 0) {
        throw new IllegalArgumentException("--" + o.name + " " + value + " is empty; give "
            + o.allowed());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--" + o.name + " " + value + ": " + reason(e));
    }
    if (!extensions.isEmpty()) {
      String n = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
      for (String e : extensions) {
        if (n.endsWith("." + e)) return;
      }
      throw new IllegalArgumentException("--" + o.name + " " + value + ": wrong kind of file; give "
          + o.allowed());
    }
  }

  static void checkInputFolder(Option o, String value) {
    Path p = path(o, value);
    if (!Files.exists(p)) {
      throw new IllegalArgumentException("--" + o.name + " " + value + ": " + missingReason(p)
          + "; give " + o.allowed());
    }
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException("--" + o.name + " " + value + " is a file; give "
          + o.allowed());
    }
  }

  /** A file to be written: not a folder, and its folder (or the nearest existing one) writable. */
  static void checkFile(Option o, Path p) {
    WritableLocation.file("--" + o.name, p);
  }

  /** A folder to be written into: a folder or creatable, and writable. */
  static void checkFolder(Option o, Path p) {
    WritableLocation.folder("--" + o.name, p);
  }

  /** Why a path does not exist: a missing file, or a file where a folder should be. */
  private static String missingReason(Path p) {
    Path a = p.toAbsolutePath().normalize().getParent();
    while (a != null && !Files.exists(a)) a = a.getParent();
    if (a != null && !Files.isDirectory(a)) return "not found (" + a + " is a file, not a folder)";
    return "not found";
  }

  static String reason(IOException e) {
    return WritableLocation.reason(e);
  }



  private static Path path(Option o, String value) {
    if (value.trim().isEmpty()) throw new IllegalArgumentException("--" + o.name + " must not be empty");
    try {
      return Paths.get(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("--" + o.name + " is not a valid path: '" + value + "'");
    }
  }
}
