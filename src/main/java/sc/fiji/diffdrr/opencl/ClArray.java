package sc.fiji.diffdrr.opencl;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import sc.fiji.diffdrr.render.DeviceArray;

/** A float array in an OpenCL buffer, owned by one {@link DeviceMemory}. */
final class ClArray implements DeviceArray {

  final ClearCLBuffer buffer;
  private final DeviceMemory owner;
  private boolean closed;

  ClArray(ClearCLBuffer buffer, DeviceMemory owner) {
    this.buffer = buffer;
    this.owner = owner;
  }

  @Override
  public long length() {
    return buffer.getLength();
  }

  boolean isClosed() {
    return closed;
  }

  DeviceMemory owner() {
    return owner;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    buffer.close();
    owner.released(this);
  }
}
