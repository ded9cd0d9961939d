package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Stops an iterative reconstruction at the first NaN or ∞: the loss (or residual) of every
 * iteration and the sum of the volume after every update (NaN or ∞ in any voxel makes it so; the
 * backends sum in double, so finite floats cannot overflow it). One reduction per iteration; with
 * {@code keepLastFinite} also one copy of the volume, so the last finite iterate can be handed out.
 */
final class DivergenceGuard implements AutoCloseable {

  private final Backend backend;
  private final VolumeGrid grid;
  private final String algorithm;
  private final DeviceArray backup;
  private int backupIteration = -1;

  DivergenceGuard(Backend backend, VolumeGrid grid, String algorithm, boolean keepLastFinite) {
    this.backend = backend;
    this.grid = grid;
    this.algorithm = algorithm;
    this.backup = keepLastFinite ? backend.allocate(grid.voxelCount()) : null;
  }

  /**
   * Iterate {@code iteration} (0: the start) is finite (its voxels were checked and its loss is
   * finite): keep a copy when asked to.
   */
  void finite(DeviceArray x, int iteration) {
    if (backup == null) return;
    backend.copy(x, backup);
    backupIteration = iteration;
  }

  /** The loss (or residual) of an iteration. */
  void checkLoss(double loss, int iteration, int iterations, String remedy) {
    if (!Double.isFinite(loss)) throw diverged(iteration, iterations, "the loss", loss, remedy);
  }

  /** The volume after an update. */
  void checkVolume(DeviceArray x, int iteration, int iterations, String remedy) {
    double s = backend.sum(x);
    if (!Double.isFinite(s)) {
      throw diverged(iteration, iterations, "the update (the sum of the voxels)", s, remedy);
    }
  }

  private Divergence diverged(int iteration, int iterations, String what, double value,
      String remedy) {
    Volume last = null;
    if (backup != null && backupIteration >= 0) {
      float[] host = new float[grid.voxelCount()];
      backend.download(backup, host);
      last = new Volume(grid, host);
    }
    return new Divergence(algorithm, iteration, iterations, what, value, remedy, last,
        backupIteration);
  }

  @Override
  public void close() {
    if (backup != null) backup.close();
  }
}
