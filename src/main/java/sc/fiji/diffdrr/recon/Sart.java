package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.volume.Volume;

/**
 * SIRT and OS-SART with the matched pair A, Aᵀ: for each subset S of the views in turn,
 * x ← x + λ·C_S·A_Sᵀ·R_S·(y_S − A_S·x), with R_S = 1/(A_S·1) the inverse ray lengths and
 * C_S = 1/(A_Sᵀ·1) the inverse column sums (zero where a ray or a voxel sees nothing), then
 * optionally x ← max(x, 0). One subset is SIRT (Landweber with both normalisations). Subset s holds
 * views s, s + K, s + 2K, … (spread over the orbit). Stops after the iterations or when the relative
 * residual ‖y − A·x‖/‖y‖ (summed over the subsets of an iteration) falls below the tolerance.
 */
public final class Sart {

  private final Backend backend;

  public Sart(Backend backend) {
    this.backend = backend;
  }

  /** What {@link #run} holds at its peak with k subsets (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem, int k) {
    int n = problem.views.size();
    long p = problem.pixelsPerView(), all = n * p, voxels = problem.grid.voxelCount();
    long largest = (n + k - 1) / k * p;
    return new MemoryPlan().backend("volume", voxels).backend("update", voxels)
        .backend("targets", all).backend("row weights", all)
        .backend(k + " column weight volume" + (k == 1 ? "" : "s"), k, voxels)
        .backend("residual", largest).host("subset copy", largest).host("result", voxels);
  }

  public ReconstructionResult run(ReconstructionProblem problem, IterativeSettings s,
      ProgressListener progress) {
    long start = System.nanoTime();
    int n = problem.views.size(), p = problem.pixelsPerView(), voxels = problem.grid.voxelCount();
    int k = s.subsets();
    if (k > n) {
      throw new IllegalArgumentException("--subsets must be in [1, " + n + "] (the number of views), got " + k);
    }
    int[][] subsets = subsets(n, k);
    List<DeviceArray> arrays = new ArrayList<>();
    DivergenceGuard guard = null;
    try (ProjectionOperator op = backend.projector(problem.grid, problem.views, problem.projector)) {
      DeviceArray x = keep(arrays, backend.allocate(voxels));
      DeviceArray g = keep(arrays, backend.allocate(voxels));
      DeviceArray[] y = new DeviceArray[k], rowWeights = new DeviceArray[k], colWeights = new DeviceArray[k];
      double targetNorm2 = 0;
      for (int i = 0; i < k; i++) {
        int m = subsets[i].length;
        float[] ys = new float[m * p];
        for (int j = 0; j < m; j++) System.arraycopy(problem.targets, subsets[i][j] * p, ys, j * p, p);
        y[i] = keep(arrays, backend.upload(ys));
        targetNorm2 += backend.sumOfSquares(y[i]);
        DeviceArray ones = keep(arrays, backend.allocate(voxels));
        backend.fill(ones, 1);
        rowWeights[i] = keep(arrays, backend.allocate((long) m * p));
        op.forward(ones, subsets[i], rowWeights[i]);
        backend.reciprocal(rowWeights[i], 1e-6f);
        ones.close();
        arrays.remove(ones);
        DeviceArray onesImages = keep(arrays, backend.allocate((long) m * p));
        backend.fill(onesImages, 1);
        colWeights[i] = keep(arrays, backend.allocate(voxels));
        op.adjoint(onesImages, subsets[i], colWeights[i]);
        backend.reciprocal(colWeights[i], 1e-6f);
        onesImages.close();
        arrays.remove(onesImages);
      }
      DeviceArray r = keep(arrays, backend.allocate((long) subsets[0].length * p));
      double norm = Math.sqrt(targetNorm2);
      double[] history = new double[s.iterations()];
      int done = 0;
      boolean canceled = false;
      if (progress.wantsVolume(0)) progress.volume(0, download(x, voxels));
      guard = new DivergenceGuard(backend, problem.grid, k == 1 ? "SIRT" : "OS-SART",
          s.keepLastFinite());
      guard.finite(x, 0);
      for (int it = 1; it <= s.iterations(); it++) {
        if (progress.isCanceled()) {
          canceled = true;
          break;
        }
        double r2 = 0;
        for (int i = 0; i < k; i++) {
          int m = subsets[i].length;
          DeviceArray ri = m == subsets[0].length ? r : keep(arrays, backend.allocate((long) m * p));
          op.forward(x, subsets[i], ri);
          backend.scale(ri, -1);
          backend.axpy(1, y[i], ri);
          r2 += backend.sumOfSquares(ri);
          backend.multiply(rowWeights[i], ri);
          backend.fill(g, 0);
          op.adjoint(ri, subsets[i], g);
          backend.multiply(colWeights[i], g);
          backend.axpy((float) s.relaxation(), g, x);
          if (s.nonNegative()) backend.clamp(x, 0, Float.MAX_VALUE);
          if (ri != r) {
            ri.close();
            arrays.remove(ri);
          }
        }
        double rel = norm > 0 ? Math.sqrt(r2) / norm : 0;
        guard.checkLoss(rel, it, s.iterations(), REMEDY);
        guard.checkVolume(x, it, s.iterations(), REMEDY);
        guard.finite(x, it);
        history[it - 1] = rel;
        done = it;
        progress.iterationDone(it, s.iterations(), rel, seconds(start));
        if (progress.wantsVolume(it)) progress.volume(it, download(x, voxels));
        if (rel < s.tolerance()) break;
      }
      return new ReconstructionResult(new Volume(problem.grid, download(x, voxels)),
          Arrays.copyOf(history, done), done, canceled, seconds(start), backend.description());
    } finally {
      if (guard != null) guard.close();
      for (DeviceArray a : arrays) a.close();
    }
  }

  private static final String REMEDY = "likely cause: projection values too large for single "
      + "precision (rescale them, e.g. to mm × density or with --normalize minmax), or a "
      + "relaxation too close to 2; give a smaller --relaxation (relaxation in Fiji), e.g. 0.5";

  /** Subset s: views s, s + k, s + 2k, … */
  static int[][] subsets(int n, int k) {
    int[][] out = new int[k][];
    for (int s = 0; s < k; s++) {
      int m = (n - s + k - 1) / k;
      out[s] = new int[m];
      for (int j = 0; j < m; j++) out[s][j] = s + j * k;
    }
    return out;
  }

  private float[] download(DeviceArray a, int length) {
    float[] host = new float[length];
    backend.download(a, host);
    return host;
  }

  private static DeviceArray keep(List<DeviceArray> arrays, DeviceArray a) {
    arrays.add(a);
    return a;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
