package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.module.ModuleItem;

import ij.IJ;

/**
 * The README's macro lines, run as Fiji runs them: each {@code run(...)} through scijava-common's
 * real preprocessors (FilePreprocessor, the input harvester's checks, CheckInputsPreprocessor)
 * after imagej-legacy's macro preprocessor. Each must run, produce its output, give every key (a
 * missing key leaves an input unresolved: with a display, a dialog), and be exactly the line the
 * recorder writes for that run.
 */
class DocumentedMacroLinesTest {

  private static Context ctx;

  @BeforeAll
  static void setUp() throws ReflectiveOperationException {
    ctx = Headless.context();
    for (Class<? extends Command> c : MacroRecordingTest.COMMANDS) MacroBridge.register(ctx, c);
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  /** The code block of the README's "Recorded macro lines" section. */
  static String readmeMacro() throws IOException {
    String doc = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
    int section = doc.indexOf("### Recorded macro lines");
    int start = doc.indexOf("```javascript\n", section) + "```javascript\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  static List<String> runLines(String macro) {
    List<String> lines = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^run\\(\"[^\"]+\", \"[^\"]*\"\\);$").matcher(macro);
    while (m.find()) lines.add(m.group());
    return lines;
  }

  @Test
  void theReadmeLinesRunThroughFijisPreprocessorsAndAreWhatTheRecorderWrites(@TempDir Path dir)
      throws IOException {
    String macro = readmeMacro();
    List<String> documented = runLines(macro);
    assertEquals(5, documented.size(), macro);
    // The lines' CT, "ct.tif", is the user's: here a small phantom, so the run stays short; the
    // pose table goes to a temporary folder instead of /data.
    String data = dir.toString() + "/";
    // Reconstruct Volume's line (recipe=auto: 500 iterations of 60 views) is stopped after its
    // first iteration, as the task bar's cancel button does; the reconstruction it keeps is then
    // given the title a whole run gives it, which the next line names.
    String reconstruct = documented.get(3);
    assertTrue(reconstruct.startsWith("run(\"Reconstruct Volume\""), reconstruct);
    String renamed = macro.replace(reconstruct, reconstruct + "\n"
        + "titles = getList(\"image.titles\");\n"
        + "for (i = 0; i < titles.length; i++) if (startsWith(titles[i], \"Reconstruction of\")) {\n"
        + "  selectWindow(titles[i]);\n"
        + "  rename(replace(titles[i], \", cancelled at iteration [0-9]+ of [0-9]+\", \"\"));\n"
        + "}");
    Headless.CancelAt stop = new Headless.CancelAt("Reconstruct Volume", 1);
    ctx.service(org.scijava.event.EventService.class).subscribe(stop);
    MacroBridge.runs.clear();
    MacroBridge.unresolved.clear();
    IJ.runMacro("run(\"Shepp-Logan Phantom\", \"size=8 spacing=32.0\");\nrename(\"ct.tif\");\n"
        + renamed.replace("/data/", data));
    List<CommandModule> runs = new ArrayList<>(MacroBridge.runs);
    List<String> problems = new ArrayList<>();
    if (stop.canceledAt < 1) problems.add("Reconstruct Volume: no iteration ran");
    for (int k = 0; k < documented.size(); k++) {
      String line = documented.get(k);
      if (k + 1 >= runs.size()) {
        problems.add("did not run: " + line);
        continue;
      }
      CommandModule m = runs.get(k + 1);
      String label = m.getInfo().getMenuPath().getLeaf().getName();
      if (m.isCanceled()) {
        problems.add(label + ": cancelled, reason '" + m.getCancelReason() + "'");
        continue;
      }
      List<String> missing = MacroBridge.unresolved.get(k + 1);
      if (!missing.isEmpty()) problems.add(label + ": no key for " + missing);
      ModuleItem<?> first = m.getInfo().outputs().iterator().next();
      if (m.getOutput(first.getName()) == null) problems.add(label + ": no " + first.getName());
      String recorded = RecordedLine.of(m).replace(data, "/data/");
      if (!recorded.equals(line)) {
        problems.add(label + ": the recorder writes\n    " + recorded + "\n  the README says\n    "
            + line);
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
  }

  @Test
  void aLineWithoutItsFileKeysRunsHeadless() {
    // The README's Render DRR line before issue 16: no pose_table key. FilePreprocessor then found
    // one unresolved File input and, headless, cancelled the command with an empty reason.
    MacroBridge.runs.clear();
    String result = IJ.runMacro("run(\"Shepp-Logan Phantom\", \"size=8 spacing=32.0\");\n"
        + "rename(\"ct.tif\");\n"
        + "run(\"Render DRR\", \"volume=ct.tif sdd=1020 height=20 width=20 delx=16 dely=16 x0=0 "
        + "y0=0 poses=[single pose] rotation_x=0 rotation_y=0 rotation_z=0 convention=ZXY "
        + "translation_x=0 translation_y=850 translation_z=0 orientation=AP renderer=siddon "
        + "hu=auto voxel_placement=centered backend=java\");\n"
        + "return getTitle();");
    CommandModule m = MacroBridge.runs.get(MacroBridge.runs.size() - 1);
    assertTrue(!m.isCanceled(), () -> "cancelled: '" + m.getCancelReason() + "'");
    assertTrue(m.getOutput("drr") != null);
    assertTrue(result.startsWith("DRR of ct.tif"), result);
  }

  @Test
  void theReadmeJythonScriptRunsHeadlessAndTakesItsOutputFromTheModule() throws Exception {
    // "From a script": what the README says to do headless instead of a macro.
    String doc = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
    int section = doc.indexOf("### From a script");
    int start = doc.indexOf("```python\n", section) + "```python\n".length();
    String script = doc.substring(start, doc.indexOf("```", start));
    org.scijava.script.ScriptModule m = ctx.service(org.scijava.script.ScriptService.class)
        .run("readme.py", script, true).get();
    ij.ImagePlus drr = (ij.ImagePlus) m.getOutput("drr");
    assertTrue(drr != null && drr.getWidth() == 200 && drr.getTitle().startsWith("DRR of "),
        String.valueOf(drr));
  }
}
