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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.diffdrr.render.MemoryPlan;

/**
 * The memory plan's estimate holds the real peak within 25 %: with the plan's refusal switched
 * off, a reconstruction runs in a child JVM whose heap is 1.25× the estimate, and runs out of
 * memory in one of 0.75× — so the smallest heap it needs lies within a quarter of the estimate.
 * The serial collector with a fixed young generation makes the heap a user asks for the room large
 * arrays get.
 */
class MemoryPlanPeakTest {

  @TempDir
  static Path tmp;

  private static final String[] GRID = {"--shape", "200,200,200", "--spacing", "1.28,1.28,1.28"};

  @BeforeAll
  static void projections() {
    CliTest.Run r = CliTest.run("simulate", "--phantom", "shepp-logan:64:4", "--views", "20",
        "--height", "64", "--delx", "4", "--sdd", "1020", "--sad", "850", "--backend", "java",
        "--out", tmp.resolve("p.mha").toString(), "--poses-out", tmp.resolve("poses.csv").toString());
    assertEquals(0, r.status, r.err);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "fdk", "cgls"})
  void theEstimateIsWithinAQuarterOfThePeak(String algorithm) throws Exception {
    Child roomy = reconstruct(algorithm, 2048);
    assertEquals(0, roomy.status, roomy.log);
    long estimate = estimateMiB(roomy.log);
    assertTrue(estimate > 50, "the volumes dominate: " + estimate + " MiB");

    Child enough = reconstruct(algorithm, (long) Math.ceil(1.25 * estimate));
    assertEquals(0, enough.status, "runs in 1.25× the estimate of " + estimate + " MiB: " + enough.log);
    Child short_ = reconstruct(algorithm, (long) Math.floor(0.75 * estimate));
    assertFalse(short_.status == 0, "cannot run in 0.75× the estimate of " + estimate + " MiB");
    assertTrue(short_.log.contains("out of Java memory") || short_.log.contains("not enough Java memory"),
        short_.log);
  }

  private static long estimateMiB(String log) {
    Matcher m = Pattern.compile("memory plan: ([0-9.]+) (MiB|GiB) on the heap").matcher(log);
    assertTrue(m.find(), log);
    double v = Double.parseDouble(m.group(1));
    return Math.round(m.group(2).equals("GiB") ? v * 1024 : v);
  }

  private static final class Child {
    final int status;
    final String log;

    Child(int status, String log) {
      this.status = status;
      this.log = log;
    }
  }

  private static Child reconstruct(String algorithm, long heapMiB) throws IOException,
      InterruptedException {
    Path log = tmp.resolve(algorithm + heapMiB + ".log");
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-XX:+UseSerialGC",
        "-Xmn8m", "-Xmx" + heapMiB + "m", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "reconstruct",
        "--projections", tmp.resolve("p.mha").toString(),
        "--poses", tmp.resolve("poses.csv").toString(), "--sdd", "1020", "--delx", "4",
        "--algorithm", algorithm, "--iterations", "2", "--backend", "java",
        "--out", tmp.resolve(algorithm + ".mha").toString()));
    command.addAll(List.of(GRID));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put(MemoryPlan.SWITCH, "off");
    Process p = b.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("reconstruct did not finish: " + Files.readString(log));
    }
    return new Child(p.exitValue(), Files.readString(log));
  }
}
