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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;

/**
 * The four cases of issue 14 (a negative --views, a diverging --lr, an unwritable --report, a
 * --delx that contradicts the projection file) and the rules behind them: output locations checked
 * before any work, metadata conflicts refused unless --override-metadata.
 */
class ReliabilityCliTest {

  @TempDir
  Path tmp;
  private Path stack, poses, regular;

  private static final String[] SMALL = {"--phantom", "shepp-logan:24:8", "--sdd", "1020",
    "--height", "24", "--delx", "8", "--backend", "java"};

  @BeforeEach
  void simulate() throws IOException {
    stack = tmp.resolve("p.mha");
    poses = tmp.resolve("p.csv");
    CliTest.Run s = CliTest.run(cat(cat(new String[] {"simulate"}, SMALL), "--views", "6", "--sad",
        "850", "--out", stack.toString(), "--poses-out", poses.toString()));
    assertEquals(0, s.status, s.err);
    regular = tmp.resolve("a-file");
    Files.writeString(regular, "not a folder");
  }

  private String[] reconstruct(String... more) {
    return cat(new String[] {"reconstruct", "--projections", stack.toString(), "--poses",
      poses.toString(), "--sdd", "1020", "--shape", "24,24,24", "--spacing", "8,8,8",
      "--backend", "java"}, more);
  }

  @Test
  void negativeViewsNameTheOption() {
    Path out = tmp.resolve("n.mha"), table = tmp.resolve("n.csv");
    CliTest.Run r = CliTest.run(cat(cat(new String[] {"simulate"}, SMALL), "--views", "-3", "--sad",
        "850", "--out", out.toString(), "--poses-out", table.toString()));
    CliTest.assertBadInput(r, "error: --views must be an integer in [1, 100000], got '-3'");
    assertFalse(r.err.contains("Capacity"), r.err);
    assertFalse(Files.exists(out) || Files.exists(table));
  }

  @Test
  void aHugeLearningRateStopsAtTheFirstInfiniteLossWithExitOneAndNoFile() throws IOException {
    Path out = tmp.resolve("nan.mha"), report = tmp.resolve("report");
    CliTest.Run r = CliTest.run(reconstruct("--lr", "1e30", "--recipe", "tutorial", "--out",
        out.toString(), "--report", report.toString()));
    assertEquals(1, r.status, r.err);
    List<String> errors = errorLines(r.err);
    assertEquals(1, errors.size(), r.err);
    assertTrue(errors.get(0).startsWith("error: gradient descent diverged at iteration 2 of 101: "
        + "the loss became Infinity; likely cause: the learning rate 1E+30 is too large for these "
        + "data; give a smaller --lr"), errors.get(0));
    assertTrue(errors.get(0).endsWith("nothing written (--keep-last-finite writes the last finite "
        + "iterate)"), errors.get(0));
    assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.err);
    assertFalse(Files.exists(out), "no NaN volume");
    assertFalse(Files.exists(report), "no report");

