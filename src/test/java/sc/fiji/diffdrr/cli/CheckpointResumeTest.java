package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.recon.LoopState;

/**
 * reconstruct --checkpoint / --resume: a child JVM is killed with SIGKILL (Process.destroyForcibly)
 * in the middle of a checkpointed run; resuming from its last checkpoint gives the volume of the
 * uninterrupted run bit for bit (Java backend). A resume with other inputs is refused.
 */
class CheckpointResumeTest {

  @TempDir
  Path tmp;

  private List<String> reconstruct(Path stack, Path poses, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("reconstruct", "--projections", stack.toString(),
        "--poses", poses.toString(), "--sdd", "1020", "--shape", "32,32,32", "--spacing", "6,6,6",
        "--iterations", "1500", "--batch-views", "3", "--backend", "java", "--threads", "2",
        "--out", out.toString()));
    a.addAll(Arrays.asList(more));
    return a;
  }

  @Test
  void aRunKilledWithSigkillResumesToTheSameVolumeBitForBit() throws Exception {
    Path stack = tmp.resolve("p.mha"), poses = tmp.resolve("p.csv");
    CliTest.Run s = CliTest.run("simulate", "--phantom", "shepp-logan:32:6", "--sdd", "1020",
        "--height", "32", "--delx", "8", "--views", "12", "--sad", "850", "--backend", "java",
        "--out", stack.toString(), "--poses-out", poses.toString());
    assertEquals(0, s.status, s.err);

    // The uninterrupted run (the auto recipe: backprojection start, lr decay, TV, mini-batches).
    Path whole = tmp.resolve("whole.mha");
    CliTest.Run w = CliTest.run(reconstruct(stack, poses, whole).toArray(new String[0]));
    assertEquals(0, w.status, w.err);

    // The same run in a child JVM, killed once a checkpoint past iteration 100 is on disk.
    Path dir = tmp.resolve("ckpt"), killedOut = tmp.resolve("killed.mha");
    List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"),
        "sc.fiji.diffdrr.cli.Main"));
    cmd.addAll(reconstruct(stack, poses, killedOut, "--checkpoint", dir.toString(),
        "--checkpoint-every", "25"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("DIFFDRR_NO_RELAUNCH", "1");
    Process child = pb.start();
    Path file = dir.resolve(sc.fiji.diffdrr.io.CheckpointFolder.FILE);
    int reached = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (child.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          reached = LoopState.readFrom(in).iteration;
        } catch (IOException e) {
          reached = 0; // replaced while reading: try again
        }
        if (reached >= 100) break;
      }
      Thread.sleep(20);
    }
    assertTrue(child.isAlive(), "the child was still running when killed: "
        + Files.readString(tmp.resolve("child.log")));
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean-up
    child.waitFor(30, TimeUnit.SECONDS);
    assertTrue(reached >= 100 && reached < 1500, "killed after checkpoint " + reached);
    assertTrue(!Files.exists(killedOut), "the killed run wrote no volume");

    // The last complete checkpoint is valid; resuming from it finishes the run.
    Path resumed = tmp.resolve("resumed.mha");
    CliTest.Run r = CliTest.run(reconstruct(stack, poses, resumed, "--resume", dir.toString())
        .toArray(new String[0]));
    assertEquals(0, r.status, r.err);
    assertTrue(r.err.contains("resuming from " + dir + " after iteration "), r.err);
    float[] a = MetaImage.read(whole).data, b = MetaImage.read(resumed).data;
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        throw new AssertionError("voxel " + i + ": " + a[i] + " uninterrupted, " + b[i] + " resumed");
      }
    }

    // Other inputs (another learning rate, other projections): refused with one line, no file.
    Path never = tmp.resolve("never.mha");
    CliTest.Run other = CliTest.run(reconstruct(stack, poses, never, "--resume", dir.toString(),
        "--lr", "0.01").toArray(new String[0]));
    CliTest.assertBadInput(other, "error: --resume " + dir + ": the checkpoint (iteration ");
    assertTrue(other.err.contains("was made from other inputs"), other.err);
    CliTest.Run none = CliTest.run(reconstruct(stack, poses, never, "--resume",
        tmp.toString()).toArray(new String[0]));
    CliTest.assertBadInput(none, "--resume " + tmp + " holds no checkpoint (checkpoint.bin)");
    CliTest.Run sirt = CliTest.run(reconstruct(stack, poses, never, "--checkpoint", dir.toString(),
        "--algorithm", "sirt").toArray(new String[0]));
    CliTest.assertBadInput(sirt, "--checkpoint and --resume keep the state of gradient descent");
    assertTrue(!Files.exists(never));
  }
}
