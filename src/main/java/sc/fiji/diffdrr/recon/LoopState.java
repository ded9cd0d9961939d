package sc.fiji.diffdrr.recon;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Random;

/**
 * Everything the gradient-descent loop needs to continue after iteration {@link #iteration} as if
 * it had never stopped: the volume, the optimizer's moments, the mini-batch order, position and
 * random generator, the convergence test's running sums and the loss history (the learning-rate
 * schedule and Adam's bias correction follow from the iteration). With the digest of the inputs
 * it was made from, so a resume with other inputs can be refused.
 */
public final class LoopState {

  private static final String MAGIC = "diffdrr-checkpoint";
  private static final int VERSION = 1;

  public final String digest;
  public final int iteration;
  final float[] x, m, v;
  final int[] order;
  final int position;
  final byte[] random;
  final double epochSum, previousEpoch;
  final double[] history;

  LoopState(String digest, int iteration, float[] x, float[] m, float[] v, int[] order,
      int position, byte[] random, double epochSum, double previousEpoch, double[] history) {
    this.digest = digest;
    this.iteration = iteration;
    this.x = x;
    this.m = m;
    this.v = v;
    this.order = order;
    this.position = position;
    this.random = random;
    this.epochSum = epochSum;
    this.previousEpoch = previousEpoch;
    this.history = history;
  }

  /** java.util.Random's exact state, through its own serialized form. */
  static byte[] save(Random r) {
    try (ByteArrayOutputStream b = new ByteArrayOutputStream();
        ObjectOutputStream o = new ObjectOutputStream(b)) {
      o.writeObject(r);
      o.flush();
      return b.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Random restore(byte[] state) {
    try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(state))) {
      return (Random) o.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("the checkpoint's random generator cannot be restored");
    }
  }

  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeUTF(MAGIC);
    d.writeInt(VERSION);
    d.writeUTF(digest);
    d.writeInt(iteration);
    floats(d, x);
    floats(d, m);
    floats(d, v);
    d.writeInt(order.length);
    for (int i : order) d.writeInt(i);
    d.writeInt(position);
    d.writeInt(random.length);
    d.write(random);
    d.writeDouble(epochSum);
    d.writeDouble(previousEpoch);
    d.writeInt(history.length);
    for (double h : history) d.writeDouble(h);
    d.writeUTF("end");
    d.flush();
  }

  /** Reads a state written by {@link #writeTo}; a file of another kind or truncated is refused. */
  public static LoopState readFrom(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      if (!MAGIC.equals(d.readUTF())) throw new IOException("not a DiffDRR checkpoint");
      int version = d.readInt();
      if (version != VERSION) throw new IOException("checkpoint version " + version + ", expected " + VERSION);
      String digest = d.readUTF();
      int iteration = d.readInt();
      float[] x = floats(d), m = floats(d), v = floats(d);
      int[] order = new int[d.readInt()];
      for (int i = 0; i < order.length; i++) order[i] = d.readInt();
      int position = d.readInt();
      byte[] random = new byte[d.readInt()];
      d.readFully(random);
      double epochSum = d.readDouble(), previousEpoch = d.readDouble();
      double[] history = new double[d.readInt()];
      for (int i = 0; i < history.length; i++) history[i] = d.readDouble();
      if (!"end".equals(d.readUTF())) throw new IOException("the checkpoint is damaged");
      return new LoopState(digest, iteration, x, m, v, order, position, random, epochSum,
          previousEpoch, history);
    } catch (java.io.EOFException | java.io.UTFDataFormatException | NegativeArraySizeException e) {
      throw new IOException("not a complete DiffDRR checkpoint");
    }
  }

  private static void floats(DataOutputStream d, float[] a) throws IOException {
    d.writeInt(a == null ? -1 : a.length);
    if (a == null) return;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * a.length);
    b.asFloatBuffer().put(a);
    d.write(b.array());
  }

  private static float[] floats(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0) return null;
    byte[] bytes = new byte[4 * n];
    d.readFully(bytes);
    float[] a = new float[n];
    java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(a);
    return a;
  }
}
