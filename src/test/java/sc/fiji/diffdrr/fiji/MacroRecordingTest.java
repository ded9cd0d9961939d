package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.fiji.Headless.assertClose;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.volume.SheppLogan;

/** Macro keys: what the recorder writes reaches the command's fields. */
class MacroRecordingTest {

  static final List<Class<? extends Command>> COMMANDS = List.of(RenderDrrCommand.class,
      ReconstructVolumeCommand.class, SheppLoganCommand.class, SimulateProjectionsCommand.class,
      CompareVolumesCommand.class, RegisterPoseCommand.class);

  private static Context ctx;

  @BeforeAll
  static void setUp() throws ReflectiveOperationException {
    ctx = Headless.context();
    for (Class<? extends Command> c : COMMANDS) MacroBridge.register(ctx, c);
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  /** The inputs a dialog shows (and the recorder records): not services, not the context. */
  static List<ModuleItem<?>> userInputs(CommandInfo info) {
    List<ModuleItem<?>> items = new ArrayList<>();
    for (ModuleItem<?> in : info.inputs()) {
      Class<?> t = in.getType();
      if (!Service.class.isAssignableFrom(t) && !Context.class.isAssignableFrom(t)) items.add(in);
    }
    return items;
  }

  @Test
  void everyParameterNameIsAMacroKey() {
    CommandService cs = ctx.service(CommandService.class);
    for (Class<? extends Command> c : COMMANDS) {
      CommandInfo info = cs.getCommand(c);
      assertTrue(info.getMenuPath().getMenuString().startsWith("Plugins > DiffDRR > "),
          info.getMenuPath().getMenuString());
      for (ModuleItem<?> in : userInputs(info)) {
        // Macro.getValue lower-cases the key and stops at a space or colon; the recorder too.
        assertTrue(in.getName().matches("[a-z][a-z0-9_]*"), c.getSimpleName() + "." + in.getName());
      }
      for (ModuleItem<?> out : info.outputs()) {
        assertTrue(out.getName().matches("[a-z][a-z0-9_]*"), c.getSimpleName() + "." + out.getName());
      }
    }
  }

  @Test
  void noMacroKeyIsFoundInsideAnother() {
    // Macro.getValue finds "key=" anywhere not preceded by a letter, so "views=" would match inside
    // "novel_views=": every key must read back its own value, whatever the order of the keys.
    CommandService cs = ctx.service(CommandService.class);
    for (Class<? extends Command> c : COMMANDS) {
      List<ModuleItem<?>> inputs = userInputs(cs.getCommand(c));
      for (boolean reversed : new boolean[] {false, true}) {
        StringBuilder options = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
          int k = reversed ? inputs.size() - 1 - i : i;
          options.append(inputs.get(k).getName()).append("=v").append(k).append(' ');
        }
        for (int k = 0; k < inputs.size(); k++) {
          assertEquals("v" + k, Macro.getValue(options.toString(), inputs.get(k).getName(), null),
              c.getSimpleName() + "." + inputs.get(k).getName() + " in " + options);
        }
      }
    }
  }

