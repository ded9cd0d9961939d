package sc.fiji.diffdrr.fiji;

import java.io.IOException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;

/**
 * What every DiffDRR command shares: the services it reports through, and one rule for bad input.
 * A command checks its parameters before the heavy work and sets its outputs only at the end, so a
 * problem (an {@link IllegalArgumentException} or {@link IOException} from the core, whose message
 * names the parameter or file) cancels it with that one-line message — which Fiji shows — and
 * leaves nothing half-done on screen.
 */
abstract class DiffDrrCommand extends ContextCommand {

  @Parameter
  LogService log;

  @Parameter
  StatusService status;

  @Parameter
  TaskService tasks;

  /** For the Browse buttons of optional files (absent headless in some contexts). */
  @Parameter(required = false)
  UIService ui;

  private final String name;

  DiffDrrCommand(String name) {
    this.name = name;
  }

  @Override
  public final void run() {
    try {
      execute();
    } catch (IllegalArgumentException | IOException e) {
      fail(e.getMessage());
    }
  }

  /** The command's work; throws on bad input with a message for the user. */
  abstract void execute() throws IOException;

  /** Cancels the command with a message for the user, and logs it. */
  void fail(String message) {
    log.error(name + ": " + message);
    cancel(message);
  }

  /** Ends a run the user cancelled (task bar, Esc): nothing is shown. */
  void cancelledByUser() {
    info("cancelled");
    cancel("cancelled");
  }

  /** An {@link OptionalFile} chosen with the UI's file chooser (a Browse button's callback). */
  String browse(String current, String style) {
    return OptionalFile.choose(ui, current, style);
  }

  /** Progress in Fiji's status bar and task bar (with its cancel button), steps 0..steps. */
  CommandProgress progress(long steps) {
    return new CommandProgress(tasks, status, name, steps);
  }

  void info(String message) {
    log.info(name + ": " + message);
  }
}
