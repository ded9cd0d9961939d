package sc.fiji.diffdrr.geometry;

/**
 * One projection in world coordinates (mm): where the rays come from and the detector's pixel
 * lattice. Pixel (row i, column j) has its centre at origin + j·u + i·v (u one column right, v one
 * row down). Cone beam: the ray of a pixel runs from the source point to that centre (ASTRA's
 * "cone_vec" in DiffDRR's conventions). Parallel beam: every ray has the same direction and is the
 * whole line through its pixel centre (ASTRA's "parallel3d_vec"). This is all a projector needs.
 */
public final class View {

  /** Cone beam: the source; parallel beam: null. */
  private final double[] source;
  /** Parallel beam: the unit ray direction (towards the detector); cone beam: null. */
  private final double[] direction;
  private final double[] origin;
  private final double[] u;
  private final double[] v;
  public final int height;
  public final int width;

  /** A cone-beam view. */
  public View(double[] source, double[] origin, double[] u, double[] v, int height, int width) {
    this(finite("source", source).clone(), null, origin, u, v, height, width);
  }

  private View(double[] source, double[] direction, double[] origin, double[] u, double[] v,
      int height, int width) {
    this.source = source;
    this.direction = direction;
    this.origin = finite("pixel (0,0) centre", origin).clone();
    this.u = finite("column step", u).clone();
    this.v = finite("row step", v).clone();
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("a view needs at least 1×1 pixels, got " + height + "×"
          + width);
    }
    this.height = height;
    this.width = width;
  }

  /** A parallel-beam view: rays along {@code direction} (any length > 0) through every pixel. */
  public static View parallel(double[] direction, double[] origin, double[] u, double[] v,
      int height, int width) {
    double[] d = finite("ray direction", direction);
    double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (!(n > 0)) throw new IllegalArgumentException("the ray direction of a parallel view is zero");
    return new View(null, new double[] {d[0] / n, d[1] / n, d[2] / n}, origin, u, v, height, width);
  }

  private static double[] finite(String what, double[] a) {
    if (a == null || a.length != 3) {
      throw new IllegalArgumentException("a view's " + what + " must be 3 numbers");
    }
    for (double x : a) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("a view's " + what + " must be finite, got "
            + java.util.Arrays.toString(a));
      }
    }
    return a;
  }

  public boolean isParallel() {
    return direction != null;
  }

  /** The source point of a cone-beam view. */
  public double[] source() {
    if (source == null) throw new IllegalStateException("a parallel-beam view has no source point");
    return source.clone();
  }

  /** The unit ray direction of a parallel-beam view. */
  public double[] direction() {
    if (direction == null) throw new IllegalStateException("a cone-beam view has no single ray direction");
    return direction.clone();
  }

  /** Centre of pixel (0, 0). */
  public double[] origin() {
    return origin.clone();
  }

  /** One column right. */
  public double[] columnStep() {
    return u.clone();
  }

  /** One row down. */
  public double[] rowStep() {
    return v.clone();
  }

  /** Pixel width in mm: the length of one column step. */
  public double pixelWidth() {
    return Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  }

  /** Pixel height in mm: the length of one row step. */
  public double pixelHeight() {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  /** Centre of pixel (row, column) in world mm. */
  public double[] pixelCentre(int row, int column) {
    return new double[] {
      origin[0] + column * u[0] + row * v[0],
      origin[1] + column * u[1] + row * v[1],
      origin[2] + column * u[2] + row * v[2]};
  }

  /**
   * Source (cone) or unit direction (parallel), origin (pixel 0,0), column step u, row step v: 12
   * numbers, in that order.
   */
  public double[] toArray() {
    double[] s = source != null ? source : direction;
    return new double[] {s[0], s[1], s[2], origin[0], origin[1], origin[2],
      u[0], u[1], u[2], v[0], v[1], v[2]};
  }

  /** The same rays with every point and vector mapped by an affine map x ↦ M·x + t (3×4, rows). */
  public View transformed(double[][] m) {
    double[] o = apply(m, origin, true);
    double[] cu = apply(m, u, false);
    double[] cv = apply(m, v, false);
    return direction != null ? parallel(apply(m, direction, false), o, cu, cv, height, width)
        : new View(apply(m, source, true), o, cu, cv, height, width);
  }

  private static double[] apply(double[][] m, double[] x, boolean point) {
    double[] r = new double[3];
    for (int i = 0; i < 3; i++) {
      r[i] = m[i][0] * x[0] + m[i][1] * x[1] + m[i][2] * x[2] + (point ? m[i][3] : 0);
    }
    return r;
  }

  /**
   * The largest distance (mm) between corresponding rays of two views, +∞ when sizes or beam
   * kinds differ. Cone beam: between the sources and between the corner pixels' centres.
   * Parallel beam, whose rays are whole lines: between the directions (up to sign, times 1000 mm)
   * and between the lines through the corner pixels.
   */
  public double distance(View o) {
    if (o.height != height || o.width != width || o.isParallel() != isParallel()) {
      return Double.POSITIVE_INFINITY;
    }
    double d = isParallel() ? 1000 * Math.min(dist(direction, o.direction),
        dist(direction, new double[] {-o.direction[0], -o.direction[1], -o.direction[2]}))
        : dist(source, o.source);
    int[][] corners = {{0, 0}, {0, width - 1}, {height - 1, 0}, {height - 1, width - 1}};
    for (int[] c : corners) {
      double[] p = pixelCentre(c[0], c[1]);
      double[] q = o.pixelCentre(c[0], c[1]);
      if (isParallel()) {
        double along = (q[0] - p[0]) * direction[0] + (q[1] - p[1]) * direction[1]
            + (q[2] - p[2]) * direction[2];
        for (int k = 0; k < 3; k++) q[k] -= along * direction[k];
      }
      d = Math.max(d, dist(p, q));
    }
    return d;
  }

  private static double dist(double[] a, double[] b) {
    double x = a[0] - b[0], y = a[1] - b[1], z = a[2] - b[2];
    return Math.sqrt(x * x + y * y + z * z);
  }

  public int pixelCount() {
    return height * width;
  }
}
