package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.MemoryPlan;

/** A run that cannot fit is refused before the work, with one line saying what to change. */
class MemoryPlanRefusalTest {

  @TempDir
  static Path tmp;

  @BeforeAll
  static void projections() {
    CliTest.Run r = CliTest.run("simulate", "--phantom", "shepp-logan:32:8", "--views", "6",
        "--height", "32", "--delx", "8", "--sdd", "1020", "--sad", "850", "--backend", "java",
        "--out", tmp.resolve("p.mha").toString(), "--poses-out", tmp.resolve("poses.csv").toString());
    assertEquals(0, r.status, r.err);
  }

  private static String[] reconstruct(Path out, String backend, String... grid) {
    List<String> a = new java.util.ArrayList<>(List.of("reconstruct", "--projections",
        tmp.resolve("p.mha").toString(), "--poses", tmp.resolve("poses.csv").toString(),
        "--sdd", "1020", "--delx", "8", "--algorithm", "cgls", "--iterations", "1",
        "--backend", backend, "--out", out.toString()));
    a.addAll(List.of(grid));
    return a.toArray(new String[0]);
  }

  /** 1200³ voxels: 6.4 GiB a volume, CGLS holds four of them; the tests' heap is 6 GiB. */
  @Test
  void aVolumeTooLargeForTheHeapIsRefusedBeforeTheWork() {
    Path out = tmp.resolve("never.mha");
    long t0 = System.nanoTime();
    CliTest.Run r = CliTest.run(reconstruct(out, "java", "--shape", "1200,1200,1200",
        "--spacing", "0.2,0.2,0.2"));
    assertEquals(Main.BAD_INPUT, r.status, r.err);
    String line = r.err.lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
    assertTrue(line.startsWith("error: not enough Java memory: this run needs about 25.7 GiB"), r.err);
    assertTrue(line.contains("volume 6.4 GiB") && line.contains("; run with -Xmx33g")
        && line.contains("or a coarser grid"), line);
    assertFalse(r.err.contains("Exception") || r.err.contains("OutOfMemoryError"), r.err);
    assertFalse(Files.exists(out), "no output file");
    assertTrue((System.nanoTime() - t0) / 1e9 < 60, "refused before the work");
  }

  /**
   * A volume file whose floats would not fit the heap (1200³ voxels: 6.4 GiB as floats; the tests'
   * heap is 6 GiB) is refused from its header, before a byte of its data is read (the file is
   * sparse: its data were never written).
   */
  @Test
  void aVolumeFileTooLargeForTheHeapIsRefusedBeforeItIsRead() throws Exception {
    Path huge = tmp.resolve("huge.mha");
    byte[] header = ("NDims = 3\nDimSize = 1200 1200 1200\nElementSpacing = 0.2 0.2 0.2\n"
        + "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.write(header);
      f.setLength(header.length + 1200L * 1200 * 1200);
    }
    Path out = tmp.resolve("never.tif");
    long t0 = System.nanoTime();
    CliTest.Run r = CliTest.run("render", "--volume", huge.toString(), "--sdd", "1020",
        "--height", "16", "--delx", "8", "--backend", "java", "--out", out.toString());
    assertEquals(Main.BAD_INPUT, r.status, r.err);
    String line = r.err.lines().filter(l -> l.startsWith("error:")).findFirst().orElse("");
    assertTrue(line.startsWith("error: --volume " + huge + " holds 1728000000 values, more than "
        + "the Java heap can take: not enough Java memory: this run needs about 6.4 GiB (volume "
        + "as read 6.4 GiB)"), line);
    assertTrue(line.contains("; run with -Xmx") && line.endsWith("or a smaller volume"), line);
    assertFalse(r.err.contains("Exception") || r.err.contains("OutOfMemoryError"), r.err);
    assertFalse(Files.exists(out), "no output file");
    assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused before reading");
  }

  @Test
  void theRunLogsItsPlan() {
    CliTest.Run r = CliTest.run(reconstruct(tmp.resolve("small.mha"), "java", "--shape",
        "32,32,32", "--spacing", "8,8,8"));
    assertEquals(0, r.status, r.err);
    assertTrue(r.err.contains("memory plan: 584 KiB on the heap (projections as read 24 KiB, volume "
        + "128 KiB, residual 24 KiB, projected direction 24 KiB, 2 CGLS vectors "
        + "256 KiB, result 128 KiB)"), r.err);
  }

  /**
   * An OpenCL device capped (by the test knob) to 16 MiB per allocation cannot hold a 32 MiB
   * volume (256×256×128 floats): with splitting off, refused before any buffer is made, naming
   * the device's limit. Needs a child JVM to set the knobs; needs an OpenCL device (PoCL in CI).
   */
  @Test
  void aVolumeLargerThanTheDevicesLargestAllocationIsRefused() throws Exception {
    List<String> why = new java.util.ArrayList<>();
    if (Backends.devices(why::add).isEmpty()) {
      assertFalse("true".equalsIgnoreCase(System.getenv("CI")),
          "CI=true but no OpenCL device was found: " + why);
      org.junit.jupiter.api.Assumptions.abort("no OpenCL device: " + why);
    }
    Path out = tmp.resolve("device.mha"), log = tmp.resolve("device.log");
    List<String> command = new java.util.ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(reconstruct(out, "opencl", "--shape", "256,256,128",
        "--spacing", "1,1,2")));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    b.environment().put("DIFFDRR_OPENCL_MAX_ALLOC_MB", "16");
    b.environment().put(Backends.SPLIT_SWITCH, "off"); // else it runs in z-slabs (OpenClSplitCliTest)
    Process p = b.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String text = Files.readString(log);
    assertEquals(Main.BAD_INPUT, p.exitValue(), text);
    assertTrue(text.contains("error: an array of this run (32 MiB) exceeds the largest allocation of "),
        text);
    assertTrue(text.contains("(16 MiB); use --backend java, or a coarser grid"), text);
    assertFalse(text.contains("Exception"), text);
    assertFalse(Files.exists(out));
  }

  @Test
  void theDeviceRefusalNamesGlobalMemoryFirst() {
    MemoryPlan plan = new MemoryPlan().backend("volume", 1 << 20).backend("gradient", 1 << 20)
        .host("result", 1 << 20);
    assertEquals(8L << 20, plan.backendBytes());
    assertEquals(12L << 20, plan.heapBytes(true));
    assertEquals(4L << 20, plan.heapBytes(false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.requireDevice(6L << 20, 4L << 20, "dev", "fewer views"));
    assertEquals("not enough device memory on dev: this run needs about 8 MiB (volume 4 MiB, "
        + "gradient 4 MiB) and the device has 6 MiB; use --backend java, or fewer views",
        e.getMessage());
    plan.requireDevice(8L << 20, 4L << 20, "dev", "fewer views"); // fits exactly
    // What is already held counts against the heap's use, not twice.
    MemoryPlan held = new MemoryPlan().held("projections", 1 << 20).host("volume", 1 << 20);
    held.requireHeap(true, 10L << 20, 6L << 20, MemoryPlan.CLI_HEAP, "x");
    assertThrows(IllegalArgumentException.class,
        () -> held.requireHeap(true, 10L << 20, 7L << 20, MemoryPlan.CLI_HEAP, "x"));
  }
}
