package sc.fiji.diffdrr.opencl;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceLimits;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.volume.VolumeGrid;

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
   * The environment variable that, set to "off", turns splitting off: a run whose arrays do not
   * fit the OpenCL device is then refused by its memory plan (for tests, and for users who would
   * rather change the grid).
   */
  public static final String SPLIT_SWITCH = "DIFFDRR_OPENCL_SPLIT";

  /**
   * The backend a run with this memory plan computes on: {@code backend} itself, unless it is an
   * OpenCL backend whose device cannot hold the plan's arrays (its global memory or its largest
   * allocation); then a {@link SlabbedBackend} over it, which keeps the arrays on the Java heap and
   * streams the volume through the device in z-slabs, said in one line to notices. Check the plan
   * against the backend returned. Closing the result leaves {@code backend} open (close both; it
   * may be the same object).
   *
   * @param grid the run's volume grid (the slabs are of its planes)
   * @throws IllegalArgumentException when not even one plane of the grid fits the device
   */
  public static Backend fit(Backend backend, MemoryPlan plan, VolumeGrid grid,
      Consumer<String> notices) {
    DeviceLimits device = backend.deviceLimits();
    if (device == null || !(backend instanceof OpenClBackend)
        || "off".equals(System.getenv(SPLIT_SWITCH))) {
      return backend;
    }
    String why;
    if (plan.backendBytes() > device.globalBytes) {
      why = "this run's arrays (" + MemoryPlan.size(plan.backendBytes()) + ") exceed the global "
          + "memory of " + device.device + " (" + MemoryPlan.size(device.globalBytes) + ")";
    } else if (plan.largestBackendArray() > device.maxAllocationBytes) {
      why = "an array of this run (" + MemoryPlan.size(plan.largestBackendArray()) + ") exceeds "
          + "the largest allocation of " + device.device + " ("
          + MemoryPlan.size(device.maxAllocationBytes) + ")";
    } else {
      return backend;
    }
    SlabbedBackend split = SlabbedBackend.over((OpenClBackend) backend);
    int planes = split.planes(grid);
    int slabs = (grid.nz + planes - 1) / planes;
    notices.accept("opencl: " + why + ": the arrays stay on the Java heap and the volume passes "
        + "through the device in " + slabs + " z-slab" + (slabs == 1 ? "" : "s") + " of " + planes
        + " plane" + (planes == 1 ? "" : "s") + " ("
        + MemoryPlan.size(4L * planes * grid.nx * grid.ny) + " each)");
    return split;
  }

  /**
   * {@code backend} (an OpenCL one) as if its device were too small for {@code grid}: its arrays
   * on the Java heap, the volume through the device in {@code slabs} z-slabs; for measuring what
   * splitting costs. Closing it leaves {@code backend} open.
   *
   * @throws IllegalArgumentException when backend is no OpenCL backend
   */
  public static Backend splitInto(Backend backend, VolumeGrid grid, int slabs) {
    if (backend.deviceLimits() == null || !(backend instanceof OpenClBackend)) {
      throw new IllegalArgumentException("only an OpenCL backend splits, got "
          + backend.description());
    }
    return SlabbedBackend.inSlabs((OpenClBackend) backend, grid, slabs);
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
