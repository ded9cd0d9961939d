package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.diffdrr.recon.Checkpointing;
import sc.fiji.diffdrr.recon.LoopState;

/**
 * A checkpoint folder (reconstruct's --checkpoint DIR, Fiji's checkpoint field): the
 * gradient-descent loop's state in DIR/checkpoint.bin, replaced atomically (written beside it,
 * then moved), so a run killed at any moment leaves the last complete checkpoint; resuming reads
 * it back after checking that the inputs are the same (their digest).
 */
public final class CheckpointFolder implements Checkpointing {

  public static final String FILE = "checkpoint.bin";
  public static final int DEFAULT_EVERY = 50;

  private final Path dir;
  private final int every;
  private final String digest;
  private final LoopState resume;

  public CheckpointFolder(Path dir, int every, String digest, LoopState resume) {
    this.dir = dir;
    this.every = every;
    this.digest = digest;
    this.resume = resume;
  }

  /** Whether the folder holds a checkpoint. */
  public static boolean holdsOne(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /**
   * The state in the folder, refused unless it was made from inputs with this digest.
   *
   * @param label how the user named the folder ("--resume", "checkpoint")
   */
  public static LoopState read(String label, Path dir, String digest) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException(label + " " + dir + " holds no checkpoint (" + FILE
          + "); give the folder of a checkpointed run");
    }
    LoopState s;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f))) {
      s = LoopState.readFrom(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(label + " " + dir + ": " + FILE + " is " + e.getMessage());
    }
    if (!s.digest.equals(digest)) {
      throw new IllegalArgumentException(label + " " + dir + ": the checkpoint (iteration "
          + s.iteration + ") was made from other inputs (digest " + s.digest.substring(0, 12)
          + "…, these give " + digest.substring(0, 12) + "…); resume with the same projections, "
          + "geometry, grid and reconstruction options");
    }
    return s;
  }

  @Override
  public int every() {
    return every;
  }

  @Override
  public String digest() {
    return digest;
  }

  @Override
  public void save(LoopState state) throws IOException {
    Files.createDirectories(dir);
    AtomicFile.write(dir.resolve(FILE), state::writeTo);
  }

  @Override
  public LoopState resume() {
    return resume;
  }
}
