package sc.fiji.diffdrr.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class OrbitTest {

  @Test
  void fullCircleDoesNotRepeatTheFirstView() {
    assertArrayEquals(new double[] {0, 90, 180, 270}, Orbit.anglesDegrees(4, 360, 0), 1e-12);
    assertArrayEquals(new double[] {10, 55, 100}, Orbit.anglesDegrees(3, 90, 10), 1e-12);
  }

  @Test
  void sourceCirclesTheIsocentreInTheAxialPlane() {
    List<Pose> poses = Orbit.circular(4, 360, 0, 850);
    DetectorTest.assertArrayClose(new double[] {0, 850, 0}, poses.get(0).apply(0, 0, 0), 1e-9);
    DetectorTest.assertArrayClose(new double[] {-850, 0, 0}, poses.get(1).apply(0, 0, 0), 1e-9);
    DetectorTest.assertArrayClose(new double[] {0, -850, 0}, poses.get(2).apply(0, 0, 0), 1e-9);
    // The same pose as the ZXY Euler form DiffDRR users write.
    DetectorTest.assertArrayClose(Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0).matrix(),
        poses.get(1).matrix(), 1e-12);
  }

  @Test
  void badOrbitsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> Orbit.circular(0, 360, 0, 850));
    assertThrows(IllegalArgumentException.class, () -> Orbit.circular(10, 360, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> Orbit.circular(10, 400, 0, 850));
  }
}
