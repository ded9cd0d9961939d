package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The view id of each slot of a batch, on the device as floats (exact below 2^24), sent again
 * only when the ids change: a loop that renders the same batch every iteration uploads them once.
 */
final class ViewSlots implements AutoCloseable {

  private final DeviceMemory memory;
  private ClArray slots;
  private int[] current = new int[0];

  ViewSlots(DeviceMemory memory) {
    this.memory = memory;
  }

  /** The device array holding these ids (at least ids.length long). */
  ClArray upload(int[] ids) {
    if (slots != null && Arrays.equals(ids, current)) return slots;
    current = new int[0];
    if (slots == null || slots.length() < ids.length) {
      close();
      slots = memory.allocate("view ids of " + ids.length, ids.length);
    }
    float[] f = new float[ids.length];
    for (int k = 0; k < f.length; k++) f[k] = ids[k];
    slots.buffer.readFrom(FloatBuffer.wrap(f), 0, f.length, true);
    current = ids.clone();
    return slots;
  }

  @Override
  public void close() {
    if (slots != null) slots.close();
    slots = null;
    current = new int[0];
  }
}
