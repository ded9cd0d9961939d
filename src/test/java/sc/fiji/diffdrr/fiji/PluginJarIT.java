package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The plugin jar that {@code mvn package} just made (failsafe runs this in {@code verify}, after
 * packaging): the plugin index lists every command, plugins.config is at its root, the kernels and
 * the tutorials are inside, and nothing of other projects or of the tests.
 */
class PluginJarIT {

  @Test
  void thePackagedPluginJarIsComplete() throws IOException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(Paths.get("target"), "DiffDRR_-*.jar")) {
      for (Path p : d) jars.add(p);
    }
    assertFalse(jars.isEmpty(), "no plugin jar in target/");
    for (Path jar : jars) {
      assertEquals(List.of(), PluginJarCheck.problems(jar, Paths.get(".")), jar.toString());
    }
  }
}
