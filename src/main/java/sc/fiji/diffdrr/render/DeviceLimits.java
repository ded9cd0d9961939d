package sc.fiji.diffdrr.render;

/** The room a device backend has for its arrays: what a memory plan is checked against. */
public final class DeviceLimits {

  public final String device;
  public final long globalBytes;
  public final long maxAllocationBytes;

  public DeviceLimits(String device, long globalBytes, long maxAllocationBytes) {
    this.device = device;
    this.globalBytes = globalBytes;
    this.maxAllocationBytes = maxAllocationBytes;
  }
}
