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
      checkDeclaredInputs();
      execute();
    } catch (IllegalArgumentException | IOException e) {
      fail(e.getMessage());
    } catch (sc.fiji.diffdrr.recon.Divergence e) {
      // A run whose loss or update became NaN or ∞: one line, no NaN volume shown.
      fail(e.getMessage());
    }
  }

  /**
   * What every parameter declares for itself, checked before the command's own (more precise)
   * checks: numbers finite, a choice one of its words. The message names the parameter by its
   * macro key. (Ranges are the commands' and the core's to check: an annotation's min = "0" does
   * not say whether 0 itself is allowed.)
   */
  private void checkDeclaredInputs() {
    for (Class<?> c = getClass(); c != DiffDrrCommand.class && c != null; c = c.getSuperclass()) {
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        Parameter p = f.getAnnotation(Parameter.class);
        if (p == null || p.type() != org.scijava.ItemIO.INPUT) continue;
        Object v;
        try {
          f.setAccessible(true);
          v = f.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
          continue;
        }
        String key = f.getName();
        if (v instanceof Double || v instanceof Float || v instanceof Integer || v instanceof Long) {
          double d = ((Number) v).doubleValue();
          if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(key + " must be a finite number, got " + v);
          }
        } else if (v instanceof String && p.choices().length > 0) {
          boolean known = false;
          for (String w : p.choices()) known |= w.equalsIgnoreCase(((String) v).trim());
          if (!known) {
            String[] w = p.choices();
            String words = w.length > 5 ? "one of " + String.join(", ", w) : w.length == 1 ? w[0]
                : String.join(", ", java.util.Arrays.copyOf(w, w.length - 1)) + " or " + w[w.length - 1];
            throw new IllegalArgumentException(key + " must be " + words + ", got '" + v + "'");
          }
        }
      }
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
