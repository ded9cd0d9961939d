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
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
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
        } else if (!in.isRequired()) {
          assertEquals(ImagePlus.class, in.getType(), where + ": optional, but neither an image nor "
              + "an OptionalFile path");
        }
      }
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
}
