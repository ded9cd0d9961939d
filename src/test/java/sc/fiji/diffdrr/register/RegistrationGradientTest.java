package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.PoseParameterization;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.Volume;

/**
 * The registration objective's gradient with respect to the six pose parameters against central
 * finite differences of the objective itself, on the head CT (Siddon, the tutorial's 100×100
 * detector of 4 mm, NCC against the DRR at the true pose, from a start 6° and 15 mm away).
 *
 * <p>How the step was chosen: Siddon's DRR is piecewise linear in the pose, with a kink wherever
 * the order of a ray's plane crossings changes, and on the head CT with its sharp bone edges
 * those kinks are dense. The derivative (DiffDRR's, voxel values fixed) is the slope between
 * kinks; a difference quotient over ±h measures the mean slope over the kinks inside. Measured
 * (the same start, steps scaled by 0.01–10): steps of 2·10⁻⁴ rad / 0.02 mm (rays move 1/50 voxel) give a
 * relative error 0.11, 2·10⁻⁵ / 2·10⁻³ give 0.010, 2·10⁻⁶ rad / 2·10⁻⁴ mm (1/5000 voxel) give
 * 0.0025: the quotient converges to the derivative as the step shrinks below the kink spacing.
 * The smallest step is still far above rounding: the objective is summed in double from float
 * DRRs, whose rounding moves NCC by about 10⁻⁹, against changes of 10⁻⁸–10⁻⁶ at these steps.
 * Tolerance 1e-2 of the gradient's norm, each parameter weighted by its step.
 */
class RegistrationGradientTest {

  static double error(Volume v, Detector d, Rig rig, ProjectorSettings renderer,
      PoseParameterization param, Similarity loss, Pose truth, Pose at, double hr, double ht,
      String label) {
    try (JavaBackend backend = new JavaBackend(2)) {
      Registration reg = new Registration(backend);
      List<float[]> blank = new java.util.ArrayList<>();
      for (int k = 0; k < rig.size(); k++) blank.add(new float[d.pixelCount()]);
      RegistrationProblem b = new RegistrationProblem(v, d, Orientation.AP, rig, blank, renderer);
      RegistrationProblem problem = new RegistrationProblem(v, d, Orientation.AP, rig,
          reg.render(b, truth), renderer);
      try (Registration.Level level = new Registration.Level(backend, problem, 1, loss, param)) {
        double[] p = param.parameters(at);
        double[] g = new double[6];
        level.evaluate(p, g);
        double[] steps = new double[6];
        for (int i : param.rotationIndices()) steps[i] = hr;
        for (int i : param.translationIndices()) steps[i] = ht;
        double norm = 0, err = 0;
        for (int k = 0; k < 6; k++) {
          double[] a = p.clone(), c = p.clone();
          a[k] += steps[k];
          c[k] -= steps[k];
          double fd = (level.evaluate(a, new double[6]) - level.evaluate(c, new double[6])) / (2 * steps[k]);
          System.out.printf("%s  d/dp[%d]: analytic %+.6e  fd %+.6e%n", label, k, g[k], fd);
          norm += Math.pow(g[k] * steps[k], 2);
          err += Math.pow((g[k] - fd) * steps[k], 2);
        }
        double rel = Math.sqrt(err / norm);
        System.out.printf("%s: relative error %.2e%n", label, rel);
        return rel;
      }
    }
  }

  static Pose start() {
    return Pose.of(sc.fiji.diffdrr.geometry.Rotations.multiply(
        sc.fiji.diffdrr.geometry.Rotations.axisAngle(0.06, -0.07, 0.05),
        SuccessStudy.truth().rotation()), 8, 842, -11);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"euler", "se3"})
  void siddonOnTheHeadCt(String parameterization) {
    PoseParameterization param = PoseParameterization.parse(parameterization, "ZXY");
    double rel = error(HeadCt.density(), new Detector(1020, 100, 4.0), Rig.single(),
        ProjectorSettings.siddon(), param, new Ncc(0), SuccessStudy.truth(), start(), 2e-6, 2e-4,
        "siddon head CT " + param);
    assertTrue(rel <= 1e-2, "relative error " + rel);
  }

  @Test
  void siddonTwoViewsMultiscaleNcc() {
    double rel = error(HeadCt.density(), new Detector(1020, 100, 4.0), SuccessStudy.biplane(),
        ProjectorSettings.siddon(), PoseParameterization.euler("ZXY"),
        new MultiscaleNcc(new int[] {9, 0}, null), SuccessStudy.truth(), start(), 2e-6, 2e-4,
        "siddon head CT biplane mncc");
    assertTrue(rel <= 1e-2, "relative error " + rel);
  }

  /**
   * Trilinear on a smooth volume (Gaussian blobs) is smooth in the pose: 1e-3. The fine sampling
   * step (0.1 mm) keeps the jumps of the sample count out of the quotient (ViewGradientTest).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"euler", "se3"})
  void trilinearOnASmoothVolume(String parameterization) {
    sc.fiji.diffdrr.volume.VolumeGrid grid = sc.fiji.diffdrr.render.ViewGradientTestAccess.grid();
    Volume v = new Volume(grid, sc.fiji.diffdrr.render.ViewGradientTestAccess.blobs(grid));
    PoseParameterization param = PoseParameterization.parse(parameterization, "XYZ");
    double rel = error(v, new Detector(1020, 32, 4.0), Rig.single(),
        new ProjectorSettings(Renderer.TRILINEAR, 0.1, 500), param, new Ncc(0),
        SuccessStudy.truth(), start(), 1e-4, 1e-2, "trilinear blobs " + param);
    assertTrue(rel <= 1e-3, "relative error " + rel);
  }
}
