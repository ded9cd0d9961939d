package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.fiji.Headless.assertClose;

import java.util.ArrayList;
import java.util.List;

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

/**
 * Macro keys: what the recorder writes reaches the command's fields. (The README's lines are run
 * and compared with the recorder's output in {@link DocumentedMacroLinesTest}.)
 */
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
  void aRecordedOptionStringFillsEveryField() {
    // Every input of Render DRR, recorded from a run, parsed back as imagej-legacy does.
    ImagePlus ct = Headless.phantom(12, 20);
    ct.setTitle("ct scan.tif");
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, "volume", ct, "height", 8,
        "width", 8, "delx", 40.0, "dely", 40.0, "rotation_z", 12.5, "poses", "single pose",
        "pose_table", "/data/pose tables/a b.csv", "backend", "java");
    // The line the recorder writes for this run (imagej-legacy's recorder into ij's Recorder).
    String line = RecordedLine.of(m);
    String options = line.substring(line.indexOf(", \"") + 3, line.length() - 3) + " ";
    for (ModuleItem<?> in : userInputs(m.getInfo())) {
      Object v = m.getInput(in.getName());
      if (v == null) continue; // not recorded: a Browse button
      String expected = v instanceof ImagePlus ? ((ImagePlus) v).getTitle() : String.valueOf(v);
      assertEquals(expected, Macro.getValue(options, in.getName(), null), in.getName() + " in "
          + options);
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
