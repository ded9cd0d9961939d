package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;

/**
 * Every command from a script, as {@code CommandService.run(command, true, inputs)} runs it in
 * Fiji: through scijava-common's real preprocessors (FilePreprocessor among them, with headless
 * Fiji's UI), given its required inputs — the images, and every other required input at its
 * documented default — and no optional input. It must run, not be cancelled by a preprocessor
 * (a file chooser that headless answers with nothing), and produce its output.
 */
class ScriptedRunsTest {

  private static Context ctx;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  static Stream<Class<? extends Command>> commands() {
    return MacroRecordingTest.COMMANDS.stream();
  }

  /** The images a command needs, small. */
  static Map<String, Object> images(Class<? extends Command> command) {
    Map<String, Object> in = new LinkedHashMap<>();
    if (command == RenderDrrCommand.class || command == SimulateProjectionsCommand.class) {
      in.put("volume", Headless.phantom(16, 16));
    } else if (command == ReconstructVolumeCommand.class) {
      in.put("projections", Headless.projections(
          sc.fiji.diffdrr.io.ImagePlusVolumes.toVolume(Headless.phantom(16, 16)),
          new Detector(1020, 16, 16, 16, 16, 0, 0, true), Orbit.circular(2, 360, 0, 850),
          "projections"));
    } else if (command == CompareVolumesCommand.class) {
      in.put("reconstruction", Headless.phantom(16, 16));
      in.put("reference", Headless.phantom(16, 16));
    } else if (command == RegisterPoseCommand.class) {
      in.put("volume", Headless.phantom(16, 16));
      // the X-ray at the default start pose, on the default 4 mm pixels
      in.put("xray", Headless.projections(
          sc.fiji.diffdrr.io.ImagePlusVolumes.toVolume(Headless.phantom(16, 16)),
          new Detector(1020, 16, 16, 4, 4, 0, 0, true),
          java.util.List.of(sc.fiji.diffdrr.geometry.Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)),
          "xray"));
    }
    return in;
  }

  /** The command's required inputs at their defaults (the fields' initial values), images aside. */
  static Map<String, Object> documentedDefaults(Context ctx, Class<? extends Command> command) {
    CommandInfo info = ctx.service(CommandService.class).getCommand(command);
    Module fresh = ctx.service(ModuleService.class).createModule(info);
    Map<String, Object> in = new LinkedHashMap<>();
    for (ModuleItem<?> item : MacroRecordingTest.userInputs(info)) {
      if (!item.isRequired() || item.getType() == ImagePlus.class) continue;
      Object value = fresh.getInput(item.getName());
      assertNotNull(value, command.getSimpleName() + "." + item.getName() + " has no default");
      in.put(item.getName(), value);
    }
    return in;
  }

  private static CommandModule run(Class<? extends Command> command, Map<String, Object> inputs) {
    // With preprocessing, an input a script leaves out gets the value last used (persisted); start
    // from none, as a fresh Fiji does.
    ctx.service(PrefService.class).clear(command);
    // A reconstruction at the defaults (128³ voxels, 500 iterations) is long: stop it after its
    // first iteration, as the task bar's cancel button does; it still ends with its volume.
    Headless.CancelAt stop = new Headless.CancelAt("Reconstruct Volume", 1);
    ctx.service(EventService.class).subscribe(stop);
    CommandModule m = Headless.runProcessed(ctx, command, inputs);
    assertFalse(m.isCanceled(), () -> command.getSimpleName() + " was cancelled: '"
        + m.getCancelReason() + "'");
    String first = m.getInfo().outputs().iterator().next().getName();
    assertNotNull(m.getOutput(first), command.getSimpleName() + " produced no " + first);
    return m;
  }

  @ParameterizedTest
  @MethodSource("commands")
  void runsWithItsRequiredInputsAtTheirDocumentedDefaults(Class<? extends Command> command) {
    Map<String, Object> inputs = documentedDefaults(ctx, command);
    inputs.putAll(images(command));
    CommandModule m = run(command, inputs);
    for (Map.Entry<String, Object> e : documentedDefaults(ctx, command).entrySet()) {
      assertEquals(e.getValue(), m.getInput(e.getKey()), e.getKey());
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void runsWithItsImagesAlone(Class<? extends Command> command) {
    run(command, images(command));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void aPoseTableNeededButNotGivenIsAnErrorNamingIt(Class<? extends Command> command) {
    if (command == SheppLoganCommand.class || command == RegisterPoseCommand.class) return;
    Map<String, Object> inputs = documentedDefaults(ctx, command);
    inputs.putAll(images(command));
    inputs.put("poses", PoseInput.TABLE);
    if (command == CompareVolumesCommand.class) inputs.put("novel", true);
    ctx.service(PrefService.class).clear(command);
    CommandModule m = Headless.runProcessed(ctx, command, inputs);
    assertTrue(m.isCanceled(), command.getSimpleName());
    assertTrue(m.getCancelReason().startsWith("pose_table: choose a pose table"),
        () -> command.getSimpleName() + ": '" + m.getCancelReason() + "'");
  }
}
