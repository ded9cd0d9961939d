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

  /**
   * The FDK start reports its own progress (a stage of the run) and a cancel during it stops the
   * whole run before its first step, keeping the partial start.
   */
  @Test
  void theFdkStartIsAStageThatReportsAndCancels() {
    ReconstructionProblem p = problem(Orbit.circular(24, 360, 0, 850), TargetNormalization.NONE);
    List<String> seen = new ArrayList<>();
    boolean[] cancel = {false};
    ProgressListener listener = new ProgressListener() {
      @Override
      public void iterationDone(int iteration, int iterations, double loss, double seconds) {
        seen.add("gd " + iteration);
      }

      @Override
      public boolean isCanceled() {
        return cancel[0];
      }

      @Override
      public ProgressListener stage(String name) {
        ProgressListener outer = this;
        return new ProgressListener() {
          @Override
          public void iterationDone(int iteration, int iterations, double loss, double seconds) {
            seen.add(name + " " + iteration + "/" + iterations);
            cancel[0] = true; // cancelled after the start's first batch
          }

          @Override
          public boolean isCanceled() {
            return outer.isCanceled();
          }
        };
      }
    };
    ReconstructionResult r = new Reconstructor(backend).run(p, new ReconstructionSettings()
        .iterations(20).learningRate(0.01).initialization(Initialization.FDK), listener);
    assertEquals(List.of("fdk start 1/" + (24 + Fdk.VIEWS_PER_CALL - 1) / Fdk.VIEWS_PER_CALL), seen);
    assertTrue(r.canceled);
    assertEquals(0, r.iterationsDone);
    assertTrue(r.volume.max() > 0, "the partial start is kept");
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
        .convergence(0.34), ProgressListener.NONE);
    // epochs of 3 steps, compared in windows of whole epochs of at least 50 steps: 51. Without TV
    // the loss keeps falling here (by 93, 58, 45, 37, 31 % per window), so 34 % stops it in the sixth.
    assertTrue(r.iterationsDone < 400 && r.iterationsDone % 51 == 0 && r.iterationsDone >= 102,
        "stopped at a window's end, after two windows at least: " + r.iterationsDone);
  }

  /** The auto recipe's FDK start where FDK does not apply: a few CGLS iterations instead. */
  @Test
  void theFdkStartOffACircularOrbitIsCgls() {
    List<Pose> poses = new ArrayList<>(Orbit.circular(12, 360, 0, 850));
    poses.set(5, Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 700, 0)); // one source nearer the axis
    ReconstructionProblem p = problem(poses, TargetNormalization.NONE);
    assertFalse(Initialization.circular(p));
    ReconstructionSettings one = new ReconstructionSettings().iterations(1).learningRate(1e-6);
    ReconstructionResult fdk = new Reconstructor(backend).run(p, one.initialization(Initialization.FDK),
        ProgressListener.NONE);
    double zeros = new Reconstructor(backend).run(p, one.initialization(Initialization.ZEROS),
        ProgressListener.NONE).firstLoss();
    ReconstructionResult cgls = new Cgls(backend).run(p,
        new IterativeSettings().iterations(Reconstructor.CGLS_START), ProgressListener.NONE);
    assertTrue(fdk.firstLoss() < 0.1 * zeros, "start " + fdk.firstLoss() + " vs zeros " + zeros);
    float[] a = fdk.volume.data(), b = cgls.volume.data();
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) { diff += (a[i] - b[i]) * (a[i] - b[i]); norm += b[i] * b[i]; }
    assertTrue(Math.sqrt(diff / norm) < 1e-3, "one tiny step from CGLS's volume: " + Math.sqrt(diff / norm));
  }
}
