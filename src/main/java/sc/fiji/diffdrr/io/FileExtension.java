package sc.fiji.diffdrr.io;

import java.nio.file.Path;
import java.util.Locale;

/** The lower-case extension of a file name, which picks the file format. */
final class FileExtension {

  private FileExtension() {}

  /** "mha" for "ct.MHA"; "" when the name has no dot. */
  static String of(Path file) {
    Path name = file.getFileName();
    String s = name == null ? "" : name.toString();
    int dot = s.lastIndexOf('.');
    return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The file name without its extension, for image titles. */
  static String baseName(Path file) {
    Path name = file.getFileName();
    String s = name == null ? file.toString() : name.toString();
    int dot = s.lastIndexOf('.');
    return dot <= 0 ? s : s.substring(0, dot);
  }
}
