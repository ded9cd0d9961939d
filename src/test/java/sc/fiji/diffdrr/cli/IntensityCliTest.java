package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.cli.CliTest.assertBadInput;
import static sc.fiji.diffdrr.cli.CliTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;

/** simulate --photons, render --output intensity and reconstruct --input intensity, end to end. */
class IntensityCliTest {

  @TempDir
  Path tmp;

  private static final List<String> SMALL = List.of("--phantom", "shepp-logan:24:8:0.02",
      "--sdd", "1020", "--height", "24", "--delx", "8", "--backend", "java");

  private static String[] args(String command, List<String> base, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(base);
    all.addAll(Arrays.asList(more));
    return all.toArray(new String[0]);
  }

  @Test
  void renderWritesBeerLambertIntensities() throws IOException {
    Path p = tmp.resolve("p.mha"), i = tmp.resolve("i.mha");
    assertEquals(0, run(args("render", SMALL, "--out", p.toString())).status);
    CliTest.Run r = run(args("render", SMALL, "--output", "intensity", "--i0", "1000", "--out",
        i.toString()));
    assertEquals(0, r.status, r.err);
    float[] li = ProjectionFiles.read(p).data, in = ProjectionFiles.read(i).data;
    for (int k = 0; k < li.length; k++) assertEquals(1000 * Math.exp(-li[k]), in[k], 1e-3);
  }

  @Test
  void simulatedPhotonsReconstructWithTheWeightedRecipe() throws IOException {
    Path counts = tmp.resolve("counts.mha"), lines = tmp.resolve("lines.mha");
    Path poses = tmp.resolve("p.csv"), vol = tmp.resolve("v.mha");
    CliTest.Run s = run(args("simulate", SMALL, "--views", "12", "--sad", "850", "--photons", "20",
        "--seed", "5", "--out", counts.toString(), "--poses-out", poses.toString()));
    assertEquals(0, s.status, s.err);
    assertTrue(s.err.contains("Poisson noise of 20 photons per pixel, seed 5"), s.err);
    ProjectionStack c = ProjectionFiles.read(counts);
    int zeros = 0;
    for (float v : c.data) {
      assertEquals(Math.rint(v), v, 0, "counts are whole numbers");
      if (v == 0) zeros++;
    }
    assertTrue(zeros > 0, "20 photons through up to ~1.2 of line integral leave some pixels dark");
    // the same seed as line integrals: −ln(counts / N), the zero counts clamped to the floor,
    // min(half a count, 1e-3 of the open beam) = 0.02 counts here
    s = run(args("simulate", SMALL, "--views", "12", "--sad", "850", "--photons", "20", "--seed",
        "5", "--output", "line-integral", "--out", lines.toString(), "--poses-out", poses.toString()));
    assertEquals(0, s.status, s.err);
    assertTrue(s.err.contains(zeros + " of " + c.data.length + " pixels"), s.err);
    float[] l = ProjectionFiles.read(lines).data;
    for (int k = 0; k < l.length; k++) {
      assertEquals(-Math.log(Math.max(c.data[k], 0.02) / 20), l[k], 1e-5);
    }
    CliTest.Run r = run("reconstruct", "--projections", counts.toString(), "--input", "intensity",
        "--i0", "20", "--poses", poses.toString(), "--sdd", "1020", "--delx", "8", "--shape",
        "24,24,24", "--spacing", "8,8,8", "--iterations", "20", "--backend", "java",
        "--reference", "shepp-logan:24:8:0.02", "--out", vol.toString());
    assertEquals(0, r.status, r.err);
    assertTrue(r.err.contains(zeros + " of " + c.data.length + " pixels"), r.err);
    assertTrue(r.err.contains(", wls, "), "the intensity recipe weighs by counts: " + r.err);
    assertTrue(r.out.contains("PSNR"), r.out);
    assertTrue(Files.size(vol) > 0);
  }

