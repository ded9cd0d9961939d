package sc.fiji.diffdrr.recon;

import java.util.List;

import sc.fiji.diffdrr.geometry.CircularOrbit;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.Parallel;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Feldkamp–Davis–Kress reconstruction for circular cone-beam orbits (Kak and Slaney §3.6 in the
 * detector's own coordinates): each projection is cosine-weighted (SDD/√(SDD² + u² + v²) about
 * the principal point), weighted by ½ for a full scan or by Parker's weights for a short scan and
 * by its share Δβ of the arc, ramp-filtered along rows ({@link RampFilter}, the ramp defined at
 * the pixel pitch scaled to the axis), then backprojected voxel by voxel with FDK's distance weight
 * 1/U² ({@link Backend#fdkBackproject}). Line integrals of μ (1/mm · mm) give μ in 1/mm.
 *
 * <p>The filtering runs on the host (Java threads, an FFT per pair of rows); the backprojection,
 * almost all of the work, on the backend.
 */
public final class Fdk {

  /** Views per backprojection call: progress and cancel between calls. */
  static final int VIEWS_PER_CALL = 16;

  private final Backend backend;

  public Fdk(Backend backend) {
    this.backend = backend;
  }

  /** The weighted, filtered projections and their matrices, ready to backproject. */
  public static final class Prepared {
    public final CircularOrbit orbit;
    public final float[] filtered;
    public final float[] matrices;
    public final int views, height, width;

    Prepared(CircularOrbit orbit, float[] filtered, float[] matrices, int views, int height,
        int width) {
      this.orbit = orbit;
      this.filtered = filtered;
      this.matrices = matrices;
      this.views = views;
      this.height = height;
      this.width = width;
    }
  }

  /** What {@link #run} holds at its peak (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem) {
    long p = problem.pixelsPerView(), voxels = problem.grid.voxelCount();
    long chunk = Math.min(VIEWS_PER_CALL, problem.views.size()) * p;
    return new MemoryPlan().host("filtered projections", problem.views.size() * p)
        .host("volume", voxels).backend("backprojected volume", voxels)
        .host("projection batch", chunk).backend("projection batch", chunk);
  }

  public ReconstructionResult run(ReconstructionProblem problem, FdkFilter filter, double cutoff,
      ProgressListener progress) {
    long start = System.nanoTime();
    Prepared prepared = prepare(problem, filter, cutoff, Parallel.defaultThreads());
    float[] volume = new float[problem.grid.voxelCount()];
    boolean canceled = !backproject(prepared, problem.grid, volume, progress, start);
    double seconds = (System.nanoTime() - start) / 1e9;
    for (int i = 0; i < volume.length; i++) {
      if (!Float.isFinite(volume[i])) {
        throw new Divergence("FDK produced a non-finite voxel (" + volume[i] + " at index " + i
            + "); likely cause: projection values too large for single precision after the ramp "
            + "filter; rescale the projections (e.g. to mm × density)", volume[i]);
      }
    }
    return new ReconstructionResult(new Volume(problem.grid, volume), new double[0],
        canceled ? 0 : 1, canceled, seconds, backend.description());
  }

  /**
   * Weights and filters the projections (checks the orbit first).
   *
   * @throws CircularOrbit.NotCircularException when the views are no circular orbit
   */
  public static Prepared prepare(ReconstructionProblem problem, FdkFilter filter, double cutoff,
      Parallel parallel) {
    CircularOrbit orbit = CircularOrbit.analyse(problem.views);
    int n = problem.views.size(), h = orbit.height, w = orbit.width, p = h * w;
    RampFilter ramp = new RampFilter(w, orbit.du * orbit.sad / orbit.sdd, filter, cutoff);
    float[] out = new float[n * p];
    float[] targets = problem.targets;
    double sdd2 = orbit.sdd * orbit.sdd;
    parallel.forEach(n, k -> {
      double[] parker = new double[w];
      for (int j = 0; j < w; j++) {
        parker[j] = orbit.parkerWeight(orbit.beta[k], orbit.fanAngle[k][j]) * orbit.deltaBeta[k];
      }
      for (int i = 0; i < h; i++) {
        double vc = (i - orbit.principalRow[k]) * orbit.dv;
        for (int j = 0; j < w; j++) {
          double uc = (j - orbit.principalColumn[k]) * orbit.du;
          double cos = orbit.sdd / Math.sqrt(sdd2 + uc * uc + vc * vc);
          int at = k * p + i * w + j;
          out[at] = (float) (targets[at] * cos * parker[j]);
        }
      }
      ramp.apply(out, k * p, h);
    });
    float[] matrices = new float[12 * n];
    for (int k = 0; k < n; k++) {
      System.arraycopy(matrix(problem.views.get(k), orbit, problem.grid), 0, matrices, 12 * k, 12);
    }
    return new Prepared(orbit, out, matrices, n, h, w);
  }

  /**
   * Backprojects the prepared projections into {@code volume} (accumulating), a few views per call.
   *
   * @return false when canceled
   */
  public boolean backproject(Prepared prepared, VolumeGrid grid, float[] volume,
      ProgressListener progress, long startNanos) {
    int n = prepared.views, p = prepared.height * prepared.width;
    int calls = (n + VIEWS_PER_CALL - 1) / VIEWS_PER_CALL;
    boolean canceled = false;
    try (DeviceArray vol = backend.upload(volume)) {
      for (int c = 0; c < calls; c++) {
        if (progress.isCanceled()) {
          canceled = true; // the views so far are kept, as the iterative loops keep theirs
          break;
        }
        int from = c * VIEWS_PER_CALL, count = Math.min(VIEWS_PER_CALL, n - from);
        float[] chunk = new float[count * p];
        System.arraycopy(prepared.filtered, from * p, chunk, 0, count * p);
        float[] m = new float[12 * count];
        System.arraycopy(prepared.matrices, 12 * from, m, 0, 12 * count);
        try (DeviceArray images = backend.upload(chunk)) {
          backend.fdkBackproject(images, count, prepared.height, prepared.width, m, grid, vol);
        }
        progress.iterationDone(c + 1, calls, Double.NaN, (System.nanoTime() - startNanos) / 1e9);
      }
      backend.download(vol, volume);
    }
    return !canceled;
  }

  /**
   * The 3×4 matrix taking voxel indices (i, j, k, 1) to (a, b, w): column a/w, row b/w, and w the
   * voxel's depth from the source (along the detector normal) over SAD, FDK's U.
   */
  static float[] matrix(View view, CircularOrbit orbit, VolumeGrid grid) {
    double[] a = view.toArray();
    double[] s = {a[0], a[1], a[2]};
    // Columns u, v, O − S: pixel (row i, column j) − S = M·(j, i, 1).
    double[][] m = {
      {a[6], a[9], a[3] - s[0]},
      {a[7], a[10], a[4] - s[1]},
      {a[8], a[11], a[5] - s[2]}};
    double[][] q = inverse(m);
    double f = orbit.sdd / orbit.sad;
    double[] origin = {grid.voxelCentre(0, 0), grid.voxelCentre(1, 0), grid.voxelCentre(2, 0)};
    double[] spacing = {grid.sx, grid.sy, grid.sz};
    float[] out = new float[12];
    for (int r = 0; r < 3; r++) {
      double t = 0;
      for (int c = 0; c < 3; c++) {
        out[4 * r + c] = (float) (f * q[r][c] * spacing[c]);
        t += q[r][c] * (origin[c] - s[c]);
      }
      out[4 * r + 3] = (float) (f * t);
    }
    return out;
  }

  private static double[][] inverse(double[][] m) {
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
        r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
      }
    }
    return r;
  }

  /** All view ids of a problem. */
  static int[] all(List<View> views) {
    int[] ids = new int[views.size()];
    for (int i = 0; i < ids.length; i++) ids[i] = i;
    return ids;
  }
}
