package sc.fiji.diffdrr.recon;

/**
 * How a long computation reports progress and learns it should stop: polled once per iteration.
 * The Fiji layer adapts it to StatusService and Task, the CLI to a console progress bar.
 */
public interface ProgressListener {

  /** After iteration {@code iteration} (1-based) of {@code iterations}, with its loss. */
  void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds);

  /** Polled before every iteration; true stops the loop, which returns the volume so far. */
  default boolean isCanceled() {
    return false;
  }

  /** Whether to hand out the volume after this iteration (0 = the initial volume). */
  default boolean wantsVolume(int iteration) {
    return false;
  }

  /** The volume after an iteration that {@link #wantsVolume} asked for (a copy, x fastest). */
  default void volume(int iteration, float[] voxels) {}

  /**
   * The listener of a stage that runs inside this computation before its own iterations (the FDK
   * start of gradient descent): cancelling this one cancels it too. By default it reports nothing.
   */
  default ProgressListener stage(String name) {
    ProgressListener outer = this;
    return new ProgressListener() {
      @Override
      public void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds) {}

      @Override
      public boolean isCanceled() {
        return outer.isCanceled();
      }
    };
  }

  /** Reports nothing, never cancels. */
  ProgressListener NONE = (iteration, iterations, loss, elapsedSeconds) -> {};
}
