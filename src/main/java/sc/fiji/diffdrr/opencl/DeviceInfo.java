package sc.fiji.diffdrr.opencl;

import java.util.Locale;

/** One OpenCL device as the {@code devices} listing shows it. Free of ClearCL types. */
public final class DeviceInfo {

  public final String name;
  /** "GPU", "CPU" or "OTHER". */
  public final String type;
  public final long globalMemoryBytes;
  public final long maxAllocationBytes;
  public final boolean imageSupport;

  public DeviceInfo(String name, String type, long globalMemoryBytes, long maxAllocationBytes,
      boolean imageSupport) {
    this.name = name;
    this.type = type;
    this.globalMemoryBytes = globalMemoryBytes;
    this.maxAllocationBytes = maxAllocationBytes;
    this.imageSupport = imageSupport;
  }

  /** Column titles of {@link #row()}. */
  public static String[] header() {
    return new String[] {"name", "type", "global memory", "max allocation", "images"};
  }

  /** name, type, global memory (MiB), max allocation (MiB), image support (yes/no). */
  public String[] row() {
    return new String[] {name, type, DeviceMemory.mib(globalMemoryBytes),
      DeviceMemory.mib(maxAllocationBytes), imageSupport ? "yes" : "no"};
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (%s, %s global memory, %s largest allocation, %s)",
        name, type, DeviceMemory.mib(globalMemoryBytes), DeviceMemory.mib(maxAllocationBytes),
        imageSupport ? "images" : "no images");
  }
}
