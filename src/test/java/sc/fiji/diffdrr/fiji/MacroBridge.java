package sc.fiji.diffdrr.fiji;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;
import ij.Menus;
import ij.plugin.PlugIn;

/**
 * What imagej-legacy does for {@code run("Render DRR", "volume=ct sdd=1020 ...")} in Fiji, for
 * headless tests with ij.jar alone (imagej-legacy is not on Maven Central): an ImageJ 1 plugin
 * registered under the command's label that runs the command in the macro's thread through every
 * preprocessor and postprocessor the context has — scijava-common's real ones (FilePreprocessor,
 * the UI's, CheckInputsPreprocessor, …) and {@link LegacyMacroPreprocessor}, which fills the inputs
 * from the macro options as imagej-legacy's does — and shows its image outputs, so that the macro
 * sees them as the current image (as in Fiji with a display). Registered only in tests, never in
 * plugins.config.
 */
public class MacroBridge implements PlugIn {

  static Context context;
  static volatile CommandModule last;
  /** Per run of the bridge: the user inputs its macro options did not give. */
  static final List<List<String>> unresolved = Collections.synchronizedList(new ArrayList<>());
  /** Every run of the bridge, in order. */
  static final List<CommandModule> runs = Collections.synchronizedList(new ArrayList<>());

  /** Registers a command under its menu label in IJ1's command table (headless-safe). */
  static void register(Context ctx, Class<? extends Command> command) throws ReflectiveOperationException {
    context = ctx;
    if (Menus.getCommands() == null) {
      // IJ.run builds AWT menus when the table is missing, which fails headless (notes §4.3).
      Field table = Menus.class.getDeclaredField("pluginsTable");
      table.setAccessible(true);
      table.set(null, new Hashtable<String, String>());
    }
    CommandInfo info = ctx.service(CommandService.class).getCommand(command);
    String label = info.getMenuPath().getLeaf().getName();
    Menus.getCommands().put(label, MacroBridge.class.getName() + "(\"" + command.getName() + "\")");
  }

  @Override
  public void run(String commandClass) {
    CommandInfo info = context.service(CommandService.class).getCommand(commandClass);
    Module module = context.service(ModuleService.class).createModule(info);
    PluginService plugins = context.service(PluginService.class);
    LegacyMacroPreprocessor.lastUnresolved = Collections.emptyList();
    new ModuleRunner(context, module, plugins.createInstancesOfType(PreprocessorPlugin.class),
        plugins.createInstancesOfType(PostprocessorPlugin.class)).run();
    unresolved.add(LegacyMacroPreprocessor.lastUnresolved);
    last = (CommandModule) module;
    runs.add(last);
    if (last.isCanceled()) return;
    for (String name : last.getOutputs().keySet()) {
      Object out = last.getOutput(name);
      if (out instanceof ImagePlus) ((ImagePlus) out).show();
    }
  }
}
