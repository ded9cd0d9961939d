package sc.fiji.diffdrr.register;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.PoseParameterization;
import sc.fiji.diffdrr.render.ProjectorSettings;

/** Development probe (not a test). */
public final class StepProbe {
  public static void main(String[] a) {
    for (double f : new double[] {0.01, 0.1, 1, 10}) {
      RegistrationGradientTest.error(HeadCt.density(), new Detector(1020, Integer.parseInt(a[0]), 400.0 / Integer.parseInt(a[0])), Rig.single(),
          ProjectorSettings.siddon(), PoseParameterization.euler("ZXY"), new Ncc(0), SuccessStudy.truth(),
          RegistrationGradientTest.start(), 2e-4 * f, 0.02 * f, "h×" + f);
    }
  }
}
