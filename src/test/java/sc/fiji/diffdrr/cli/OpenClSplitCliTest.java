package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.opencl.Backends;

/**
 * The automatic split, end to end: a reconstruction on an OpenCL device that the test knobs make
 * too small for its 2.25 MiB volume (96×96×64 floats) runs in z-slabs, says so in one line, and
 * writes what the unsplit run writes (max |split − whole| ≤ 1e-5 × max): gradient descent with
 * the largest allocation too small, CGLS with the global memory too small. Child JVMs set the knobs;
 * needs an OpenCL device (PoCL in CI, where its absence fails the test).
 */
class OpenClSplitCliTest {

  @TempDir
  static Path tmp;
  /** The unsplit runs' volumes: gradient descent, CGLS. */
  private static float[] wholeGd;
  private static float[] wholeCgls;

  private static final String[] GRID = {"--shape", "96,96,64", "--spacing", "1.5,1.5,2"};

  @BeforeAll
  static void projectionsAndTheUnsplitRun() throws IOException {
    List<String> why = new ArrayList<>();
    if (Backends.devices(why::add).isEmpty()) {
      assertFalse("true".equalsIgnoreCase(System.getenv("CI")),
          "CI=true but no OpenCL device was found: " + why);
      org.junit.jupiter.api.Assumptions.abort("no OpenCL device: " + why);
    }
    CliTest.Run r = CliTest.run("simulate", "--phantom", "shepp-logan:64:2", "--views", "8",
        "--height", "48", "--delx", "4", "--sdd", "1020", "--sad", "850", "--backend", "java",
        "--out", tmp.resolve("p.mha").toString(), "--poses-out",
        tmp.resolve("poses.csv").toString());
    assertEquals(0, r.status, r.err);
    wholeGd = whole(GD);
    wholeCgls = whole(CGLS);
  }

  private static float[] whole(String[] algorithm) throws IOException {
    Path out = tmp.resolve("whole-" + algorithm[1] + ".mha");
    CliTest.Run r = CliTest.run(reconstruct(out, algorithm));
    assertEquals(0, r.status, r.err);
    assertFalse(r.err.contains("z-slab"), r.err);
    assertTrue(r.err.contains("on the device ("), "the unsplit plan has device arrays: " + r.err);
    return MetaImage.read(out).data;
  }

  /**
   * Gradient descent from the FDK start with TV, by SGD: Adam's step lr·m/(√v + ε) turns the
   * rounding of a near-zero gradient into a step of the order of lr, so its volumes agree to a
   * fraction of lr only (see OpenClReconstructionTest); SlabbedBackendTest compares Adam runs.
   */
  private static final String[] GD = {"--algorithm", "gd", "--optimizer", "sgd", "--lr", "2e-3",
    "--momentum", "0.5", "--iterations", "6", "--tv", "0.05"};
  private static final String[] CGLS = {"--algorithm", "cgls", "--iterations", "4"};

  private static String[] reconstruct(Path out, String[] algorithm) {
    List<String> a = new ArrayList<>(List.of("reconstruct", "--projections",
        tmp.resolve("p.mha").toString(), "--poses", tmp.resolve("poses.csv").toString(),
        "--sdd", "1020", "--delx", "4", "--backend", "opencl", "--out", out.toString()));
    a.addAll(List.of(algorithm));
    a.addAll(List.of(GRID));
    return a.toArray(new String[0]);
  }

  /** The reconstruction in a child JVM with one knob set; its log. */
  private static String child(Path out, String[] algorithm, String knob, String mib)
      throws Exception {
    Path log = tmp.resolve(out.getFileName() + ".log");
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(reconstruct(out, algorithm)));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put(knob, mib);
    b.environment().remove(Backends.SPLIT_SWITCH);
    Process p = b.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("reconstruct did not finish: " + Files.readString(log));
    }
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    assertFalse(text.contains("Exception"), text);
    return text;
  }

  private static void sameAsWhole(float[] whole, Path out) throws IOException {
    float[] ours = MetaImage.read(out).data;
    double max = 0;
    double worst = 0;
    for (int i = 0; i < whole.length; i++) {
      max = Math.max(max, Math.abs(whole[i]));
      worst = Math.max(worst, Math.abs(ours[i] - whole[i]));
    }
    assertEquals(whole.length, ours.length);
    System.out.printf("%s: max |split − whole| %.3g of max %.4g (%.2e)%n", out.getFileName(),
        worst, max, worst / max);
    assertTrue(max > 0 && worst <= 1e-5 * max, worst + " of " + max);
  }

  @Test
  void aVolumeLargerThanTheLargestAllocationIsSplit() throws Exception {
    Path out = tmp.resolve("alloc.mha");
    String log = child(out, GD, "DIFFDRR_OPENCL_MAX_ALLOC_MB", "1");
    // 1 MiB holds 28 planes of 96×96 floats: slabs of 28, 28 and 8 planes
    assertTrue(log.contains("opencl: an array of this run (2 MiB) exceeds the largest allocation "
        + "of "), log);
    assertTrue(log.contains(" (1 MiB): the arrays stay on the Java heap and the volume passes "
        + "through the device in 3 z-slabs of 28 planes (1008 KiB each)"), log);
    assertTrue(log.contains("memory plan: ") && !log.contains("on the device ("), log);
    sameAsWhole(wholeGd, out);
  }

  @Test
  void arraysLargerThanTheGlobalMemoryAreSplit() throws Exception {
    Path out = tmp.resolve("global.mha");
    String log = child(out, CGLS, "DIFFDRR_OPENCL_GLOBAL_MEMORY_MB", "4");
    assertTrue(log.contains(") exceed the global memory of "), log);
    assertTrue(log.contains(" (4 MiB): the arrays stay on the Java heap and the volume passes "
        + "through the device in 2 z-slabs of "), log);
    sameAsWhole(wholeCgls, out);
  }
}
