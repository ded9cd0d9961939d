package sc.fiji.diffdrr.opencl;

import net.haesleinhuepf.clij.clearcl.ClearCL;
import net.haesleinhuepf.clij.clearcl.ClearCLContext;

/**
 * An OpenCL context for one backend: either borrowed (CLIJ2's, or a caller's), which is never
 * closed here, or opened by us, which {@link #close()} closes with its ClearCL instance.
 */
final class ContextLease implements AutoCloseable {

  final ClearCLContext context;
  /** Our ClearCL instance when we opened the context; null when it is borrowed. */
  private final ClearCL owner;

  private ContextLease(ClearCLContext context, ClearCL owner) {
    this.context = context;
    this.owner = owner;
  }

  static ContextLease borrowed(ClearCLContext context) {
    return new ContextLease(context, null);
  }

  static ContextLease owned(ClearCLContext context, ClearCL owner) {
    return new ContextLease(context, owner);
  }

  boolean isOwned() {
    return owner != null;
  }

  @Override
  public void close() {
    if (owner == null) return;
    try {
      context.close();
    } finally {
      owner.close();
    }
  }
}
