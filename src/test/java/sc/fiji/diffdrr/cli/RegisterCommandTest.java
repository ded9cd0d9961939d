package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.diffdrr.testutil.Reference;

/** {@code register}: it finds the pose on the head CT, writes its outputs, refuses bad input. */
class RegisterCommandTest {

  @TempDir
  Path tmp;

  static String headCt() {
    return Reference.headCt().resolve("head-ct.mha").toString();
  }

  private Path xray(String name, String volume, int size, double delx, String rotation) {
    Path out = tmp.resolve(name);
    CliTest.Run r = CliTest.run("render", volume.startsWith("shepp") ? "--phantom" : "--volume", volume,
        "--sdd", "1020", "--height", String.valueOf(size), "--delx", String.valueOf(delx),
        "--rotation", rotation, "--translation", "0,850,0", "--out", out.toString(), "--backend", "java");
    assertEquals(0, r.status, r.err);
    return out;
  }

  private static final Pattern ERRORS = Pattern.compile(
      "rotation error ([0-9.]+)°, translation error ([0-9.]+) mm, source error ([0-9.]+) mm, mTRE ([0-9.]+) mm");

  static double[] errors(String out) {
    String[] lines = out.trim().split("\n");
    Matcher m = ERRORS.matcher(lines[lines.length - 1]);
    assertTrue(m.find(), "last line: " + lines[lines.length - 1]);
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
      Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
  }

