package sc.fiji.diffdrr.fiji;

import java.util.Locale;

import org.scijava.log.LogService;

import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.JavaBackend;

/**
 * The backend of a command's "backend" choice (auto, java, opencl). The one place that picks it,
 * so the switch to {@code sc.fiji.diffdrr.opencl.Backends.open} (CLIJ2's device when CLIJ2 is
 * installed, else our own OpenCL context, else Java with a notice) is a change here only.
 */
final class FijiBackends {

  private FijiBackends() {}

  static Backend open(String choice, LogService log) {
    String c = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
    switch (c) {
      case "auto":
      case "java":
        return new JavaBackend();
      case "opencl":
        // The OpenCL backend is not in this build yet: fall back as Backends.open will when no
        // OpenCL device is found, with a notice.
        log.warn("backend=opencl: the OpenCL backend is not available in this build; running on "
            + "Java");
        return new JavaBackend();
      default:
        throw new IllegalArgumentException("backend must be auto, java or opencl, got '" + choice
            + "'");
    }
  }
}
