package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Parallel sums on the device in two passes: a kernel leaves one partial sum per work-group
 * (grid-strided, so at most {@link #MAX_GROUPS} groups), then {@code sum_partials} adds them in
 * one work-group into a 1-element array. Scalars stay on the device unless asked for.
 */
final class Reduction implements AutoCloseable {

  /** Work-groups of a first pass: enough to fill a large GPU, few enough for one final group. */
  static final int MAX_GROUPS = 1024;

  private final KernelExecutor executor;
  private final int localSize;
  private final ClKernel sum;
  private final ClKernel sumOfSquares;
  private final ClKernel dot;
  private final ClKernel finish;
  /** Partial sums of the latest first pass. */
  final ClArray partial;
  private final ClArray scalar;
  private final float[] scalarHost = new float[1];

  Reduction(KernelExecutor executor, DeviceMemory memory, int localSize) {
    this.executor = executor;
    this.localSize = localSize;
    this.sum = kernel("partial_sums", "REDUCE", 0);
    this.sumOfSquares = kernel("partial_sums", "REDUCE", 1);
    this.dot = kernel("partial_sums", "REDUCE", 2);
    this.finish = kernel("sum_partials");
    ClArray p = memory.allocate("partial sums of " + MAX_GROUPS, MAX_GROUPS);
    try {
      this.scalar = memory.allocate("reduction result of 1", 1);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    this.partial = p;
  }

  /** A kernel that uses this reduction's work-group size (LOCAL_SIZE) and more constants. */
  ClKernel kernel(String name, Object... moreConstants) {
    Map<String, Object> constants = Args.of(moreConstants);
    constants.put("LOCAL_SIZE", localSize);
    return new ClKernel(executor, name, constants);
  }

  int localSize() {
    return localSize;
  }

  /** The work-groups for a grid-strided first pass over n elements. */
  int groups(long n) {
    return (int) Math.max(1, Math.min(MAX_GROUPS, (n + localSize - 1) / localSize));
  }

  /** dst[0] ← scale · Σ partial[0 .. groups). */
  void finish(int groups, float scale, ClArray dst) {
    finish.run(Args.of("partial", partial.buffer, "dst", dst.buffer, "count", groups, "scale",
        scale), localSize, localSize);
  }

  double sum(ClArray a) {
    return run(sum, Args.of("a", a.buffer, "partial", partial.buffer), a.length());
  }

  double sumOfSquares(ClArray a) {
    return run(sumOfSquares, Args.of("a", a.buffer, "partial", partial.buffer), a.length());
  }

  double dot(ClArray a, ClArray b) {
    return run(dot, Args.of("a", a.buffer, "b", b.buffer, "partial", partial.buffer), a.length());
  }

  private double run(ClKernel first, Map<String, Object> args, long n) {
    int groups = groups(n);
    first.run(args, (long) groups * localSize, localSize);
    finish(groups, 1f, scalar);
    scalar.buffer.writeTo(FloatBuffer.wrap(scalarHost), true);
    return scalarHost[0];
  }

  @Override
  public void close() {
    sum.close();
    sumOfSquares.close();
    dot.close();
    finish.close();
    partial.close();
    scalar.close();
  }
}
