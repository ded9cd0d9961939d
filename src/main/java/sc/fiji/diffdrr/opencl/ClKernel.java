package sc.fiji.diffdrr.opencl;

import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.clearcl.interfaces.ClearCLImageInterface;

/**
 * One kernel, built on its first run and then reused (CLIJ2's fast path: only the arguments are
 * set again). Buffer arguments follow CLIJ2's convention: a parameter declared
 * {@code IMAGE_k_TYPE k} also receives the buffer's width, height and depth. Runs are enqueued
 * without waiting; the in-order queue orders them before any blocking read.
 */
final class ClKernel implements AutoCloseable {

  private final KernelExecutor executor;
  private final String file;
  private final String name;
  private final Map<String, Object> constants;
  private ClearCLKernel kernel;

  /** The kernel {@code name} in {@code name + "_x.cl"}, with compile-time constants. */
  ClKernel(KernelExecutor executor, String name, Map<String, Object> constants) {
    this.executor = executor;
    this.file = name + "_x.cl";
    this.name = name;
    this.constants = constants;
  }

  /**
   * Enqueues the kernel over a 1-D range.
   *
   * @param globalSize work-items (a multiple of localSize)
   * @param localSize work-group size
   */
  void run(Map<String, Object> args, long globalSize, long localSize) {
    if (kernel == null) kernel = executor.build(file, name, args, constants);
    for (Map.Entry<String, Object> e : args.entrySet()) {
      Object value = e.getValue();
      kernel.setArgument(e.getKey(), value);
      if (value instanceof ClearCLImageInterface) {
        ClearCLImageInterface image = (ClearCLImageInterface) value;
        kernel.setArgument("image_size_" + e.getKey() + "_width", image.getWidth());
        kernel.setArgument("image_size_" + e.getKey() + "_height", image.getHeight());
        kernel.setArgument("image_size_" + e.getKey() + "_depth", image.getDepth());
      }
    }
    kernel.setGlobalSizes(globalSize);
    kernel.setLocalSizes(localSize);
    kernel.run(false);
  }

  @Override
  public void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
