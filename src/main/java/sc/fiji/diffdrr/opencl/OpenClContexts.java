package sc.fiji.diffdrr.opencl;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import net.haesleinhuepf.clij.clearcl.ClearCL;
import net.haesleinhuepf.clij.clearcl.ClearCLContext;
import net.haesleinhuepf.clij.clearcl.ClearCLDevice;
import net.haesleinhuepf.clij.clearcl.backend.jocl.ClearCLBackendJOCL;
import net.haesleinhuepf.clij.clearcl.enums.DeviceType;

/**
 * Where a backend's OpenCL context comes from. Inside Fiji with CLIJ2 installed: CLIJ2's current
 * context (reached by reflection, so CLIJ2 is no build dependency), so the user's CLIJ2 device
 * choice holds. Elsewhere, or when another device is asked for by name: a context of our own,
 * preferring a GPU. Asked for anew by every backend, never cached: CLIJ2 closes its context when
 * the user switches device.
 */
final class OpenClContexts {

  /** The class whose getInstance().getCLIJ().getClearCLContext() is CLIJ2's context; tests swap it. */
  static String clij2ClassName = "net.haesleinhuepf.clij2.CLIJ2";

  private OpenClContexts() {}

  /**
   * A context on the device whose name contains {@code deviceName} (case-insensitive; null or
   * blank: CLIJ2's device, else the first GPU, else the first device).
   *
   * @throws OpenClUnavailableException without OpenCL library, platform or device
   * @throws IllegalArgumentException when no device matches the name
   */
  static ContextLease acquire(String deviceName, Consumer<String> notices) {
    String wanted = deviceName == null ? "" : deviceName.trim();
    ClearCLContext clij = clij2Context(notices);
    if (clij != null) {
      String name = clij.getDevice().getName();
      if (wanted.isEmpty() || matches(name, wanted)) return ContextLease.borrowed(clij);
      notices.accept("CLIJ2 uses " + name + ", not '" + wanted + "': opening a context of our own");
    }
    return openOwn(wanted);
  }

  private static ContextLease openOwn(String wanted) {
    ClearCL cl = openClearCL();
    try {
      ClearCLDevice device = choose(devices(cl), wanted);
      try {
        return ContextLease.owned(device.createContext(), cl);
      } catch (RuntimeException e) {
        throw new OpenClUnavailableException("no context on the OpenCL device " + device.getName()
            + " (" + OpenClUnavailableException.oneLine(e) + ")", e);
      }
    } catch (RuntimeException | Error e) {
      cl.close();
      throw e;
    }
  }

  /** Every OpenCL device of every platform. */
  static List<DeviceInfo> list() {
    ClearCL cl = openClearCL();
    try {
      List<DeviceInfo> rows = new ArrayList<>();
      for (ClearCLDevice d : devices(cl)) {
        rows.add(new DeviceInfo(d.getName(), d.getType().name(), d.getGlobalMemorySizeInBytes(),
            d.getMaxMemoryAllocationSizeInBytes(),
            d.getBackend().imageSupport(d.getPeerPointer())));
      }
      return rows;
    } catch (OpenClUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OpenClUnavailableException("the OpenCL devices cannot be queried ("
          + OpenClUnavailableException.oneLine(e) + ")", e);
    } finally {
      cl.close();
    }
  }

  private static ClearCL openClearCL() {
    try {
      return new ClearCL(new ClearCLBackendJOCL());
    } catch (RuntimeException | LinkageError e) {
      throw new OpenClUnavailableException("no OpenCL library could be loaded ("
          + OpenClUnavailableException.oneLine(e) + ")", e);
    }
  }

  private static List<ClearCLDevice> devices(ClearCL cl) {
    List<ClearCLDevice> devices;
    try {
      devices = cl.getAllDevices();
    } catch (RuntimeException e) {
      throw new OpenClUnavailableException("no OpenCL platform found ("
          + OpenClUnavailableException.oneLine(e) + ")", e);
    }
    if (devices.isEmpty()) throw new OpenClUnavailableException("no OpenCL device found", null);
    return devices;
  }

  private static ClearCLDevice choose(List<ClearCLDevice> devices, String wanted) {
    if (!wanted.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (ClearCLDevice d : devices) {
        if (matches(d.getName(), wanted)) return d;
        names.add(d.getName());
      }
      throw new IllegalArgumentException("device must be part of an OpenCL device's name, got '"
          + wanted + "'; devices here: " + String.join(", ", names));
    }
    for (ClearCLDevice d : devices) {
      if (d.getType() == DeviceType.GPU) return d;
    }
    return devices.get(0);
  }

  private static boolean matches(String name, String wanted) {
    return name.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
  }

  /** CLIJ2's current context, or null when CLIJ2 is absent or has none. */
  private static ClearCLContext clij2Context(Consumer<String> notices) {
    Class<?> clij2;
    try {
      clij2 = Class.forName(clij2ClassName, false, OpenClContexts.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    try {
      Object instance = clij2.getMethod("getInstance").invoke(null);
      Object clij = instance.getClass().getMethod("getCLIJ").invoke(instance);
      return (ClearCLContext) clij.getClass().getMethod("getClearCLContext").invoke(clij);
    } catch (InvocationTargetException e) {
      notices.accept("CLIJ2 gave no OpenCL context ("
          + OpenClUnavailableException.oneLine(e.getCause()) + "): opening a context of our own");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      notices.accept("CLIJ2 gave no OpenCL context (" + OpenClUnavailableException.oneLine(e)
          + "): opening a context of our own");
    }
    return null;
  }
}
