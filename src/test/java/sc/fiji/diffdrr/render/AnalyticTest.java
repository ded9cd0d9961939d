package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Line integrals against chords computed in world space, independently of any voxel walk. */
class AnalyticTest {

  private static final float CUBE_DENSITY = 2.5f;

  /** A 40×36×32 volume (1.5 × 2 × 2.5 mm) with voxels [10, 30)×[8, 28)×[6, 26) set. */
  static VolumeGrid cubeGrid(VoxelConvention c) {
    return new VolumeGrid(40, 36, 32, 1.5, 2.0, 2.5, c);
  }

  static float[] cube(VolumeGrid g) {
    float[] v = new float[g.voxelCount()];
    for (int z = 6; z < 26; z++) {
      for (int y = 8; y < 28; y++) {
        for (int x = 10; x < 30; x++) v[g.index(x, y, z)] = CUBE_DENSITY;
      }
    }
    return v;
  }

  /** World corners of the cube: faces of its first and last voxels. */
  static double[][] cubeBox(VolumeGrid g) {
    int[] first = {10, 8, 6};
    int[] last = {29, 27, 25};
    double[] lo = new double[3];
    double[] hi = new double[3];
    for (int a = 0; a < 3; a++) {
      lo[a] = g.voxelCentre(a, first[a]) - g.spacing(a) / 2;
      hi[a] = g.voxelCentre(a, last[a]) + g.spacing(a) / 2;
    }
    return new double[][] {lo, hi};
  }

  /** Length (mm) of the segment s → p inside the box [lo, hi]. */
  static double boxChord(double[] s, double[] p, double[] lo, double[] hi) {
    double t0 = 0;
    double t1 = 1;
    for (int a = 0; a < 3; a++) {
      double d = p[a] - s[a];
      if (d == 0) {
        if (s[a] < lo[a] || s[a] > hi[a]) return 0;
        continue;
      }
      double ta = (lo[a] - s[a]) / d;
      double tb = (hi[a] - s[a]) / d;
      t0 = Math.max(t0, Math.min(ta, tb));
      t1 = Math.min(t1, Math.max(ta, tb));
    }
    return t1 > t0 ? (t1 - t0) * distance(s, p) : 0;
  }

