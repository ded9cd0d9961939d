package sc.fiji.diffdrr.geometry;

import java.util.Locale;

/**
 * Six numbers ↔ a pose, with the exact Jacobian of the pose matrix, for registration.
 *
 * <ul>
 * <li>{@code EULER}: (a0, a1, a2, tx, ty, tz), angles in radians in convention order, DiffDRR's
 * t: the pose is [R | R·t] ({@link Pose#of}).</li>
 * <li>{@code SE3}: DiffDRR's se3_log_map layout (u, ω), translation first: R = exp(hat(ω)),
 * the matrix translation V(ω)·u with V = I + hat(ω)(1 − cos θ)/θ² + hat(ω)²(θ − sin θ)/θ³,
 * θ = √max(|ω|², 10⁻⁴) (PyTorch3D's clamp).</li>
 * </ul>
 * The Jacobian comes from forward-mode differentiation ({@link Jet}) of these same formulas.
 */
public final class PoseParameterization {

  public enum Kind { EULER, SE3 }

  public final Kind kind;
  /** Euler convention (for EULER; "ZXY" otherwise, unused). */
  public final String convention;

  private PoseParameterization(Kind kind, String convention) {
    this.kind = kind;
    this.convention = Rotations.convention(convention);
  }

  public static PoseParameterization euler(String convention) {
    return new PoseParameterization(Kind.EULER, convention);
  }

  public static PoseParameterization se3() {
    return new PoseParameterization(Kind.SE3, "ZXY");
  }

