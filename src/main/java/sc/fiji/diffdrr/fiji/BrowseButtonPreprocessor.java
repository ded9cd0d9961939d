package sc.fiji.diffdrr.fiji;

import java.util.ArrayList;
import java.util.List;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;
import org.scijava.widget.InputHarvester;

/**
 * Resolves the Browse buttons of a DiffDRR command's optional files ({@link OptionalFile}) when
 * they are all that is left unresolved, just before the input harvester: a script that gives every
 * input ({@code CommandService.run(…, true, …)}) then opens no dialog of buttons alone. When other
 * inputs are unresolved the dialog opens anyway, and the buttons stay in it. (In a macro,
 * imagej-legacy resolves buttons itself.)
 */
@Plugin(type = PreprocessorPlugin.class, priority = InputHarvester.PRIORITY + 0.75)
public class BrowseButtonPreprocessor extends AbstractPreprocessorPlugin {

  @Override
  public void process(Module module) {
    if (!module.getInfo().getDelegateClassName().startsWith("sc.fiji.diffdrr.")) return;
    List<String> buttons = new ArrayList<>();
    for (ModuleItem<?> input : module.getInfo().inputs()) {
      if (module.isInputResolved(input.getName())) continue;
      if (input.getType() != Button.class) return;
      buttons.add(input.getName());
    }
    for (String name : buttons) module.resolveInput(name);
  }
}
