package sc.fiji.diffdrr.geometry;

import java.util.Locale;

/**
 * Rotation parameterizations with PyTorch3D semantics, as DiffDRR uses them. Matrices are 3×3,
 * row-major in a double[9], acting on column vectors. Angles are radians.
 */
public final class Rotations {

  /** The 12 Euler conventions: 6 Tait–Bryan (three distinct axes) and 6 proper Euler. */
  public static final String[] CONVENTIONS = {
    "XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX", "XYX", "XZX", "YXY", "YZY", "ZXZ", "ZYZ"};

  private Rotations() {}

  /** Checks and upper-cases an Euler convention such as "ZXY". */
  public static String convention(String convention) {
    String c = convention == null ? "" : convention.trim().toUpperCase(Locale.ROOT);
    for (String known : CONVENTIONS) {
      if (known.equals(c)) return known;
    }
    throw new IllegalArgumentException("convention must be one of " + String.join(", ", CONVENTIONS)
        + ", got '" + convention + "'");
  }

  /** True for conventions with three distinct axes (XYZ, ZXY, ...). */
  public static boolean isTaitBryan(String convention) {
    String c = convention(convention);
    return c.charAt(0) != c.charAt(2);
  }

  /** Rotation by {@code angle} about one coordinate axis ('X', 'Y' or 'Z'). */
  public static double[] axis(char axis, double angle) {
    double c = Math.cos(angle), s = Math.sin(angle);
    switch (axis) {
      case 'X': return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
      case 'Y': return new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
      case 'Z': return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
      default: throw new IllegalArgumentException("axis must be X, Y or Z, got " + axis);
    }
  }

  /** R = R_c0(a0)·R_c1(a1)·R_c2(a2) for convention "c0c1c2" (PyTorch3D euler_angles_to_matrix). */
  public static double[] euler(String convention, double a0, double a1, double a2) {
    String c = convention(convention);
    return multiply(multiply(axis(c.charAt(0), a0), axis(c.charAt(1), a1)), axis(c.charAt(2), a2));
  }

  /** Rodrigues: the vector's direction is the axis, its length the angle. */
  public static double[] axisAngle(double x, double y, double z) {
    double angle = Math.sqrt(x * x + y * y + z * z);
    if (angle < 1e-12) return identity();
    double kx = x / angle, ky = y / angle, kz = z / angle;
    double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
    return new double[] {
      t * kx * kx + c, t * kx * ky - s * kz, t * kx * kz + s * ky,
      t * kx * ky + s * kz, t * ky * ky + c, t * ky * kz - s * kx,
      t * kx * kz - s * ky, t * ky * kz + s * kx, t * kz * kz + c};
  }

  /** Unit quaternion, real part first; normalised here. */
  public static double[] quaternion(double w, double x, double y, double z) {
    double n2 = w * w + x * x + y * y + z * z;
    if (!(n2 > 0) || !Double.isFinite(n2)) {
      throw new IllegalArgumentException("quaternion must be finite and non-zero, got ("
          + w + ", " + x + ", " + y + ", " + z + ")");
    }
    double s = 2 / n2;
    return new double[] {
      1 - s * (y * y + z * z), s * (x * y - z * w), s * (x * z + y * w),
      s * (x * y + z * w), 1 - s * (x * x + z * z), s * (y * z - x * w),
      s * (x * z - y * w), s * (y * z + x * w), 1 - s * (x * x + y * y)};
  }

  /** Euler angles (radians, in convention order) of a rotation matrix (PyTorch3D matrix_to_euler_angles). */
  public static double[] toEuler(double[] r, String convention) {
    String c = convention(convention);
    int i0 = index(c.charAt(0)), i2 = index(c.charAt(2));
    boolean taitBryan = i0 != i2;
    double central;
    if (taitBryan) {
      int d = i0 - i2;
      double sign = (d == -1 || d == 2) ? -1 : 1;
      central = Math.asin(clamp(r[i0 * 3 + i2] * sign));
    } else {
      central = Math.acos(clamp(r[i0 * 3 + i0]));
    }
    double[] column = {r[i2], r[3 + i2], r[6 + i2]};
    double[] row = {r[i0 * 3], r[i0 * 3 + 1], r[i0 * 3 + 2]};
    return new double[] {
      angleFromTan(c.charAt(0), c.charAt(1), column, false, taitBryan),
      central,
      angleFromTan(c.charAt(2), c.charAt(1), row, true, taitBryan)};
  }

  /** Quaternion (w, x, y, z) with w ≥ 0. */
  public static double[] toQuaternion(double[] r) {
    double trace = r[0] + r[4] + r[8];
    double w, x, y, z;
    if (trace > 0) {
      double s = Math.sqrt(trace + 1) * 2;
      w = 0.25 * s; x = (r[7] - r[5]) / s; y = (r[2] - r[6]) / s; z = (r[3] - r[1]) / s;
    } else if (r[0] > r[4] && r[0] > r[8]) {
      double s = Math.sqrt(1 + r[0] - r[4] - r[8]) * 2;
      w = (r[7] - r[5]) / s; x = 0.25 * s; y = (r[1] + r[3]) / s; z = (r[2] + r[6]) / s;
    } else if (r[4] > r[8]) {
      double s = Math.sqrt(1 + r[4] - r[0] - r[8]) * 2;
      w = (r[2] - r[6]) / s; x = (r[1] + r[3]) / s; y = 0.25 * s; z = (r[5] + r[7]) / s;
    } else {
      double s = Math.sqrt(1 + r[8] - r[0] - r[4]) * 2;
      w = (r[3] - r[1]) / s; x = (r[2] + r[6]) / s; y = (r[5] + r[7]) / s; z = 0.25 * s;
    }
    double n = Math.sqrt(w * w + x * x + y * y + z * z) * (w < 0 ? -1 : 1);
    return new double[] {w / n, x / n, y / n, z / n};
  }

  /** Axis-angle vector (axis × angle, angle in [0, π]). */
  public static double[] toAxisAngle(double[] r) {
    double[] q = toQuaternion(r);
    double sinHalf = Math.sqrt(q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    if (sinHalf < 1e-12) return new double[] {0, 0, 0};
    double angle = 2 * Math.atan2(sinHalf, q[0]);
    return new double[] {q[1] / sinHalf * angle, q[2] / sinHalf * angle, q[3] / sinHalf * angle};
  }

  public static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  public static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
      }
    }
    return c;
  }

  public static double[] transpose(double[] a) {
    return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
  }

  public static double[] apply(double[] r, double x, double y, double z) {
    return new double[] {
      r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z, r[6] * x + r[7] * y + r[8] * z};
  }

  private static int index(char axis) {
    return axis - 'X';
  }

  private static double clamp(double v) {
    return Math.max(-1, Math.min(1, v));
  }

  private static double angleFromTan(char axis, char other, double[] data, boolean horizontal,
      boolean taitBryan) {
    int i1, i2;
    switch (axis) {
      case 'X': i1 = 2; i2 = 1; break;
      case 'Y': i1 = 0; i2 = 2; break;
      default: i1 = 1; i2 = 0; break;
    }
    if (horizontal) { int t = i1; i1 = i2; i2 = t; }
    String pair = "" + axis + other;
    boolean even = pair.equals("XY") || pair.equals("YZ") || pair.equals("ZX");
    if (horizontal == even) return Math.atan2(data[i1], data[i2]);
    if (taitBryan) return Math.atan2(-data[i2], data[i1]);
    return Math.atan2(data[i2], -data[i1]);
  }
}
