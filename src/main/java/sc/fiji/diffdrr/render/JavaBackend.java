package sc.fiji.diffdrr.render;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The reference {@link Backend}: Java arrays, the Java projectors, plain loops split over the
 * cores. Element-wise work and reductions are cut into fixed chunks whose partial sums are added in
 * chunk order, so results do not depend on scheduling.
 */
public final class JavaBackend implements Backend {

  private static final int CHUNK = 1 << 16;

  private final Parallel parallel;
  private final int threads;
  /** Scratch for the TV terms, one per voxel, kept between calls. */
  private float[] tvTerms;

  public JavaBackend(int threads) {
    this.threads = threads;
    this.parallel = Parallel.threads(threads);
  }

  /** On every core. */
  public JavaBackend() {
    this(Parallel.defaultThreads().threadCount());
  }

  @Override
  public String description() {
    return "java (" + threads + (threads == 1 ? " thread)" : " threads)");
  }

  @Override
  public DeviceArray allocate(long length) {
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("array of " + length + " floats is larger than a Java array"
          + " can hold (" + (Integer.MAX_VALUE - 8) + ")");
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (length * 4 > free) {
      System.gc();
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
      if (length * 4 > free) {
        throw new IllegalArgumentException(String.format("not enough Java memory for %d floats "
            + "(%d MiB): %d MiB free of %d MiB; start Java with a larger -Xmx", length,
            length * 4 >> 20, free >> 20, rt.maxMemory() >> 20));
      }
    }
    return new JavaArray(new float[(int) length]);
  }

  @Override
  public DeviceArray upload(float[] host) {
    JavaArray a = (JavaArray) allocate(host.length);
    System.arraycopy(host, 0, a.data, 0, host.length);
    return a;
  }

  @Override
  public void download(DeviceArray source, float[] host) {
    float[] d = data(source);
    System.arraycopy(d, 0, host, 0, d.length);
  }

  /** The Java array behind a device array of this backend (no copy). */
  public static float[] data(DeviceArray a) {
    JavaArray j = (JavaArray) a;
    if (j.data == null) throw new IllegalStateException("array used after close()");
    return j.data;
  }

  @Override
  public ProjectionOperator projector(VolumeGrid grid, List<View> views,
      ProjectorSettings settings) {
    Projector p = Projectors.create(grid, settings, parallel);
    List<View> copy = new ArrayList<>(views);
    int pixels = checkSameSize(copy);
    return new ProjectionOperator() {
      @Override public VolumeGrid grid() { return grid; }
      @Override public List<View> views() { return copy; }
      @Override public int pixelsPerView() { return pixels; }

      @Override
      public void forward(DeviceArray volume, int[] viewIds, DeviceArray images) {
        float[] vol = data(volume), img = data(images);
        for (int k = 0; k < viewIds.length; k++) p.forward(vol, copy.get(viewIds[k]), img, k * pixels);
      }

      @Override
      public void adjoint(DeviceArray images, int[] viewIds, DeviceArray volume) {
        float[] vol = data(volume), img = data(images);
        for (int k = 0; k < viewIds.length; k++) p.adjoint(img, k * pixels, copy.get(viewIds[k]), vol);
      }

      @Override public void close() {}
    };
  }

  @Override
  public PoseRenderer poseRenderer(VolumeGrid grid, float[] volume, ProjectorSettings settings) {
    return new JavaPoseRenderer(grid, volume.clone(), settings, parallel);
  }

  static int checkSameSize(List<View> views) {
    if (views.isEmpty()) throw new IllegalArgumentException("at least one view is needed");
    View first = views.get(0);
    for (View v : views) {
      if (v.height != first.height || v.width != first.width) {
        throw new IllegalArgumentException("all views must have the same detector size, got "
            + first.width + "×" + first.height + " and " + v.width + "×" + v.height);
      }
    }
    return first.pixelCount();
  }

  @Override
  public void fill(DeviceArray a, float value) {
    float[] d = data(a);
    chunks(d.length, (lo, hi) -> java.util.Arrays.fill(d, lo, hi, value));
  }

