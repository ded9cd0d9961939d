package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;

/** The command line as a contract: outputs, exit status 2 and one line for bad input, no file left. */
class CliTest {

  @TempDir
  Path tmp;

  /** Exit status, stdout and stderr of one command line. */
  static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String[] SMALL = {"--phantom", "shepp-logan:24:8", "--sdd", "1020",
    "--height", "24", "--delx", "8", "--backend", "java"};

  private static String[] with(String[] base, String... more) {
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void renderWritesACalibratedStack() throws IOException {
    Path out = tmp.resolve("drr.mha");
    Run r = run(with(with(new String[] {"render"}, SMALL), "--rotation", "0,0,0", "--rotation",
        "90,0,0", "--translation", "0,850,0", "--out", out.toString()));
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.startsWith("rendered 2 DRRs of 24×24 pixels"), r.out);
    MetaImage m = MetaImage.read(out);
    assertEquals(List.of(24, 24, 2), List.of(m.dims[0], m.dims[1], m.dims[2]));
    assertEquals(8.0, m.spacing[0]);
    float max = 0;
    for (float v : m.data) max = Math.max(max, v);
    assertTrue(max > 50 && max < 300, "line integrals in mm × density: " + max);
  }

  @Test
  void simulateThenReconstructRoundTrips() throws IOException {
    Path stack = tmp.resolve("p.mha"), poses = tmp.resolve("p.csv"), vol = tmp.resolve("v.mha");
    Path report = tmp.resolve("report");
    Run s = run(with(with(new String[] {"simulate"}, SMALL), "--views", "12", "--sad", "850",
        "--out", stack.toString(), "--poses-out", poses.toString()));
    assertEquals(0, s.status, s.err);
    assertEquals("rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm", Files.readAllLines(poses).get(0));
    Run r = run("reconstruct", "--projections", stack.toString(), "--poses", poses.toString(),
        "--sdd", "1020", "--delx", "8", "--shape", "24,24,24", "--spacing", "8,8,8",
        "--iterations", "40", "--reference", "shepp-logan:24:8", "--backend", "java",
        "--out", vol.toString(), "--report", report.toString());
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.contains("PSNR"), r.out);
    for (String f : new String[] {"loss.csv", "loss.png", "slices.png", "views.png", "metrics.json"}) {
      assertTrue(Files.size(report.resolve(f)) > 0, f);
    }
    String metrics = Files.readString(report.resolve("metrics.json"));
    for (String key : new String[] {"\"iterations\": 40", "\"seconds\"", "\"loss_first\"",
      "\"loss_last\"", "\"psnr\"", "\"ssim\""}) {
      assertTrue(metrics.contains(key), key + " in " + metrics);
    }
    assertEquals(41, Files.readAllLines(report.resolve("loss.csv")).size());
    assertEquals(List.of(24, 24, 24), List.of(MetaImage.read(vol).dims[0], MetaImage.read(vol).dims[1],
        MetaImage.read(vol).dims[2]));
  }

  static Stream<Arguments> badRenderInputs() {
    return Stream.of(
        Arguments.of(List.of("--sdd", "0"), "--sdd must be a number in (0, 1e6] (mm), got '0'"),
        Arguments.of(List.of("--sdd", "-1020"), "--sdd must be a number in (0, 1e6] (mm), got '-1020'"),
        Arguments.of(List.of("--sdd", "NaN"), "--sdd must be a number in (0, 1e6] (mm), got 'NaN'"),
        Arguments.of(List.of("--sdd", "far"), "--sdd must be a number in (0, 1e6] (mm), got 'far'"),
        Arguments.of(List.of("--delx", "0"), "--delx must be a number in (0, 10000] (mm), got '0'"),
        Arguments.of(List.of("--height", "-3"), "--height must be an integer in [1, 32768], got '-3'"),
        Arguments.of(List.of("--height", "2.5"), "--height must be an integer in [1, 32768], got '2.5'"),
        Arguments.of(List.of("--rotation", "0,x,0"), "--rotation must be 3 comma-separated numbers"),
        Arguments.of(List.of("--rotation", "0,NaN,0"), "--rotation must be 3 comma-separated numbers in [-1e6, 1e6] (degrees), got '0,NaN,0'"),
        Arguments.of(List.of("--translation", "0,850"), "--translation must be 3 comma-separated numbers"),
        Arguments.of(List.of("--convention", "XXY"), "convention must be one of XYZ"),
        Arguments.of(List.of("--orientation", "LR"), "orientation must be AP, PA or none, got 'LR'"),
        Arguments.of(List.of("--renderer", "fast"), "renderer must be siddon or trilinear"),
        Arguments.of(List.of("--phantom", "shepp-logan:0"), "--phantom size must be an integer in [2, 1024]"),
        Arguments.of(List.of("--phantom", "shepp-logan:24:-2"), "spacing must be a finite number > 0"),
        Arguments.of(List.of("--bogus", "1"), "render: unknown option --bogus"));
  }

  @ParameterizedTest
  @MethodSource("badRenderInputs")
  void badRenderInputIsOneLineAndExitTwo(List<String> change, String message) {
    List<String> args = new ArrayList<>(Arrays.asList(with(new String[] {"render"}, SMALL)));
    for (int i = 0; i < change.size(); i += 2) {
      int at = args.indexOf(change.get(i));
      if (at >= 0) {
        args.set(at + 1, change.get(i + 1));
      } else {
        args.add(change.get(i));
        args.add(change.get(i + 1));
      }
    }
    Path out = tmp.resolve("never.mha");
    args.add("--out");
    args.add(out.toString());
    Run r = run(args.toArray(new String[0]));
    assertBadInput(r, message);
    assertFalse(Files.exists(out), "no output file");
  }

  @Test
  void badVolumeFilesAreNamed() throws IOException {
    Path missing = tmp.resolve("missing.mha");
    assertBadInput(renderFile(missing), "--volume " + missing + ": not found");

    Path header = tmp.resolve("header.mha");
    Files.writeString(header, "NDims = 3\nDimSize = 4 four 4\nElementType = MET_FLOAT\n"
        + "ElementDataFile = LOCAL\n");
    assertBadInput(renderFile(header), "DimSize must have 3 integer(s), got '4 four 4'");

    Path truncated = tmp.resolve("truncated.mha");
    MetaImage.write(truncated, new int[] {8, 8, 8}, new double[] {1, 1, 1}, new double[3],
        new float[512], false);
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
    assertBadInput(renderFile(truncated), "truncated: expected 2048 bytes");

    Path empty = tmp.resolve("empty.mha");
    Files.writeString(empty, "NDims = 3\nDimSize = 0 4 4\nElementType = MET_FLOAT\n"
        + "ElementDataFile = LOCAL\n");
    assertBadInput(renderFile(empty), "DimSize must be positive");
  }

  private Run renderFile(Path volume) {
    Path out = tmp.resolve("out.png");
    Run r = run("render", "--volume", volume.toString(), "--sdd", "1020", "--height", "8",
        "--delx", "2", "--backend", "java", "--out", out.toString());
    assertFalse(Files.exists(out), "no output file");
    return r;
  }

  @Test
  void aDetectorThatSeesNothingGivesZeros() throws IOException {
    Path out = tmp.resolve("zeros.mha");
    Run r = run(with(with(new String[] {"render"}, SMALL), "--translation", "5000,850,0",
        "--out", out.toString()));
    assertEquals(0, r.status, r.err);
    for (float v : MetaImage.read(out).data) assertEquals(0f, v);
  }

  @Test
  void badReconstructInputIsOneLineAndExitTwo() throws IOException {
    Path stack = tmp.resolve("p.mha"), poses = tmp.resolve("p.csv");
    assertEquals(0, run(with(with(new String[] {"simulate"}, SMALL), "--views", "4", "--sad",
        "850", "--out", stack.toString(), "--poses-out", poses.toString())).status);
    Path fewer = tmp.resolve("three.csv");
    List<String> lines = Files.readAllLines(poses);
    Files.write(fewer, lines.subList(0, 4));
    Path nan = tmp.resolve("nan.mha");
    ProjectionStack p = ProjectionFiles.read(stack);
    float[] data = p.data.clone();
    data[5] = Float.NaN;
    MetaImage.write(nan, new int[] {24, 24, 4}, new double[] {8, 8, 1}, new double[3], data, false);

    String[][] cases = {
      {"--poses", fewer.toString()}, {"p.mha holds 4 projection(s) but there are 3 pose(s)"},
      {"--height", "32"}, {"--height 32 does not match the projection images, which are 24 pixels"},
      {"--shape", "24,0,24"}, {"--shape must be 3 comma-separated integers in [1, 65536] (voxels), got '24,0,24'"},
      {"--spacing", "8,-8,8"}, {"--spacing must be 3 comma-separated numbers in (0, 10000] (mm), got '8,-8,8'"},
      {"--lr", "0"}, {"--lr must be a number in (0, 3.4e38], got '0'"},
      {"--lr", "-1e-3"}, {"--lr must be a number in (0, 3.4e38], got '-1e-3'"},
      {"--iterations", "0"}, {"--iterations must be an integer in [1, 1e7], got '0'"},
      {"--projections", nan.toString()}, {"NaN or infinite pixel"},
      {"--algorithm", "art"}, {"--algorithm must be gd, fdk, sirt, os-sart or cgls, got 'art'"},
      {"--filter", "box"}, {"--filter must be ram-lak, shepp-logan, cosine, hamming or hann, got 'box'"},
      {"--cutoff", "0"}, {"--cutoff must be a number in (0, 1], got '0'"},
      {"--cutoff", "1.5"}, {"--cutoff must be a number in (0, 1], got '1.5'"},
      {"--subsets", "5"}, {"--subsets must be in [1, 4] (the number of views), got 5"},
      {"--tolerance", "1"}, {"--tolerance must be a number in [0, 1), got '1'"},
    };
    for (int c = 0; c < cases.length; c += 2) {
      List<String> args = new ArrayList<>(List.of("reconstruct", "--projections", stack.toString(),
          "--poses", poses.toString(), "--sdd", "1020", "--delx", "8", "--shape", "24,24,24",
          "--spacing", "8,8,8", "--iterations", "3", "--backend", "java"));
      int at = args.indexOf(cases[c][0]);
      if (at >= 0) {
        args.set(at + 1, cases[c][1]);
      } else {
        args.addAll(List.of(cases[c]));
      }
      Path out = tmp.resolve("never" + c + ".mha");
      Path report = tmp.resolve("never" + c);
      args.addAll(List.of("--out", out.toString(), "--report", report.toString()));
      assertBadInput(run(args.toArray(new String[0])), cases[c + 1][0]);
      assertFalse(Files.exists(out) || Files.exists(report), "nothing written for " + cases[c][0]);
    }
  }

  @Test
  void fdkOnANonCircularGeometryIsRefusedNamingTheIterativeMethods() throws IOException {
    Path stack = tmp.resolve("q.mha"), poses = tmp.resolve("q.csv");
    assertEquals(0, run(with(with(new String[] {"simulate"}, SMALL), "--views", "6", "--sad",
        "850", "--out", stack.toString(), "--poses-out", poses.toString())).status);
    List<String> lines = new ArrayList<>(Files.readAllLines(poses));
    String[] f = lines.get(3).split(",");
    f[4] = "700"; // this source is 700 mm from the axis, the others 850
    lines.set(3, String.join(",", f));
    Path helix = tmp.resolve("changing.csv");
    Files.write(helix, lines);
    Path out = tmp.resolve("never-fdk.mha");
    Run r = run("reconstruct", "--projections", stack.toString(), "--poses", helix.toString(),
        "--sdd", "1020", "--delx", "8", "--shape", "24,24,24", "--spacing", "8,8,8",
        "--algorithm", "fdk", "--backend", "java", "--out", out.toString());
    assertBadInput(r, "FDK needs a circular cone-beam orbit, but the source–axis distance changes");
    assertTrue(r.err.contains("--algorithm sirt, os-sart, cgls or gd"), r.err);
    assertFalse(Files.exists(out));
    // The same projections on their true orbit: FDK runs and writes the volume.
    Run ok = run("reconstruct", "--projections", stack.toString(), "--poses", poses.toString(),
        "--sdd", "1020", "--delx", "8", "--shape", "24,24,24", "--spacing", "8,8,8",
        "--algorithm", "fdk", "--filter", "hann", "--cutoff", "0.8", "--backend", "java",
        "--out", out.toString());
    assertEquals(0, ok.status, ok.err);
    assertTrue(Files.exists(out) && ok.out.startsWith("fdk: "), ok.out);
    assertFalse(ok.out.contains("NaN"), "FDK has no loss to show: " + ok.out);
  }

  @Test
  void helpAndUnknownCommands() {
    Run help = run("--help");
    assertEquals(0, help.status);
    for (String c : new String[] {"render", "simulate", "reconstruct", "demo", "bench", "devices"}) {
      assertTrue(help.out.contains("  " + c + " "), c);
      Run usage = run(c, "--help");
      assertEquals(0, usage.status);
      assertTrue(usage.out.startsWith("usage: " + c), usage.out);
    }
    assertBadInput(run("draw"), "error: unknown command 'draw'");
  }

  static void assertBadInput(Run r, String message) {
    assertEquals(2, r.status, "exit status; stderr: " + r.err);
    assertTrue(r.err.contains(message), "'" + message + "' in: " + r.err);
    assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
  }
}
