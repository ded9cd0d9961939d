package sc.fiji.diffdrr.geometry;

import java.util.Locale;

/**
 * DiffDRR's reorientation of the camera frame before the pose is applied. AP (the default) makes
 * camera +z (source → detector) world −y and camera +y world +z, so pose (0,0,0)/(0,850,0) is an
 * anterior–posterior radiograph. PA is a reflection (determinant −1), as in DiffDRR.
 */
public enum Orientation {
  AP(new double[] {1, 0, 0, 0, 0, -1, 0, 1, 0}),
  PA(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}),
  NONE(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

  private final double[] matrix;

  Orientation(double[] matrix) {
    this.matrix = matrix;
  }

  /** The 3×3 matrix O, row-major. */
  public double[] matrix() {
    return matrix.clone();
  }

  public double[] apply(double x, double y, double z) {
    return Rotations.apply(matrix, x, y, z);
  }

  /** Parses "AP", "PA" or "none" (case-insensitive). */
  public static Orientation parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (Orientation o : values()) {
      if (o.name().equals(t)) return o;
    }
    throw new IllegalArgumentException("orientation must be AP, PA or none, got '" + s + "'");
  }
}
