package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.geometry.View;

/** DICOM X-ray headers → views: the README's worked example, multi-frame angles, bad headers. */
class DicomXrayTest {

  @TempDir
  Path tmp;

  static TestDicom xa(double primary, double secondary) {
    TestDicom d = new TestDicom();
    d.modality = "XA";
    d.sopClass = "1.2.840.10008.5.1.4.1.1.12.1";
    d.rows = 5;
    d.columns = 3;
    d.signed = false;
    d.extra.add(new String[] {"0018,1110", "DS", "1200"});
    d.extra.add(new String[] {"0018,1111", "DS", "800"});
    d.extra.add(new String[] {"0018,1164", "DS", "0.4\\0.3"});
    d.extra.add(new String[] {"0018,1510", "DS", Double.toString(primary)});
    d.extra.add(new String[] {"0018,1511", "DS", Double.toString(secondary)});
    return d;
  }

  /**
   * The README's worked example: LAO 30°, CRA 20°, DSD 1200 mm, DSP 800 mm. Detector direction in
   * LPS D = (sin 30·cos 20, −cos 30·cos 20, sin 20) = (0.46985, −0.81380, 0.34202); source −800·D,
   * detector centre 400·D; in our frame (y negated) source (−375.877, −651.038, −273.616), detector
   * centre (187.939, 325.519, 136.808); columns along (0.866, −0.5, 0) at 0.3 mm, rows 0.4 mm.
   */
  @Test
  void theWorkedExample() throws IOException {
    Path f = tmp.resolve("xa.dcm");
    xa(30, 20).write(f);
    DicomXray.Frames frames = DicomXray.read(f);
    assertEquals(1, frames.views.size());
    View v = frames.views.get(0);
    assertEquals(5, v.height);
    assertEquals(3, v.width);
    double s30 = 0.5, c30 = Math.sqrt(3) / 2, s20 = Math.sin(Math.toRadians(20));
    double c20 = Math.cos(Math.toRadians(20));
    double[] d = {s30 * c20, c30 * c20, s20}; // D in our frame (LPS y negated)
    assertVector(new double[] {-800 * d[0], -800 * d[1], -800 * d[2]}, v.source());
    assertVector(new double[] {-375.877, -651.038, -273.616}, v.source(), 1e-3);
    double[] centre = v.pixelCentre(2, 1);
    assertVector(new double[] {187.939, 325.519, 136.808}, centre, 1e-3);
    assertVector(new double[] {0.3 * c30, -0.3 * s30, 0}, v.columnStep());
    double[] row = v.rowStep();
    assertEquals(0.4, Math.sqrt(row[0] * row[0] + row[1] * row[1] + row[2] * row[2]), 1e-12);
    assertTrue(row[2] < 0, "rows run towards the feet");
    assertEquals(15, frames.intensities.data.length);
    assertEquals(7f, frames.intensities.data[7], "pixel values as stored (intensities)");
  }

  @Test
  void multiFrameAnglesFromIncrements() throws IOException {
    TestDicom one = xa(10, -5);
    one.frames = 3;
    one.extra.add(new String[] {"0018,1520", "DS", "5"});
    Path f = tmp.resolve("rot.dcm");
    one.write(f);
    TestDicom each = xa(10, -5);
    each.frames = 3;
    each.extra.add(new String[] {"0018,1520", "DS", "0\\5\\12"});
    Path g = tmp.resolve("rot2.dcm");
    each.write(g);
    double[] first = {10, 15, 20}, second = {10, 15, 22};
    List<View> a = DicomXray.read(f).views, b = DicomXray.read(g).views;
    assertEquals(3, a.size());
    for (int k = 0; k < 3; k++) {
      assertTrue(a.get(k).distance(DicomXray.view(first[k], -5, 1200, 800, 5, 3, 0.3, 0.4)) < 1e-9);
      assertTrue(b.get(k).distance(DicomXray.view(second[k], -5, 1200, 800, 5, 3, 0.3, 0.4)) < 1e-9);
    }
  }

  @Test
  void aMissingDistanceIsNamed() throws IOException {
    TestDicom d = xa(0, 0);
    d.extra.remove(1);
    Path f = tmp.resolve("bad.dcm");
    d.write(f);
    IOException e = assertThrows(IOException.class, () -> DicomXray.read(f));
    assertEquals(f + ": no Distance Source to Patient (0018,1111); an X-ray view needs it",
        e.getMessage());
  }

  /** On the command line: exit 2, one line naming the tag, no output file. */
  @Test
  void aBadHeaderFailsTheCommandWithOneLine() throws IOException {
    TestDicom d = xa(0, 0);
    d.extra.remove(0);
    Path f = tmp.resolve("bad.dcm");
    d.write(f);
    Path out = tmp.resolve("drr.mha");
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
    int status = sc.fiji.diffdrr.cli.Main.run(new String[] {"render", "--phantom",
      "shepp-logan:8:8", "--geometry", f.toString(), "--out", out.toString(), "--backend", "java"},
        new java.io.PrintStream(o, true), new java.io.PrintStream(e, true));
    assertEquals(2, status);
    assertEquals("error: --geometry " + f + ": no Distance Source to Detector (0018,1110); an X-ray view needs "
        + "it", e.toString().trim());
    assertTrue(!java.nio.file.Files.exists(out));
    // and a good header renders, its frames' size from the header
    Path good = tmp.resolve("good.dcm");
    xa(30, 20).write(good);
    status = sc.fiji.diffdrr.cli.Main.run(new String[] {"render", "--phantom", "shepp-logan:8:8",
      "--geometry", good.toString(), "--out", out.toString(), "--backend", "java"},
        new java.io.PrintStream(o, true), new java.io.PrintStream(e, true));
    assertEquals(0, status, e.toString());
    assertTrue(o.toString().contains("1 view from " + good + " (dicom)"), o.toString());
  }

  static void assertVector(double[] expected, double[] got) {
    assertVector(expected, got, 1e-9);
  }

  static void assertVector(double[] expected, double[] got, double tol) {
    for (int k = 0; k < 3; k++) assertEquals(expected[k], got[k], tol, "component " + k);
  }
}