    CliTest.Run kept = CliTest.run(reconstruct("--lr", "1e30", "--recipe", "tutorial", "--out",
        out.toString(), "--keep-last-finite"));
    assertEquals(1, kept.status, "still a failure");
    assertTrue(kept.err.contains("the last finite iterate (the start volume) is in " + out), kept.err);
    for (float v : MetaImage.read(out).data) assertTrue(Float.isFinite(v));
  }

  @Test
  void anUnwritableReportIsRefusedBeforeAnyWork() {
    Path out = tmp.resolve("v.mha");
    CliTest.Run proc = CliTest.run(reconstruct("--report", "/proc/x", "--out", out.toString()));
    CliTest.assertBadInput(proc, "error: --report /proc/x cannot be created: this file system does "
        + "not allow new files there (in /proc)");
    assertFalse(Files.exists(out), "no volume left behind");
    CliTest.Run underFile = CliTest.run(reconstruct("--report", regular.resolve("r").toString(),
        "--out", out.toString()));
    CliTest.assertBadInput(underFile, "--report " + regular.resolve("r") + " cannot be created: "
        + regular + " is a file, not a folder");
    CliTest.Run reportIsFile = CliTest.run(reconstruct("--report", regular.toString(), "--out",
        out.toString()));
    CliTest.assertBadInput(reportIsFile, "--report " + regular + " cannot be used: it is a file, not "
        + "a folder");
    assertFalse(Files.exists(out));
  }

  @Test
  void everyOutputIsCheckedBeforeAnyWork() throws IOException {
    Path under = regular.resolve("x");
    CliTest.assertBadInput(CliTest.run(reconstruct("--out", under + ".mha")),
        "--out " + under + ".mha cannot be created: " + regular + " is a file, not a folder");
    CliTest.assertBadInput(CliTest.run(reconstruct("--out", "/proc/v.mha")),
        "--out /proc/v.mha cannot be written: this file system does not allow new files there");
    CliTest.assertBadInput(CliTest.run(reconstruct("--out", tmp.resolve("d.mha").toString(),
        "--checkpoint-nonsense", "1")), "unknown option --checkpoint-nonsense");
    Path dir = Files.createDirectory(tmp.resolve("folder.mha"));
    CliTest.assertBadInput(CliTest.run(reconstruct("--out", dir.toString())),
        "--out " + dir + " is a folder; give a file name");
    Path out = tmp.resolve("s.mha");
    String[] sim = cat(cat(new String[] {"simulate"}, SMALL), "--views", "2", "--sad", "850",
        "--out", out.toString());
    CliTest.assertBadInput(CliTest.run(cat(sim, "--poses-out", under + ".csv")),
        "--poses-out " + under + ".csv cannot be created: " + regular + " is a file, not a folder");
    CliTest.assertBadInput(CliTest.run(cat(sim, "--geometry-out", "/proc/g.xml")),
        "--geometry-out /proc/g.xml cannot be written");
    assertFalse(Files.exists(out));
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".diffdrr-write-check")),
          "the probe leaves nothing");
    }
  }

  @Test
  void aDelxThatContradictsTheProjectionFileIsRefusedUnlessOverridden() throws IOException {
    Path out = tmp.resolve("v.mha");
    CliTest.Run r = CliTest.run(reconstruct("--delx", "3", "--iterations", "2", "--out",
        out.toString()));
    CliTest.assertBadInput(r, "error: --delx 3 mm disagrees with p.mha's pixel width, 8 mm; leave "
        + "--delx out to use the file's value, or add --override-metadata to use 3 mm");
    assertFalse(Files.exists(out));
    CliTest.assertBadInput(CliTest.run(reconstruct("--dely", "7.99", "--iterations", "2", "--out",
        out.toString())), "--dely 7.99 mm disagrees with p.mha's pixel height, 8 mm");

    // Agreeing to 1e-6 relative is agreement; leaving it out takes the file's 8 mm.
    CliTest.Run same = CliTest.run(reconstruct("--delx", "8.000001", "--iterations", "2", "--out",
        out.toString()));
    assertEquals(0, same.status, same.err);
    CliTest.Run fromFile = CliTest.run(reconstruct("--iterations", "2", "--out", out.toString()));
    assertEquals(0, fromFile.status, fromFile.err);
    float[] withFile = MetaImage.read(out).data;

    CliTest.Run overridden = CliTest.run(reconstruct("--delx", "3", "--iterations", "2",
        "--override-metadata", "--out", out.toString()));
    assertEquals(0, overridden.status, overridden.err);
    assertTrue(overridden.err.contains("note: --delx 3 mm overrides p.mha's pixel width, 8 mm "
        + "(--override-metadata)"), overridden.err);
    assertFalse(Arrays.equals(withFile, MetaImage.read(out).data), "3 mm pixels were used");
  }

  @Test
  void viewsAndTemplateSpacingFollowTheFiles() throws IOException {
    Path out = tmp.resolve("v.mha");
    String[] orbit = {"reconstruct", "--projections", stack.toString(), "--sad", "850", "--sdd",
      "1020", "--shape", "24,24,24", "--spacing", "8,8,8", "--backend", "java", "--iterations", "2"};
    CliTest.assertBadInput(CliTest.run(cat(orbit, "--views", "5", "--out", out.toString())),
        "error: --views 5 disagrees with p.mha, which holds 6 projections (one view per "
        + "projection); leave --views out to use 6");
    CliTest.Run fromFile = CliTest.run(cat(orbit, "--out", out.toString()));
    assertEquals(0, fromFile.status, "--views defaults to the projections: " + fromFile.err);

    Path like = tmp.resolve("like.mha");
    MetaImage.write(like, new int[] {24, 24, 24}, new double[] {8, 8, 8}, new double[3],
        new float[24 * 24 * 24], false);
    String[] base = {"reconstruct", "--projections", stack.toString(), "--poses", poses.toString(),
      "--sdd", "1020", "--like", like.toString(), "--backend", "java", "--iterations", "2",
      "--out", out.toString()};
    CliTest.assertBadInput(CliTest.run(cat(base, "--spacing", "4,4,4")),
        "error: --spacing 4,4,4 mm disagrees with like.mha's voxel spacing, 8,8,8 mm; leave "
        + "--spacing out to use the template's, or add --override-metadata to use 4,4,4 mm");
    CliTest.assertBadInput(CliTest.run(cat(base, "--shape", "24,24,12")),
        "--shape 24,24,12 disagrees with like.mha, which has 24,24,24 voxels");
    assertEquals(0, CliTest.run(cat(base, "--spacing", "8,8,8")).status);
    CliTest.Run over = CliTest.run(cat(base, "--spacing", "4,4,4", "--override-metadata"));
    assertEquals(0, over.status, over.err);
    assertEquals(4.0, MetaImage.read(out).spacing[0]);
  }

  static List<String> errorLines(String err) {
    List<String> lines = new ArrayList<>();
    for (String l : err.split("\n")) if (l.startsWith("error:")) lines.add(l);
    return lines;
  }

  static String[] cat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
