package sc.fiji.diffdrr.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.diffdrr.testutil.Reference;

class DetectorTest {

  @Test
  void seedGeometryMatchesTheWorkedExample() {
    View v = new Detector(1020, 200, 2.0).view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Orientation.AP);
    assertArrayClose(new double[] {0, 850, 0}, v.source(), 1e-9);
    assertArrayClose(new double[] {199, -170, 199}, v.pixelCentre(0, 0), 1e-9);
    assertArrayClose(new double[] {-199, -170, 199}, v.pixelCentre(0, 199), 1e-9);
    assertArrayClose(new double[] {199, -170, -199}, v.pixelCentre(199, 0), 1e-9);
    assertArrayClose(new double[] {199 - 2 * 37, -170, 199 - 2 * 11}, v.pixelCentre(11, 37), 1e-9);
  }

  /** The world coordinates DiffDRR itself used for the reference DRRs (rays_pose*.f32). */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void raysMatchDiffDrr(int pose) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(
        Reference.diffdrr().resolve("phantom128").resolve("rays_pose" + pose + ".f32")))
        .order(ByteOrder.LITTLE_ENDIAN);
    View v = Reference.detector().view(Reference.pose(pose), Reference.orientation());
    assertArrayClose(new double[] {b.getFloat(), b.getFloat(), b.getFloat()}, v.source(), 1e-3);
    double worst = 0;
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 200; j++) {
        double[] p = v.pixelCentre(i, j);
        for (int a = 0; a < 3; a++) worst = Math.max(worst, Math.abs(p[a] - b.getFloat()));
      }
    }
    assertTrue(worst < 1e-3, "largest difference from DiffDRR's pixel centres: " + worst + " mm");
  }

  @Test
  void badIntrinsicsNameTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Detector(-5, 200, 2.0));
    assertTrue(e.getMessage().startsWith("sdd must be"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Detector(1020, 0, 2.0));
    assertTrue(e.getMessage().startsWith("height must be"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Detector(1020, 10, Double.NaN));
    assertTrue(e.getMessage().startsWith("delx must be"), e.getMessage());
  }

  static void assertArrayClose(double[] expected, double[] actual, double tol) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, "component " + i);
    }
  }
}
