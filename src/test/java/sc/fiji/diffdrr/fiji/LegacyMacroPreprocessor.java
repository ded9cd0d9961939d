package sc.fiji.diffdrr.fiji;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.Priority;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;
import org.scijava.widget.Button;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;

/**
 * What imagej-legacy 2.0.3's MacroPreprocessor does (imagej-legacy is not on Maven Central): in a
 * macro, each input whose key is in the options is set from it and resolved; an input whose key is
 * missing stays unresolved, for the later preprocessors (scijava-common's own: FilePreprocessor,
 * the input harvester) to deal with — in Fiji with a display, a dialog. Images are looked up by
 * title, as imagej-legacy's string-to-ImagePlus converter does. Same priority as the original, so
 * it runs among scijava-common's real preprocessors in Fiji's order; inert outside macros.
 */
@Plugin(type = PreprocessorPlugin.class, priority = 2 * Priority.VERY_HIGH)
public class LegacyMacroPreprocessor extends AbstractPreprocessorPlugin {

  /** The user inputs the last macro call left unresolved (a dialog, with a display). */
  static volatile List<String> lastUnresolved = Collections.emptyList();

  @Parameter
  private ConvertService convertService;

  @Override
  public void process(Module module) {
    if (!IJ.isMacro()) return;
    String options = Macro.getOptions();
    if (options == null) return;
    List<String> unresolved = new ArrayList<>();
    for (ModuleItem<?> input : module.getInfo().inputs()) {
      String name = input.getName();
      Class<?> type = input.getType();
      if (Button.class.equals(type) || ItemVisibility.MESSAGE.equals(input.getVisibility())) {
        module.resolveInput(name);
        continue;
      }
      String value = Macro.getValue(options, name, null);
      if (value == null) {
        if (!Service.class.isAssignableFrom(type) && !Context.class.isAssignableFrom(type)) {
          unresolved.add(name);
        }
        continue;
      }
      Object converted;
      if (type == ImagePlus.class) {
        converted = WindowManager.getImage(value);
        if (converted == null) continue;
      } else {
        if (!convertService.supports(value, type)) continue;
        converted = convertService.convert(value, type);
      }
      module.setInput(name, converted);
      module.resolveInput(name);
    }
    lastUnresolved = unresolved;
  }
}
