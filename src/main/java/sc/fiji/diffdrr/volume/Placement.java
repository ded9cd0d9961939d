package sc.fiji.diffdrr.volume;

import java.util.Arrays;

/**
 * Where a volume sits in the world when its file says so (MetaImage Offset and TransformMatrix,
 * DICOM ImagePositionPatient/ImageOrientationPatient): the world position (mm) of voxel 0's centre
 * and the world unit vector of each index axis. Voxel (i, j, k) has its centre at
 * offset + i·s_x·axis[0] + j·s_y·axis[1] + k·s_z·axis[2]. The axes must be orthonormal (rotations,
 * permutations and flips); shears are refused.
 */
public final class Placement {

  private final double[] offset;
  /** axes[a] = world direction of index axis a (MetaImage TransformMatrix triple a). */
  private final double[][] axes;

  public Placement(double[] offset, double[][] axes) {
    if (offset == null || offset.length != 3) {
      throw new IllegalArgumentException("a volume offset must be 3 numbers (mm)");
    }
    for (double x : offset) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("a volume offset must be finite, got "
            + Arrays.toString(offset));
      }
    }
    this.offset = offset.clone();
    this.axes = new double[3][];
    for (int a = 0; a < 3; a++) {
      if (axes[a] == null || axes[a].length != 3) {
        throw new IllegalArgumentException("a volume's axis directions must be 3×3 numbers");
      }
      this.axes[a] = axes[a].clone();
    }
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        double dot = dot(this.axes[a], this.axes[b]);
        if (!(Math.abs(dot - (a == b ? 1 : 0)) <= 1e-4)) {
          throw new IllegalArgumentException("the volume's axis directions (TransformMatrix "
              + Arrays.deepToString(axes) + ") must be orthonormal: rotations, permutations and "
              + "flips are supported, not scaling or shear");
        }
      }
    }
  }

  /** Axes along world x, y, z and voxel 0's centre at {@code offset}. */
  public static Placement translated(double[] offset) {
    return new Placement(offset, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  }

  public double[] offset() {
    return offset.clone();
  }

  /** World direction of index axis a. */
  public double[] axis(int a) {
    return axes[a].clone();
  }

  /** The 9 numbers of MetaImage's TransformMatrix (the axes' directions, one after the other). */
  public double[] transformMatrix() {
    double[] m = new double[9];
    for (int a = 0; a < 3; a++) System.arraycopy(axes[a], 0, m, 3 * a, 3);
    return m;
  }

  public boolean isIdentityAxes() {
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        if (axes[a][b] != (a == b ? 1 : 0)) return false;
      }
    }
    return true;
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("voxel 0 at ").append(fmt(offset)).append(" mm");
    if (!isIdentityAxes()) s.append(", axes ").append(fmt(axes[0])).append(' ')
        .append(fmt(axes[1])).append(' ').append(fmt(axes[2]));
    return s.toString();
  }

  private static String fmt(double[] v) {
    return String.format(java.util.Locale.ROOT, "(%.6g, %.6g, %.6g)", v[0], v[1], v[2]);
  }
}
