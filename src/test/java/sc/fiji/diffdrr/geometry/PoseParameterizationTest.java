package sc.fiji.diffdrr.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Euler (all 12 conventions) and se(3): pose ↔ parameters, and the exact Jacobian. */
class PoseParameterizationTest {

  static String[] conventions() {
    return Rotations.CONVENTIONS;
  }

  @ParameterizedTest
  @MethodSource("conventions")
  void eulerMatchesPoseEulerAndItsJacobianMatchesDifferences(String c) {
    PoseParameterization e = PoseParameterization.euler(c);
    // proper Euler angles read back with the middle angle in [0, π]
    double[] p = {0.3, Rotations.isTaitBryan(c) ? -0.4 : 0.4, 0.7, 12, 840, -25};
    Pose expected = Pose.euler(c, p[0], p[1], p[2], p[3], p[4], p[5]);
    assertArrayEquals(expected.matrix(), e.pose(p).matrix(), 1e-12);
    assertArrayEquals(p, e.parameters(expected), 1e-9);
    checkJacobian(e, p);
  }

  @Test
  void se3FollowsDiffDrrLayoutAndRoundTrips() {
    PoseParameterization s = PoseParameterization.se3();
    // translation first, then ω; with ω = 0, V = I and the matrix translation is u itself
    Pose pure = s.pose(new double[] {1, 2, 3, 0, 0, 0});
    assertArrayEquals(new double[] {1, 2, 3}, pure.matrixTranslation(), 1e-12);
    double[] p = {15, 830, -20, 0.2, -0.5, 0.3};
    Pose pose = s.pose(p);
    double[] w = {0.2, -0.5, 0.3};
    assertArrayEquals(Rotations.axisAngle(w[0], w[1], w[2]), pose.rotation(), 1e-12);
    assertArrayEquals(p, s.parameters(pose), 1e-9);
    checkJacobian(s, p);
    checkJacobian(s, new double[] {1, 2, 3, 1e-8, -2e-8, 0}); // the small-angle branch
  }

  @Test
  void rejectsUnknownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PoseParameterization.parse("quaternion", "ZXY"));
    assertEquals("parameterization must be euler or se3, got 'quaternion'", e.getMessage());
  }

  static void checkJacobian(PoseParameterization param, double[] p) {
    double[] rm = new double[12];
    double[][] jac = new double[12][6];
    param.evaluate(p, rm, jac);
    for (int k = 0; k < 6; k++) {
      double h = 1e-6 * Math.max(1, Math.abs(p[k]));
      double[] a = p.clone(), b = p.clone();
      a[k] += h;
      b[k] -= h;
      double[] ra = new double[12], rb = new double[12];
      param.evaluate(a, ra, null);
      param.evaluate(b, rb, null);
      for (int i = 0; i < 12; i++) {
        double fd = (ra[i] - rb[i]) / (2 * h);
        double scale = Math.max(1, Math.abs(jac[i][k]));
        assertEquals(fd, jac[i][k], 1e-6 * scale * (i >= 9 ? 1000 : 1), param + " ∂rm[" + i + "]/∂p[" + k + "]");
      }
    }
  }
}
