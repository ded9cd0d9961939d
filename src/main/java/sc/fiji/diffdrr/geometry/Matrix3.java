package sc.fiji.diffdrr.geometry;

/** 3×3 matrix helpers for the geometry readers. */
final class Matrix3 {

  private Matrix3() {}

  /**
   * The inverse; a singular matrix (|det| ≤ 1e-12 × the product of its row norms) is refused with
   * a message about {@code what}.
   */
  static double[][] inverse(double[][] a, String what) {
    double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    double scale = norm(a[0]) * norm(a[1]) * norm(a[2]);
    if (!(Math.abs(det) > 1e-12 * scale) || !Double.isFinite(det)) {
      throw new IllegalArgumentException("singular matrix: " + what);
    }
    double[][] r = new double[3][3];
    r[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det;
    r[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
    r[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
    r[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det;
    r[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
    r[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
    r[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det;
    r[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
    r[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
    return r;
  }

  static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
      a[0] * b[1] - a[1] * b[0]};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double[] scaled(double[] a, double s) {
    return new double[] {a[0] * s, a[1] * s, a[2] * s};
  }
}
