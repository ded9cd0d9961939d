package sc.fiji.diffdrr.register;

/**
 * DiffDRR's normalized cross-correlation: z = (x − mean)/√(population variance + 10⁻⁵) per
 * window, score = Σ z₁·z₂ / n, averaged over the windows. Patch size 0 is one window, the whole
 * image (the registration tutorial's loss); patch size p uses every p×p window at stride 1 that
 * lies inside the image (torch unfold). Window sums come from summed-area tables, and the
 * gradient gathers each window's two coefficients back onto its pixels the same way: O(pixels)
 * for any p.
 *
 * <p>Per window: c = Σ(x − μx)(t − μt), σx = √(vx + ε), σt = √(vt + ε), score = c/(n σx σt),
 * ∂score/∂x_i = (t_i − μt)/(n σx σt) − c (x_i − μx)/(n² σx³ σt).
 */
public final class Ncc implements Similarity {

  public static final double EPS = 1e-5;

  private final int patch;

  public Ncc(int patchSize) {
    if (patchSize < 0) throw new IllegalArgumentException("patch size must be ≥ 0 (0 = global), got " + patchSize);
    this.patch = patchSize;
  }

  public int patchSize() {
    return patch;
  }

  @Override public boolean higherIsBetter() { return true; }

  @Override public String name() { return patch == 0 ? "ncc" : "ncc(" + patch + ")"; }

  @Override
  public double value(float[] x, float[] t, int w, int h, double[] gradient) {
    int n = w * h;
    if (patch == 0 || patch >= Math.min(w, h)) return global(x, t, n, gradient);
    return patches(x, t, w, h, gradient);
  }

  /** The global score (and, with gradient non-null, its gradient). */
  public static double global(float[] x, float[] t, int n, double[] gradient) {
    double sx = 0, sxx = 0, st = 0, stt = 0, sxt = 0;
    for (int i = 0; i < n; i++) {
      double a = x[i], b = t[i];
      sx += a; sxx += a * a; st += b; stt += b * b; sxt += a * b;
    }
    double mx = sx / n, mt = st / n;
    // the centred sums directly, for accuracy with large means
    double cxx = 0, ctt = 0, cxt = 0;
    for (int i = 0; i < n; i++) {
      double a = x[i] - mx, b = t[i] - mt;
      cxx += a * a; ctt += b * b; cxt += a * b;
    }
    double sdx = Math.sqrt(cxx / n + EPS), sdt = Math.sqrt(ctt / n + EPS);
    double score = cxt / (n * sdx * sdt);
    if (gradient != null) {
      double a1 = 1 / (n * sdx * sdt), a2 = cxt / ((double) n * n * sdx * sdx * sdx * sdt);
      for (int i = 0; i < n; i++) gradient[i] = a1 * (t[i] - mt) - a2 * (x[i] - mx);
    }
    return score;
  }

  private double patches(float[] x, float[] t, int w, int h, double[] gradient) {
    int p = patch;
    int ow = w - p + 1, oh = h - p + 1;
    double n = (double) p * p;
    // Values are shifted by their image means first: the window sums then cancel less.
    double mx0 = 0, mt0 = 0;
    for (int i = 0; i < w * h; i++) { mx0 += x[i]; mt0 += t[i]; }
    mx0 /= w * h;
    mt0 /= w * h;
    double[] xs = new double[w * h], ts = new double[w * h];
    for (int i = 0; i < w * h; i++) { xs[i] = x[i] - mx0; ts[i] = t[i] - mt0; }
    double[] ix = table(xs, null, w, h), it = table(ts, null, w, h);
    double[] ixx = table(xs, xs, w, h), itt = table(ts, ts, w, h), ixt = table(xs, ts, w, h);
    double total = 0;
    double[] ca = gradient == null ? null : new double[ow * oh]; // A_w
    double[] cam = gradient == null ? null : new double[ow * oh]; // A_w μt − B_w μx
    double[] cb = gradient == null ? null : new double[ow * oh]; // B_w
    for (int r = 0; r < oh; r++) {
      for (int c = 0; c < ow; c++) {
        double sx = box(ix, w, r, c, p), st = box(it, w, r, c, p);
        double mx = sx / n, mt = st / n;
        double vx = Math.max(0, box(ixx, w, r, c, p) / n - mx * mx);
        double vt = Math.max(0, box(itt, w, r, c, p) / n - mt * mt);
        double cov = box(ixt, w, r, c, p) - n * mx * mt;
        double sdx = Math.sqrt(vx + EPS), sdt = Math.sqrt(vt + EPS);
        total += cov / (n * sdx * sdt);
        if (gradient != null) {
          double a = 1 / (n * sdx * sdt), b = cov / (n * n * sdx * sdx * sdx * sdt);
          int k = r * ow + c;
          ca[k] = a;
          cb[k] = b;
          cam[k] = a * mt - b * mx;
        }
      }
    }
    double windows = (double) ow * oh;
    if (gradient != null) {
      // Σ over the windows holding pixel (i, j): windows with corner in [i−p+1, i] × [j−p+1, j].
      double[] sa = table(ca, null, ow, oh), sb = table(cb, null, ow, oh), sm = table(cam, null, ow, oh);
      for (int i = 0; i < h; i++) {
        int r0 = Math.max(0, i - p + 1), r1 = Math.min(oh - 1, i);
        for (int j = 0; j < w; j++) {
          int c0 = Math.max(0, j - p + 1), c1 = Math.min(ow - 1, j);
          double a = range(sa, ow, r0, r1, c0, c1), b = range(sb, ow, r0, r1, c0, c1);
          double m = range(sm, ow, r0, r1, c0, c1);
          int q = i * w + j;
          gradient[q] = (a * ts[q] - b * xs[q] - m) / windows;
        }
      }
    }
    return total / windows;
  }

  /** Summed-area table with a zero first row and column: (w+1)×(h+1). */
  private static double[] table(double[] a, double[] b, int w, int h) {
    double[] s = new double[(w + 1) * (h + 1)];
    for (int r = 0; r < h; r++) {
      double row = 0;
      for (int c = 0; c < w; c++) {
        double v = b == null ? a[r * w + c] : a[r * w + c] * b[r * w + c];
        row += v;
        s[(r + 1) * (w + 1) + c + 1] = s[r * (w + 1) + c + 1] + row;
      }
    }
    return s;
  }

  private static double box(double[] s, int w, int r, int c, int p) {
    return range(s, w, r, r + p - 1, c, c + p - 1);
  }

  /** Σ over rows r0..r1, columns c0..c1 (inclusive) of the table of a w-wide image. */
  private static double range(double[] s, int w, int r0, int r1, int c0, int c1) {
    if (r1 < r0 || c1 < c0) return 0;
    int W = w + 1;
    return s[(r1 + 1) * W + c1 + 1] - s[r0 * W + c1 + 1] - s[(r1 + 1) * W + c0] + s[r0 * W + c0];
  }
}
