package sc.fiji.diffdrr.fiji;

import java.util.Locale;
import java.util.function.Consumer;

import org.scijava.log.LogService;

import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.Backend;

/**
 * The backend of a command's "backend" choice: auto (OpenCL where a device exists — CLIJ2's device
 * when CLIJ2 is installed — else Java), java, or opencl (falls back to Java, saying why). Opened
 * anew for every run, so a device chosen in CLIJ2 meanwhile holds.
 */
final class FijiBackends {

  private FijiBackends() {}

  /** Checks a "backend" choice before any work; returns it normalised. */
  static String choice(String choice) {
    String c = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
    if (!c.equals("auto") && !c.equals("java") && !c.equals("opencl")) {
      throw new IllegalArgumentException("backend must be auto, java or opencl, got '" + choice
          + "'");
    }
    return c;
  }

  static Backend open(String choice, LogService log) {
    String c = choice(choice);
    // A fallback from an explicit opencl is worth a warning; auto's choice is information.
    Consumer<String> notices = c.equals("opencl") ? log::warn : log::info;
    return Backends.open(c, null, 0, notices);
  }
}
