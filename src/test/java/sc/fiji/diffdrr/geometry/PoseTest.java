package sc.fiji.diffdrr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PoseTest {

  @Test
  void zxyIsRzRxRy() {
    double a = 0.3, b = -0.7, c = 1.1;
    double[] expected = Rotations.multiply(Rotations.multiply(Rotations.axis('Z', a),
        Rotations.axis('X', b)), Rotations.axis('Y', c));
    DetectorTest.assertArrayClose(expected, Rotations.euler("zxy", a, b, c), 1e-15);
  }

  @Test
  void eulerRoundTripInAllTwelveConventions() {
    Random rnd = new Random(1);
    for (String c : Rotations.CONVENTIONS) {
      for (int k = 0; k < 50; k++) {
        double a0 = (rnd.nextDouble() * 2 - 1) * Math.PI;
        double a1 = Rotations.isTaitBryan(c) ? (rnd.nextDouble() - 0.5) * Math.PI * 0.98
            : 0.01 + rnd.nextDouble() * (Math.PI - 0.02);
        double a2 = (rnd.nextDouble() * 2 - 1) * Math.PI;
        double[] r = Rotations.euler(c, a0, a1, a2);
        double[] back = Rotations.toEuler(r, c);
        DetectorTest.assertArrayClose(r, Rotations.euler(c, back[0], back[1], back[2]), 1e-9);
        DetectorTest.assertArrayClose(new double[] {a0, a1, a2}, back, 1e-7);
      }
    }
  }

  @Test
  void quaternionAndAxisAngleAgree() {
    double angle = 0.8;
    double[] axis = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};
    double[] fromAxisAngle = Rotations.axisAngle(axis[0] * angle, axis[1] * angle, axis[2] * angle);
    double s = Math.sin(angle / 2);
    double[] fromQuaternion = Rotations.quaternion(2 * Math.cos(angle / 2), 2 * s * axis[0],
        2 * s * axis[1], 2 * s * axis[2]);
    DetectorTest.assertArrayClose(fromAxisAngle, fromQuaternion, 1e-12);
    DetectorTest.assertArrayClose(new double[] {angle * axis[0], angle * axis[1], angle * axis[2]},
        Rotations.toAxisAngle(fromAxisAngle), 1e-12);
    DetectorTest.assertArrayClose(Rotations.axis('Z', 0.4), Rotations.axisAngle(0, 0, 0.4), 1e-15);
  }

  @Test
  void translationIsRotated() {
    Pose p = Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0);
    DetectorTest.assertArrayClose(new double[] {-850, 0, 0}, p.apply(0, 0, 0), 1e-9);
    DetectorTest.assertArrayClose(new double[] {0, 850, 0}, p.translation(), 1e-9);
  }

  @Test
  void composeAndInverse() {
    Pose a = Pose.euler("XYZ", 0.1, 0.2, 0.3, 1, 2, 3);
    Pose b = Pose.axisAngle(0.3, -0.2, 0.5, -4, 5, 6);
    double[] x = {7, -8, 9};
    double[] ab = a.compose(b).apply(x[0], x[1], x[2]);
    double[] ax = a.apply(x[0], x[1], x[2]);
    DetectorTest.assertArrayClose(b.apply(ax[0], ax[1], ax[2]), ab, 1e-12);
    double[] back = a.inverse().apply(ax[0], ax[1], ax[2]);
    DetectorTest.assertArrayClose(x, back, 1e-12);
    DetectorTest.assertArrayClose(a.matrix(), Pose.matrix(a.matrix()).matrix(), 0);
  }

  @Test
  void badInputsAreNamed() {
    assertEquals("convention must be one of XYZ, XZY, YXZ, YZX, ZXY, ZYX, XYX, XZX, YXY, YZY, ZXZ, ZYZ, got 'XXY'",
        assertThrows(IllegalArgumentException.class, () -> Rotations.convention("XXY")).getMessage());
    assertEquals("rotation angle 2 must be a finite number (degrees), got NaN",
        assertThrows(IllegalArgumentException.class,
            () -> Pose.eulerDegrees("ZXY", 0, Double.NaN, 0, 0, 0, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Orientation.parse("LR"));
  }
}
