package sc.fiji.diffdrr.opencl;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.JavaBackend;

/**
 * Chooses the backend the shells (CLI, Fiji) run on: {@code java}, {@code opencl} or {@code auto}.
 * Where OpenCL cannot run (no OpenCL library, no device, or in Fiji no clij-clearcl at all) the
 * Java backend takes over with one line of explanation, never a stack trace.
 *
 * <p>This class names no ClearCL or JOCL type, so it loads where clij-clearcl is missing; the
 * OpenCL classes are reached only inside the try blocks that catch their absence.
 */
public final class Backends {

  private Backends() {}

  /**
   * Opens a backend.
   *
   * @param kind java, opencl or auto (null: auto); auto = OpenCL on a GPU (or on the device named,
   *        or on CLIJ2's in Fiji), else Java: on a CPU-only OpenCL device such as PoCL the Java
   *        backend is as fast and needs no OpenCL compiler in the process
   * @param deviceName part of an OpenCL device's name (case-insensitive), or null/blank for the
   *        default device (CLIJ2's in Fiji, else the first GPU, else the first device)
   * @param threads Java threads; ≤ 0 for all cores
   * @param notices receives one line saying which backend runs (auto) or why OpenCL does not
   * @throws IllegalArgumentException for an unknown kind or a device name no device matches
   */
  public static Backend open(String kind, String deviceName, int threads,
      Consumer<String> notices) {
    String k = kind == null ? "auto" : kind.trim().toLowerCase(Locale.ROOT);
    switch (k) {
      case "java":
        return java(threads);
      case "opencl":
        try {
          return OpenClBackend.open(deviceName, notices);
        } catch (OpenClUnavailableException e) {
          Backend fallback = java(threads);
          notices.accept("OpenCL is not available here (" + e.getMessage() + "): using "
              + fallback.description());
          return fallback;
        } catch (LinkageError e) {
          Backend fallback = java(threads);
          notices.accept("OpenCL is not available here (" + missing(e) + "): using "
              + fallback.description());
          return fallback;
        }
      case "auto":
        try {
          OpenClBackend b = OpenClBackend.open(deviceName, notices);
          if (b.onOwnCpuDevice() && (deviceName == null || deviceName.trim().isEmpty())) {
            String cpu = b.deviceName();
            b.close();
            Backend fallback = java(threads);
            notices.accept("backend: " + fallback.description() + " (the OpenCL device here, "
                + cpu + ", is a CPU; choose the opencl backend to use it anyway)");
            return fallback;
          }
          notices.accept("backend: " + b.description());
          return b;
        } catch (OpenClUnavailableException e) {
          Backend fallback = java(threads);
          notices.accept("backend: " + fallback.description() + " (" + e.getMessage() + ")");
          return fallback;
        } catch (LinkageError e) {
          Backend fallback = java(threads);
          notices.accept("backend: " + fallback.description() + " (" + missing(e) + ")");
          return fallback;
        }
      default:
        throw new IllegalArgumentException("backend must be java, opencl or auto, got '" + kind
            + "'");
    }
  }

  /**
   * The OpenCL devices here (for the CLI's {@code devices} subcommand); empty, with one line to
   * notices saying why, where OpenCL cannot run.
   */
  public static List<DeviceInfo> devices(Consumer<String> notices) {
    try {
      return OpenClContexts.list();
    } catch (OpenClUnavailableException e) {
      notices.accept("no OpenCL device: " + e.getMessage());
    } catch (LinkageError e) {
      notices.accept("no OpenCL device: " + missing(e));
    }
    return Collections.emptyList();
  }

  private static Backend java(int threads) {
    return threads > 0 ? new JavaBackend(threads) : new JavaBackend();
  }

  /** One line for a missing class or native library. */
  private static String missing(LinkageError e) {
    if (e instanceof NoClassDefFoundError) {
      return "clij-clearcl is not installed (activate the clij update site in Fiji): "
          + "missing " + e.getMessage();
    }
    return "no OpenCL library could be loaded (" + OpenClUnavailableException.oneLine(e) + ")";
  }
}
