package sc.fiji.diffdrr.fiji;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Jython for headless tests: Fiji brings scripting-jython, which is not on Maven Central; this
 * wraps jython-standalone's JSR-223 engine the same way (fiji-clij-notes §4.2).
 */
@Plugin(type = ScriptLanguage.class, name = "Python (Jython)")
public class JythonTestLanguage extends AdaptedScriptLanguage {

  public JythonTestLanguage() {
    super("jython");
  }
}
