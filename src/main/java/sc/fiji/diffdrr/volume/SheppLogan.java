package sc.fiji.diffdrr.volume;

import java.util.stream.IntStream;

import sc.fiji.diffdrr.Require;

/**
 * The modified 3-D Shepp–Logan phantom of DiffDRR's reference data
 * ({@code shared/reference/diffdrr/README.md}): ten ellipsoids in normalised coordinates where
 * voxel (i, j, k) of an n³ grid has its centre at (−1 + (2i+1)/n, −1 + (2j+1)/n, −1 + (2k+1)/n),
 * i the x index. A voxel gets the sum of the values of the ellipsoids containing its centre,
 * (u/a)² + (v/b)² + (dz/c)² ≤ 1 with u, v the centre offset rotated by −φ about z; summed in double
 * in table order, stored as float, so the result is bit-identical to the reference array.
 */
public final class SheppLogan {

  /** Largest size per side: n³ floats must fit one Java array. */
  public static final int MAX_SIZE = 1290;

  // value, a, b, c, x0, y0, z0, φ (degrees about z)
  private static final double[][] ELLIPSOIDS = {
    {1.0, 0.69, 0.92, 0.81, 0, 0, 0, 0},
    {-0.8, 0.6624, 0.874, 0.78, 0, -0.0184, 0, 0},
    {-0.2, 0.11, 0.31, 0.22, 0.22, 0, 0, -18},
    {-0.2, 0.16, 0.41, 0.28, -0.22, 0, 0, 18},
    {0.1, 0.21, 0.25, 0.41, 0, 0.35, -0.15, 0},
    {0.1, 0.046, 0.046, 0.05, 0, 0.1, 0.25, 0},
    {0.1, 0.046, 0.046, 0.05, 0, -0.1, 0.25, 0},
    {0.1, 0.046, 0.023, 0.05, -0.08, -0.605, 0, 0},
    {0.1, 0.023, 0.023, 0.02, 0, -0.606, 0, 0},
    {0.1, 0.023, 0.046, 0.02, 0.06, -0.605, 0, 0},
  };

  /** Bounds used only to skip work are widened by this factor, so rounding cannot skip a hit. */
  private static final double SLACK = 1 + 1e-6;

  private SheppLogan() {}

  /** An n³ phantom of {@code spacingMm} voxels, placed {@link VoxelConvention#CENTERED}. */
  public static Volume create(int n, double spacingMm) {
    Require.inRange("phantom size", n, 1, MAX_SIZE);
    Require.positive("phantom spacing", spacingMm, "mm");
    VolumeGrid grid = new VolumeGrid(n, n, n, spacingMm, spacingMm, spacingMm);
    float[] data = new float[grid.voxelCount()];
    double[] coord = new double[n];
    for (int i = 0; i < n; i++) coord[i] = -1 + (2 * i + 1) / (double) n;
    Ellipsoid[] shapes = new Ellipsoid[ELLIPSOIDS.length];
    for (int e = 0; e < shapes.length; e++) shapes[e] = new Ellipsoid(ELLIPSOIDS[e]);
    // Slices are independent, so the parallel result is the same as the serial one.
    IntStream.range(0, n).parallel().forEach(k -> fillSlice(k, n, coord, shapes, data));
    return new Volume(grid, data);
  }

  private static void fillSlice(int k, int n, double[] coord, Ellipsoid[] shapes, float[] data) {
    double[] row = new double[n];
    double z = coord[k];
    for (int j = 0; j < n; j++) {
      double y = coord[j];
      java.util.Arrays.fill(row, 0);
      for (Ellipsoid s : shapes) {
        double dz = z - s.z0, dy = y - s.y0;
        if (Math.abs(dz) > s.c * SLACK || Math.abs(dy) > s.halfHeight * SLACK) continue;
        // Only voxels in the ellipsoid's x extent (widened by one voxel) can be inside; the exact
        // test below decides, so the bound need not be tight.
        int i0 = Math.max(0, (int) Math.floor((s.x0 - s.halfWidth + 1) * n / 2 - 1.5));
        int i1 = Math.min(n - 1, (int) Math.ceil((s.x0 + s.halfWidth + 1) * n / 2 + 0.5));
        double zz = (dz / s.c) * (dz / s.c);
        for (int i = i0; i <= i1; i++) {
          double dx = coord[i] - s.x0;
          double u = dx * s.cos + dy * s.sin;
          double v = -dx * s.sin + dy * s.cos;
          if ((u / s.a) * (u / s.a) + (v / s.b) * (v / s.b) + zz <= 1) row[i] += s.value;
        }
      }
      int base = n * (j + n * k);
      for (int i = 0; i < n; i++) data[base + i] = (float) row[i];
    }
  }

  private static final class Ellipsoid {
    final double value, a, b, c, x0, y0, z0, cos, sin, halfWidth, halfHeight;

    Ellipsoid(double[] p) {
      value = p[0];
      a = p[1];
      b = p[2];
      c = p[3];
      x0 = p[4];
      y0 = p[5];
      z0 = p[6];
      double phi = Math.toRadians(p[7]);
      cos = StrictMath.cos(phi);
      sin = StrictMath.sin(phi);
      // Half extents of the rotated ellipse along x and y.
      halfWidth = Math.sqrt(a * a * cos * cos + b * b * sin * sin);
      halfHeight = Math.sqrt(a * a * sin * sin + b * b * cos * cos);
    }
  }
}
