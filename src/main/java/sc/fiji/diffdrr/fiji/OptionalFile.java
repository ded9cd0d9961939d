package sc.fiji.diffdrr.fiji;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.scijava.ui.UIService;

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
 * with, right after it, a Browse button for the dialog (Fiji's text field for a String has none)
 * whose callback, a method of the command, chooses the file:
 *
 * <pre>
 * &#64;Parameter(label = "Browse for the pose table…", callback = "browsePoseTable",
 *     required = false)
 * private Button pose_table_browse;
 *
 * private void browsePoseTable() {
 *   pose_table = browse(pose_table, FileWidget.OPEN_STYLE);   // DiffDrrCommand's
 * }
 * </pre>
 *
 * and read with {@link #path} (null when empty) or {@link #require} (an error naming the
 * parameter when empty). The button is never recorded (it has no value) and needs no key: a macro's
 * buttons are resolved by imagej-legacy, a script's by {@link BrowseButtonPreprocessor}. Not {@code java.io.File}: scijava-common's FilePreprocessor opens a file
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

  /**
   * The file the user chooses in the UI's file chooser, starting from the current one; the current
   * one when there is no UI or the user cancels.
   */
  static String choose(UIService ui, String current, String style) {
    if (ui == null) return current;
    File chosen = ui.chooseFile(isGiven(current) ? path(current).toFile() : null, style);
    return chosen == null ? current : chosen.getPath();
  }

  /** The file's name, for titles and log lines. */
  static String name(String value) {
    Path p = path(value);
    return p == null ? "" : String.valueOf(p.getFileName());
  }
}
