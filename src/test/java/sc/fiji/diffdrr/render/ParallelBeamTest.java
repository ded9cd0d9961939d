package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.recon.Metrics;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Parallel-beam views: analytic box chords, the adjoint's dot test, a parallel orbit. */
class ParallelBeamTest {

  static View[] parallelViews() {
    Detector d = new Detector(1020, 24, 20, 4.0, 3.0, 1.7, -2.3, true);
    return new View[] {
      d.parallelView(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), Orientation.AP),
      d.parallelView(Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0), Orientation.AP),
      d.parallelView(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP),
      d.parallelView(Pose.eulerDegrees("XYZ", 47, -63, 101, -4, 400, 7), Orientation.PA),
      // a detector inside the volume: the rays are whole lines, both sides of it count
      View.parallel(new double[] {0.3, -1, 0.2}, new double[] {-30, 2, -25},
          new double[] {3, 0.9, 0}, new double[] {0, 0.6, 2.7}, 24, 20)};
  }

  /** The box chord of the whole line through p along d. */
  static double lineChord(View view, int i, int j, double[] lo, double[] hi) {
    double[] p = view.pixelCentre(i, j);
    double[] d = view.direction();
    double far = 1e4;
    double[] a = {p[0] - far * d[0], p[1] - far * d[1], p[2] - far * d[2]};
    double[] b = {p[0] + far * d[0], p[1] + far * d[1], p[2] + far * d[2]};
    return AnalyticTest.boxChord(a, b, lo, hi);
  }

  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void siddonRendersChordsOfABox(VoxelConvention c) {
    VolumeGrid g = AnalyticTest.cubeGrid(c);
    float[] volume = AnalyticTest.cube(g);
    double[][] box = AnalyticTest.cubeBox(g);
    Projector siddon = Projectors.create(g, ProjectorSettings.siddon(), Parallel.threads(2));
    int hits = 0;
    double worst = 0;
    for (View view : parallelViews()) {
      float[] image = new float[view.pixelCount()];
      siddon.forward(volume, view, image, 0);
      for (int i = 0; i < view.height; i++) {
        for (int j = 0; j < view.width; j++) {
          double expected = 2.5 * lineChord(view, i, j, box[0], box[1]);
          double got = image[i * view.width + j];
          if (expected > 0) hits++;
          worst = Math.max(worst, Math.abs(got - expected) / Math.max(expected, 1e-3));
          assertEquals(expected, got, 1e-5 * expected + 1e-6, "pixel " + i + "," + j);
        }
      }
    }
    System.out.printf("parallel beam box chords, Siddon, %s: largest relative error %.2e%n", c,
        worst);
    assertTrue(hits > 300, "too few rays hit the box: " + hits);
  }

  /** Trilinear along an axis: as for the cone beam, the midpoint rule is exact on the ramps. */
  @Test
  void trilinearRendersTheAxisChordOfABox() {
    VolumeGrid g = AnalyticTest.cubeGrid(VoxelConvention.CENTERED);
    float[] volume = AnalyticTest.cube(g);
    Detector d = new Detector(1020, 5, 5, 1.0, 1.0, 0, 0, true);
    Object[][] cases = {
      {Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), 1, 20 * 2.0},
      {Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0), 0, 20 * 1.5},
      {Pose.eulerDegrees("ZXY", 0, 90, 0, 0, 850, 0), 2, 20 * 2.5}};
    for (Object[] k : cases) {
      View view = d.parallelView((Pose) k[0], Orientation.AP);
      int axis = (Integer) k[1];
      Projector tri = Projectors.create(g, new ProjectorSettings(Renderer.TRILINEAR,
          g.spacing(axis) / 2, 500), Parallel.threads(2));
      float[] image = new float[view.pixelCount()];
      tri.forward(volume, view, image, 0);
      double expected = 2.5 * (double) k[2];
      for (int p = 0; p < 25; p++) {
        // every ray of an axis-aligned parallel view is on the axis: all central 3×3 see the box
        int i = p / 5, j = p % 5;
        if (i == 0 || j == 0 || i == 4 || j == 4) continue;
        assertEquals(expected, image[p], 1e-5 * expected, "axis " + axis + " pixel " + p);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} view {2}")
  @CsvSource({"SIDDON, CENTERED, 2", "SIDDON, DIFFDRR_V05, 3", "TRILINEAR, CENTERED, 2",
    "TRILINEAR, DIFFDRR_V05, 3", "SIDDON, CENTERED, 4", "TRILINEAR, CENTERED, 4"})
  void adjointPassesTheDotProductTest(Renderer renderer, VoxelConvention c, int k) {
    VolumeGrid g = new VolumeGrid(30, 26, 22, 3.0, 3.3, 3.5, c);
    View view = parallelViews()[k];
    Projector p = Projectors.create(g, ProjectorSettings.of(renderer), Parallel.threads(2));
    float[] x = AdjointTest.random(g.voxelCount(), 7, -1);
    float[] y = AdjointTest.random(view.pixelCount(), 8, -1);
    float[] ax = new float[view.pixelCount()];
    float[] aty = new float[g.voxelCount()];
    p.forward(x, view, ax, 0);
    p.adjoint(y, 0, view, aty);
    double left = AdjointTest.dot(ax, y);
    double right = AdjointTest.dot(x, aty);
    double rel = Math.abs(left - right) / Math.abs(left);
    System.out.printf("parallel beam adjoint %s %s view %d: relative error %.2e%n", renderer, c,
        k, rel);
    assertTrue(AdjointTest.countNonZero(ax) > ax.length / 3, "most rays should see the volume");
    assertTrue(rel <= 1e-5, "relative error " + rel);
  }

  /** A parallel orbit of 60 views recovers the phantom (Java backend, Siddon). */
  @Test
  void aParallelOrbitReconstructsThePhantom() {
    JavaBackend backend = new JavaBackend(2);
    Volume phantom = SheppLogan.create(32, 8);
    Detector detector = new Detector(1020, 40, 8.0);
    List<View> views = new ArrayList<>();
    for (Pose pose : Orbit.circular(60, 180, 0, 850)) {
      views.add(detector.parallelView(pose, Orientation.AP));
    }
    float[] targets = DrrRenderer.render(backend, phantom, views, ProjectorSettings.siddon());
    ReconstructionProblem problem = new ReconstructionProblem(phantom.grid, views, targets,
        ProjectorSettings.siddon());
    ReconstructionSettings s = new ReconstructionSettings().iterations(200).learningRate(0.05)
        .finalLearningRateFactor(0.05).batchViews(10).nonNegative(true);
    ReconstructionResult r = new Reconstructor(backend).run(problem, s, ProgressListener.NONE);
    double psnr = Metrics.psnr(phantom.data(), r.volume.data(), 1.0);
    System.out.printf("parallel orbit (60 views over 180°) reconstruction, 32³ phantom: PSNR %.2f dB%n",
        psnr);
    assertTrue(psnr > 25, "PSNR " + psnr);
  }
}
