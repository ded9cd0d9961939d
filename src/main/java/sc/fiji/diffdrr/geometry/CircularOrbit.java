package sc.fiji.diffdrr.geometry;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What FDK needs to know about a list of views, found from the views themselves (so it holds for
 * our orbits and for imported geometries alike): whether the sources circle one rotation axis at a
 * constant distance with a flat detector at a constant distance, its rows perpendicular to the axis
 * and its columns along it, and if so the orbit's parameters. Detector offsets (the principal point
 * anywhere on the panel, per view) and source offsets along the detector rows are allowed; the
 * order of the views does not matter.
 *
 * <p>Angles: θ of a view is the source's angle about {@link #axis} (counter-clockwise, right hand),
 * β the angle from the start of the arc. A scan is full when no gap between neighbouring views is
 * much larger than 360°/N; otherwise it is a short scan over {@link #arcRadians}.
 */
public final class CircularOrbit {

  /** Relative tolerance of distances and the sines of angles. */
  static final double TOLERANCE = 1e-3;

  /** Unit vector of the rotation axis and a point on it (the orbit's centre), world mm. */
  public final double[] axis;
  public final double[] centre;
  /** Source to axis, measured along the detector normal (mm). */
  public final double sad;
  /** Source to detector plane (mm). */
  public final double sdd;
  /** Pixel pitch along rows (|u|) and columns (|v|), mm. */
  public final double du, dv;
  public final int height, width;
  /** Per view, in the order given: angle θ about the axis (radians, in [0, 2π)). */
  public final double[] theta;
  /** Per view: angle from the start of the arc (radians; full scans start at the first view). */
  public final double[] beta;
  /** Per view: its share of the arc (radians), half the angle to each neighbour. */
  public final double[] deltaBeta;
  /** Per view: the foot of the perpendicular from the source on the detector (column, row). */
  public final double[] principalColumn, principalRow;
  /** Per view and column of the principal row: the ray's angle from source→axis (radians). */
  public final double[][] fanAngle;
  public final boolean fullScan;
  /** Angle between the first and the last view of a short scan; 2π for a full scan. */
  public final double arcRadians;
  /** Largest |fan angle| over all views and columns (radians). */
  public final double halfFan;
  /** Largest source offset along the rows (mm): distance of the detector normal from the axis. */
  public final double sourceOffset;

  private CircularOrbit(double[] axis, double[] centre, double sad, double sdd, double du,
      double dv, int height, int width, double[] theta, double[] beta, double[] deltaBeta,
      double[] pc, double[] pr, double[][] fan, boolean full, double arc, double halfFan,
      double sourceOffset) {
    this.axis = axis;
    this.centre = centre;
    this.sad = sad;
    this.sdd = sdd;
    this.du = du;
    this.dv = dv;
    this.height = height;
    this.width = width;
    this.theta = theta;
    this.beta = beta;
    this.deltaBeta = deltaBeta;
    this.principalColumn = pc;
    this.principalRow = pr;
    this.fanAngle = fan;
    this.fullScan = full;
    this.arcRadians = arc;
    this.halfFan = halfFan;
    this.sourceOffset = sourceOffset;
  }

  /** Thrown when the views are not a circular cone-beam orbit FDK can use; says why. */
  public static final class NotCircularException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotCircularException(String why) {
      super("FDK needs a circular cone-beam orbit, but " + why + "; use an iterative method "
          + "instead (--algorithm sirt, os-sart, cgls or gd)");
    }
  }

  /**
   * The orbit of these views.
   *
   * @throws NotCircularException when they are not a circular cone-beam orbit, saying why
   */
  public static CircularOrbit analyse(List<View> views) {
    int n = views.size();
    if (n < 3) throw new NotCircularException("there " + (n == 1 ? "is 1 view" : "are " + n + " views") + " (at least 3 are needed)");
    int h = views.get(0).height, w = views.get(0).width;
    double[][] s = new double[n][], o = new double[n][], u = new double[n][], v = new double[n][];
    for (int k = 0; k < n; k++) {
      View view = views.get(k);
      if (view.height != h || view.width != w) throw new NotCircularException("the views have different detector sizes");
      // FDK here is cone-beam FDK: parallel-beam views have no source circle to weight by.
      if (view.isParallel()) throw new NotCircularException("view " + (k + 1) + " is parallel beam (FDK here needs a cone-beam source)");
      double[] a = view.toArray();
      s[k] = Arrays.copyOfRange(a, 0, 3);
      o[k] = Arrays.copyOfRange(a, 3, 6);
      u[k] = Arrays.copyOfRange(a, 6, 9);
      v[k] = Arrays.copyOfRange(a, 9, 12);
    }
    double du = norm(u[0]), dv = norm(v[0]);
    // The axis runs along the detector columns: FDK filters along rows, perpendicular to it.
    double[] axis = unit(v[0]);
    double columnSign = 1;
    for (int k = 0; k < n; k++) {
      if (!close(norm(u[k]), du) || !close(norm(v[k]), dv)) {
        throw new NotCircularException("the pixel size changes between views (view " + (k + 1) + ")");
      }
      double along = dot(unit(v[k]), axis);
      if (Math.abs(Math.abs(along) - 1) > TOLERANCE * TOLERANCE) {
        throw new NotCircularException("the detector columns of view " + (k + 1) + " are not "
            + "parallel to those of view 1 (no single rotation axis along the columns)");
      }
      if (k == 0) columnSign = Math.signum(along);
      else if (Math.signum(along) != columnSign) {
        throw new NotCircularException("view " + (k + 1) + " has its detector upside down");
      }
      if (Math.abs(dot(unit(u[k]), axis)) > TOLERANCE) {
        throw new NotCircularException("the detector rows of view " + (k + 1) + " are not "
            + "perpendicular to the rotation axis");
      }
    }
    // Sources in one plane perpendicular to the axis, on a circle.
    double[] e1 = unit(perpendicular(axis)), e2 = cross(axis, e1);
    double height0 = dot(s[0], axis);
    double scale = 0;
    for (double[] p : s) scale = Math.max(scale, norm(p));
    for (int k = 0; k < n; k++) {
      if (Math.abs(dot(s[k], axis) - height0) > TOLERANCE * scale) {
        throw new NotCircularException(String.format(Locale.ROOT, "the source of view %d is %.3g mm "
            + "off the orbit's plane (a helix or a tilted orbit)", k + 1, dot(s[k], axis) - height0));
      }
    }
    double[] c2 = circleFit(s, e1, e2);
    double[] centre = add(scaled(axis, height0), add(scaled(e1, c2[0]), scaled(e2, c2[1])));
    double[] theta = new double[n];
    double[] pc = new double[n], pr = new double[n];
    double[][] fan = new double[n][w];
    double sdd = 0, sad = 0, offset = 0, halfFan = 0, rowSign = 0;
    for (int k = 0; k < n; k++) {
      double[] toCentre = sub(centre, s[k]);
      double radius = Math.hypot(dot(toCentre, e1), dot(toCentre, e2));
      double[] nrm = unit(cross(u[k], v[k]));
      if (dot(sub(o[k], s[k]), nrm) < 0) nrm = scaled(nrm, -1);
      double dk = dot(sub(o[k], s[k]), nrm), ak = dot(toCentre, nrm);
      if (!(ak > 0)) throw new NotCircularException("the axis is not between the source and the detector in view " + (k + 1));
      if (k == 0) {
        sdd = dk;
        sad = ak;
      } else {
        if (!close(dk, sdd)) {
          throw new NotCircularException(String.format(Locale.ROOT, "the source–detector distance "
              + "changes (%.4g mm in view 1, %.4g mm in view %d)", sdd, dk, k + 1));
        }
        if (!close(ak, sad) || !close(radius, Math.hypot(sad, offset))) {
          throw new NotCircularException(String.format(Locale.ROOT, "the source–axis distance "
              + "changes (%.4g mm in view 1, %.4g mm in view %d)", sad, ak, k + 1));
        }
      }
      double off = dot(toCentre, unit(u[k]));
      if (k == 0) offset = Math.abs(off);
      else if (Math.abs(Math.abs(off) - offset) > TOLERANCE * sad) {
        throw new NotCircularException("the source offset changes between views (view " + (k + 1) + ")");
      }
      // Rows must keep one sense relative to the rotation (no mirrored views).
      double sense = Math.signum(dot(cross(axis, nrm), unit(u[k])));
      if (k == 0) rowSign = sense;
      else if (sense != rowSign) throw new NotCircularException("view " + (k + 1) + " has its detector mirrored");
      double[] radial = sub(s[k], centre);
      theta[k] = mod2pi(Math.atan2(dot(radial, e2), dot(radial, e1)));
      double[] foot = add(s[k], scaled(nrm, dk));
      double[] fromOrigin = sub(foot, o[k]);
      pc[k] = dot(fromOrigin, u[k]) / (du * du);
      pr[k] = dot(fromOrigin, v[k]) / (dv * dv);
      for (int j = 0; j < w; j++) {
        double[] pixel = add(foot, scaled(u[k], j - pc[k]));
        double[] ray = sub(pixel, s[k]);
        fan[k][j] = Math.atan2(dot(axis, cross(toCentre, ray)), dot(toCentre, ray));
        halfFan = Math.max(halfFan, Math.abs(fan[k][j]));
      }
    }
    // The arc: the largest gap between neighbouring source angles.
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) order[k] = k;
    Arrays.sort(order, (p, q) -> Double.compare(theta[p], theta[q]));
    double largestGap = -1;
    int after = 0;
    for (int i = 0; i < n; i++) {
      double gap = mod2pi(theta[order[(i + 1) % n]] - theta[order[i]]);
      if (i == n - 1 && gap == 0) gap = 2 * Math.PI; // all views at one angle
      if (gap > largestGap) {
        largestGap = gap;
        after = (i + 1) % n;
      }
    }
    boolean full = largestGap <= 1.5 * 2 * Math.PI / n + 1e-9;
    double arc = full ? 2 * Math.PI : 2 * Math.PI - largestGap;
    double start = full ? theta[0] : theta[order[after]];
    double[] beta = new double[n], deltaBeta = new double[n];
    for (int k = 0; k < n; k++) beta[k] = mod2pi(theta[k] - start);
    if (full) {
      for (int i = 0; i < n; i++) {
        double before = mod2pi(theta[order[i]] - theta[order[(i + n - 1) % n]]);
        double next = mod2pi(theta[order[(i + 1) % n]] - theta[order[i]]);
        deltaBeta[order[i]] = (before + next) / 2;
      }
    } else {
      Integer[] byBeta = order.clone();
      Arrays.sort(byBeta, (p, q) -> Double.compare(beta[p], beta[q]));
      for (int i = 0; i < n; i++) {
        double before = i > 0 ? beta[byBeta[i]] - beta[byBeta[i - 1]] : -1;
        double next = i + 1 < n ? beta[byBeta[i + 1]] - beta[byBeta[i]] : -1;
        if (before < 0) before = next;
        if (next < 0) next = before;
        deltaBeta[byBeta[i]] = (before + next) / 2;
      }
      if (arc < Math.PI + 2 * halfFan - 1e-6) {
        throw new NotCircularException(String.format(Locale.ROOT, "the views cover %.1f° and a "
            + "short scan needs at least 180° + the fan angle (%.1f°)", Math.toDegrees(arc),
            180 + Math.toDegrees(2 * halfFan)));
      }
    }
    return new CircularOrbit(axis, centre, sad, sdd, du, dv, h, w, theta, beta, deltaBeta, pc, pr,
        fan, full, arc, halfFan, offset);
  }

  /** Parker's short-scan weight of the ray at fan angle γ from a source at β (1/2 for full scans). */
  public double parkerWeight(double betaK, double gamma) {
    if (fullScan) return 0.5;
    // The conjugate of (β, γ) is (β + π + 2γ, −γ) with both angles about the axis, as for
    // Parker's α (his regions 1 and 3 are conjugate).
    double delta = (arcRadians - Math.PI) / 2;
    double alpha = gamma;
    if (betaK < 0 || betaK > Math.PI + 2 * delta) return 0;
    if (betaK < 2 * (delta - alpha)) {
      double x = Math.sin(Math.PI / 4 * betaK / (delta - alpha));
      return x * x;
    }
    if (betaK <= Math.PI - 2 * alpha) return 1;
    double x = Math.sin(Math.PI / 4 * (Math.PI + 2 * delta - betaK) / (delta + alpha));
    return x * x;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "circular orbit: %d views, %s, SAD %.4g mm, SDD %.4g mm, "
        + "fan ±%.2f°%s", theta.length, fullScan ? "full scan"
        : String.format(Locale.ROOT, "short scan over %.1f° (Parker weights)", Math.toDegrees(arcRadians)),
        sad, sdd, Math.toDegrees(halfFan),
        sourceOffset > TOLERANCE * sad ? String.format(Locale.ROOT, ", source offset %.3g mm", sourceOffset) : "");
  }

  /** Least-squares circle (Kåsa) through the sources in the plane (e1, e2): centre (x, y). */
  private static double[] circleFit(double[][] s, double[] e1, double[] e2) {
    double[][] m = new double[3][3];
    double[] r = new double[3];
    for (double[] p : s) {
      double x = dot(p, e1), y = dot(p, e2), q = -(x * x + y * y);
      double[] row = {x, y, 1};
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) m[i][j] += row[i] * row[j];
        r[i] += row[i] * q;
      }
    }
    double det = det3(m);
    if (Math.abs(det) < 1e-12 * Math.abs(m[0][0] * m[1][1] * m[2][2]) || det == 0) {
      throw new NotCircularException("the sources lie on a line, not on a circle");
    }
    double[] sol = new double[3];
    for (int c = 0; c < 3; c++) {
      double[][] mc = new double[3][];
      for (int i = 0; i < 3; i++) {
        mc[i] = m[i].clone();
        mc[i][c] = r[i];
      }
      sol[c] = det3(mc) / det;
    }
    return new double[] {-sol[0] / 2, -sol[1] / 2};
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }

  private static double mod2pi(double a) {
    double t = a % (2 * Math.PI);
    return t < 0 ? t + 2 * Math.PI : t;
  }

  private static double[] perpendicular(double[] a) {
    double[] e = Math.abs(a[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
    return sub(e, scaled(a, dot(e, a)));
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double[] unit(double[] a) {
    return scaled(a, 1 / norm(a));
  }

  static double[] scaled(double[] a, double f) {
    return new double[] {a[0] * f, a[1] * f, a[2] * f};
  }

  static double[] add(double[] a, double[] b) {
    return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
      a[0] * b[1] - a[1] * b[0]};
  }
}
