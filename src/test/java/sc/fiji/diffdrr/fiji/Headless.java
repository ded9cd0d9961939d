package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.script.ScriptService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;
import org.scijava.task.event.TaskEvent;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/** Running DiffDRR's commands headless, as Fiji would, on small inputs. */
final class Headless {

  private Headless() {}

  /**
   * The services the commands, the macro bridge and the scripts need, and the UI service: without
   * it scijava-common's FilePreprocessor and input harvesters do nothing, so a run with
   * preprocessing would not meet them as in Fiji. Its UI here is scijava-common's HeadlessUI (no
   * other is on the class path), as in headless Fiji: a file chooser answers null.
   */
  static Context context() {
    return new Context(CommandService.class, TaskService.class, StatusService.class,
        LogService.class, ConvertService.class, EventService.class, ScriptService.class,
        UIService.class);
  }

  /** Runs a command without pre/postprocessing (no dialogs, no saved preferences). */
  static CommandModule run(Context ctx, Class<? extends Command> command, Object... inputs) {
    try {
      CommandModule m = ctx.service(CommandService.class).run(command, false, inputs).get();
      assertNotNull(m);
      return m;
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("the command threw instead of reporting: " + e, e);
    }
  }

  /**
   * Runs a command as a script's {@code CommandService.run(command, true, inputs)} does: through
   * every preprocessor of the context (scijava-common's, discovered as in Fiji) and postprocessor.
   */
  static CommandModule runProcessed(Context ctx, Class<? extends Command> command,
      java.util.Map<String, Object> inputs) {
    try {
      CommandModule m = ctx.service(CommandService.class).run(command, true, inputs).get();
      assertNotNull(m);
      return m;
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("the command threw instead of reporting: " + e, e);
    }
  }

  /** Runs a command that must succeed. */
  static CommandModule succeed(Context ctx, Class<? extends Command> command, Object... inputs) {
    CommandModule m = run(ctx, command, inputs);
    assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
    return m;
  }

  /** Runs a command that must refuse its input with a message containing each of the words. */
  static CommandModule refuse(Context ctx, Class<? extends Command> command, List<String> words,
      Object... inputs) {
    CommandModule m = run(ctx, command, inputs);
    assertTrue(m.isCanceled(), "expected the command to refuse its input");
    String reason = m.getCancelReason();
    assertNotNull(reason);
    for (String w : words) {
      assertTrue(reason.contains(w), () -> "message '" + reason + "' should mention '" + w + "'");
    }
    assertFalse(reason.contains("\n"), "one line");
    for (String name : m.getOutputs().keySet()) {
      if (m.getInfo().getOutput(name).getType() == ImagePlus.class) {
        assertTrue(m.getOutput(name) == null, "no output '" + name + "' after an error");
      }
    }
    return m;
  }

  /** The Shepp–Logan phantom as a calibrated 32-bit stack. */
  static ImagePlus phantom(int n, double spacing) {
    return ImagePlusVolumes.toImagePlus(SheppLogan.create(n, spacing), "phantom");
  }

  /** DRRs of a volume with the core API (the reference the commands are compared with). */
  static float[] render(Volume v, Detector d, List<Pose> poses) {
    View[] views = new View[poses.size()];
    for (int i = 0; i < views.length; i++) views[i] = d.view(poses.get(i), Orientation.AP);
    return DrrRenderer.render(new JavaBackend(1), v, List.of(views), ProjectorSettings.siddon());
  }

  /** The projections of a volume as a calibrated stack. */
  static ImagePlus projections(Volume v, Detector d, List<Pose> poses, String title) {
    return ImagePlusProjections.toImagePlus(new ProjectionStack(render(v, d, poses), d.width,
        d.height, poses.size(), d.delx, d.dely), title);
  }

  /** Cancels a task, as Fiji's task-bar button does, once it reports {@code atStep}. */
  static final class CancelAt {
    private final String taskName;
    private final long atStep;
    volatile long canceledAt = -1;

    CancelAt(String taskName, long atStep) {
      this.taskName = taskName;
      this.atStep = atStep;
    }

    @EventHandler
    public void onEvent(TaskEvent e) {
      Task t = e.getTask();
      if (taskName.equals(t.getName()) && t.getProgressValue() >= atStep && !t.isCanceled()) {
        canceledAt = t.getProgressValue();
        t.cancel("cancelled by the test");
      }
    }
  }

  /** Asserts |a − b| ≤ tol·max|b| element-wise. */
  static void assertClose(float[] expected, float[] actual, double tol) {
    if (expected.length != actual.length) {
      throw new AssertionError("lengths " + expected.length + " and " + actual.length);
    }
    double scale = 0;
    for (float v : expected) scale = Math.max(scale, Math.abs(v));
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tol * scale) {
        throw new AssertionError("at " + i + ": expected " + expected[i] + ", got " + actual[i]
            + " (tolerance " + tol * scale + ")");
      }
    }
  }
}
