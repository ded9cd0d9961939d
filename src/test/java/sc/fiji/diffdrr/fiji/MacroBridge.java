package sc.fiji.diffdrr.fiji;

import java.io.File;
import java.lang.reflect.Field;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.Macro;
import ij.Menus;
import ij.WindowManager;
import ij.plugin.PlugIn;

/**
 * What imagej-legacy does for {@code run("Render DRR", "volume=ct sdd=1020 ...")} in Fiji, for
 * headless tests with ij.jar alone (imagej-legacy is not on Maven Central): an ImageJ 1 plugin
 * registered under the command's label that reads each input with {@code Macro.getValue(options,
 * fieldName)} — as imagej-legacy's MacroPreprocessor — converts it (an image title through
 * WindowManager), runs the command and shows its image outputs, so the macro sees them as the
 * current image. Registered only in tests, never in plugins.config.
 */
public class MacroBridge implements PlugIn {

  static Context context;
  static volatile CommandModule last;

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
    String options = Macro.getOptions();
    CommandInfo info = context.service(CommandService.class).getCommand(commandClass);
    ConvertService convert = context.service(ConvertService.class);
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (ModuleItem<?> input : info.inputs()) {
      Class<?> type = input.getType();
      if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
      String value = options == null ? null : Macro.getValue(options, input.getName(), null);
      if (value == null) continue;
      inputs.put(input.getName(), type == ImagePlus.class ? WindowManager.getImage(value)
          : type == File.class ? (value.isEmpty() ? null : new File(value))
          : convert.convert(value, type));
    }
    try {
      last = context.service(CommandService.class).run(info, false, inputs).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new RuntimeException(e);
    }
    if (last.isCanceled()) return;
    for (String name : last.getOutputs().keySet()) {
      Object out = last.getOutput(name);
      if (out instanceof ImagePlus) ((ImagePlus) out).show();
    }
  }
}
