package sc.fiji.diffdrr.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks the packaged plugin jar: the SciJava index lists every command, plugins.config sits at
 * the root, the OpenCL kernels and the tutorial scripts of the source tree are inside, and nothing
 * else is — no class of another project, no test class. JDK only, so it runs as a single file
 * after {@code mvn package}:
 *
 * <pre>java src/test/java/sc/fiji/diffdrr/fiji/PluginJarCheck.java target/DiffDRR_-0.1.0.jar</pre>
 */
public final class PluginJarCheck {

  static final String INDEX = "META-INF/json/org.scijava.plugin.Plugin";
  static final List<String> COMMANDS = List.of("RenderDrrCommand", "ReconstructVolumeCommand",
      "SheppLoganCommand", "SimulateProjectionsCommand", "CompareVolumesCommand");
  static final String PACKAGE = "sc/fiji/diffdrr/";
  static final String KERNELS = "src/main/resources/sc/fiji/diffdrr/opencl";
  static final String MACROS = "sc/fiji/diffdrr/fiji/tutorials/";
  private static final Pattern INDEXED_CLASS = Pattern.compile("\\{\"class\":\"([^\"]+)\"");

  private PluginJarCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java PluginJarCheck.java target/DiffDRR_-<version>.jar");
      System.exit(2);
    }
    List<String> problems = problems(Paths.get(args[0]), Paths.get("."));
    for (String p : problems) System.out.println("problem: " + p);
    System.out.println(args[0] + ": " + (problems.isEmpty() ? "ok" : problems.size() + " problems"));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** What is wrong with the jar, given the project directory it was built from (empty = fine). */
  static List<String> problems(Path jar, Path project) throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    String index = null;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
        ZipEntry entry = e.nextElement();
        names.add(entry.getName());
        if (entry.getName().equals(INDEX)) {
          try (InputStream in = zip.getInputStream(entry)) {
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    if (index == null) {
      problems.add("no " + INDEX + " (the SciJava plugin index)");
    } else {
      for (String c : COMMANDS) {
        if (!index.contains("\"sc.fiji.diffdrr.fiji." + c + "\"")) {
          problems.add(INDEX + " does not list sc.fiji.diffdrr.fiji." + c);
        }
      }
      Matcher m = INDEXED_CLASS.matcher(index);
      while (m.find()) {
        String file = m.group(1).replace('.', '/') + ".class";
        if (!m.group(1).startsWith("sc.fiji.diffdrr.") || !names.contains(file)) {
          problems.add(INDEX + " lists " + m.group(1) + ", which is not a class of this jar");
        }
      }
    }
    if (!names.contains("plugins.config")) problems.add("no plugins.config at the jar root");
    for (String c : COMMANDS) {
      if (!names.contains("sc/fiji/diffdrr/fiji/" + c + ".class")) problems.add("no class " + c);
    }
    for (String name : names) {
      if (name.endsWith(".class") && !name.startsWith(PACKAGE)) {
        problems.add("class of another project: " + name);
      }
      if (name.endsWith(".class") && isTestClass(name)) problems.add("test class: " + name);
    }
    for (String kernel : files(project.resolve(KERNELS), ".cl")) {
      if (!names.contains("sc/fiji/diffdrr/opencl/" + kernel)) problems.add("no kernel " + kernel);
    }
    Path scripts = project.resolve("scripts");
    if (Files.isDirectory(scripts)) {
      try (Stream<Path> s = Files.walk(scripts)) {
        for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
          String relative = project.relativize(p).toString().replace('\\', '/');
          String expected = relative.endsWith(".ijm") ? MACROS + p.getFileName() : relative;
          if (!names.contains(expected)) problems.add("no tutorial " + expected + " (from " + relative + ")");
        }
      }
    } else {
      problems.add("no scripts/ folder in " + project.toAbsolutePath());
    }
    return problems;
  }

  private static boolean isTestClass(String name) {
    String simple = name.substring(name.lastIndexOf('/') + 1);
    return simple.contains("Test") || simple.startsWith("MacroBridge")
        || simple.startsWith("Headless") || simple.startsWith("PluginJarCheck")
        || simple.startsWith("DocsImages");
  }

  private static List<String> files(Path dir, String suffix) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) return found;
    try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path p : d) found.add(p.getFileName().toString());
    }
    return found;
  }
}
