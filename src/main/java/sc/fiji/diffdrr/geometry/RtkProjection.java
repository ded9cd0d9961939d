package sc.fiji.diffdrr.geometry;

/**
 * One projection of RTK's ThreeDCircularProjectionGeometry (angles in degrees, distances in mm),
 * with RTK's conventions (rtkThreeDCircularProjectionGeometry.cxx, AddProjectionInRadians): the
 * world → rotated-frame rotation is R = Rz(−in-plane)·Rx(−out-of-plane)·Ry(−gantry) (ITK's Euler
 * transform in ZXY order with the negated angles); in the rotated frame the source sits at
 * (SourceOffsetX, SourceOffsetY, SID), the detector plane at z = SID − SDD, and detector point
 * (u, v) at (u + ProjectionOffsetX, v + ProjectionOffsetY). SDD = 0 is a parallel beam along −z.
 *
 * <p>Pixels: our pixel (row i, column j) is RTK's projection-image pixel (j, i) with
 * u = (j − (W−1)/2)·delx and v = (i − (H−1)/2)·dely, i.e. projections centred on their origin
 * with identity direction, as RTK's tools write them by default.
 */
public final class RtkProjection {

  public final double sid, sdd, gantry, outOfPlane, inPlane;
  public final double sourceOffsetX, sourceOffsetY, projectionOffsetX, projectionOffsetY;

  public RtkProjection(double sid, double sdd, double gantry, double outOfPlane, double inPlane,
      double sourceOffsetX, double sourceOffsetY, double projectionOffsetX,
      double projectionOffsetY) {
    this.sid = sid;
    this.sdd = sdd;
    this.gantry = gantry;
    this.outOfPlane = outOfPlane;
    this.inPlane = inPlane;
    this.sourceOffsetX = sourceOffsetX;
    this.sourceOffsetY = sourceOffsetY;
    this.projectionOffsetX = projectionOffsetX;
    this.projectionOffsetY = projectionOffsetY;
  }

  /** Rotated frame → world: Rᵀ = Ry(gantry)·Rx(out-of-plane)·Rz(in-plane). */
  private double[][] toWorld() {
    double[][] ry = square(Rotations.axis('Y', Math.toRadians(gantry)));
    double[][] rx = square(Rotations.axis('X', Math.toRadians(outOfPlane)));
    double[][] rz = square(Rotations.axis('Z', Math.toRadians(inPlane)));
    return mul(mul(ry, rx), rz);
  }

  private static double[][] square(double[] m) {
    return new double[][] {{m[0], m[1], m[2]}, {m[3], m[4], m[5]}, {m[6], m[7], m[8]}};
  }

