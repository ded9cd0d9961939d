package sc.fiji.diffdrr.fiji;

import java.lang.reflect.Field;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.plugin.frame.Recorder;

/**
 * The line Fiji's macro recorder writes for a run of a command: imagej-legacy 2.0.3's
 * MacroRecorderPostprocessor (every input not resolved before it — services are — whose value is
 * not null, in the order of the inputs, an image as its title, the value's toString() otherwise)
 * into ImageJ 1's own Recorder, which quotes and brackets the values. The Recorder's window
 * cannot open headless, so its command is started by setting the fields its setCommand sets.
 */
final class RecordedLine {

  private RecordedLine() {}

  static synchronized String of(Module module) {
    try {
      set("commandName", module.getInfo().getMenuPath().getLeaf().getName());
      set("commandOptions", null);
      for (ModuleItem<?> input : module.getInfo().inputs()) {
        Class<?> t = input.getType();
        if (Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t)) continue;
        if (input.getVisibility() == ItemVisibility.INVISIBLE
            || input.getVisibility() == ItemVisibility.MESSAGE) continue;
        Object value = module.getInput(input.getName());
        if (value == null) continue;
        String s = value instanceof ImagePlus ? ((ImagePlus) value).getTitle() : value.toString();
        Recorder.recordOption(escape(input.getName()), escape(s));
      }
      String options = Recorder.getCommandOptions();
      return "run(\"" + module.getInfo().getMenuPath().getLeaf().getName() + "\""
          + (options == null ? "" : ", \"" + options + "\"") + ");";
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** imagej-legacy's IJ1Helper.escape: quotes and backslashes, control characters. */
  private static String escape(String s) {
    String escaped = s.replaceAll("([\"\\\\])", "\\\\$1");
    escaped = escaped.replaceAll("\b", "\\\\b");
    escaped = escaped.replaceAll("\n", "\\\\n");
    escaped = escaped.replaceAll("\t", "\\\\t");
    escaped = escaped.replaceAll("\f", "\\\\f");
    return escaped.replaceAll("\r", "\\\\r");
  }

  private static void set(String field, Object value) throws ReflectiveOperationException {
    Field f = Recorder.class.getDeclaredField(field);
    f.setAccessible(true);
    f.set(null, value);
  }
}
