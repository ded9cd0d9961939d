package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

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
    Path abs = p.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException("--" + o.name + " " + p + " is a folder; give a file name");
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw new IllegalArgumentException("--" + o.name + " " + p + " cannot be written: permission "
          + "denied");
    }
    probe(o, p, abs.getParent());
  }

  /** A folder to be written into: a folder or creatable, and writable. */
  static void checkFolder(Option o, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IllegalArgumentException("--" + o.name + " " + p + " cannot be used: it is a file, "
          + "not a folder");
    }
    probe(o, p, abs);
  }

  /**
   * Creates and removes a file in {@code dir}, or in its nearest existing ancestor when it does not
   * exist yet (the run creates the rest), and fails with the reason when that is not possible.
   */
  private static void probe(Option o, Path given, Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) {
      throw new IllegalArgumentException("--" + o.name + " " + given + " cannot be created: no "
          + "existing folder above it");
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException("--" + o.name + " " + given + " cannot be created: "
          + existing + " is a file, not a folder");
    }
    try {
      if (Files.getFileStore(existing).isReadOnly()) {
        throw new IllegalArgumentException("--" + o.name + " " + given + " cannot be written: "
            + "read-only file system (" + existing + ")");
      }
    } catch (IOException e) {
      // no file store to ask: the probe below answers
    }
    Path test = existing.resolve(".diffdrr-write-check-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createFile(test);
    } catch (IOException e) {
      // ENOENT on creating a file in an existing folder: a file system that takes no new files
      // (/proc, /sys)
      String why = e instanceof NoSuchFileException
          ? "this file system does not allow new files there" : reason(e);
      throw new IllegalArgumentException("--" + o.name + " " + given + " cannot be "
          + (existing.equals(dir) ? "written" : "created") + ": " + why
          + (existing.equals(given.toAbsolutePath().normalize()) ? "" : " (in " + existing + ")"));
    } finally {
      try {
        Files.deleteIfExists(test);
      } catch (IOException e) {
        // it was never created
      }
    }
  }

  /** Why a path does not exist: a missing file, or a file where a folder should be. */
  private static String missingReason(Path p) {
    Path a = p.toAbsolutePath().normalize().getParent();
    while (a != null && !Files.exists(a)) a = a.getParent();
    if (a != null && !Files.isDirectory(a)) return "not found (" + a + " is a file, not a folder)";
    return "not found";
  }

  /** "permission denied", "read-only file system", "not a directory", ... */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or folder";
    if (e instanceof FileSystemException) {
      String r = ((FileSystemException) e).getReason();
      if (r != null && !r.isEmpty()) return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
    String m = e.getMessage();
    return m == null ? "an input/output error" : m;
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
