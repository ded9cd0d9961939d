package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;

/** --geometry, --geometry-out, --placement, --offset and --like on the command line. */
class GeometryCliTest {

  @TempDir
  Path tmp;

  private static final String[] DETECTOR = {"--sdd", "1020", "--height", "20", "--width", "22",
    "--delx", "9", "--dely", "8", "--orientation", "PA", "--backend", "java"};

  static String[] cat(String[]... parts) {
    List<String> all = new ArrayList<>();
    for (String[] p : parts) all.addAll(Arrays.asList(p));
    return all.toArray(new String[0]);
  }

  private String p(String name) {
    return tmp.resolve(name).toString();
  }

  /**
   * simulate writes its views as poses, astra, matrices and rtk; reconstructing from each gives
   * the same volume (1e-5 of its max).
   */
  @Test
  void theSameReconstructionFromEveryGeometryForm() throws IOException {
    // PA views (the source at −y before the rotation): RTK cannot describe AP's mirrored detector
    StringBuilder table = new StringBuilder(sc.fiji.diffdrr.io.PoseTable.HEADER + "\n");
    for (int k = 0; k < 12; k++) table.append("3,-4,").append(30 * k).append(",1.5,-850,-2\n");
    Files.writeString(tmp.resolve("in.csv"), table);
    String[] orbit = {"--phantom", "shepp-logan:24:8", "--poses", p("in.csv")};
    CliTest.Run s = CliTest.run(cat(new String[] {"simulate"}, orbit, DETECTOR,
        new String[] {"--out", p("proj.mha"), "--poses-out", p("poses.csv")}));
    assertEquals(0, s.status, s.err);
    for (String f : new String[] {"astra", "matrices", "rtk"}) {
      CliTest.Run w = CliTest.run(cat(new String[] {"simulate"}, orbit, DETECTOR,
          new String[] {"--out", p("proj-" + f + ".mha"), "--geometry-out", p("views." + f),
            "--geometry-format", f}));
      assertEquals(0, w.status, w.err);
      assertTrue(w.out.contains("(" + f + ")"), w.out);
    }
    String[] grid = {"--shape", "24,24,24", "--spacing", "8,8,8", "--iterations", "15"};
    CliTest.Run ref = CliTest.run(cat(new String[] {"reconstruct", "--projections", p("proj.mha"),
      "--poses", p("poses.csv"), "--out", p("v-poses.mha")}, DETECTOR, grid));
    assertEquals(0, ref.status, ref.err);
    float[] expected = MetaImage.read(tmp.resolve("v-poses.mha")).data;
    float max = 0;
    for (float x : expected) max = Math.max(max, Math.abs(x));
    for (String f : new String[] {"astra", "matrices", "rtk"}) {
      CliTest.Run r = CliTest.run(cat(new String[] {"reconstruct", "--projections",
        p("proj-" + f + ".mha"), "--geometry", p("views." + f), "--delx", "9", "--dely", "8",
        "--placement", "centred", "--out", p("v-" + f + ".mha"), "--backend", "java"}, grid));
      assertEquals(0, r.status, r.err);
      assertTrue(r.err.contains("from 12 views from " + p("views." + f) + " (" + f + ")"), r.err);
      float[] got = MetaImage.read(tmp.resolve("v-" + f + ".mha")).data;
      double worst = 0;
      for (int i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
      System.out.printf("reconstruction from the %s form vs the pose table: max difference %.2e "
          + "of max %.3f%n", f, worst / max, max);
      assertTrue(worst <= 1e-5 * max, f + ": " + worst + " of " + max);
    }
  }

  @Test
  void renderFromAGeometryFileAndPfmOutput() throws IOException {
    Path astra = tmp.resolve("v.astra");
    Files.writeString(astra, "# parallel3d_vec\n0 -1 0  0 -170 0  -8 0 0  0 0 -8\n"
        + "1 0 0  170 0 0  0 -8 0  0 0 -8\n");
    CliTest.Run r = CliTest.run("render", "--phantom", "shepp-logan:24:8", "--geometry",
        astra.toString(), "--height", "24", "--out", p("drr.pfm"), "--backend", "java");
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.contains("2 views from " + astra + " (astra, parallel beam)"), r.out);
    assertTrue(r.out.contains("placement file"), r.out);
    assertTrue(Files.exists(tmp.resolve("drr_0000.pfm")) && Files.exists(tmp.resolve("drr_0001.pfm")));
    CliTest.Run back = CliTest.run("render", "--phantom", "shepp-logan:24:8", "--geometry",
        tmp.resolve("*.astra").toString(), "--height", "24", "--out", p("drr.mha"), "--backend",
        "java");
    assertEquals(0, back.status, back.err);
    float[] a = sc.fiji.diffdrr.io.ProjectionFiles.read(tmp).data;
    float[] b = MetaImage.read(tmp.resolve("drr.mha")).data;
    assertEquals(b.length, a.length);
    for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 0f, "pixel " + i);
  }

  /** A placed volume keeps its Offset and TransformMatrix through reconstruct --like. */
  @Test
  void likeAndOffsetPlaceTheGridAndWrittenVolumesCarryIt() throws IOException {
    Path vol = tmp.resolve("placed.mha");
    float[] data = new float[6 * 5 * 4];
    MetaImage.write(vol, new int[] {6, 5, 4}, new double[] {2, 3, 4}, new double[] {-10, 20.5, 30},
        new double[] {0, 1, 0, -1, 0, 0, 0, 0, 1}, data, false);
    Path astra = tmp.resolve("v.astra");
    Files.writeString(astra, "10 1000 40  10 -200 40  -2 0 0  0 0 -2\n");
    Path proj = tmp.resolve("p.mha");
    MetaImage.write(proj, new int[] {8, 8}, new double[] {2, 2}, new double[2], new float[64], false);
    for (String[] how : new String[][] {{"--like", vol.toString()},
        {"--shape", "6,5,4", "--spacing", "2,3,4", "--offset", "-10,20.5,30"}}) {
      Path out = tmp.resolve("out" + how.length + ".mha");
      CliTest.Run r = CliTest.run(cat(new String[] {"reconstruct", "--projections", proj.toString(),
        "--geometry", astra.toString(), "--out", out.toString(), "--iterations", "2", "--backend",
        "java"}, how));
      assertEquals(0, r.status, r.err);
      assertTrue(r.err.contains("voxel 0 at (-10.0000, 20.5000, 30.0000) mm"), r.err);
      MetaImage m = MetaImage.read(out);
      assertEquals(List.of(-10.0, 20.5, 30.0), List.of(m.offset[0], m.offset[1], m.offset[2]));
      double[] t = how.length == 2 ? new double[] {0, 1, 0, -1, 0, 0, 0, 0, 1}
          : new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
      for (int i = 0; i < 9; i++) assertEquals(t[i], m.transform[i], "TransformMatrix " + i);
    }
  }

  private void assertBad(String expected, String... args) throws IOException {
    Path out = tmp.resolve("bad-out.mha");
    String[] all = cat(args, new String[] {"--out", out.toString()});
    CliTest.Run r = CliTest.run(all);
    assertEquals(2, r.status, r.out + r.err);
    String line = r.err.trim();
    assertFalse(line.contains("\n"), "one line: " + line);
    assertFalse(line.contains("Exception"), line);
    assertTrue(line.contains(expected), "expected '" + expected + "' in: " + line);
    assertFalse(Files.exists(out), "no output file");
  }

  @Test
  void badGeometryFailsWithOneLine() throws IOException {
    Path proj = tmp.resolve("p.mha");
    MetaImage.write(proj, new int[] {8, 8, 2}, new double[] {2, 2, 1}, new double[3],
        new float[128], false);
    Path astra = tmp.resolve("bad.astra");
    Files.writeString(astra, "0 850 0 0 -170 0 -2 0 0 0 0 -2\n0 850 0 0 -170 0 -2 0 zero 0 0 -2\n");
    String[] rec = {"reconstruct", "--projections", proj.toString(), "--shape", "4,4,4",
      "--spacing", "2,2,2", "--backend", "java"};
    assertBad(astra + " line 2: field uZ is not a finite number: 'zero'",
        cat(rec, new String[] {"--geometry", astra.toString()}));
    Path one = tmp.resolve("one.astra");
    Files.writeString(one, "0 850 0 0 -170 0 -2 0 0 0 0 -2\n");
    assertBad("p.mha holds 2 projection(s) but there are 1 view(s) in --geometry " + one,
        cat(rec, new String[] {"--geometry", one.toString()}));
    Path singular = tmp.resolve("s.txt");
    Files.writeString(singular, "1 0 0 0\n0 1 0 0\n1 1 0 1\n\n1 0 0 0\n0 1 0 0\n0 0 1 1\n");
    assertBad(singular + ", matrix 1: singular matrix",
        cat(rec, new String[] {"--geometry", singular.toString(), "--delx", "2"}));
    Path xml = tmp.resolve("r.xml");
    Files.writeString(xml, "<RTKThreeDCircularGeometry version=\"3\"><SourceToIsocenterDistance>"
        + "1000</SourceToIsocenterDistance><Projection><GantryAngle>0</GantryAngle></Projection>"
        + "<Projection><GantryAngle>9</GantryAngle></Projection></RTKThreeDCircularGeometry>");
    assertBad(xml + ": projection 1 has no SourceToDetectorDistance",
        cat(rec, new String[] {"--geometry", xml.toString(), "--delx", "2"}));
    assertBad("--geometry-out views.xml (rtk): view 1: RTK's geometry cannot describe a mirrored "
        + "detector", "simulate", "--phantom", "shepp-logan:8:8", "--sdd", "1020", "--height", "8",
        "--delx", "8", "--views", "2", "--sad", "850", "--geometry-out", p("views.xml"),
        "--backend", "java");
    assertFalse(Files.exists(tmp.resolve("views.xml")));
  }
}
