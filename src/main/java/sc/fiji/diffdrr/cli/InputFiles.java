package sc.fiji.diffdrr.cli;

import java.io.IOException;

/**
 * Reads an input named by an option so that whatever is wrong with its content (the wrong kind of
 * file, a truncated one, a header that does not parse) comes out as one line naming the option,
 * never as an exception's class name.
 */
final class InputFiles {

  /** What reads the file. */
  interface Reader<T> {
    T read() throws IOException;
  }

  private InputFiles() {}

  /**
   * Refuses, before reading it, an input file whose values as floats would not fit the heap: one
   * line naming the option, the file's size and what to change, instead of an OutOfMemoryError
   * half-way through the read. Files whose size only a full read tells (DICOM, folders) pass; so do
   * files that cannot be read at all, for {@link #read} to name what is wrong with them.
   *
   * @param what the array the read makes, e.g. "volume as read"
   */
  static void requireRoomFor(String option, java.nio.file.Path file, String what, String advice) {
    long values;
    try {
      values = sc.fiji.diffdrr.io.FileHeaders.values(file);
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (values < 0) return;
    try {
      new sc.fiji.diffdrr.render.MemoryPlan().host(what, values)
          .checkHeap(sc.fiji.diffdrr.render.MemoryPlan.CLI_HEAP, advice);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + option + " " + file + " holds " + values
          + " values, more than the Java heap can take: " + e.getMessage());
    }
  }

  static <T> T read(String option, String value, Reader<T> reader) {
    try {
      return reader.read();
    } catch (IOException | IllegalArgumentException e) {
      throw named(option, value, e.getMessage());
    } catch (RuntimeException e) {
      // A reader that trips over content it does not expect (a library's NullPointerException,
      // an index out of bounds in a short file): still bad input, not an internal error.
      throw named(option, value, "cannot be read (not a file of the kind --" + option + " takes)");
    }
  }

  private static IllegalArgumentException named(String option, String value, String message) {
    String m = message == null || message.isEmpty() ? "cannot be read" : message;
    if (m.startsWith("--" + option)) return new IllegalArgumentException(m);
    // Readers name the file first ("x.mha: ..."): say it once.
    if (m.startsWith(value + ":") || m.startsWith(value + " ")) {
      return new IllegalArgumentException("--" + option + " " + m);
    }
    return new IllegalArgumentException("--" + option + " " + value + ": " + m);
  }
}
