package sc.fiji.diffdrr.fiji;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one way a DiffDRR command takes a file input that may be left empty (a pose table, a
 * geometry file, flat/dark images, a checkpoint, a rig, a file to write): a {@code String} path,
 * empty meaning none, declared as
 *
 * <pre>
 * &#64;Parameter(label = "Pose table (CSV; empty = none)", required = false, persist = false,
 *     style = FileWidget.OPEN_STYLE)   // SAVE_STYLE for a file the command writes
 * private String pose_table = OptionalFile.NONE;
 * </pre>
 *
 * and read with {@link #path} (null when empty) or {@link #require} (an error naming the
 * parameter when empty). Not {@code java.io.File}: scijava-common's FilePreprocessor opens a file
 * chooser whenever a File input is the only one left unresolved, whatever {@code required} says —
 * so a macro line or a {@code CommandService.run(…, true, …)} without that key waits on a chooser
 * (with a display) or is cancelled with an empty reason (headless) — and Fiji's file widget gives
 * null for an empty field, which the recorder leaves out, so the recorded line would prompt when
 * replayed. A String is never prompted for (headless it keeps its default, empty) and is always
 * recorded: {@code pose_table=[]} when empty. {@code persist = false}: a script that leaves it out
 * gets none, not the file last chosen in a dialog.
 */
final class OptionalFile {

  /** The default of every optional file input: none. */
  static final String NONE = "";

  private OptionalFile() {}

  /** Whether a file is given (the value is not empty). */
  static boolean isGiven(String value) {
    return value != null && !value.trim().isEmpty();
  }

  /** The file, or null when none is given. */
  static Path path(String value) {
    return isGiven(value) ? Paths.get(value.trim()) : null;
  }

  /** The file, or an error naming the parameter when none is given. */
  static Path require(String value, String parameter, String what) {
    if (!isGiven(value)) {
      throw new IllegalArgumentException(parameter + ": choose " + what);
    }
    return path(value);
  }

  /** The file's name, for titles and log lines. */
  static String name(String value) {
    Path p = path(value);
    return p == null ? "" : String.valueOf(p.getFileName());
  }
}