  @Override
  public void scale(DeviceArray a, float factor) {
    float[] d = data(a);
    chunks(d.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) d[i] *= factor;
    });
  }

  @Override
  public double sum(DeviceArray a) {
    float[] d = data(a);
    return reduce(d.length, (lo, hi) -> {
      double s = 0;
      for (int i = lo; i < hi; i++) s += d[i];
      return s;
    });
  }

  @Override
  public double sumOfSquares(DeviceArray a) {
    float[] d = data(a);
    return reduce(d.length, (lo, hi) -> {
      double s = 0;
      for (int i = lo; i < hi; i++) s += (double) d[i] * d[i];
      return s;
    });
  }

  @Override
  public double dot(DeviceArray a, DeviceArray b) {
    float[] x = data(a), y = data(b);
    if (x.length != y.length) {
      throw new IllegalArgumentException("dot of arrays of " + x.length + " and " + y.length + " floats");
    }
    return reduce(x.length, (lo, hi) -> {
      double s = 0;
      for (int i = lo; i < hi; i++) s += (double) x[i] * y[i];
      return s;
    });
  }

  @Override
  public void imageLoss(ImageLoss loss, DeviceArray rendered, DeviceArray targets,
      DeviceArray weights, int[] viewIds, int pixelsPerView, DeviceArray gradient,
      DeviceArray lossOut) {
    if (loss == null) throw new IllegalArgumentException("loss must be mse, ncc or wls");
    float[] x = data(rendered), t = data(targets), g = data(gradient);
    float[] w = loss.weighted() ? weightsOf(weights, t.length) : null;
    int p = pixelsPerView, b = viewIds.length;
    double[] perView = new double[b];
    double meanScale = 2.0 / ((double) b * p);
    parallel.forEach(b, k -> {
      int xo = k * p, to = viewIds[k] * p;
      perView[k] = loss == ImageLoss.MSE ? mse(x, t, g, xo, to, p, meanScale)
          : loss == ImageLoss.WLS ? wls(x, t, w, g, xo, to, p, meanScale)
          : ncc(x, t, g, xo, to, p, -1.0 / b);
    });
    double total = 0;
    for (double v : perView) total += v;
    data(lossOut)[0] = (float) (loss == ImageLoss.NCC ? 1 - total / b : total / ((double) b * p));
  }

  private float[] weightsOf(DeviceArray weights, int targets) {
    if (weights == null) throw new IllegalArgumentException("the wls loss needs per-pixel weights");
    float[] w = data(weights);
    if (w.length != targets) {
      throw new IllegalArgumentException("weights hold " + w.length + " floats but the targets "
          + targets + "; give one weight per target pixel");
    }
    return w;
  }

  /** Σ w·(x − t)² over one view; g = gradScale·w·(x − t). */
  private static double wls(float[] x, float[] t, float[] w, float[] g, int xo, int to, int p,
      double gradScale) {
    double s = 0;
    for (int i = 0; i < p; i++) {
      double r = (double) x[xo + i] - t[to + i], wr = w[to + i] * r;
      s += wr * r;
      g[xo + i] = (float) (gradScale * wr);
    }
    return s;
  }

  /** Σ (x − t)² over one view; g = gradScale·(x − t). */
  private static double mse(float[] x, float[] t, float[] g, int xo, int to, int p,
      double gradScale) {
    double s = 0;
    for (int i = 0; i < p; i++) {
      double r = (double) x[xo + i] - t[to + i];
      s += r * r;
      g[xo + i] = (float) (gradScale * r);
    }
    return s;
  }

  /**
   * NCC of one view; g = gradScale·∂NCC/∂x. With ẑ the target's z-score, c = Σ x·ẑ and
   * s = √(var(x) + ε): NCC = c/(P·s), ∂NCC/∂x_i = ẑ_i/(P·s) − c·(x_i − μ)/(P²·s³).
   */
  private static double ncc(float[] x, float[] t, float[] g, int xo, int to, int p,
      double gradScale) {
    double sx = 0, sxx = 0, st = 0, stt = 0;
    for (int i = 0; i < p; i++) {
      double a = x[xo + i], b = t[to + i];
      sx += a; sxx += a * a; st += b; stt += b * b;
    }
    double mx = sx / p, mt = st / p;
    double vx = Math.max(0, sxx / p - mx * mx), vt = Math.max(0, stt / p - mt * mt);
    double sdx = Math.sqrt(vx + ImageLoss.NCC_EPS), sdt = Math.sqrt(vt + ImageLoss.NCC_EPS);
    double c = 0;
    for (int i = 0; i < p; i++) c += (x[xo + i] - mx) * ((t[to + i] - mt) / sdt);
    double a1 = gradScale / (p * sdx), a2 = gradScale * c / ((double) p * p * sdx * sdx * sdx);
    for (int i = 0; i < p; i++) {
      g[xo + i] = (float) (a1 * ((t[to + i] - mt) / sdt) - a2 * (x[xo + i] - mx));
    }
    return c / (p * sdx);
  }

  @Override
  public void adamStep(DeviceArray x, DeviceArray g, DeviceArray m, DeviceArray v, float lr,
      float beta1, float beta2, float eps, int step) {
    float[] xd = data(x), gd = data(g), md = data(m), vd = data(v);
    double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
    float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
    chunks(xd.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        float gi = gd[i];
        float mi = beta1 * md[i] + (1 - beta1) * gi;
        float vi = beta2 * vd[i] + (1 - beta2) * gi * gi;
        md[i] = mi;
        vd[i] = vi;
        xd[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
      }
    });
  }

  @Override
  public void sgdStep(DeviceArray x, DeviceArray g, DeviceArray momentumBuffer, float lr,
      float momentum, int step) {
    float[] xd = data(x), gd = data(g), bd = data(momentumBuffer);
    chunks(xd.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        float b = momentum == 0 ? gd[i] : step <= 1 ? gd[i] : momentum * bd[i] + gd[i];
        bd[i] = b;
        xd[i] -= lr * b;
      }
    });
  }

  @Override
  public void clamp(DeviceArray x, float min, float max) {
    float[] d = data(x);
    chunks(d.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) d[i] = Math.min(Math.max(d[i], min), max);
    });
  }

  @Override
  public void axpy(float a, DeviceArray x, DeviceArray y) {
    float[] xd = data(x), yd = data(y);
    sameLength(xd, yd);
    chunks(yd.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) yd[i] += a * xd[i];
    });
  }

  @Override
  public void multiply(DeviceArray x, DeviceArray y) {
    float[] xd = data(x), yd = data(y);
    sameLength(xd, yd);
    chunks(yd.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) yd[i] *= xd[i];
    });
  }

  @Override
  public void reciprocal(DeviceArray x, float eps) {
    float[] d = data(x);
    chunks(d.length, (lo, hi) -> {
      for (int i = lo; i < hi; i++) d[i] = d[i] > eps ? 1f / d[i] : 0f;
    });
  }

  @Override
  public void fdkBackproject(DeviceArray images, int views, int height, int width,
      float[] matrices, VolumeGrid grid, DeviceArray volume) {
    FdkBackprojector.check(data(images).length, views, height, width, matrices, grid,
        data(volume).length);
    FdkBackprojector.run(data(images), views, height, width, matrices, grid, data(volume), parallel);
  }

  private static void sameLength(float[] x, float[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("element-wise operation on arrays of " + x.length
          + " and " + y.length + " floats");
    }
  }

  @Override
  public void addTvGradient(DeviceArray x, VolumeGrid grid, float weight, float eps,
      DeviceArray gradient, DeviceArray tvOut) {
    float[] v = data(x), g = data(gradient);
    int nx = grid.nx, ny = grid.ny, nz = grid.nz, slice = nx * ny;
    long n = grid.voxelCount();
    double e2 = (double) eps * eps;
    if (tvTerms == null || tvTerms.length != v.length) tvTerms = new float[v.length];
    float[] t = tvTerms;
    double[] perSlice = new double[nz];
    // Pass 1: each voxel's term √(|∇x|² + ε²), once.
    parallel.forEach(nz, z -> {
      double s = 0;
      for (int y = 0; y < ny; y++) {
        for (int xi = 0, u = nx * (y + ny * z); xi < nx; xi++, u++) {
          double c = v[u];
          double dx = xi + 1 < nx ? v[u + 1] - c : 0;
          double dy = y + 1 < ny ? v[u + nx] - c : 0;
          double dz = z + 1 < nz ? v[u + slice] - c : 0;
          double term = Math.sqrt(dx * dx + dy * dy + dz * dz + e2);
          t[u] = (float) term;
          s += term;
        }
      }
      perSlice[z] = s;
    });
    // Pass 2: voxel u's gradient gathers its own term and those of its three lower neighbours,
    // so each slice writes only its own voxels.
    double w = weight / (double) n;
    parallel.forEach(nz, z -> {
      for (int y = 0; y < ny; y++) {
        for (int xi = 0, u = nx * (y + ny * z); xi < nx; xi++, u++) {
          double c = v[u];
          double dx = xi + 1 < nx ? v[u + 1] - c : 0;
          double dy = y + 1 < ny ? v[u + nx] - c : 0;
          double dz = z + 1 < nz ? v[u + slice] - c : 0;
          double grad = -(dx + dy + dz) / t[u];
          if (xi > 0) grad += (c - v[u - 1]) / t[u - 1];
          if (y > 0) grad += (c - v[u - nx]) / t[u - nx];
          if (z > 0) grad += (c - v[u - slice]) / t[u - slice];
          g[u] += (float) (w * grad);
        }
      }
    });
    double total = 0;
    for (double s : perSlice) total += s;
    data(tvOut)[0] = (float) (total / n);
  }

  @Override
  public void close() {
    tvTerms = null;
  }

  private interface Range {
    void run(int lo, int hi);
  }

  private interface RangeSum {
    double run(int lo, int hi);
  }

  private void chunks(int n, Range r) {
    int count = (n + CHUNK - 1) / CHUNK;
    parallel.forEach(count, c -> r.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }

  private double reduce(int n, RangeSum r) {
    int count = (n + CHUNK - 1) / CHUNK;
    double[] partial = new double[count];
    parallel.forEach(count, c -> partial[c] = r.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    double s = 0;
    for (double p : partial) s += p;
    return s;
  }

  /** A Java array as a device array. */
  private static final class JavaArray implements DeviceArray {
    private float[] data;
    private final long length;

    JavaArray(float[] data) {
      this.data = data;
      this.length = data.length;
    }

    @Override public long length() { return length; }

    @Override public void close() { data = null; }
  }
}
