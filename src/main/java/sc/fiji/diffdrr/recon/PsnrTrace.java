package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.volume.Volume;

/**
 * A progress listener in front of another that samples the volume about every {@code every}
 * iterations (and at the start) and records its PSNR against a reference with the time it was
 * reached: the data of a PSNR-against-time plot. The final volume is added by {@link #finish}.
 */
public final class PsnrTrace implements ProgressListener {

  private final ProgressListener inner;
  private final float[] reference;
  private final double range;
  private final int every;
  private final List<double[]> points = new ArrayList<>();
  private double lastSeconds;

  public PsnrTrace(ProgressListener inner, Volume reference, int iterations) {
    this.inner = inner;
    this.reference = reference.data();
    this.range = reference.max() - reference.min();
    this.every = Math.max(1, iterations / 40);
  }

  @Override
  public void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds) {
    lastSeconds = elapsedSeconds;
    inner.iterationDone(iteration, iterations, loss, elapsedSeconds);
  }

  @Override public boolean isCanceled() { return inner.isCanceled(); }

  @Override public ProgressListener stage(String name) { return inner.stage(name); }

  @Override
  public boolean wantsVolume(int iteration) {
    return iteration % every == 0 || inner.wantsVolume(iteration);
  }

  @Override
  public void volume(int iteration, float[] voxels) {
    if (iteration % every == 0) {
      points.add(new double[] {iteration == 0 ? 0 : lastSeconds, Metrics.psnr(reference, voxels, range)});
    }
    if (inner.wantsVolume(iteration)) inner.volume(iteration, voxels);
  }

  /** Adds the result's final volume at its time. */
  public void finish(ReconstructionResult result) {
    double psnr = Metrics.psnr(reference, result.volume.data(), range);
    if (points.isEmpty() || points.get(points.size() - 1)[0] < result.seconds) {
      points.add(new double[] {result.seconds, psnr});
    }
  }

  /** Seconds and PSNR (dB) of each sample, in order. */
  public double[][] points() {
    double[][] out = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      out[0][i] = points.get(i)[0];
      out[1][i] = points.get(i)[1];
    }
    return out;
  }
}
