package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.recon.Optimizer;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/**
 * The reconstruction loop, written once against Backend, gives the same loss history and volume
 * on OpenCL as on the Java backend: every kernel of an iteration (projector pair, loss, TV,
 * optimizer, clamp) in the order the loop runs them, with batches whose view ids change.
 */
class OpenClReconstructionTest {

  private static OpenClBackend cl;

  @BeforeAll
  static void open() {
    cl = OpenClTestDevice.backend();
  }

  @AfterAll
  static void close() {
    if (cl != null) cl.close();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"SIDDON, NCC, ADAM", "TRILINEAR, MSE, SGD"})
  void sameLossesAndVolumeAsJava(Renderer renderer, ImageLoss loss, Optimizer optimizer) {
    JavaBackend java = new JavaBackend(2);
    Volume phantom = SheppLogan.create(24, 10);
    Detector detector = new Detector(1020, 32, 10.0);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(6, 360, 0, 850)) views.add(detector.view(p, Orientation.AP));
    ProjectorSettings projector = ProjectorSettings.of(renderer);
    float[] targets = DrrRenderer.render(java, phantom, views, projector);
    ReconstructionProblem problem = new ReconstructionProblem(phantom.grid, views, targets,
        projector);
    ReconstructionSettings s = new ReconstructionSettings().iterations(6).loss(loss)
        .optimizer(optimizer).learningRate(optimizer == Optimizer.ADAM ? 1e-2 : 1e-3)
        .momentum(0.5).batchViews(4).tvWeight(0.1).nonNegative(true);
    ReconstructionResult expected = new Reconstructor(java).run(problem, s, ProgressListener.NONE);
    ReconstructionResult ours = new Reconstructor(cl).run(problem, s, ProgressListener.NONE);
    assertEquals(expected.losses.length, ours.losses.length);
    for (int i = 0; i < ours.losses.length; i++) {
      double rel = Math.abs(ours.losses[i] - expected.losses[i]) / Math.abs(expected.losses[i]);
      System.out.printf("%s %s %s iteration %d: loss %.7g (Java %.7g), relative %.1e%n", renderer,
          loss, optimizer, i + 1, ours.losses[i], expected.losses[i], rel);
      assertTrue(rel <= 1e-4, "iteration " + (i + 1) + ": loss " + ours.losses[i] + " vs "
          + expected.losses[i]);
    }
    float[] a = expected.volume.data();
    float[] b = ours.volume.data();
    double max = 0;
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i]));
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    System.out.printf("%s %s %s volume: max |opencl − java| %.3g of max %.4g%n", renderer, loss,
        optimizer, worst, max);
    // Adam moves every voxel by about lr·g/(|g| + ε) whatever |g|: where a gradient is of the order
    // of ε = 1e-8 its float rounding shows in the step, so Adam's volumes agree to a fraction of lr
    double tolerance = optimizer == Optimizer.ADAM ? 1e-2 * s.learningRate() : 1e-4 * max;
    assertTrue(max > 0 && worst <= tolerance, "volume differs by " + worst + " of " + max);
  }
}
