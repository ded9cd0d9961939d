package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;

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

  /**
   * host[from, from + n) into this[at, at + n), blocking (the heap array may move afterwards).
   * ClearCL's plain copies start at the host buffer's first element whatever its position; the
   * rectangle copy (one row, in bytes) takes a host offset.
   */
  void put(float[] host, int from, long at, int n) {
    buffer.readFrom(FloatBuffer.wrap(host), new long[] {4L * from, 0, 0},
        new long[] {4L * at, 0, 0}, new long[] {4L * n, 1, 1}, true);
  }

  /** this[at, at + n) into host[to, to + n), blocking. */
  void get(long at, float[] host, int to, int n) {
    buffer.writeTo(FloatBuffer.wrap(host), new long[] {4L * at, 0, 0},
        new long[] {4L * to, 0, 0}, new long[] {4L * n, 1, 1}, true);
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
