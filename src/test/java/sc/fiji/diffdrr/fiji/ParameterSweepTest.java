package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * The Fiji commands' parameters swept headless through CommandService, generated from each
 * command's own inputs (the CommandInfo): numbers 0, −1, NaN, ±∞, too large; choices an unknown
 * word; text and file fields missing, empty, a folder, a path under a regular file, garbage, on
 * /proc. Every case must end either refused — cancelled with one line naming the parameter, no
 * exception text, no image shown — or (a value that is allowed, 0 for x0) run with finite output.
 * NaN, ∞ and unknown words must always be refused.
 */
class ParameterSweepTest {

  @TempDir
  static Path tmp;
  private static Context ctx;
  private static Path regular, empty, folder, garbage;

  @BeforeAll
  static void setUp() throws IOException {
    ctx = Headless.context();
    regular = tmp.resolve("regular.csv");
    Files.writeString(regular, "a regular file");
    empty = Files.createFile(tmp.resolve("empty.csv"));
    folder = Files.createDirectory(tmp.resolve("folder"));
    garbage = tmp.resolve("garbage.mha");
    Files.writeString(garbage, "garbage\n\u0000");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  /** Small, valid inputs: every valid case runs quickly. */
  private static Map<String, Object> base(Class<? extends Command> c) {
    Map<String, Object> in = new LinkedHashMap<>(ScriptedRunsTest.images(c));
    if (c == RenderDrrCommand.class || c == SimulateProjectionsCommand.class
        || c == CompareVolumesCommand.class) {
      in.put("height", 8);
      in.put("width", 8);
      in.put("delx", 32.0);
      in.put("dely", 32.0);
      in.put("views", 2);
    }
    if (c == ReconstructVolumeCommand.class) {
      in.put("size_x", 8);
      in.put("size_y", 8);
      in.put("size_z", 8);
      in.put("spacing_x", 32.0);
      in.put("spacing_y", 32.0);
      in.put("spacing_z", 32.0);
      in.put("recipe", "custom");
      in.put("iterations", 2);
      in.put("subsets", 2);
    }
    if (c == SheppLoganCommand.class) in.put("size", 8);
    in.put("backend", "java");
    return in;
  }

  private static final String[] DOUBLES = {"0", "-1", "NaN", "Infinity", "-Infinity", "1e300", "-1e300"};
  private static final int[] INTS = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};

  @Test
  void everyParameterOfEveryCommandRefusesBadValuesWithOneLineNamingIt() {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (Class<? extends Command> c : MacroRecordingTest.COMMANDS) {
      CommandInfo info = ctx.service(CommandService.class).getCommand(c);
      for (ModuleItem<?> item : MacroRecordingTest.userInputs(info)) {
        Class<?> type = item.getType();
        List<Object> values = new ArrayList<>();
        List<Boolean> mustRefuse = new ArrayList<>();
        if (item.getChoices() != null && !item.getChoices().isEmpty()) {
          values.add("no-such-word");
          mustRefuse.add(true);
        } else if (type == double.class || type == Double.class) {
          for (String d : DOUBLES) {
            values.add(Double.parseDouble(d));
            mustRefuse.add(!Double.isFinite(Double.parseDouble(d)));
          }
        } else if (type == int.class || type == Integer.class || type == long.class) {
          for (int v : INTS) {
            values.add(type == long.class ? (Object) (long) v : (Object) v);
            mustRefuse.add(false);
          }
        } else if (type == String.class) {
          for (String s : new String[] {tmp.resolve("missing.csv").toString(),
            regular.resolve("x.csv").toString(), empty.toString(), folder.toString(),
            garbage.toString(), "/proc/diffdrr-sweep.csv", "NaN", "-1"}) {
            values.add(s);
            mustRefuse.add(false);
          }
        } else {
          continue; // images, booleans, buttons
        }
        for (int k = 0; k < values.size(); k++) {
          cases++;
          Map<String, Object> in = base(c);
          in.keySet().removeIf(key -> info.getInput(key) == null);
          in.put(item.getName(), values.get(k));
          String what = c.getSimpleName() + " " + item.getName() + "=" + values.get(k);
          String problem = check(c, in, item.getName(), mustRefuse.get(k));
          if (problem != null) failures.add(what + ": " + problem);
        }
      }
    }
    System.out.println("Fiji parameter sweep: " + cases + " cases");
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases fail:\n"
        + String.join("\n", failures));
    assertTrue(cases > 150, "cases: " + cases);
  }

  private static String check(Class<? extends Command> c, Map<String, Object> in, String name,
      boolean mustRefuse) {
    CommandModule m;
    try {
      m = Headless.run(ctx, c, in.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(
          e.getKey(), e.getValue())).toArray());
    } catch (AssertionError e) {
      return "threw: " + e.getMessage();
    }
    if (m.isCanceled()) {
      String reason = m.getCancelReason();
      if (reason == null || reason.contains("\n")) return "not one line: " + reason;
      if (!reason.contains(name)) return "does not name " + name + ": " + reason;
      if (reason.matches(".*[A-Za-z]+(Exception|Error)\\b.*") || reason.contains("\tat ")) {
        return "exception text: " + reason;
      }
      for (String out : m.getOutputs().keySet()) {
        if (m.getInfo().getOutput(out).getType() == ImagePlus.class && m.getOutput(out) != null) {
          return "an image after a refusal: " + out;
        }
      }
      return null;
    }
    if (mustRefuse) return "accepted";
    for (String out : m.getOutputs().keySet()) {
      Object o = m.getOutput(out);
      if (o instanceof ImagePlus && !finite((ImagePlus) o)) return "non-finite output " + out;
    }
    return null;
  }

  private static boolean finite(ImagePlus imp) {
    ImageStack s = imp.getStack();
    for (int i = 1; i <= s.getSize(); i++) {
      Object p = s.getPixels(i);
      if (p instanceof float[]) {
        for (float v : (float[]) p) if (!Float.isFinite(v)) return false;
      }
    }
    return true;
  }
}
