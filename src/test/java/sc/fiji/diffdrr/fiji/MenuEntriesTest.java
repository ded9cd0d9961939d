package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptService;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * The menu entries as Fiji builds them: SciJava commands, scripts found in the jar's scripts/
 * tree, and the IJ1 entries of plugins.config — with no label twice.
 */
class MenuEntriesTest {

  /** plugins.config lines: Menu>Path, "Label", class.Name or class.Name("arg"). */
  private static final Pattern ENTRY =
      Pattern.compile("([^,\"]+), \"([^\"]+)\", ([\\w.$]+)(?:\\(\"([^\"]*)\"\\))?");

  private static Context ctx;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  static final class Entry {
    final String menu, label, className, arg;

    Entry(Matcher m) {
      menu = m.group(1);
      label = m.group(2);
      className = m.group(3);
      arg = m.group(4);
    }
  }

  /** The plugins.config at the root of our classes (the jar root once packaged). */
  static List<Entry> pluginsConfig() throws IOException {
    URL url = null;
    for (URL u : Collections.list(AboutDiffDrr.class.getClassLoader().getResources("plugins.config"))) {
      if (u.toString().equals(AboutDiffDrr.class.getResource("/plugins.config").toString())) url = u;
    }
    assertNotNull(url, "plugins.config is packaged at the root");
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = url.openStream()) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) continue;
        Matcher m = ENTRY.matcher(t);
        assertTrue(m.matches(), "plugins.config line: " + t);
        entries.add(new Entry(m));
      }
    }
    return entries;
  }

  @Test
  void pluginsConfigEntriesLoadAndSitUnderDiffDrr() throws Exception {
    List<Entry> entries = pluginsConfig();
    assertEquals(2, entries.size());
    for (Entry e : entries) {
      assertTrue(e.menu.startsWith("Plugins>DiffDRR"), e.menu);
      Class<?> c = Class.forName(e.className);
      assertTrue(PlugIn.class.isAssignableFrom(c), e.className + " is an IJ1 PlugIn");
      if (e.arg != null && e.arg.startsWith("JAR:")) {
        // Macro_Runner (ij 1.54p) reads a JAR: macro with IJ.getClassLoader().getResourceAsStream.
        try (InputStream in = IJ.getClassLoader().getResourceAsStream(e.arg.substring(4))) {
          assertNotNull(in, e.arg + " is on the class path");
        }
      }
    }
  }

  @Test
  void theTutorialScriptsAreFoundInTheJarsScriptsTree() {
    Set<String> menus = new TreeSet<>();
    for (ScriptInfo s : ctx.service(ScriptService.class).getScripts()) {
      if (s.getMenuPath() != null) menus.add(s.getMenuPath().getMenuString());
    }
    assertTrue(menus.contains("Plugins > DiffDRR > Tutorials > Seed Tutorial"), menus.toString());
    assertTrue(menus.contains("Plugins > DiffDRR > Tutorials > Multi View Reconstruction"),
        menus.toString());
    assertTrue(menus.contains("Plugins > DiffDRR > Tutorials > Registration Tutorial"),
        menus.toString());
    for (String m : menus) assertFalse(m.contains("Macro"), "the IJ1 macro is plugins.config's: " + m);
  }

  @Test
  void noLabelIsUsedTwice() throws IOException {
    List<String> labels = new ArrayList<>();
    for (CommandInfo c : ctx.service(CommandService.class).getCommands()) {
      if (c.getClassName().startsWith("sc.fiji.diffdrr.")) labels.add(c.getMenuPath().getLeaf().getName());
    }
    for (ScriptInfo s : ctx.service(ScriptService.class).getScripts()) {
      if (s.getMenuPath() != null && s.getMenuPath().getMenuString().startsWith("Plugins > DiffDRR")) {
        labels.add(s.getMenuPath().getLeaf().getName());
      }
    }
    for (Entry e : pluginsConfig()) labels.add(e.label);
    assertEquals(new TreeSet<>(labels).size(), labels.size(), "labels: " + labels);
    assertTrue(labels.containsAll(List.of("Render DRR", "Reconstruct Volume", "Shepp-Logan Phantom",
        "Simulate Projections", "Compare Volumes", "Register Pose", "Seed Tutorial",
        "Multi View Reconstruction", "Registration Tutorial",
        "Seed Tutorial (IJ1 macro)", "About DiffDRR")), labels.toString());
  }

  @Test
  void aboutNamesTheCommands() {
    String text = AboutDiffDrr.text();
    for (String c : List.of("Render DRR", "Reconstruct Volume", "Shepp-Logan Phantom",
        "Simulate Projections", "Compare Volumes", "Register Pose", "Tutorials")) {
      assertTrue(text.contains(c), c);
    }
  }
}
