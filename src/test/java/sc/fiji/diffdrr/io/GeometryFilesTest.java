package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.RtkProjection;
import sc.fiji.diffdrr.geometry.View;

/** Each writer → its reader gives the same rays (1e-9 mm); readers name file, line and field. */
class GeometryFilesTest {

  @TempDir
  Path tmp;

  static final Detector DETECTOR = new Detector(1020, 18, 22, 2.5, 2.0, 3.5, -1.25, true);

  static List<View> views(Orientation o) {
    List<View> v = new ArrayList<>();
    for (Pose p : Orbit.circular(7, 360, 10, 850)) v.add(DETECTOR.view(p, o));
    v.add(DETECTOR.view(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), o));
    v.add(DETECTOR.view(Pose.eulerDegrees("XYZ", 47, -63, 101, -4, 400, 7), o));
    return v;
  }

  static List<View> parallelViews() {
    List<View> v = new ArrayList<>();
    for (Pose p : Orbit.circular(5, 180, 0, 850)) v.add(DETECTOR.parallelView(p, Orientation.PA));
    return v;
  }

  private List<View> roundTrip(GeometryFormat f, List<View> views) throws IOException {
    Path file = tmp.resolve("g." + f.label());
    GeometryFiles.write(file, f, views);
    List<Path> files = GeometryFiles.resolve(file.toString());
    assertEquals(f, GeometryFiles.detect(files), "auto detects " + f);
    return GeometryFiles.read(files, f, new GeometryFiles.Detector(18, 22, 2.5, 2.0));
  }

  private static double worst(List<View> a, List<View> b) {
    assertEquals(a.size(), b.size());
    double d = 0;
    for (int k = 0; k < a.size(); k++) d = Math.max(d, a.get(k).distance(b.get(k)));
    return d;
  }

  @Test
  void astraMatricesAndRtkRoundTrip() throws IOException {
    List<View> ap = views(Orientation.AP);
    List<View> pa = views(Orientation.PA);
    double astra = worst(ap, roundTrip(GeometryFormat.ASTRA, ap));
    double matrices = worst(ap, roundTrip(GeometryFormat.MATRICES, ap));
    double rtk = worst(pa, roundTrip(GeometryFormat.RTK, pa));
    double astraParallel = worst(parallelViews(), roundTrip(GeometryFormat.ASTRA, parallelViews()));
    double rtkParallel = worst(parallelViews(), roundTrip(GeometryFormat.RTK, parallelViews()));
    System.out.printf("geometry round trips, largest ray distance (mm): astra %.1e, matrices %.1e,"
        + " rtk %.1e, astra parallel %.1e, rtk parallel %.1e%n", astra, matrices, rtk,
        astraParallel, rtkParallel);
    for (double d : new double[] {astra, matrices, rtk, astraParallel, rtkParallel}) {
      assertTrue(d <= 1e-9, "rays moved by " + d + " mm");
    }
  }

  @Test
  void rtkRefusesAMirroredDetector() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GeometryFiles.text(GeometryFormat.RTK, views(Orientation.AP)));
    assertTrue(e.getMessage().contains("mirrored"), e.getMessage());
  }

  /** The matrices of RTK's own documentation example (Geometry.md), from its parameters. */
  @Test
  void rtkMatrixIsRtksOwn() {
    RtkProjection p = new RtkProjection(1000, 1536, 271.847274780273, 0, 0, 0, 0,
        -117.056503295898, -1.01195001602173);
    double[][] rtk = {
      {-166.5093078829, 0, -1531.42837748039, -117056.503295898},
      {-1.01142410874151, -1536, 0.0326206557691505, -1011.95001602173},
      {-0.999480303105996, 0, 0.0322354417240802, -1000}};
    double[][] mine = p.matrix();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) assertEquals(rtk[i][j], mine[i][j], 1e-6 * (1 + Math.abs(rtk[i][j])));
    }
    // the view's source and detector obey the matrix: a detector point maps to its (u, v) in mm
    View v = p.toView(5, 7, 1.0, 1.0);
    double[] x = v.pixelCentre(4, 6);
    double[] h = new double[3];
    for (int i = 0; i < 3; i++) h[i] = mine[i][0] * x[0] + mine[i][1] * x[1] + mine[i][2] * x[2] + mine[i][3];
    assertEquals(3.0, h[0] / h[2], 1e-9);
    assertEquals(2.0, h[1] / h[2], 1e-9);
  }

  @Test
  void rtkReadsGlobalAndLocalValuesAsRtkDoes() throws IOException {
    Path f = tmp.resolve("g.xml");
    Files.writeString(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE RTKGEOMETRY>\n"
        + "<RTKThreeDCircularGeometry version=\"3\">\n"
        + "  <SourceToIsocenterDistance>1000</SourceToIsocenterDistance>\n"
        + "  <SourceToDetectorDistance>1536</SourceToDetectorDistance>\n"
        + "  <Projection><GantryAngle>0</GantryAngle></Projection>\n"
        + "  <Projection><GantryAngle>90</GantryAngle><ProjectionOffsetX>5</ProjectionOffsetX>"
        + "</Projection>\n</RTKThreeDCircularGeometry>\n");
    List<View> v = RtkXml.read(f, 3, 3, 1, 1);
    assertEquals(2, v.size());
    // gantry 0: source on +z at SID; gantry 90: rotated about y onto +x
    assertVector(new double[] {0, 0, 1000}, v.get(0).source());
    assertVector(new double[] {1000, 0, 0}, v.get(1).source());
    // the centre pixel of the second view: detector at z' = −536, offset 5 along x' = (0, 0, −1)
    assertVector(new double[] {-536, 0, -5}, v.get(1).pixelCentre(1, 1));
  }

  @Test
  void rtkWithoutDistancesNamesTheField() throws IOException {
    Path f = tmp.resolve("g.xml");
    Files.writeString(f, "<RTKThreeDCircularGeometry version=\"3\">"
        + "<SourceToDetectorDistance>1536</SourceToDetectorDistance>"
        + "<Projection><GantryAngle>0</GantryAngle></Projection></RTKThreeDCircularGeometry>");
    IOException e = assertThrows(IOException.class, () -> RtkXml.read(f, 3, 3, 1, 1));
    assertEquals(f + ": projection 1 has no SourceToIsocenterDistance (nor a global one before it)",
        e.getMessage());
  }

  @Test
  void badNumbersNameFileLineAndField() throws IOException {
    Path f = tmp.resolve("g.astra");
    Files.writeString(f, "# cone_vec\n0 850 0 0 -170 0 -2 0 0 0 0 -2\n0 850 0 0 -170 0 -2 x 0 0 0 -2\n");
    IOException e = assertThrows(IOException.class, () -> AstraVectors.read(f, 3, 3));
    assertEquals(f + " line 3: field uY is not a finite number: 'x'", e.getMessage());
    Path m = tmp.resolve("m.txt");
    Files.writeString(m, "1 0 0 0\n0 1 0 0\n\n");
    e = assertThrows(IOException.class, () -> MatrixFiles.read(m, 3, 3, 1));
    assertTrue(e.getMessage().startsWith(m + " line 1: a projection matrix needs 3 rows"),
        e.getMessage());
  }

  @Test
  void singularMatrixIsRefused() throws IOException {
    Path m = tmp.resolve("m.txt");
    Files.writeString(m, "1 0 0 0\n0 1 0 0\n1 1 0 1\n");
    IOException e = assertThrows(IOException.class, () -> MatrixFiles.read(m, 3, 3, 1));
    assertTrue(e.getMessage().startsWith(m + ", matrix 1: singular matrix"), e.getMessage());
  }

  @Test
  void pfmStoresRowsBottomToTop() throws IOException {
    Path f = tmp.resolve("a.pfm");
    float[] img = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high: top row 1 2 3
    Pfm.write(f, 3, 2, img, 0);
    byte[] b = Files.readAllBytes(f);
    String header = "Pf\n3 2\n-1.0\n";
    assertEquals(header, new String(b, 0, header.length(), java.nio.charset.StandardCharsets.US_ASCII));
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, header.length(), 24)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertEquals(4f, buf.getFloat(), "the first stored row is the bottom one");
    Pfm p = Pfm.read(f);
    assertEquals(3, p.width);
    assertEquals(2, p.height);
    for (int i = 0; i < 6; i++) assertEquals(img[i], p.data[i]);
  }

  static void assertVector(double[] expected, double[] got) {
    for (int k = 0; k < 3; k++) assertEquals(expected[k], got[k], 1e-9, "component " + k);
  }
}
