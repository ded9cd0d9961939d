package sc.fiji.diffdrr.fiji;

import java.util.Locale;

import org.scijava.app.StatusService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import ij.IJ;
import sc.fiji.diffdrr.recon.ProgressListener;

/**
 * The core's progress interface shown in Fiji: a {@link Task} (the task bar, whose cancel button
 * cancels the task) and the status bar. Cancelling — the task's button or Esc — is polled by the
 * loops between iterations or views.
 */
final class CommandProgress implements ProgressListener, AutoCloseable {

  private final Task task;
  private final StatusService status;
  private final String name;
  private final long steps;

  CommandProgress(TaskService tasks, StatusService status, String name, long steps) {
    this.status = status;
    this.name = name;
    this.steps = steps;
    // An Esc pressed before this run started is not meant for it.
    IJ.resetEscape();
    task = tasks.createTask(name);
    task.setProgressMaximum(steps);
    task.start();
  }

  /** Reports that {@code done} of the steps are finished. */
  void step(long done, String message) {
    task.setProgressValue(done);
    task.setStatusMessage(message);
    status.showStatus((int) Math.min(done, Integer.MAX_VALUE), (int) Math.min(steps, Integer.MAX_VALUE),
        name + ": " + message);
  }

  @Override
  public void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds) {
    step(iteration, String.format(Locale.ROOT, "iteration %d/%d, loss %.4g", iteration, iterations,
        loss));
  }

  @Override
  public boolean isCanceled() {
    return task.isCanceled() || IJ.escapePressed();
  }

  /** The stage's steps in the status bar (the task's bar keeps counting this one's). */
  @Override
  public ProgressListener stage(String stage) {
    return new ProgressListener() {
      @Override
      public void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds) {
        String message = stage + " " + iteration + "/" + iterations;
        task.setStatusMessage(message);
        status.showStatus(iteration, iterations, name + ": " + message);
      }

      @Override
      public boolean isCanceled() {
        return CommandProgress.this.isCanceled();
      }
    };
  }

  @Override
  public void close() {
    task.finish();
    status.clearStatus();
  }
}
