package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.io.MetaImage;

/**
 * Interrupting the demo (the JVM gets SIGTERM, as with Ctrl-C's SIGINT: shutdown hooks run) leaves
 * only complete files under their final names, and no temporary ones.
 */
class DemoInterruptTest {

  @TempDir
  Path tmp;

  @Test
  void anInterruptedDemoLeavesOnlyCompleteFiles() throws Exception {
    Path out = tmp.resolve("demo");
    Process demo = new ProcessBuilder(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--out",
        out.toString(), "--backend", "java", "--views", "8")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
    try {
      // Stop it once the single-view stage has written its volume, while figures are being made.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(out.resolve("single-view.mha")) && System.nanoTime() < deadline
          && demo.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(demo.isAlive(), "the demo ended before it could be interrupted: "
          + Files.readString(tmp.resolve("log.txt")));
      demo.destroy();
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stopped");
    } finally {
      demo.destroyForcibly();
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.collect(Collectors.toList());
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      String name = f.getFileName().toString();
      assertFalse(name.endsWith(".part"), "temporary file left: " + name);
      if (name.endsWith(".mha")) MetaImage.read(f); // complete, or this throws
      if (name.endsWith(".png")) assertNotNull(ImageIO.read(f.toFile()), name);
    }
    assertFalse(Files.exists(out.resolve("index.html")), "the page is written last");
  }

}
