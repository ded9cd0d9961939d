package sc.fiji.diffdrr.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file under a temporary name beside it and moves it into place when complete, so an
 * interrupted run (an error, Ctrl-C) never leaves a half-written file under the final name. A
 * shutdown hook removes temporary files still being written when the JVM exits (Ctrl-C).
 */
public final class AtomicFile {

  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path p : IN_PROGRESS) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // nothing more to do while the JVM goes down
        }
      }
    }, "AtomicFile cleanup"));
  }

  /** What writes the content. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir != null) Files.createDirectories(dir);
    // Not Files.createTempFile: it makes the file owner-only (0600), which the move would keep;
    // a plain new file gets the usual permissions (umask).
    Path tmp = dir.resolve("." + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    IN_PROGRESS.add(tmp);
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
      IN_PROGRESS.remove(tmp);
    }
  }
}
