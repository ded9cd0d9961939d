package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLContext;
import net.haesleinhuepf.clij.clearcl.enums.HostAccessType;
import net.haesleinhuepf.clij.clearcl.enums.KernelAccessType;
import net.haesleinhuepf.clij.clearcl.enums.MemAllocMode;
import net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DeviceLimits;

/**
 * The buffers one backend holds on its device: allocation after a size check against the device's
 * limits (with a message naming the sizes), and a registry so that everything still held can be
 * released and counted. In Fiji the context is CLIJ2's and may hold the user's buffers too: only
 * ours are counted and released here.
 */
final class DeviceMemory {

  private final ClearCLContext context;
  private final String deviceName;
  private final long maxAllocation;
  private final long globalMemory;
  private final Set<ClArray> live = new LinkedHashSet<>();
  private long liveBytes;

  DeviceMemory(ClearCLContext context) {
    this.context = context;
    this.deviceName = context.getDevice().getName();
    this.maxAllocation = capped(context.getDevice().getMaxMemoryAllocationSizeInBytes(),
        MAX_ALLOCATION_CAP);
    this.globalMemory = capped(context.getDevice().getGlobalMemorySizeInBytes(), GLOBAL_MEMORY_CAP);
  }

  /**
   * Test knobs: environment variables (whole MiB) that cap what the backend believes the device
   * has, so a CPU device of many GiB can play one that is too small.
   */
  static final String MAX_ALLOCATION_CAP = "DIFFDRR_OPENCL_MAX_ALLOC_MB";
  static final String GLOBAL_MEMORY_CAP = "DIFFDRR_OPENCL_GLOBAL_MEMORY_MB";

  private static long capped(long bytes, String variable) {
    String cap = System.getenv(variable);
    if (cap == null || cap.isBlank()) return bytes;
    try {
      long mib = Long.parseLong(cap.trim());
      if (mib < 1) throw new NumberFormatException();
      return Math.min(bytes, mib << 20);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a whole number of MiB ≥ 1, got '"
          + cap + "'");
    }
  }

  DeviceLimits limits() {
    return new DeviceLimits(deviceName, globalMemory, maxAllocation);
  }

  /**
   * A new zero-filled float buffer.
   *
   * @param what what it holds, for messages: "volume 512×512×512", "array of 1000"
   */
  ClArray allocate(String what, long length) {
    if (length < 1) {
      throw new IllegalArgumentException(what + ": array length must be ≥ 1, got " + length);
    }
    checkFits(what, length);
    ClearCLBuffer buffer = context.createBuffer(MemAllocMode.Best, HostAccessType.ReadWrite,
        KernelAccessType.ReadWrite, 1, NativeTypeEnum.Float, length);
    buffer.setName("diffdrr " + what);
    ClArray array = new ClArray(buffer, this);
    live.add(array);
    liveBytes += 4 * length;
    try {
      buffer.fill((byte) 0, true);
    } catch (RuntimeException e) {
      array.close();
      throw e;
    }
    return array;
  }

  /** Throws with the sizes when {@code length} floats cannot be allocated on this device. */
  void checkFits(String what, long length) {
    String refusal = refusal(what, length, liveBytes, maxAllocation, globalMemory, deviceName);
    if (refusal != null) throw new IllegalArgumentException(refusal);
  }

  /**
   * Why {@code length} floats do not fit next to {@code liveBytes} already held, or null when
   * they do.
   */
  static String refusal(String what, long length, long liveBytes, long maxAllocation,
      long globalMemory, String device) {
    long bytes = 4 * length;
    if (bytes > maxAllocation) {
      return what + " floats (" + mib(bytes) + ") exceeds the device's largest allocation ("
          + mib(maxAllocation) + ") on " + device;
    }
    if (liveBytes + bytes > globalMemory) {
      return what + " floats (" + mib(bytes) + ") would bring this backend's buffers to "
          + mib(liveBytes + bytes) + ", more than the device's global memory ("
          + mib(globalMemory) + ") on " + device;
    }
    return null;
  }

  ClArray upload(String what, float[] host) {
    ClArray a = allocate(what, host.length);
    try {
      a.buffer.readFrom(FloatBuffer.wrap(host), true);
    } catch (RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  /** The array as one of ours, or an exception naming the parameter. */
  ClArray own(DeviceArray a, String parameter) {
    if (!(a instanceof ClArray) || ((ClArray) a).owner() != this) {
      throw new IllegalArgumentException(parameter + " must be an array of this OpenCL backend, "
          + "got " + (a == null ? "null" : a.getClass().getSimpleName()));
    }
    ClArray c = (ClArray) a;
    if (c.isClosed()) throw new IllegalArgumentException(parameter + " is closed");
    return c;
  }

  void released(ClArray a) {
    if (live.remove(a)) liveBytes -= 4 * a.length();
  }

  /** Bytes of the buffers still held. */
  long liveBytes() {
    return liveBytes;
  }

  /** Buffers still held. */
  int liveCount() {
    return live.size();
  }

  /** Closes every buffer still held. */
  void closeAll() {
    for (ClArray a : new ArrayList<>(live)) a.close();
  }

  /** The names of the buffers still held (for leak messages). */
  List<String> liveNames() {
    List<String> names = new ArrayList<>();
    for (ClArray a : live) names.add(a.buffer.getName());
    return names;
  }

  String deviceName() {
    return deviceName;
  }

  static String mib(long bytes) {
    double m = bytes / (double) (1 << 20);
    return m == Math.rint(m) ? String.format(Locale.ROOT, "%d MiB", (long) m)
        : String.format(Locale.ROOT, "%.1f MiB", m);
  }
}