  /**
   * RTK's own 3×4 matrix (world mm → detector mm, homogeneous), built as RTK builds it:
   * T(sox − pox, soy − poy)·Mag(−SDD, −SID)·T(−sox, −soy, 0)·R; with SDD = 0 Mag drops the
   * perspective.
   */
  public double[][] matrix() {
    double[][] rt = toWorld();
    double[][] r4 = new double[4][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) r4[i][j] = rt[j][i];
    }
    r4[3][3] = 1;
    double[][] t3 = {{1, 0, 0, -sourceOffsetX}, {0, 1, 0, -sourceOffsetY}, {0, 0, 1, 0},
      {0, 0, 0, 1}};
    double[][] mag = sdd == 0 ? new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}}
        : new double[][] {{-sdd, 0, 0, 0}, {0, -sdd, 0, 0}, {0, 0, 1, -sid}};
    double[][] t2 = {{1, 0, sourceOffsetX - projectionOffsetX},
      {0, 1, sourceOffsetY - projectionOffsetY}, {0, 0, 1}};
    return times(t2, times(mag, times(t3, r4)));
  }

  private static double[][] times(double[][] p, double[][] q) {
    double[][] r = new double[p.length][q[0].length];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q[0].length; j++) {
        double s = 0;
        for (int k = 0; k < q.length; k++) s += p[i][k] * q[k][j];
        r[i][j] = s;
      }
    }
    return r;
  }

  public View toView(int height, int width, double delx, double dely) {
    double[][] a = toWorld();
    double u0 = -(width - 1) / 2.0 * delx + projectionOffsetX;
    double v0 = -(height - 1) / 2.0 * dely + projectionOffsetY;
    double[] u = apply(a, delx, 0, 0);
    double[] v = apply(a, 0, dely, 0);
    if (sdd == 0) {
      return View.parallel(apply(a, 0, 0, -1), apply(a, u0, v0, 0), u, v, height, width);
    }
    return new View(apply(a, sourceOffsetX, sourceOffsetY, sid), apply(a, u0, v0, sid - sdd), u, v,
        height, width);
  }

  /**
   * RTK's parameters of a view whose columns and rows are perpendicular steps of delx and dely mm
   * and whose detector faces the source (column × row points towards it); otherwise an
   * IllegalArgumentException says why RTK cannot describe it.
   */
  public static RtkProjection of(View view, double tolerance) {
    double[] u = view.columnStep();
    double[] v = view.rowStep();
    double du = Matrix3.norm(u), dv = Matrix3.norm(v);
    if (Math.abs(Matrix3.dot(u, v)) > 1e-9 * du * dv) {
      throw new IllegalArgumentException("RTK's geometry needs perpendicular detector rows and "
          + "columns; this view's are not");
    }
    double[] x = Matrix3.scaled(u, 1 / du);
    double[] y = Matrix3.scaled(v, 1 / dv);
    double[] z = Matrix3.cross(x, y);
    double[][] a = {{x[0], y[0], z[0]}, {x[1], y[1], z[1]}, {x[2], y[2], z[2]}};
    double oop = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -a[1][2]))));
    double gantry = Math.toDegrees(Math.atan2(a[0][2], a[2][2]));
    double inPlane = Math.toDegrees(Math.atan2(a[1][0], a[1][1]));
    double[] o = rotated(a, view.origin());
    double u0 = -(view.width - 1) / 2.0 * du;
    double v0 = -(view.height - 1) / 2.0 * dv;
    if (view.isParallel()) {
      double[] d = view.direction();
      if (Math.abs(Math.abs(Matrix3.dot(d, z)) - 1) > tolerance) {
        throw new IllegalArgumentException("RTK's parallel geometry needs rays perpendicular to "
            + "the detector; this view's are not");
      }
      return new RtkProjection(0, 0, gantry, oop, inPlane, 0, 0, o[0] - u0, o[1] - v0);
    }
    double[] s = rotated(a, view.source());
    double sdd = s[2] - o[2];
    if (!(sdd > 0)) {
      throw new IllegalArgumentException("RTK's geometry cannot describe a mirrored detector "
          + "(columns × rows pointing away from the source, as DiffDRR's AP orientation with its "
          + "reversed x axis): use --orientation PA, or the astra or matrices format");
    }
    return new RtkProjection(s[2], sdd, gantry, oop, inPlane, s[0], s[1], o[0] - u0, o[1] - v0);
  }

  private static double[] rotated(double[][] a, double[] w) {
    return new double[] {a[0][0] * w[0] + a[1][0] * w[1] + a[2][0] * w[2],
      a[0][1] * w[0] + a[1][1] * w[1] + a[2][1] * w[2],
      a[0][2] * w[0] + a[1][2] * w[1] + a[2][2] * w[2]};
  }

  private static double[] apply(double[][] a, double x, double y, double z) {
    return new double[] {a[0][0] * x + a[0][1] * y + a[0][2] * z,
      a[1][0] * x + a[1][1] * y + a[1][2] * z, a[2][0] * x + a[2][1] * y + a[2][2] * z};
  }

  private static double[][] mul(double[][] p, double[][] q) {
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        r[i][j] = p[i][0] * q[0][j] + p[i][1] * q[1][j] + p[i][2] * q[2][j];
      }
    }
    return r;
  }
}
