package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.module.process.ServicePreprocessor;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.ui.UIService;
import org.scijava.ui.headless.HeadlessUI;
import org.scijava.widget.Button;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;

/** Every optional file input of every DiffDRR command follows {@link OptionalFile}'s pattern. */
class OptionalFileTest {

  private static Context ctx;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  /** Every command of the plugin, as Fiji discovers them (not only the ones a test lists). */
  static List<CommandInfo> allCommands() {
    List<CommandInfo> all = new ArrayList<>();
    for (PluginInfo<Command> p : ctx.service(PluginService.class).getPluginsOfType(Command.class)) {
      if (p.getClassName().startsWith("sc.fiji.diffdrr.")) {
        all.add(ctx.service(CommandService.class).getCommand(p.getClassName()));
      }
    }
    assertTrue(all.size() >= MacroRecordingTest.COMMANDS.size(), "commands found: " + all.size());
    return all;
  }

  @Test
  void noCommandHasAFileInputAndEveryOptionalFileIsAnEmptyStringPath() {
    for (CommandInfo info : allCommands()) {
      Module fresh = ctx.service(ModuleService.class).createModule(info);
      for (ModuleItem<?> in : MacroRecordingTest.userInputs(info)) {
        String where = info.getDelegateClassName() + "." + in.getName();
        // A File input is prompted for by scijava-common's FilePreprocessor (see OptionalFile).
        assertFalse(File.class.isAssignableFrom(in.getType()) || Path.class.isAssignableFrom(in.getType()),
            where + ": a file input must be an OptionalFile String path, not " + in.getType());
        String style = in.getWidgetStyle();
        boolean fileStyle = style != null && (style.contains(FileWidget.OPEN_STYLE)
            || style.contains(FileWidget.SAVE_STYLE) || style.contains(FileWidget.DIRECTORY_STYLE));
        if (fileStyle) {
          assertEquals(String.class, in.getType(), where);
          assertFalse(in.isRequired(), where + ": required=false (an empty path is checked by the "
              + "command, with a message naming it)");
          assertFalse(in.isPersisted(), where + ": persist=false");
          assertEquals(OptionalFile.NONE, fresh.getInput(in.getName()), where + ": default none");
          ModuleItem<?> button = info.getInput(in.getName() + "_browse");
          assertTrue(button != null && button.getType() == Button.class
              && button.getCallback() != null && !button.isRequired(),
              where + ": a Browse button " + in.getName() + "_browse with a callback");
        } else if (!in.isRequired()) {
          assertTrue(in.getType() == ImagePlus.class || in.getType() == Button.class,
              where + ": optional, but neither an image, an OptionalFile path nor its button");
        }
      }
    }
  }

  /** A UI whose file chooser answers with one file, and says which it was asked to start from. */
  public static final class Chooser extends HeadlessUI {
    File answer;
    File askedFrom;
    String askedStyle;

    @Override
    public File chooseFile(File file, String style) {
      askedFrom = file;
      askedStyle = style;
      return answer;
    }

    @Override
    public File chooseFile(String title, File file, String style) {
      return chooseFile(file, style);
    }
  }

  @Test
  void eachBrowseButtonFillsItsPathFromTheFileChooserAndKeepsItWhenCancelled() throws Exception {
    Context own = Headless.context();
    try {
      Chooser chooser = new Chooser();
      UIService ui = own.service(UIService.class);
      ui.addUI("chooser", chooser);
      ui.setDefaultUI(chooser);
      ui.showUI(chooser); // visible, as Fiji's UI is when its dialogs show
      int buttons = 0;
      for (CommandInfo info : allCommands()) {
        CommandInfo here = own.service(CommandService.class).getCommand(info.getDelegateClassName());
        for (ModuleItem<?> in : MacroRecordingTest.userInputs(here)) {
          if (in.getType() != Button.class) continue;
          String field = in.getName().substring(0, in.getName().length() - "_browse".length());
          Module m = own.service(ModuleService.class).createModule(here);
          // Services are set by scijava-common's ServicePreprocessor, before any dialog.
          for (PreprocessorPlugin p : own.service(PluginService.class)
              .createInstancesOfType(PreprocessorPlugin.class)) {
            if (p instanceof ServicePreprocessor) p.process(m);
          }
          m.setInput(field, "/data/old.csv");
          chooser.answer = new File("/data/new table.csv");
          in.callback(m);
          assertEquals("/data/new table.csv", m.getInput(field), here.getDelegateClassName());
          assertEquals(new File("/data/old.csv"), chooser.askedFrom);
          assertEquals(here.getInput(field).getWidgetStyle(), chooser.askedStyle);
          chooser.answer = null; // cancelled
          in.callback(m);
          assertEquals("/data/new table.csv", m.getInput(field));
          buttons++;
        }
      }
      assertEquals(11, buttons, "pose_table of four commands, output_table, the geometry of "
          + "Render DRR, Simulate Projections, Reconstruct Volume and Register Pose, Register Pose's rig and "
          + "Reconstruct Volume's checkpoint folder");
    } finally {
      own.dispose();
    }
  }

  @Test
  void emptyIsNoneAndAGivenPathIsTrimmed() {
    assertFalse(OptionalFile.isGiven(""));
    assertFalse(OptionalFile.isGiven("  "));
    assertFalse(OptionalFile.isGiven(null));
    assertNull(OptionalFile.path(""));
    assertEquals(Paths.get("/data/a b.csv"), OptionalFile.path(" /data/a b.csv "));
    assertEquals("a b.csv", OptionalFile.name("/data/a b.csv"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OptionalFile.require("", "pose_table", "a pose table (CSV)"));
    assertEquals("pose_table: choose a pose table (CSV)", e.getMessage());
  }

  @Test
  void theButtonsAreResolvedWhenAllElseIsSoNoDialogOfButtonsAloneOpens() {
    CommandInfo info = ctx.service(CommandService.class).getCommand(RenderDrrCommand.class);
    // Every input given, as a script gives them: after the preprocessors, nothing is left for a
    // dialog (scijava-common's harvester shows the unresolved inputs).
    Map<String, Object> inputs = ScriptedRunsTest.documentedDefaults(ctx, RenderDrrCommand.class);
    inputs.putAll(ScriptedRunsTest.images(RenderDrrCommand.class));
    inputs.put("pose_table", "");
    inputs.put("geometry", "");
    inputs.put("backend", "java");
    org.scijava.command.CommandModule m = Headless.runProcessed(ctx, RenderDrrCommand.class, inputs);
    assertFalse(m.isCanceled(), m.getCancelReason());
    assertTrue(m.isInputResolved("pose_table_browse"));
    assertTrue(m.isInputResolved("geometry_browse"));
    // Some input left for the dialog: the button stays, to show beside its field.
    Module partial = ctx.service(ModuleService.class).createModule(info);
    partial.resolveInput("volume");
    new BrowseButtonPreprocessor().process(partial);
    assertFalse(partial.isInputResolved("pose_table_browse"));
  }
}
