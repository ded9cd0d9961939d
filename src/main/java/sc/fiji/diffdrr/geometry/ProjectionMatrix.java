package sc.fiji.diffdrr.geometry;

/**
 * A 3×4 projection matrix P (world mm → pixel): a point X goes to (a, b, w) = P·(X, 1), its pixel
 * coordinates are column a/w and row b/w, where pixel centres sit at whole numbers (pixel (0,0)'s
 * centre is (0, 0)), and points in front of the source have w &gt; 0. The camera centre (the
 * source) is P's null space, C = −M⁻¹·p₄ with M = P's left 3×3. The matrix fixes the rays, not the
 * detector's distance: a view puts its detector where the column step is delx mm long, which for a
 * scanner's own matrix is the detector itself.
 */
public final class ProjectionMatrix {

  private ProjectionMatrix() {}

  /** The matrix of a cone-beam view: M⁻¹ = [u | v | origin − source], so w = 1 on its detector. */
  public static double[][] of(View view) {
    if (view.isParallel()) {
      throw new IllegalArgumentException("a parallel-beam view has no 3×4 projection matrix with a "
          + "camera centre; write it as astra (parallel3d_vec) or rtk");
    }
    double[] s = view.source();
    double[] o = view.origin();
    double[] u = view.columnStep();
    double[] v = view.rowStep();
    double[][] minv = {{u[0], v[0], o[0] - s[0]}, {u[1], v[1], o[1] - s[1]},
      {u[2], v[2], o[2] - s[2]}};
    double[][] m = Matrix3.inverse(minv, "the view (its detector contains the source)");
    double[][] p = new double[3][4];
    for (int r = 0; r < 3; r++) {
      p[r][0] = m[r][0];
      p[r][1] = m[r][1];
      p[r][2] = m[r][2];
      p[r][3] = -(m[r][0] * s[0] + m[r][1] * s[1] + m[r][2] * s[2]);
    }
    return p;
  }

  /**
   * The view of a matrix: source C, pixel (row i, column j) at C + λ·M⁻¹·(j, i, 1) with
   * λ = delx / |M⁻¹·e₁|, so one column is delx mm.
   *
   * @throws IllegalArgumentException when M is singular (no camera centre)
   */
  public static View toView(double[][] p, int height, int width, double delx) {
    double[][] m = {{p[0][0], p[0][1], p[0][2]}, {p[1][0], p[1][1], p[1][2]},
      {p[2][0], p[2][1], p[2][2]}};
    double[][] minv = Matrix3.inverse(m, "the projection matrix (its left 3×3 has no inverse, so "
        + "there is no camera centre)");
    double[] c = new double[3];
    for (int r = 0; r < 3; r++) {
      c[r] = -(minv[r][0] * p[0][3] + minv[r][1] * p[1][3] + minv[r][2] * p[2][3]);
    }
    double[] b = {minv[0][0], minv[1][0], minv[2][0]};
    double lambda = delx / Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    double[] origin = new double[3];
    double[] u = new double[3];
    double[] v = new double[3];
    for (int r = 0; r < 3; r++) {
      origin[r] = c[r] + lambda * minv[r][2];
      u[r] = lambda * minv[r][0];
      v[r] = lambda * minv[r][1];
    }
    return new View(c, origin, u, v, height, width);
  }
}
