package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.volume.Volume;

/**
 * CGLS: conjugate gradients on the normal equations AᵀA·x = Aᵀy with the matched pair, from x = 0
 * (Björck's form: r = y − A·x, s = Aᵀr, p ← s + β·p). The residual ‖y − A·x‖ falls monotonically in
 * exact arithmetic; stops after the iterations or when the relative residual ‖r‖/‖y‖ falls below
 * the tolerance, or when the gradient vanishes.
 */
public final class Cgls {

  private final Backend backend;

  public Cgls(Backend backend) {
    this.backend = backend;
  }

  /** What {@link #run} holds at its peak (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem) {
    long all = (long) problem.views.size() * problem.pixelsPerView();
    long voxels = problem.grid.voxelCount();
    return new MemoryPlan().backend("volume", voxels).backend("residual", all)
        .backend("projected direction", all).backend("2 CGLS vectors", 2, voxels)
        .host("result", voxels);
  }

  public ReconstructionResult run(ReconstructionProblem problem, IterativeSettings s,
      ProgressListener progress) {
    long start = System.nanoTime();
    int n = problem.views.size(), voxels = problem.grid.voxelCount();
    int[] all = DrrRenderer.allViews(n);
    List<DeviceArray> arrays = new ArrayList<>();
    DivergenceGuard guard = null;
    try (ProjectionOperator op = backend.projector(problem.grid, problem.views, problem.projector)) {
      DeviceArray x = keep(arrays, backend.allocate(voxels));
      DeviceArray r = keep(arrays, backend.upload(problem.targets));
      DeviceArray q = keep(arrays, backend.allocate(r.length()));
      DeviceArray sv = keep(arrays, backend.allocate(voxels));
      DeviceArray pv = keep(arrays, backend.allocate(voxels));
      double norm = Math.sqrt(backend.sumOfSquares(r));
      op.adjoint(r, all, sv);
      backend.copy(sv, pv);
      double gamma = backend.sumOfSquares(sv);
      double[] history = new double[s.iterations()];
      int done = 0;
      boolean canceled = false;
      if (progress.wantsVolume(0)) progress.volume(0, download(x, voxels));
      guard = new DivergenceGuard(backend, problem.grid, "CGLS", s.keepLastFinite());
      guard.checkLoss(gamma, 0, s.iterations(), REMEDY);
      guard.finite(x, 0);
      for (int it = 1; it <= s.iterations() && gamma > 0; it++) {
        if (progress.isCanceled()) {
          canceled = true;
          break;
        }
        op.forward(pv, all, q);
        double qq = backend.sumOfSquares(q);
        guard.checkLoss(qq, it, s.iterations(), REMEDY);
        if (!(qq > 0)) break;
        float alpha = (float) (gamma / qq);
        backend.axpy(alpha, pv, x);
        backend.axpy(-alpha, q, r);
        backend.fill(sv, 0);
        op.adjoint(r, all, sv);
        double next = backend.sumOfSquares(sv);
        guard.checkLoss(next, it, s.iterations(), REMEDY); // a NaN γ would end the loop silently
        backend.scale(pv, (float) (next / gamma));
        backend.axpy(1, sv, pv);
        gamma = next;
        double rel = norm > 0 ? Math.sqrt(backend.sumOfSquares(r)) / norm : 0;
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
      + "precision (rescale them, e.g. to mm × density), or many iterations past convergence; "
      + "give fewer --iterations (iterations in Fiji) or a --tolerance";

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
