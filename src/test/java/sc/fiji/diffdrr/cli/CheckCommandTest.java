package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.opencl.DeviceInfo;
import sc.fiji.diffdrr.testutil.Reference;

/**
 * {@code check} on the test machine's OpenCL device (PoCL in CI): all cases pass, a corrupted
 * DiffDRR DRR fails exactly its case with exit status 1, bad input exits 2 before any device is
 * opened. Skipped without an OpenCL device, failed then where CI=true (as OpenClTestDevice).
 */
class CheckCommandTest {

  /** The device's name for --device (DIFFDRR_OPENCL_DEVICE or the first), or a skipped test. */
  private static String device() {
    List<String> why = new ArrayList<>();
    List<DeviceInfo> devices = Backends.devices(why::add);
    if (devices.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but no OpenCL device was found: " + why);
      }
      Assumptions.abort("no OpenCL device, check test skipped: " + why);
    }
    String wanted = System.getenv("DIFFDRR_OPENCL_DEVICE");
    return wanted != null ? wanted : devices.get(0).name;
  }

  @Test
  void phantomCasesPassOnTheDevice(@TempDir Path tmp) throws IOException {
    String device = device();
    Path json = tmp.resolve("check.json");
    CliTest.Run r = CliTest.run("check", "--device", device, "--json", json.toString());
    assertEquals(Main.OK, r.status, r.out + r.err);
    // 2 renderers × 2 conventions × 3 poses against Java, and as many dot-product tests
    assertEquals(24, count(r.out, "  pass"), r.out);
    assertTrue(r.out.contains("check: opencl: "), r.out);
    assertTrue(r.out.contains(": 24 of 24 cases pass"), r.out);
    String written = Files.readString(json);
    assertTrue(written.contains("\"cases_failed\": 0"), written);
    assertTrue(written.contains("\"pass\": true"), written);
  }

  @Test
  void aWrongReferenceImageFailsItsCase(@TempDir Path tmp) throws IOException {
    String device = device();
    Path phantom = tmp.resolve("reference").resolve("phantom128");
    Files.createDirectories(phantom);
    try (var files = Files.list(Reference.diffdrr().resolve("phantom128"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith("drr_")) Files.copy(f, phantom.resolve(name));
      }
    }
    // one pixel of one DRR off by 1 % of the image's maximum: 10× the Siddon limit
    Path wrong = phantom.resolve("drr_siddon_pose1.mha");
    MetaImage m = MetaImage.read(wrong);
    float max = 0;
    for (float v : m.data) max = Math.max(max, v);
    m.data[200 * 100 + 100] += 0.01f * max;
    Files.delete(wrong);
    m.write(wrong, false);

    Path json = tmp.resolve("check.json");
    CliTest.Run r = CliTest.run("check", "--reference", tmp.resolve("reference").toString(),
        "--device", device, "--json", json.toString());
    assertEquals(Main.FAILED, r.status, r.out + r.err);
    assertTrue(r.out.contains("no head CT at"), r.out);
    List<String> failures = new ArrayList<>();
    for (String line : r.out.split("\n")) if (line.contains("FAIL")) failures.add(line);
    assertEquals(2, failures.size(), r.out); // the case and the summary
    assertTrue(failures.get(0).startsWith("phantom128 siddon diffdrr-v05 pose 1"), failures.get(0));
    assertTrue(failures.get(0).contains("diffdrr"), failures.get(0));
    assertTrue(r.out.contains(": 1 of 30 cases FAIL"), r.out);
    assertTrue(Files.readString(json).contains("\"cases_failed\": 1"));
  }

  @Test
  void badInputExitsTwoWithOneLine(@TempDir Path tmp) {
    CliTest.Run java = CliTest.run("check", "--backend", "java");
    assertEquals(Main.BAD_INPUT, java.status);
    assertEquals("error: --backend must be opencl (the Java backend is the reference it is "
        + "checked against), got 'java'\n", java.err);
    CliTest.Run missing = CliTest.run("check", "--reference", tmp.resolve("nowhere").toString());
    assertEquals(Main.BAD_INPUT, missing.status);
    assertTrue(missing.err.startsWith("error: --reference " + tmp.resolve("nowhere") + ": not found; give an existing folder"), missing.err);
    CliTest.Run empty = CliTest.run("check", "--reference", tmp.toString());
    assertEquals(Main.BAD_INPUT, empty.status);
    assertTrue(empty.err.startsWith("error: --reference must hold DiffDRR's DRRs of phantom128"),
        empty.err);
    CliTest.Run typo = CliTest.run("check", "--devise", "x");
    assertEquals(Main.BAD_INPUT, typo.status);
    assertEquals("error: check: unknown option --devise (see check --help)\n", typo.err);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }
}
