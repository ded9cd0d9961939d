package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.volume.Volume;

/** What a reconstruction run produced: the volume and the history of the loss. */
public final class ReconstructionResult {

  public final Volume volume;
  /** Loss before each step, for iterations 1..iterationsDone. */
  public final double[] losses;
  public final int iterationsDone;
  /** True when the run was stopped early; the volume is the one reached so far. */
  public final boolean canceled;
  public final double seconds;
  public final String backend;

  public ReconstructionResult(Volume volume, double[] losses, int iterationsDone, boolean canceled,
      double seconds, String backend) {
    this.volume = volume;
    this.losses = losses;
    this.iterationsDone = iterationsDone;
    this.canceled = canceled;
    this.seconds = seconds;
    this.backend = backend;
  }

  public double firstLoss() {
    return losses.length == 0 ? Double.NaN : losses[0];
  }

  public double lastLoss() {
    return losses.length == 0 ? Double.NaN : losses[losses.length - 1];
  }
}
