package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaging check: it finds what is wrong in made-up jars, and — after {@code mvn package},
 * when the plugin jar exists — nothing in the real one.
 */
class PluginJarCheckTest {

  private static Map<String, String> goodEntries() throws IOException {
    Map<String, String> e = new TreeMap<>();
    StringBuilder index = new StringBuilder();
    for (String c : PluginJarCheck.COMMANDS) {
      index.append("{\"class\":\"sc.fiji.diffdrr.fiji.").append(c).append("\",\"values\":{}}");
      e.put("sc/fiji/diffdrr/fiji/" + c + ".class", "");
    }
    e.put(PluginJarCheck.INDEX, index.toString());
    e.put("plugins.config", "");
    e.put("sc/fiji/diffdrr/fiji/AboutDiffDrr.class", "");
    for (String kernel : list(Paths.get(PluginJarCheck.KERNELS), ".cl")) {
      e.put("sc/fiji/diffdrr/opencl/" + kernel, "");
    }
    try (var s = Files.walk(Paths.get("scripts"))) {
      s.filter(Files::isRegularFile).forEach(p -> {
        String relative = p.toString().replace('\\', '/');
        e.put(relative.endsWith(".ijm") ? PluginJarCheck.MACROS + p.getFileName() : relative, "");
      });
    }
    return e;
  }

  private static List<String> list(Path dir, String suffix) throws IOException {
    List<String> l = new ArrayList<>();
    if (!Files.isDirectory(dir)) return l;
    try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path p : d) l.add(p.getFileName().toString());
    }
    return l;
  }

  private static Path jar(Path dir, Map<String, String> entries) throws IOException {
    Path jar = dir.resolve("test.jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aCompleteJarPasses(@TempDir Path dir) throws IOException {
    assertEquals(List.of(), PluginJarCheck.problems(jar(dir, goodEntries()), Paths.get(".")));
  }

  @Test
  void missingAndForeignEntriesAreFound(@TempDir Path dir) throws IOException {
    Map<String, String> e = goodEntries();
    e.remove("plugins.config");
    e.remove("scripts/Plugins/DiffDRR/Tutorials/Seed_Tutorial.py");
    e.remove(PluginJarCheck.MACROS + "Seed_Tutorial_Macro.ijm");
    e.put(PluginJarCheck.INDEX, e.get(PluginJarCheck.INDEX).replace("CompareVolumesCommand", "X")
        + "{\"class\":\"sc.fiji.diffdrr.fiji.JythonTestLanguage\",\"values\":{}}");
    e.put("ij/ImagePlus.class", "");
    e.put("sc/fiji/diffdrr/fiji/MacroBridge.class", "");
    List<String> problems = PluginJarCheck.problems(jar(dir, e), Paths.get("."));
    String all = String.join("\n", problems);
    assertTrue(all.contains("no plugins.config"), all);
    assertTrue(all.contains("Seed_Tutorial.py"), all);
    assertTrue(all.contains("Seed_Tutorial_Macro.ijm"), all);
    assertTrue(all.contains("does not list sc.fiji.diffdrr.fiji.CompareVolumesCommand"), all);
    assertTrue(all.contains("another project: ij/ImagePlus.class"), all);
    assertTrue(all.contains("test class: sc/fiji/diffdrr/fiji/MacroBridge.class"), all);
    assertTrue(all.contains("lists sc.fiji.diffdrr.fiji.JythonTestLanguage, which is not"), all);
    assertEquals(8, problems.size(), all);
  }
}
