package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The Java view gradient (∂L/∂ source, origin, u, v) against central finite differences of
 * L = Σ c_p·DRR_p on a smooth volume (a sum of Gaussians): trilinear to 1e-3 relative (the error
 * vector's norm over the gradient's, pixel steps weighted by the detector size); Siddon, whose DRR
 * of a voxelized volume is piecewise linear with kinks wherever a ray's voxel sequence changes, to
 * 1e-2 on an oblique view. (Rays nearly parallel to voxel planes make those kinks steep: the
 * fixed-voxel derivative, DiffDRR's, does not see them; RegistrationGradientTest checks the loss
 * gradient on the head CT.)
 */
class ViewGradientTest {

  static VolumeGrid grid() {
    return new VolumeGrid(40, 36, 32, 2.0, 2.2, 2.5, VoxelConvention.CENTERED);
  }

  /** Gaussian blobs well inside the box: zero at the edges, smooth everywhere. */
  static float[] blobs(VolumeGrid g) {
    float[] v = new float[g.voxelCount()];
    double[][] c = {{-8, 4, 6, 12}, {10, -6, -4, 9}, {2, 8, -10, 7}};
    for (int z = 0; z < g.nz; z++) {
      for (int y = 0; y < g.ny; y++) {
        for (int x = 0; x < g.nx; x++) {
          double wx = g.voxelCentre(0, x), wy = g.voxelCentre(1, y), wz = g.voxelCentre(2, z);
          double s = 0;
          for (double[] b : c) {
            double r2 = (wx - b[0]) * (wx - b[0]) + (wy - b[1]) * (wy - b[1]) + (wz - b[2]) * (wz - b[2]);
            s += Math.exp(-r2 / (2 * b[3] * b[3]));
          }
          v[g.index(x, y, z)] = (float) s;
        }
      }
    }
    return v;
  }

  static double loss(PoseRenderer r, View view, float[] c) {
    float[] img = new float[view.pixelCount()];
    r.render(view, img);
    double s = 0;
    for (int i = 0; i < img.length; i++) s += (double) c[i] * img[i];
    return s;
  }

  static View perturbed(View v, int k, double h) {
    double[] a = v.toArray();
    a[k] += h;
    return new View(new double[] {a[0], a[1], a[2]}, new double[] {a[3], a[4], a[5]},
        new double[] {a[6], a[7], a[8]}, new double[] {a[9], a[10], a[11]}, v.height, v.width);
  }

  /**
   * A grid placed as a file may place it (rotated, flipped axes and an offset, as a MetaImage
   * TransformMatrix/Offset says): the rays are differentiated in the centred frame and the
   * gradient must come back in world mm.
   */
  static VolumeGrid placed() {
    double c = Math.cos(0.4), s = Math.sin(0.4);
    double[][] axes = {{c, s, 0}, {0, 0, -1}, {-s, c, 0}};
    VolumeGrid g = grid();
    // voxel 0 placed so that the volume's centre lies 5 mm off the world origin
    double[] offset = {5, -3, 4};
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) offset[b] += g.voxelCentre(a, 0) * axes[a][b];
    }
    return g.withPlacement(new Placement(offset, axes));
  }

  @ParameterizedTest(name = "{0} pose {1} {2}")
  @CsvSource({"TRILINEAR, 0, centred", "TRILINEAR, 1, centred", "TRILINEAR, 2, centred",
    "SIDDON, 2, centred", "TRILINEAR, 1, placed", "SIDDON, 2, placed"})
  void matchesFiniteDifferences(Renderer renderer, int pose, String where) {
    VolumeGrid grid = where.equals("placed") ? placed() : grid();
    float[] volume = blobs(grid);
    View view = new Detector(1020, 24, 5.0).view(Reference.pose(pose), Reference.orientation());
    Random random = new Random(7);
    float[] c = new float[view.pixelCount()];
    for (int i = 0; i < c.length; i++) c[i] = 0.5f + random.nextFloat();
    // Trilinear takes m = ceil(length/step) samples: m jumps by one as a ray's length crosses a
    // multiple of the step, a tiny jump of the DRR that a finite difference divides by 2h. The
    // jumps' share of the difference quotient scales with the step, so a fine step (0.1 mm)
    // keeps them below the tolerance; the analytic derivative (m fixed) is the same at any step.
    ProjectorSettings settings = renderer == Renderer.TRILINEAR
        ? new ProjectorSettings(renderer, 0.1, ProjectorSettings.DEFAULT_N_POINTS)
        : ProjectorSettings.of(renderer);
    try (PoseRenderer r = new JavaPoseRenderer(grid, volume, settings, Parallel.threads(2))) {
      double[] analytic = r.viewGradient(view, c);
      // Steps: 0.01 mm for points, 1e-4 mm for the pixel steps (they are multiplied by up to 23
      // pixels): small against the blobs (σ ≥ 7 mm), large against float rounding of the DRR.
      double[] fd = new double[12];
      double norm = 0, error = 0;
      for (int k = 0; k < 12; k++) {
        double h = k < 6 ? 1e-2 : 1e-4;
        fd[k] = (loss(r, perturbed(view, k, h), c) - loss(r, perturbed(view, k, -h), c)) / (2 * h);
      }
      // compare in units where every parameter moves pixels by about the same amount
      for (int k = 0; k < 12; k++) {
        double w = k < 6 ? 1 : 24;
        norm += (w * analytic[k]) * (w * analytic[k]);
        error += (w * (analytic[k] - fd[k])) * (w * (analytic[k] - fd[k]));
        System.out.printf("%s pose %d  d/dview[%2d]: analytic %+.6e  fd %+.6e%n", renderer, pose, k,
            analytic[k], fd[k]);
      }
      double relative = Math.sqrt(error / norm);
      double tolerance = renderer == Renderer.TRILINEAR ? 1e-3 : 1e-2;
      System.out.printf("%s pose %d: relative error %.2e (tolerance %.0e)%n", renderer, pose, relative, tolerance);
      assertTrue(relative <= tolerance, "relative error " + relative);
    }
  }
}