  @Test
  void theDocumentedMacroLinesGiveEveryKeyOfTheirCommand() throws java.io.IOException {
    String doc = new String(java.nio.file.Files.readAllBytes(
        java.nio.file.Paths.get("README.md")), java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher line = java.util.regex.Pattern
        .compile("run\\(\"([^\"]+)\", \"([^\"]*)\"\\);").matcher(doc);
    CommandService cs = ctx.service(CommandService.class);
    List<String> seen = new ArrayList<>();
    while (line.find()) {
      CommandInfo info = null;
      for (Class<? extends Command> c : COMMANDS) {
        if (cs.getCommand(c).getMenuPath().getLeaf().getName().equals(line.group(1))) {
          info = cs.getCommand(c);
        }
      }
      assertTrue(info != null, "no command " + line.group(1));
      String options = line.group(2) + " ";
      java.util.Set<String> names = new java.util.HashSet<>();
      for (ModuleItem<?> in : userInputs(info)) {
        names.add(in.getName());
        boolean optional = !in.isRequired() && (in.getType() == File.class || in.getType() == ImagePlus.class);
        assertTrue(optional || Macro.getValue(options, in.getName(), null) != null,
            line.group(1) + ": key " + in.getName() + " missing in " + options);
      }
      for (String token : line.group(2).replaceAll("\\[[^\\]]*\\]", "x").split(" ")) {
        String key = token.substring(0, token.indexOf('='));
        assertTrue(names.contains(key), line.group(1) + ": unknown key " + key);
      }
      seen.add(line.group(1));
    }
    assertEquals(List.of("Shepp-Logan Phantom", "Render DRR", "Simulate Projections",
        "Reconstruct Volume", "Compare Volumes"), seen);
  }

  /** The option string IJ1's recorder writes: key=value, values with spaces in brackets. */
  static String recorded(Map<String, Object> values) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      String s = v instanceof ImagePlus ? ((ImagePlus) v).getTitle() : String.valueOf(v);
      b.append(e.getKey()).append('=').append(s.contains(" ") || s.isEmpty() ? "[" + s + "]" : s)
          .append(' ');
    }
    return b.toString();
  }

  @Test
  void aRecordedOptionStringFillsEveryField() {
    // Every input of Render DRR, recorded from a run, parsed back as imagej-legacy does.
    ImagePlus ct = Headless.phantom(12, 20);
    ct.setTitle("ct scan.tif");
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, "volume", ct, "height", 8,
        "width", 8, "delx", 40.0, "dely", 40.0, "rotation_z", 12.5, "poses", "single pose",
        "pose_table", new File(""), "backend", "java");
    Map<String, Object> inputs = new java.util.LinkedHashMap<>();
    for (ModuleItem<?> in : userInputs(m.getInfo())) inputs.put(in.getName(), m.getInput(in.getName()));
    String options = recorded(inputs);
    for (Map.Entry<String, Object> e : inputs.entrySet()) {
      Object v = e.getValue();
      String expected = v instanceof ImagePlus ? ((ImagePlus) v).getTitle() : String.valueOf(v);
      assertEquals(expected, Macro.getValue(options, e.getKey(), null), e.getKey() + " in " + options);
    }
  }

  @Test
  void runInAMacroReachesTheCommandsFields() {
    String result = IJ.runMacro(
        "run(\"Shepp-Logan Phantom\", \"size=24 spacing=10\");\n"
        + "ct = getTitle();\n"
        + "run(\"Render DRR\", \"volume=[\" + ct + \"] sdd=1020 height=16 width=20 delx=16 "
        + "dely=14 x0=5 y0=-3 poses=[single pose] pose_table=[] rotation_x=10 rotation_y=-5 "
        + "rotation_z=30 convention=ZXY translation_x=0 translation_y=850 translation_z=12 "
        + "orientation=AP renderer=siddon hu=auto voxel_placement=centered backend=java\");\n"
        + "return getTitle() + \"|\" + getWidth() + \"x\" + getHeight() + \"|\" + nSlices;\n");
    assertEquals("DRR of Shepp-Logan phantom (24³ voxels of 10 mm) (siddon, ZXY 10/-5/30°, "
        + "t 0/850/12 mm)|20x16|1", result);
    CommandModule m = MacroBridge.last;
    assertFalse(m.isCanceled());
    assertEquals(30.0, m.getInput("rotation_z"));
    assertEquals(-5.0, m.getInput("rotation_y"));
    assertEquals(12.0, m.getInput("translation_z"));
    assertEquals(16, m.getInput("height"));
    assertEquals(-3.0, m.getInput("y0"));
    assertEquals("single pose", m.getInput("poses"));

    ImagePlus drr = WindowManager.getCurrentImage();
    float[] expected = Headless.render(ImagePlusVolumes.toVolume(ImagePlusVolumes.toImagePlus(
        SheppLogan.create(24, 10), "p")), new Detector(1020, 16, 20, 16, 14, 5, -3, true),
        List.of(Pose.eulerDegrees("ZXY", 30, 10, -5, 0, 850, 12)));
    assertClose(expected, (float[]) drr.getProcessor().getPixels(), 1e-6);
  }
}