  static double distance(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    double dz = a[2] - b[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  static View[] cubeViews() {
    Detector d = new Detector(1020, 24, 20, 4.0, 3.0, 1.7, -2.3, true);
    return new View[] {
      d.view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), Orientation.AP),
      d.view(Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0), Orientation.AP),
      d.view(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP),
      d.view(Pose.eulerDegrees("XYZ", 47, -63, 101, -4, 400, 7), Orientation.PA)};
  }

  /** Siddon integrates a piecewise-constant volume exactly: every pixel is chord × density. */
  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void siddonRendersChordsOfABox(VoxelConvention c) {
    VolumeGrid g = cubeGrid(c);
    float[] volume = cube(g);
    double[][] box = cubeBox(g);
    Projector siddon = Projectors.create(g, ProjectorSettings.siddon(), Parallel.threads(2));
    int hits = 0;
    double worst = 0;
    for (View view : cubeViews()) {
      float[] image = new float[view.pixelCount()];
      siddon.forward(volume, view, image, 0);
      double[] s = view.source();
      for (int i = 0; i < view.height; i++) {
        for (int j = 0; j < view.width; j++) {
          double expected = CUBE_DENSITY * boxChord(s, view.pixelCentre(i, j), box[0], box[1]);
          double got = image[i * view.width + j];
          if (expected > 0) hits++;
          worst = Math.max(worst, Math.abs(got - expected) / Math.max(expected, 1e-3));
          assertEquals(expected, got, 1e-5 * expected + 1e-6, "pixel " + i + "," + j);
        }
      }
    }
    System.out.printf("box chords, Siddon, %s: largest relative error %.2e%n", c, worst);
    assertTrue(hits > 200, "too few rays hit the box: " + hits);
  }

  /**
   * Trilinear, CENTERED, along an axis: the interpolant of the box ramps linearly over the voxel
   * at each face, so its integral is still chord × density; with step = half the spacing along
   * the ray the sample intervals end on the ramps' kinks, where the midpoint rule is exact.
   */
  @Test
  void trilinearRendersTheAxisChordOfABox() {
    VolumeGrid g = cubeGrid(VoxelConvention.CENTERED);
    float[] volume = cube(g);
    // Odd detectors: the central pixel's ray is exactly axis-aligned (0 direction components).
    Detector d = new Detector(1020, 5, 5, 1.0, 1.0, 0, 0, true);
    Object[][] cases = {
      {Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), 1, 20 * 2.0},
      {Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0), 0, 20 * 1.5},
      {Pose.eulerDegrees("ZXY", 0, 90, 0, 0, 850, 0), 2, 20 * 2.5}};
    for (Object[] k : cases) {
      View view = d.view((Pose) k[0], Orientation.AP);
      int axis = (Integer) k[1];
      Projector tri = Projectors.create(g, new ProjectorSettings(Renderer.TRILINEAR,
          g.spacing(axis) / 2, 500), Parallel.threads(2));
      float[] image = new float[view.pixelCount()];
      tri.forward(volume, view, image, 0);
      double expected = CUBE_DENSITY * (double) k[2];
      double got = image[2 * 5 + 2];
      System.out.printf("box chord along axis %d, trilinear: %.7f (expected %.7f)%n", axis, got,
          expected);
      assertEquals(expected, got, 1e-5 * expected);
    }
  }

  /**
   * A 128³ ellipsoid (1 mm voxels) voxelised by partial volume; rays that are on no grid plane
   * render the analytic chord within 0.5 %, with both renderers and both conventions.
   */
  @Test
  void rendersChordsOfAnEllipsoid() {
    double[] centre = {1.3, -2.1, 1.7};
    double[] semi = {60, 55, 50};
    Detector d = new Detector(1000, 7, 7, 5.1, 4.3, 0.7, -1.1, true);
    View[] views = {
      d.view(Pose.eulerDegrees("ZXY", 13, 7, -5, 0.9, 600, -1.3), Orientation.AP),
      d.view(Pose.eulerDegrees("ZXY", 77, -21, 33, -2.1, 600, 0.4), Orientation.AP),
      d.view(Pose.eulerDegrees("XYZ", 49, 61, -8, 1.1, 600, 2.2), Orientation.AP)};
    for (VoxelConvention c : VoxelConvention.values()) {
      VolumeGrid g = new VolumeGrid(128, 128, 128, 1, 1, 1, c);
      float[] volume = ellipsoid(g, centre, semi);
      for (Renderer r : Renderer.values()) {
        Projector p = Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(2));
        double worst = 0;
        for (View view : views) {
          float[] image = new float[view.pixelCount()];
          p.forward(volume, view, image, 0);
          double[] s = view.source();
          for (int i = 0; i < view.height; i++) {
            for (int j = 0; j < view.width; j++) {
              double chord = ellipsoidChord(s, view.pixelCentre(i, j), centre, semi);
              assertTrue(chord > 30, "test rays should cross the ellipsoid well: " + chord);
              double rel = Math.abs(image[i * view.width + j] - chord) / chord;
              worst = Math.max(worst, rel);
            }
          }
        }
        System.out.printf("ellipsoid chords, %s, %s: largest relative error %.2e%n", r, c, worst);
        assertTrue(worst <= 0.005, r + " " + c + ": relative error " + worst);
      }
    }
  }

  /** Fraction of each voxel inside the ellipsoid, from 4³ sub-samples near the surface. */
  static float[] ellipsoid(VolumeGrid g, double[] centre, double[] semi) {
    float[] v = new float[g.voxelCount()];
    int sub = 4;
    for (int z = 0; z < g.nz; z++) {
      for (int y = 0; y < g.ny; y++) {
        for (int x = 0; x < g.nx; x++) {
          double cx = g.voxelCentre(0, x);
          double cy = g.voxelCentre(1, y);
          double cz = g.voxelCentre(2, z);
          double r = Math.sqrt(implicit(cx, cy, cz, centre, semi));
          // More than 2 mm (twice a voxel's half-diagonal) inside or outside: whole or empty.
          if (Math.abs(r - 1) * 50 > 2) {
            v[g.index(x, y, z)] = r < 1 ? 1 : 0;
            continue;
          }
          int inside = 0;
          for (int k = 0; k < sub; k++) {
            for (int j = 0; j < sub; j++) {
              for (int i = 0; i < sub; i++) {
                double px = cx + ((i + 0.5) / sub - 0.5) * g.sx;
                double py = cy + ((j + 0.5) / sub - 0.5) * g.sy;
                double pz = cz + ((k + 0.5) / sub - 0.5) * g.sz;
                if (implicit(px, py, pz, centre, semi) <= 1) inside++;
              }
            }
          }
          v[g.index(x, y, z)] = inside / (float) (sub * sub * sub);
        }
      }
    }
    return v;
  }

  static double implicit(double x, double y, double z, double[] c, double[] semi) {
    double u = (x - c[0]) / semi[0];
    double v = (y - c[1]) / semi[1];
    double w = (z - c[2]) / semi[2];
    return u * u + v * v + w * w;
  }

  /** Length (mm) of the segment s → p inside the ellipsoid. */
  static double ellipsoidChord(double[] s, double[] p, double[] c, double[] semi) {
    double qa = 0;
    double qb = 0;
    double qc = -1;
    for (int a = 0; a < 3; a++) {
      double o = (s[a] - c[a]) / semi[a];
      double d = (p[a] - s[a]) / semi[a];
      qa += d * d;
      qb += 2 * o * d;
      qc += o * o;
    }
    double disc = qb * qb - 4 * qa * qc;
    if (disc <= 0) return 0;
    double t0 = Math.max(0, (-qb - Math.sqrt(disc)) / (2 * qa));
    double t1 = Math.min(1, (-qb + Math.sqrt(disc)) / (2 * qa));
    return t1 > t0 ? (t1 - t0) * distance(s, p) : 0;
  }
}