  @Test
  void registersTheHeadCtAndWritesPoseAndReport() throws IOException {
    Path x = xray("ap.mha", headCt(), 100, 4, "0,0,0");
    Path pose = tmp.resolve("pose.csv"), report = tmp.resolve("report");
    CliTest.Run r = CliTest.run("register", "--volume", headCt(), "--xray", x.toString(), "--sdd",
        "1020", "--delx", "4", "--rotation", "6,-4,5", "--translation", "9,838,-7",
        "--truth-rotation", "0,0,0", "--truth-translation", "0,850,0", "--out", pose.toString(),
        "--report", report.toString(), "--backend", "java");
    assertEquals(0, r.status, r.err);
    double[] e = errors(r.out);
    assertTrue(e[0] <= 0.5 && e[1] <= 1, r.out);
    assertTrue(r.out.trim().matches("(?s).*final NCC [01]\\.\\d+, \\d+ iterations, [0-9.]+ s, rotation.*"), r.out);
    List<String> lines = Files.readAllLines(pose, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    assertEquals("rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm", lines.get(0));
    for (String f : new String[] {"ncc.csv", "ncc.png", "trajectory.csv", "images.png", "metrics.json"}) {
      assertTrue(Files.size(report.resolve(f)) > 0, f);
    }
    assertTrue(Files.readString(report.resolve("metrics.json")).contains("\"rotation_error_deg\""));
  }

  @Test
  void twoViewsOnARig() throws IOException {
    Path ap = xray("ap.mha", headCt(), 100, 4, "0,0,0");
    Path lat = xray("lat.mha", headCt(), 100, 4, "90,0,0");
    Path rig = tmp.resolve("rig.csv");
    Files.writeString(rig, "rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm\n0,0,0,0,850,0\n0,0,90,0,850,0\n");
    Path pose = tmp.resolve("pose.csv");
    CliTest.Run r = CliTest.run("register", "--volume", headCt(), "--xray", ap.toString(), "--xray",
        lat.toString(), "--rig", rig.toString(), "--sdd", "1020", "--delx", "4", "--rotation",
        "-8,5,7", "--translation", "-12,835,15", "--truth-rotation", "0,0,0",
        "--truth-translation", "0,850,0", "--out", pose.toString(), "--backend", "java");
    assertEquals(0, r.status, r.err);
    double[] e = errors(r.out);
    assertTrue(e[0] <= 0.5 && e[1] <= 1, r.out);
  }

  @Test
  void measuredIntensitiesAreConvertedFirst() throws IOException {
    Path x = tmp.resolve("ap-intensity.mha");
    // attenuation in 1/mm (--hu mu): line integrals of a few units, as an X-ray's are
    CliTest.Run rendered = CliTest.run("render", "--volume", headCt(), "--hu", "mu", "--sdd", "1020",
        "--height", "100", "--delx", "4", "--rotation", "0,0,0", "--translation", "0,850,0",
        "--output", "intensity", "--i0", "100000", "--out", x.toString(), "--backend", "java");
    assertEquals(0, rendered.status, rendered.err);
    Path pose = tmp.resolve("pose.csv");
    CliTest.Run r = CliTest.run("register", "--volume", headCt(), "--hu", "mu", "--xray", x.toString(),
        "--input", "intensity", "--i0", "100000", "--sdd", "1020", "--delx", "4", "--rotation",
        "6,-4,5", "--translation", "9,838,-7", "--truth-rotation", "0,0,0", "--truth-translation",
        "0,850,0", "--out", pose.toString(), "--backend", "java");
    assertEquals(0, r.status, r.err);
    assertTrue(r.err.contains("intensities → line integrals"), r.err);
    double[] e = errors(r.out);
    assertTrue(e[0] <= 0.5 && e[1] <= 1, r.out);
  }

  /**
   * Two cameras from an ASTRA file around the head CT where its file places it (Offset 0: voxel 0
   * at the world origin, so the views aim at the head's centre): the pose moves both from a start
   * off the file's cameras back to them (truth 0,0,0 / 0,0,0), and --geometry-out writes them.
   */
  @Test
  void camerasFromAGeometryFile() throws IOException {
    sc.fiji.diffdrr.geometry.Detector d = new sc.fiji.diffdrr.geometry.Detector(1020, 100, 4.0);
    double[][] shift = {{1, 0, 0, 122}, {0, 1, 0, 122}, {0, 0, 1, 80.25}};
    List<sc.fiji.diffdrr.geometry.View> views = List.of(
        d.view(sc.fiji.diffdrr.geometry.Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
            sc.fiji.diffdrr.geometry.Orientation.AP).transformed(shift),
        d.view(sc.fiji.diffdrr.geometry.Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0),
            sc.fiji.diffdrr.geometry.Orientation.AP).transformed(shift));
    Path geometry = tmp.resolve("cameras.vec");
    sc.fiji.diffdrr.io.GeometryFiles.write(geometry, sc.fiji.diffdrr.io.GeometryFormat.ASTRA, views);
    Path stack = tmp.resolve("both.mha");
    CliTest.Run rendered = CliTest.run("render", "--volume", headCt(), "--geometry",
        geometry.toString(), "--height", "100", "--out", stack.toString(), "--backend", "java");
    assertEquals(0, rendered.status, rendered.err);
    sc.fiji.diffdrr.io.ProjectionStack both = sc.fiji.diffdrr.io.ProjectionFiles.read(stack);
    Path ap = tmp.resolve("ap.mha"), lat = tmp.resolve("lat.mha");
    for (int k = 0; k < 2; k++) {
      float[] one = java.util.Arrays.copyOfRange(both.data, k * 10000, (k + 1) * 10000);
      sc.fiji.diffdrr.io.ProjectionFiles.write(k == 0 ? ap : lat,
          new sc.fiji.diffdrr.io.ProjectionStack(one, 100, 100, 1, 4, 4));
    }
    Path pose = tmp.resolve("pose.csv"), out = tmp.resolve("registered.vec");
    CliTest.Run r = CliTest.run("register", "--volume", headCt(), "--xray", ap.toString(), "--xray",
        lat.toString(), "--geometry", geometry.toString(), "--rotation", "5,-4,6", "--translation",
        "8,-10,6", "--truth-rotation", "0,0,0", "--truth-translation", "0,0,0", "--out",
        pose.toString(), "--geometry-out", out.toString(), "--backend", "java");
    assertEquals(0, r.status, r.err);
    double[] e = errors(r.out);
    assertTrue(e[0] <= 0.5 && e[1] <= 1, r.out);
    assertTrue(r.out.contains("geometry in " + out), r.out);
    List<sc.fiji.diffdrr.geometry.View> back = sc.fiji.diffdrr.io.GeometryFiles.read(
        List.of(out), sc.fiji.diffdrr.io.GeometryFormat.ASTRA,
        new sc.fiji.diffdrr.io.GeometryFiles.Detector(100, 100, 4, 4));
    for (int k = 0; k < 2; k++) {
      double moved = back.get(k).distance(views.get(k));
      assertTrue(moved < 15, "registered camera " + k + " is " + moved + " mm from the truth");
    }
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("size", new String[] {"--height", "20"}, "--height 20 does not match"),
        Arguments.of("second X-ray size", new String[] {"--xray", "SMALL"}, "every X-ray must match the detector"),
        Arguments.of("rig rows", new String[] {"--xray", "SAME", "--rig", "RIG1"}, "--rig rig.csv has 1 row(s) but 2 X-ray(s)"),
        Arguments.of("lr 0", new String[] {"--lr-rotation", "0"}, "--lr-rotation must be a number in (0, 1e6], got '0'"),
        Arguments.of("lr negative", new String[] {"--lr-translation", "-1"}, "--lr-translation must be a number in (0, 1e6] (mm), got '-1'"),
        Arguments.of("loss", new String[] {"--loss", "mi"}, "loss must be ncc, mncc, gncc or mse, got 'mi'"),
        Arguments.of("optimizer", new String[] {"--optimizer", "rmsprop"}, "--optimizer must be sgd, adam, lbfgs or l-bfgs, got 'rmsprop'"),
        Arguments.of("recipe", new String[] {"--recipe", "fast"}, "recipe must be auto or diffdrr, got 'fast'"),
        Arguments.of("scales", new String[] {"--scales", "4,2"}, "scales must end at 1"),
        Arguments.of("two X-rays, no rig", new String[] {"--xray", "SAME"}, "need --rig"),
        Arguments.of("input", new String[] {"--input", "counts"}, "--input must be line-integral or intensity, got 'counts'"),
        Arguments.of("intensity, no flat", new String[] {"--input", "intensity"}, "--input intensity needs the open beam"),
        Arguments.of("i0 0", new String[] {"--input", "intensity", "--i0", "0"}, "--i0 must be a number in (0, 1e12] (photons), got '0'"),
        Arguments.of("flat without intensity", new String[] {"--flat", "100"}, "--flat, --dark, --i0 and --readout-sigma apply to --input intensity"),
        Arguments.of("readout sigma", new String[] {"--input", "intensity", "--i0", "100", "--readout-sigma", "2"}, "--readout-sigma refines reconstruct's pixel weights"),
        Arguments.of("geometry views", new String[] {"--geometry", "GEOM2"}, "has 2 view(s) but 1 X-ray(s) are given"),
        Arguments.of("geometry and rig", new String[] {"--geometry", "GEOM1", "--rig", "RIG1"}, "--geometry places every camera"),
        Arguments.of("sdd with geometry", new String[] {"--geometry", "GEOM1"}, "--sdd: the views of --geometry"),
        Arguments.of("parallel geometry", new String[] {"--geometry", "PARALLEL"}, "view 1 is parallel-beam"),
        Arguments.of("geometry-out format", new String[] {"--geometry-out", "OUTGEOM", "--geometry-format", "dicom"}, "--geometry-out writes poses, astra, matrices or rtk"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void badInput(String label, String[] extra, String message) throws IOException {
    Path x = xray("x.mha", "shepp-logan:24:8", 24, 8, "0,0,0");
    Path small = xray("small.mha", "shepp-logan:24:8", 16, 8, "0,0,0");
    Path rig = tmp.resolve("rig.csv");
    Files.writeString(rig, "rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm\n0,0,0,0,850,0\n");
    sc.fiji.diffdrr.geometry.Detector d = new sc.fiji.diffdrr.geometry.Detector(1020, 24, 8.0);
    sc.fiji.diffdrr.geometry.View ap = d.view(sc.fiji.diffdrr.geometry.Pose.eulerDegrees("ZXY", 0, 0,
        0, 0, 850, 0), sc.fiji.diffdrr.geometry.Orientation.AP);
    Path geom1 = tmp.resolve("one.vec"), geom2 = tmp.resolve("two.vec"), parallel = tmp.resolve("par.vec");
    sc.fiji.diffdrr.io.GeometryFiles.write(geom1, sc.fiji.diffdrr.io.GeometryFormat.ASTRA, List.of(ap));
    sc.fiji.diffdrr.io.GeometryFiles.write(geom2, sc.fiji.diffdrr.io.GeometryFormat.ASTRA, List.of(ap, ap));
    sc.fiji.diffdrr.io.GeometryFiles.write(parallel, sc.fiji.diffdrr.io.GeometryFormat.ASTRA,
        List.of(d.parallelView(sc.fiji.diffdrr.geometry.Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
            sc.fiji.diffdrr.geometry.Orientation.AP)));
    Path outGeometry = tmp.resolve("registered.vec");
    Path out = tmp.resolve("pose.csv");
    String[] base = {"register", "--phantom", "shepp-logan:24:8", "--xray", x.toString(), "--sdd",
      "1020", "--delx", "8", "--rotation", "1,2,3", "--translation", "0,840,0", "--out",
      out.toString(), "--backend", "java"};
    if (java.util.Arrays.asList(extra).contains("--geometry") && !label.equals("sdd with geometry")) {
      // the views of a geometry file carry the detector: no --sdd
      base = java.util.Arrays.stream(base).filter(s -> !s.equals("--sdd") && !s.equals("1020"))
          .toArray(String[]::new);
    }
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    for (int i = 0; i < extra.length; i++) {
      String v = extra[i];
      args[base.length + i] = v.equals("SMALL") ? small.toString() : v.equals("SAME") ? x.toString()
          : v.equals("RIG1") ? rig.toString() : v.equals("GEOM1") ? geom1.toString()
          : v.equals("GEOM2") ? geom2.toString() : v.equals("PARALLEL") ? parallel.toString()
          : v.equals("OUTGEOM") ? outGeometry.toString() : v;
    }
    CliTest.Run r = CliTest.run(args);
    assertEquals(2, r.status, r.out + r.err);
    assertEquals(1, r.err.trim().split("\n").length, r.err);
    assertTrue(r.err.startsWith("error: ") && r.err.contains(message), r.err);
    assertFalse(Files.exists(out), "no output file");
    assertFalse(Files.exists(outGeometry), "no geometry file");
  }
}