  /** "euler" or "se3" (with the Euler convention for euler). */
  public static PoseParameterization parse(String name, String convention) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "euler": return euler(convention);
      case "se3": return se3();
      default:
        throw new IllegalArgumentException("parameterization must be euler or se3, got '" + name + "'");
    }
  }

  /** Indices of the rotation parameters and of the translation parameters. */
  public int[] rotationIndices() {
    return kind == Kind.EULER ? new int[] {0, 1, 2} : new int[] {3, 4, 5};
  }

  public int[] translationIndices() {
    return kind == Kind.EULER ? new int[] {3, 4, 5} : new int[] {0, 1, 2};
  }

  /** The six parameters of a pose. */
  public double[] parameters(Pose pose) {
    double[] r = pose.rotation();
    if (kind == Kind.EULER) {
      double[] a = Rotations.toEuler(r, convention);
      double[] t = pose.translation();
      return new double[] {a[0], a[1], a[2], t[0], t[1], t[2]};
    }
    double[] w = Rotations.toAxisAngle(r);
    double[][] v = vMatrix(w);
    double[] u = solve(v, pose.matrixTranslation());
    return new double[] {u[0], u[1], u[2], w[0], w[1], w[2]};
  }

  public Pose pose(double[] p) {
    double[] rm = new double[12];
    evaluate(p, rm, null);
    double[] m = new double[16];
    for (int i = 0; i < 3; i++) {
      m[4 * i] = rm[3 * i];
      m[4 * i + 1] = rm[3 * i + 1];
      m[4 * i + 2] = rm[3 * i + 2];
      m[4 * i + 3] = rm[9 + i];
    }
    m[15] = 1;
    return Pose.matrix(m);
  }

  /**
   * The pose of p as 12 numbers, R row-major then the matrix translation m, into rm; with
   * jacobian non-null, ∂rm[i]/∂p[k] into jacobian[i][k] (12×6).
   */
  public void evaluate(double[] p, double[] rm, double[][] jacobian) {
    if (p.length != 6) throw new IllegalArgumentException("a pose has 6 parameters, got " + p.length);
    Jet[] x = new Jet[6];
    for (int k = 0; k < 6; k++) x[k] = Jet.variable(p[k], k);
    Jet[] r;
    Jet[] m;
    if (kind == Kind.EULER) {
      r = multiply(multiply(axis(convention.charAt(0), x[0]), axis(convention.charAt(1), x[1])),
          axis(convention.charAt(2), x[2]));
      m = apply(r, x[3], x[4], x[5]);
    } else {
      Jet[] w = {x[3], x[4], x[5]};
      r = exp(w);
      m = apply(vMatrix(w), x[0], x[1], x[2]);
    }
    for (int i = 0; i < 9; i++) {
      rm[i] = r[i].v;
      if (jacobian != null) System.arraycopy(r[i].d, 0, jacobian[i], 0, 6);
    }
    for (int i = 0; i < 3; i++) {
      rm[9 + i] = m[i].v;
      if (jacobian != null) System.arraycopy(m[i].d, 0, jacobian[9 + i], 0, 6);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.EULER ? "euler " + convention : "se3";
  }

  // --- formulas on jets ---

  private static Jet[] axis(char a, Jet angle) {
    Jet c = angle.cos(), s = angle.sin(), one = Jet.constant(1), zero = Jet.constant(0);
    Jet ms = s.scale(-1);
    switch (a) {
      case 'X': return new Jet[] {one, zero, zero, zero, c, ms, zero, s, c};
      case 'Y': return new Jet[] {c, zero, s, zero, one, zero, ms, zero, c};
      default: return new Jet[] {c, ms, zero, s, c, zero, zero, zero, one};
    }
  }

  private static Jet[] multiply(Jet[] a, Jet[] b) {
    Jet[] c = new Jet[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[3 * i + j] = a[3 * i].mul(b[j]).add(a[3 * i + 1].mul(b[3 + j])).add(a[3 * i + 2].mul(b[6 + j]));
      }
    }
    return c;
  }

  private static Jet[] apply(Jet[] r, Jet x, Jet y, Jet z) {
    return new Jet[] {r[0].mul(x).add(r[1].mul(y)).add(r[2].mul(z)),
      r[3].mul(x).add(r[4].mul(y)).add(r[5].mul(z)), r[6].mul(x).add(r[7].mul(y)).add(r[8].mul(z))};
  }

  /** exp(hat(ω)) through the unit quaternion (cos(θ/2), sin(θ/2)/θ·ω), as PyTorch3D does. */
  private static Jet[] exp(Jet[] w) {
    Jet t2 = w[0].mul(w[0]).add(w[1].mul(w[1])).add(w[2].mul(w[2]));
    Jet half;
    Jet qw;
    if (t2.v < 1e-12) {
      // Taylor terms in θ² keep the derivative exact at and near 0.
      half = t2.scale(-1.0 / 48).plus(0.5);
      qw = t2.scale(-1.0 / 8).plus(1);
    } else {
      Jet t = t2.sqrt();
      half = t.scale(0.5).sin().div(t);
      qw = t.scale(0.5).cos();
    }
    Jet qx = w[0].mul(half), qy = w[1].mul(half), qz = w[2].mul(half);
    Jet n2 = qw.mul(qw).add(qx.mul(qx)).add(qy.mul(qy)).add(qz.mul(qz));
    Jet s = Jet.constant(2).div(n2);
    Jet one = Jet.constant(1);
    return new Jet[] {
      one.sub(s.mul(qy.mul(qy).add(qz.mul(qz)))), s.mul(qx.mul(qy).sub(qz.mul(qw))),
      s.mul(qx.mul(qz).add(qy.mul(qw))),
      s.mul(qx.mul(qy).add(qz.mul(qw))), one.sub(s.mul(qx.mul(qx).add(qz.mul(qz)))),
      s.mul(qy.mul(qz).sub(qx.mul(qw))),
      s.mul(qx.mul(qz).sub(qy.mul(qw))), s.mul(qy.mul(qz).add(qx.mul(qw))),
      one.sub(s.mul(qx.mul(qx).add(qy.mul(qy))))};
  }

  private static Jet[] vMatrix(Jet[] w) {
    Jet t2 = w[0].mul(w[0]).add(w[1].mul(w[1])).add(w[2].mul(w[2]));
    if (t2.v < 1e-4) t2 = Jet.constant(1e-4); // PyTorch3D's clamp: no gradient through it
    Jet t = t2.sqrt();
    Jet a = Jet.constant(1).sub(t.cos()).div(t2);
    Jet b = t.sub(t.sin()).div(t2.mul(t));
    Jet zero = Jet.constant(0);
    Jet[] k = {zero, w[2].scale(-1), w[1], w[2], zero, w[0].scale(-1), w[1].scale(-1), w[0], zero};
    Jet[] k2 = multiply(k, k);
    Jet[] v = new Jet[9];
    for (int i = 0; i < 9; i++) {
      v[i] = k[i].mul(a).add(k2[i].mul(b)).plus(i % 4 == 0 ? 1 : 0);
    }
    return v;
  }

  private static double[][] vMatrix(double[] w) {
    Jet[] j = vMatrix(new Jet[] {Jet.constant(w[0]), Jet.constant(w[1]), Jet.constant(w[2])});
    double[][] v = new double[3][3];
    for (int i = 0; i < 9; i++) v[i / 3][i % 3] = j[i].v;
    return v;
  }

  /** a·x = b for a 3×3 a (Cramer's rule; V is well conditioned for |ω| &lt; 2π). */
  private static double[] solve(double[][] a, double[] b) {
    double det = det(a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2], a[2][0], a[2][1], a[2][2]);
    double[] x = new double[3];
    for (int c = 0; c < 3; c++) {
      double[][] m = {a[0].clone(), a[1].clone(), a[2].clone()};
      for (int r = 0; r < 3; r++) m[r][c] = b[r];
      x[c] = det(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]) / det;
    }
    return x;
  }

  private static double det(double a, double b, double c, double d, double e, double f, double g,
      double h, double i) {
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  }
}