  @Test
  void badIntensityInputIsOneLineAndExitTwo() throws IOException {
    Path stack = tmp.resolve("i.mha"), poses = tmp.resolve("p.csv"), small = tmp.resolve("small.mha");
    assertEquals(0, run(args("simulate", SMALL, "--views", "3", "--sad", "850", "--photons", "1e4",
        "--out", stack.toString(), "--poses-out", poses.toString())).status);
    ProjectionFiles.write(small, new ProjectionStack(new float[20 * 24], 20, 24, 1, 8, 8));
    String[][] cases = {
      {"--i0", "-5"}, {"--i0 must be a number in (0, 1e12] (photons), got '-5'"},
      {"--i0", "0"}, {"--i0 must be a number in (0, 1e12] (photons), got '0'"},
      {"--flat", "10", "--dark", "20"}, {"--flat must be greater than --dark at every pixel; at row 0, column 0 it is 10.0 ≤ 20.0"},
      {"--flat", small.toString()}, {"--flat (small.mha) is 20×24 pixels but the projections are 24×24"},
      {"--flat", "1e4", "--dark", small.toString()}, {"--dark (small.mha) is 20×24 pixels"},
      {"--flat", "1e4", "--i0", "1e4"}, {"give --i0 N (flat = N, dark = 0) or --flat/--dark, not both"},
      {"--readout-sigma", "-1", "--i0", "1e4"}, {"--readout-sigma must be a number in [0, 1e9] (counts), got '-1'"},
      {}, {"--input intensity needs the open beam"},
    };
    for (int k = 0; k < cases.length; k += 2) {
      List<String> a = new ArrayList<>(List.of("reconstruct", "--projections", stack.toString(),
          "--input", "intensity", "--poses", poses.toString(), "--sdd", "1020", "--delx", "8",
          "--shape", "24,24,24", "--spacing", "8,8,8", "--iterations", "2", "--backend", "java"));
      a.addAll(Arrays.asList(cases[k]));
      Path out = tmp.resolve("never" + k + ".mha");
      a.addAll(List.of("--out", out.toString()));
      assertBadInput(run(a.toArray(new String[0])), cases[k + 1][0]);
      assertFalse(Files.exists(out), "nothing written for " + Arrays.toString(cases[k]));
    }
    List<String> lineIntegral = List.of("reconstruct", "--projections", stack.toString(), "--poses",
        poses.toString(), "--sdd", "1020", "--delx", "8", "--shape", "24,24,24", "--spacing",
        "8,8,8", "--iterations", "2", "--backend", "java");
    String[][] more = {
      {"--input", "counts"}, {"--input must be line-integral or intensity, got 'counts'"},
      {"--i0", "1e4"}, {"--flat, --dark, --i0 and --readout-sigma apply to --input intensity"},
      {"--loss", "wls"}, {"--loss wls needs --input intensity"},
    };
    for (int k = 0; k < more.length; k += 2) {
      List<String> a = new ArrayList<>(lineIntegral);
      a.addAll(Arrays.asList(more[k]));
      Path out = tmp.resolve("nor" + k + ".mha");
      a.addAll(List.of("--out", out.toString()));
      assertBadInput(run(a.toArray(new String[0])), more[k + 1][0]);
      assertFalse(Files.exists(out));
    }
    String[][] sim = {
      {"--photons", "-5"}, {"--photons must be a number in (0, 1e12] (incident photons per pixel), got '-5'"},
      {"--photons", "0"}, {"--photons must be a number in (0, 1e12]"},
      {"--photons", "1e4", "--readout-sigma", "-2"}, {"--readout-sigma must be a number in [0, 1e9] (counts), got '-2'"},
      {"--readout-sigma", "2"}, {"--readout-sigma and --seed need --photons N"},
      {"--photons", "1e4", "--i0", "100"}, {"give --photons N (noisy, I0 = N) or --i0 N (noise-free), not both"},
      {"--output", "intensity"}, {"--output intensity needs --i0 N (the open-beam intensity) or --photons N"},
      {"--output", "counts"}, {"--output must be intensity or line-integral, got 'counts'"},
    };
    for (int k = 0; k < sim.length; k += 2) {
      Path out = tmp.resolve("sim" + k + ".mha"), posesOut = tmp.resolve("sim" + k + ".csv");
      List<String> a = new ArrayList<>(Arrays.asList(args("simulate", SMALL, "--views", "2", "--sad",
          "850", "--out", out.toString(), "--poses-out", posesOut.toString())));
      a.addAll(Arrays.asList(sim[k]));
      assertBadInput(run(a.toArray(new String[0])), sim[k + 1][0]);
      assertFalse(Files.exists(out) || Files.exists(posesOut));
    }
    Path out = tmp.resolve("r.mha");
    assertBadInput(run(args("render", SMALL, "--photons", "100", "--out", out.toString())),
        "render: unknown option --photons");
    assertBadInput(run(args("render", SMALL, "--i0", "100", "--out", out.toString())),
        "--i0 applies to --output intensity");
    assertFalse(Files.exists(out));
  }
}
