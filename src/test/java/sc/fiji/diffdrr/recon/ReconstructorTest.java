package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

class ReconstructorTest {

  private final JavaBackend backend = new JavaBackend(2);
  private final Volume phantom = SheppLogan.create(32, 8);
  private final Detector detector = new Detector(1020, 48, 8.0);

  private ReconstructionProblem problem(List<Pose> poses, TargetNormalization normalization) {
    List<View> views = new ArrayList<>();
    for (Pose p : poses) views.add(detector.view(p, Orientation.AP));
    float[] targets = DrrRenderer.render(backend, phantom, views, ProjectorSettings.siddon());
    return new ReconstructionProblem(phantom.grid, views,
        normalization.apply(targets, detector.pixelCount()), ProjectorSettings.siddon());
  }

  @Test
  void theSeedLoopFitsItsOneView() {
    ReconstructionProblem p = problem(List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)),
        TargetNormalization.MINMAX);
    ReconstructionResult r = new Reconstructor(backend).run(p, ReconstructionSettings.tutorial(),
        ProgressListener.NONE);
    assertEquals(101, r.iterationsDone);
    assertFalse(r.canceled);
    // Adam at lr 1e-3 overshoots at first (each voxel moves ~lr, and a ray sums ~32 of them),
    // then settles: the loss falls by orders of magnitude from quarter to quarter.
    assertTrue(r.lastLoss() < 1e-3 * r.firstLoss(), "loss " + r.firstLoss() + " → " + r.lastLoss());
    assertTrue(min(r.losses, 75, 101) < min(r.losses, 50, 75));
    assertTrue(min(r.losses, 50, 75) < min(r.losses, 25, 50));
    assertTrue(min(r.losses, 25, 50) < min(r.losses, 0, 25));
  }

  private static double min(double[] a, int from, int to) {
    double m = Double.MAX_VALUE;
    for (int i = from; i < to; i++) m = Math.min(m, a[i]);
    return m;
  }

  @Test
  void manyViewsRecoverThePhantom() {
    ReconstructionProblem p = problem(Orbit.circular(24, 360, 0, 850), TargetNormalization.NONE);
    ReconstructionSettings s = new ReconstructionSettings().iterations(200).learningRate(0.05)
        .finalLearningRateFactor(0.05).batchViews(6).nonNegative(true);
    ReconstructionResult r = new Reconstructor(backend).run(p, s, ProgressListener.NONE);
    double psnr = Metrics.psnr(phantom.data(), r.volume.data(), 1.0);
    assertTrue(psnr > 25, "PSNR " + psnr);
  }

  @Test
  void backprojectionStartIsBetterThanZeros() {
    ReconstructionProblem p = problem(Orbit.circular(8, 360, 0, 850), TargetNormalization.NONE);
    ReconstructionSettings s = new ReconstructionSettings().iterations(1).learningRate(1e-9)
        .initialization(Initialization.BACKPROJECTION);
    ReconstructionResult r = new Reconstructor(backend).run(p, s, ProgressListener.NONE);
    ReconstructionResult zeros = new Reconstructor(backend).run(p, s.initialization(Initialization.ZEROS),
        ProgressListener.NONE);
    assertTrue(r.firstLoss() < 0.7 * zeros.firstLoss(), r.firstLoss() + " vs " + zeros.firstLoss());
  }

  @Test
  void cancelStopsWithinOneIterationAndKeepsTheVolume() {
    ReconstructionProblem p = problem(Orbit.circular(4, 360, 0, 850), TargetNormalization.NONE);
    int[] seen = {0};
    ProgressListener stopAfterThree = new ProgressListener() {
      @Override
      public void iterationDone(int iteration, int iterations, double loss, double seconds) {
        seen[0] = iteration;
      }

      @Override
      public boolean isCanceled() {
        return seen[0] >= 3;
      }
    };
    ReconstructionResult r = new Reconstructor(backend).run(p,
        new ReconstructionSettings().iterations(50).learningRate(0.01), stopAfterThree);
    assertTrue(r.canceled);
    assertEquals(3, r.iterationsDone);
    assertEquals(3, r.losses.length);
    assertTrue(r.volume.max() > 0, "the partial volume is kept");
  }

  @Test
  void anFdkStartBeatsTheBackprojectionAndConvergenceStopsEarly() {
    ReconstructionProblem p = problem(Orbit.circular(24, 360, 0, 850), TargetNormalization.NONE);
    ReconstructionSettings base = new ReconstructionSettings().iterations(1).learningRate(1e-4)
        .nonNegative(true);
    double fdk = new Reconstructor(backend).run(p, base.initialization(Initialization.FDK),
        ProgressListener.NONE).firstLoss();
    double backprojection = new Reconstructor(backend).run(p,
        base.initialization(Initialization.BACKPROJECTION), ProgressListener.NONE).firstLoss();
    assertTrue(fdk < 0.5 * backprojection, "first loss from FDK " + fdk + ", from Aᵀy " + backprojection);
    ReconstructionResult r = new Reconstructor(backend).run(p, new ReconstructionSettings()
        .iterations(400).learningRate(0.01).batchViews(8).initialization(Initialization.FDK)
        .convergence(0.05), ProgressListener.NONE);
    assertTrue(r.iterationsDone < 400 && r.iterationsDone % 3 == 0, "stopped at an epoch's end: "
        + r.iterationsDone);
  }
}
