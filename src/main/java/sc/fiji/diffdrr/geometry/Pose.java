package sc.fiji.diffdrr.geometry;

import java.util.Arrays;

import sc.fiji.diffdrr.Require;

/**
 * A rigid transform x ↦ M·x + m, the camera-to-world map of DiffDRR's {@code RigidTransform}.
 *
 * <p>DiffDRR builds a pose from a rotation R and a translation t as M = [R | R·t]: translate in
 * the (reoriented) camera frame, then rotate about the world origin, the CT's isocentre. So the
 * X-ray source sits at R·t and a C-arm orbits the isocentre as R changes. Angles are radians here;
 * user-facing inputs are degrees and converted at the edge.
 */
public final class Pose {

  private final double[] r; // 3×3 row-major
  private final double[] m; // translation column of the 4×4 matrix

  private Pose(double[] r, double[] m) {
    for (double v : r) Require.finite("rotation", v, null);
    for (double v : m) Require.finite("translation", v, "mm");
    this.r = r;
    this.m = m;
  }

  public static Pose identity() {
    return new Pose(Rotations.identity(), new double[3]);
  }

  /** DiffDRR's convert(): [R | R·t]. */
  public static Pose of(double[] rotation, double tx, double ty, double tz) {
    Require.finite("translation x", tx, "mm");
    Require.finite("translation y", ty, "mm");
    Require.finite("translation z", tz, "mm");
    return new Pose(rotation.clone(), Rotations.apply(rotation, tx, ty, tz));
  }

  /** Euler angles (radians, in convention order, e.g. "ZXY": R = Rz(a0)·Rx(a1)·Ry(a2)). */
  public static Pose euler(String convention, double a0, double a1, double a2, double tx,
      double ty, double tz) {
    Require.finite("rotation angle 1", a0, "radians");
    Require.finite("rotation angle 2", a1, "radians");
    Require.finite("rotation angle 3", a2, "radians");
    return of(Rotations.euler(convention, a0, a1, a2), tx, ty, tz);
  }

  /** Euler angles in degrees, the user-facing unit. */
  public static Pose eulerDegrees(String convention, double a0, double a1, double a2, double tx,
      double ty, double tz) {
    Require.finite("rotation angle 1", a0, "degrees");
    Require.finite("rotation angle 2", a1, "degrees");
    Require.finite("rotation angle 3", a2, "degrees");
    return euler(convention, Math.toRadians(a0), Math.toRadians(a1), Math.toRadians(a2), tx, ty, tz);
  }

  public static Pose axisAngle(double x, double y, double z, double tx, double ty, double tz) {
    return of(Rotations.axisAngle(Require.finite("axis_angle x", x, "radians"),
        Require.finite("axis_angle y", y, "radians"), Require.finite("axis_angle z", z, "radians")),
        tx, ty, tz);
  }

  /** Quaternion, real part first (normalised). */
  public static Pose quaternion(double w, double x, double y, double z, double tx, double ty,
      double tz) {
    return of(Rotations.quaternion(w, x, y, z), tx, ty, tz);
  }

  /** A full 4×4 matrix, row-major; used as it is (DiffDRR's "matrix" parameterization). */
  public static Pose matrix(double[] m4x4) {
    if (m4x4.length != 16) {
      throw new IllegalArgumentException("pose matrix must have 16 numbers (4×4, row-major), got "
          + m4x4.length);
    }
    double[] rot = {m4x4[0], m4x4[1], m4x4[2], m4x4[4], m4x4[5], m4x4[6], m4x4[8], m4x4[9], m4x4[10]};
    double[] check = Rotations.multiply(rot, Rotations.transpose(rot));
    double det = rot[0] * (rot[4] * rot[8] - rot[5] * rot[7]) - rot[1] * (rot[3] * rot[8] - rot[5] * rot[6])
        + rot[2] * (rot[3] * rot[7] - rot[4] * rot[6]);
    for (int i = 0; i < 9; i++) {
      if (Math.abs(check[i] - (i % 4 == 0 ? 1 : 0)) > 1e-5 || !(Math.abs(det - 1) < 1e-5)) {
        throw new IllegalArgumentException("pose matrix: the upper-left 3×3 must be a rotation "
            + "(orthonormal, determinant 1)");
      }
    }
    if (m4x4[12] != 0 || m4x4[13] != 0 || m4x4[14] != 0 || m4x4[15] != 1) {
      throw new IllegalArgumentException("pose matrix: the last row must be 0 0 0 1");
    }
    return new Pose(rot, new double[] {m4x4[3], m4x4[7], m4x4[11]});
  }

  /** "Apply this, then next" (DiffDRR's a.compose(b) = matrix b·a). */
  public Pose compose(Pose next) {
    double[] rot = Rotations.multiply(next.r, r);
    double[] t = Rotations.apply(next.r, m[0], m[1], m[2]);
    return new Pose(rot, new double[] {t[0] + next.m[0], t[1] + next.m[1], t[2] + next.m[2]});
  }

  /** [Rᵀ | −Rᵀ·m]. */
  public Pose inverse() {
    double[] rt = Rotations.transpose(r);
    double[] t = Rotations.apply(rt, m[0], m[1], m[2]);
    return new Pose(rt, new double[] {-t[0], -t[1], -t[2]});
  }

  /** M·p + m. */
  public double[] apply(double x, double y, double z) {
    double[] p = Rotations.apply(r, x, y, z);
    return new double[] {p[0] + m[0], p[1] + m[1], p[2] + m[2]};
  }

  /** M·v (directions: no translation). */
  public double[] applyToDirection(double x, double y, double z) {
    return Rotations.apply(r, x, y, z);
  }

  /** The rotation R, row-major 3×3 (a copy). */
  public double[] rotation() {
    return r.clone();
  }

  /** The translation column of the 4×4 matrix, R·t: where the camera origin lands. */
  public double[] matrixTranslation() {
    return m.clone();
  }

  /** DiffDRR's t = Rᵀ·(R·t), the translation as it was given to {@link #of}. */
  public double[] translation() {
    return Rotations.apply(Rotations.transpose(r), m[0], m[1], m[2]);
  }

  /** The 4×4 matrix, row-major. */
  public double[] matrix() {
    return new double[] {r[0], r[1], r[2], m[0], r[3], r[4], r[5], m[1], r[6], r[7], r[8], m[2],
      0, 0, 0, 1};
  }

  /** Euler angles in radians, in convention order. */
  public double[] eulerAngles(String convention) {
    return Rotations.toEuler(r, convention);
  }

  @Override
  public String toString() {
    return "Pose" + Arrays.toString(matrix());
  }
}
