package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a run will write, checked before any work: the file or folder must be creatable and
 * writable. The folder is probed by creating and removing a file, because permission bits do not
 * tell (a root user, a read-only or special file system such as /proc). A failure names the
 * parameter, the path and the reason: permission denied, read-only file system, a file where a
 * folder should be, a file system that takes no new files.
 */
public final class WritableLocation {

  private WritableLocation() {}

  /** A file to be written: not a folder, and its folder (or the nearest existing one) writable. */
  public static void file(String label, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException(label + " " + p + " is a folder; give a file name");
    }
    if (Files.exists(abs) && !Files.isWritable(abs)) {
      throw new IllegalArgumentException(label + " " + p + " cannot be written: permission "
          + "denied");
    }
    probe(label, p, abs.getParent());
  }

  /** A folder to be written into: a folder or creatable, and writable. */
  public static void folder(String label, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IllegalArgumentException(label + " " + p + " cannot be used: it is a file, "
          + "not a folder");
    }
    probe(label, p, abs);
  }

  /**
   * Creates and removes a file in {@code dir}, or in its nearest existing ancestor when it does not
   * exist yet (the run creates the rest), and fails with the reason when that is not possible.
   */
  private static void probe(String label, Path given, Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) {
      throw new IllegalArgumentException(label + " " + given + " cannot be created: no "
          + "existing folder above it");
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(label + " " + given + " cannot be created: "
          + existing + " is a file, not a folder");
    }
    try {
      if (Files.getFileStore(existing).isReadOnly()) {
        throw new IllegalArgumentException(label + " " + given + " cannot be written: "
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
      throw new IllegalArgumentException(label + " " + given + " cannot be "
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

  /** "permission denied", "read-only file system", "not a directory", ... */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or folder";
    if (e instanceof FileSystemException) {
      String r = ((FileSystemException) e).getReason();
      if (r != null && !r.isEmpty()) return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
    String m = e.getMessage();
    return m == null ? "an input/output error" : m;
  }
}
