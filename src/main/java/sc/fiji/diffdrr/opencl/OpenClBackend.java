package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import net.haesleinhuepf.clij.clearcl.ClearCLContext;
import sc.fiji.diffdrr.Require;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DeviceLimits;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The {@link Backend} on an OpenCL device through clij-clearcl, with the Java backend's semantics.
 * Volumes, images and optimizer state live in device buffers; data cross to the host only in
 * {@link #upload}, {@link #download} and the scalar reductions ({@link #sum} and its siblings).
 * Kernels are compiled on first use and reused. {@link #close()} releases every buffer and kernel
 * still held, and the context when it is our own.
 */
public final class OpenClBackend implements Backend {

  /** Work-group size of the element-wise and projection kernels, where the device allows it. */
  private static final int ELEMENT_LOCAL = 64;

  private final ContextLease lease;
  private final DeviceMemory memory;
  private final KernelExecutor executor;
  private final Reduction reduction;
  private final ViewSlots lossSlots;
  /** Work-group size of the element-wise and projection kernels on this device. */
  private final int elementLocal;
  private final Set<ClProjector> projectors = new LinkedHashSet<>();
  private final List<ClKernel> kernels = new ArrayList<>();
  private final ClKernel fill;
  private final ClKernel scale;
  private final ClKernel clamp;
  private final ClKernel adam;
  private final ClKernel sgd;
  private final ClKernel mse;
  private final ClKernel wls;
  private final ClKernel nccStatistics;
  private final ClKernel nccGradient;
  private final ClKernel tv;
  private final ClKernel axpy;
  private final ClKernel multiply;
  private final ClKernel reciprocal;
  private final ClKernel fdk;
  /** Per-slot NCC statistics (5 floats a slot), grown on demand. */
  private ClArray nccStats;
  private boolean closed;

  /**
   * A backend on CLIJ2's current device inside Fiji, else on a context of our own.
   *
   * @param deviceName part of the device's name (case-insensitive), or null for the default
   * @param notices receives one-line remarks (e.g. why CLIJ2's context was not used)
   * @throws OpenClUnavailableException without OpenCL library, platform or device
   * @throws IllegalArgumentException when no device matches deviceName
   */
  public static OpenClBackend open(String deviceName, Consumer<String> notices) {
    ContextLease lease = OpenClContexts.acquire(deviceName, notices);
    try {
      return new OpenClBackend(lease);
    } catch (RuntimeException e) {
      lease.close();
      throw new OpenClUnavailableException("the OpenCL device " + lease.context.getDevice()
          .getName() + " cannot be used (" + OpenClUnavailableException.oneLine(e) + ")", e);
    } catch (Error e) {
      lease.close();
      throw e;
    }
  }

  /** A backend on a context the caller owns (and closes after this backend). */
  public OpenClBackend(ClearCLContext context) {
    this(ContextLease.borrowed(context));
  }

  private OpenClBackend(ContextLease lease) {
    this.lease = lease;
    this.memory = new DeviceMemory(lease.context);
    this.executor = new KernelExecutor(lease.context);
    try {
      this.reduction = new Reduction(executor, memory, workGroupSize(lease.context, 256));
    } catch (RuntimeException | Error e) {
      executor.close();
      memory.closeAll();
      throw e;
    }
    this.lossSlots = new ViewSlots(memory);
    this.elementLocal = workGroupSize(lease.context, ELEMENT_LOCAL);
    this.fill = element("fill_value");
    this.scale = element("scale_values");
    this.clamp = element("clamp_values");
    this.adam = element("adam_step");
    this.sgd = element("sgd_step");
    this.nccGradient = element("ncc_gradient");
    this.mse = reduced("mse_gradient");
    this.wls = reduced("wls_gradient");
    this.nccStatistics = reduced("ncc_statistics");
    this.tv = reduced("tv_gradient");
    this.axpy = element("axpy_values");
    this.multiply = element("multiply_values");
    this.reciprocal = element("reciprocal_values");
    this.fdk = element("fdk_backproject");
  }

  /** {@code wanted} (a power of two), or the largest power of two the device allows. */
  private static int workGroupSize(ClearCLContext context, int wanted) {
    long max = context.getDevice().getMaxWorkGroupSize();
    int local = wanted;
    while (local > max && local > 1) local /= 2;
    return local;
  }

  private ClKernel element(String name) {
    ClKernel k = new ClKernel(executor, name, Args.of());
    kernels.add(k);
    return k;
  }

  private ClKernel reduced(String name) {
    ClKernel k = reduction.kernel(name);
    kernels.add(k);
    return k;
  }

  /**
   * True when this backend opened a context of its own on a CPU device (e.g. PoCL): there the Java
   * backend is as fast, so {@code auto} prefers Java. A context borrowed from CLIJ2 is the user's
   * choice and counts as false.
   */
  boolean onOwnCpuDevice() {
    return lease.isOwned()
        && lease.context.getDevice().getType() == net.haesleinhuepf.clij.clearcl.enums.DeviceType.CPU;
  }

  String deviceName() {
    return lease.context.getDevice().getName();
  }

  @Override
  public String description() {
    return "opencl: " + lease.context.getDevice().getName() + " ("
        + lease.context.getDevice().getType() + ")";
  }

  @Override
  public DeviceArray allocate(long length) {
    open();
    return memory.allocate("array of " + length, length);
  }

  @Override
  public DeviceArray upload(float[] host) {
    open();
    return memory.upload("array of " + host.length, host);
  }

  @Override
  public void download(DeviceArray source, float[] host) {
    ClArray a = own(source, "source");
    if (host.length < a.length()) {
      throw new IllegalArgumentException("host array has " + host.length + " floats but the "
          + "device array has " + a.length());
    }
    a.buffer.writeTo(FloatBuffer.wrap(host), true);
  }

  @Override
  public ProjectionOperator projector(VolumeGrid grid, List<View> views,
      ProjectorSettings settings) {
    open();
    ClProjector p = new ClProjector(this, grid, views, settings);
    projectors.add(p);
    return p;
  }

  /**
   * A projector whose volume stays elsewhere and comes in slabs ({@link ClProjector#launch}): its
   * geometry and kernels on this device, released with it at the latest.
   */
  ClProjector slabProjector(VolumeGrid grid, List<View> views, ProjectorSettings settings) {
    open();
    ClProjector p = new ClProjector(this, grid, views, settings, false);
    projectors.add(p);
    return p;
  }

  @Override
  public void fill(DeviceArray a, float value) {
    ClArray x = own(a, "array");
    runElementwise(fill, x.length(), Args.of("dst", x.buffer, "value", value));
  }

  @Override
  public void scale(DeviceArray a, float factor) {
    ClArray x = own(a, "array");
    runElementwise(scale, x.length(), Args.of("dst", x.buffer, "factor", factor));
  }

  @Override
  public void clamp(DeviceArray x, float min, float max) {
    ClArray a = own(x, "array");
    if (!(min <= max)) {
      throw new IllegalArgumentException("clamp needs min ≤ max, got " + min + " > " + max);
    }
    runElementwise(clamp, a.length(), Args.of("dst", a.buffer, "lo", min, "hi", max));
  }

  @Override
  public double sum(DeviceArray a) {
    return reduction.sum(own(a, "array"));
  }

  @Override
  public double sumOfSquares(DeviceArray a) {
    return reduction.sumOfSquares(own(a, "array"));
  }

  @Override
  public double dot(DeviceArray a, DeviceArray b) {
    ClArray x = own(a, "a");
    ClArray y = own(b, "b");
    sameLength(x, "a", y, "b");
    return reduction.dot(x, y);
  }

  @Override
  public void imageLoss(ImageLoss loss, DeviceArray rendered, DeviceArray targets,
      DeviceArray weights, int[] viewIds, int pixelsPerView, DeviceArray gradient,
      DeviceArray lossOut) {
    if (loss == null) throw new IllegalArgumentException("loss must be mse, ncc or wls");
    ClArray x = own(rendered, "rendered");
    ClArray t = own(targets, "targets");
    ClArray g = own(gradient, "gradient");
    ClArray out = own(lossOut, "loss");
    Require.inRange("pixels per view", pixelsPerView, 1, Integer.MAX_VALUE);
    if (viewIds == null || viewIds.length == 0) {
      throw new IllegalArgumentException("view ids must name at least one view");
    }
    int batch = viewIds.length;
    long n = (long) batch * pixelsPerView;
    long views = t.length() / pixelsPerView;
    for (int id : viewIds) {
      if (id < 0 || id >= views) {
        throw new IllegalArgumentException("view id must be in [0, " + (views - 1) + "] (targets "
            + "hold " + views + " views of " + pixelsPerView + " pixels), got " + id);
      }
    }
    if (x.length() < n || g.length() < n) {
      throw new IllegalArgumentException("rendered and gradient need " + n + " floats (" + batch
          + " views of " + pixelsPerView + " pixels), got " + x.length() + " and " + g.length());
    }
    ClArray w = null;
    if (loss.weighted()) {
      if (weights == null) throw new IllegalArgumentException("the wls loss needs per-pixel weights");
      w = own(weights, "weights");
      sameLength(t, "targets", w, "weights");
    }
    ClArray slots = lossSlots.upload(viewIds);
    if (loss == ImageLoss.WLS) {
      int groups = reduction.groups(n);
      wls.run(Args.of("rendered", x.buffer, "targets", t.buffer, "weights", w.buffer, "slots",
          slots.buffer, "gradient", g.buffer, "partial", reduction.partial.buffer, "pixels",
          pixelsPerView, "batch", batch, "scale", (float) (2.0 / n)),
          (long) groups * reduction.localSize(), reduction.localSize());
      reduction.finish(groups, (float) (1.0 / n), out);
    } else if (loss == ImageLoss.MSE) {
      int groups = reduction.groups(n);
      mse.run(Args.of("rendered", x.buffer, "targets", t.buffer, "slots", slots.buffer,
          "gradient", g.buffer, "partial", reduction.partial.buffer, "pixels", pixelsPerView,
          "batch", batch, "scale", (float) (2.0 / n)), (long) groups * reduction.localSize(),
          reduction.localSize());
      reduction.finish(groups, (float) (1.0 / n), out);
    } else {
      ClArray stats = nccStats(batch);
      nccStatistics.run(Args.of("rendered", x.buffer, "targets", t.buffer, "slots", slots.buffer,
          "stats", stats.buffer, "pixels", pixelsPerView, "eps", (float) ImageLoss.NCC_EPS),
          (long) batch * reduction.localSize(), reduction.localSize());
      runElementwise(nccGradient, n, Args.of("rendered", x.buffer, "targets", t.buffer, "slots",
          slots.buffer, "stats", stats.buffer, "gradient", g.buffer, "loss", out.buffer,
          "pixels", pixelsPerView, "batch", batch));
    }
  }

  private ClArray nccStats(int batch) {
    if (nccStats == null || nccStats.length() < 5L * batch) {
      if (nccStats != null) nccStats.close();
      nccStats = null;
      nccStats = memory.allocate("NCC statistics of " + batch + "×5", 5L * batch);
    }
    return nccStats;
  }

  @Override
  public void adamStep(DeviceArray x, DeviceArray g, DeviceArray m, DeviceArray v, float lr,
      float beta1, float beta2, float eps, int step) {
    ClArray xa = own(x, "x");
    ClArray ga = own(g, "gradient");
    ClArray ma = own(m, "m");
    ClArray va = own(v, "v");
    sameLength(xa, "x", ga, "gradient");
    sameLength(xa, "x", ma, "m");
    sameLength(xa, "x", va, "v");
    Require.inRange("step", step, 1, Integer.MAX_VALUE);
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    runElementwise(adam, xa.length(), Args.of("x", xa.buffer, "g", ga.buffer, "m", ma.buffer,
        "v", va.buffer, "beta1", beta1, "beta2", beta2, "step_size", (float) (lr / bc1),
        "inv_sqrt_bc2", (float) (1 / Math.sqrt(bc2)), "eps", eps));
  }

  @Override
  public void sgdStep(DeviceArray x, DeviceArray g, DeviceArray momentumBuffer, float lr,
      float momentum, int step) {
    ClArray xa = own(x, "x");
    ClArray ga = own(g, "gradient");
    sameLength(xa, "x", ga, "gradient");
    ClArray b = own(momentumBuffer, "momentum buffer");
    sameLength(xa, "x", b, "momentum buffer");
    Require.inRange("step", step, 1, Integer.MAX_VALUE);
    runElementwise(sgd, xa.length(), Args.of("x", xa.buffer, "g", ga.buffer, "buf", b.buffer,
        "lr", lr, "momentum", momentum, "first", step == 1 ? 1 : 0));
  }

  @Override
  public void addTvGradient(DeviceArray x, VolumeGrid grid, float weight, float eps,
      DeviceArray gradient, DeviceArray tvOut) {
    ClArray xa = own(x, "x");
    ClArray ga = own(gradient, "gradient");
    ClArray out = own(tvOut, "tv");
    if (xa.length() != grid.voxelCount() || ga.length() != grid.voxelCount()) {
      throw new IllegalArgumentException("x and gradient need " + grid.voxelCount() + " floats ("
          + grid.nx + "×" + grid.ny + "×" + grid.nz + "), got " + xa.length() + " and "
          + ga.length());
    }
    long n = grid.voxelCount();
    int groups = reduction.groups(n);
    tv.run(Args.of("x", xa.buffer, "gradient", ga.buffer, "partial", reduction.partial.buffer,
        "nx", grid.nx, "ny", grid.ny, "nz", grid.nz, "eps", eps, "factor", (float) (weight / n)),
        (long) groups * reduction.localSize(), reduction.localSize());
    reduction.finish(groups, (float) (1.0 / n), out);
  }

  @Override
  public void axpy(float a, DeviceArray x, DeviceArray y) {
    ClArray xa = own(x, "x");
    ClArray ya = own(y, "y");
    sameLength(xa, "x", ya, "y");
    runElementwise(axpy, ya.length(), Args.of("x", xa.buffer, "y", ya.buffer, "a", a));
  }

  @Override
  public void multiply(DeviceArray x, DeviceArray y) {
    ClArray xa = own(x, "x");
    ClArray ya = own(y, "y");
    sameLength(xa, "x", ya, "y");
    runElementwise(multiply, ya.length(), Args.of("x", xa.buffer, "y", ya.buffer));
  }

  @Override
  public void reciprocal(DeviceArray x, float eps) {
    ClArray a = own(x, "array");
    runElementwise(reciprocal, a.length(), Args.of("dst", a.buffer, "eps", eps));
  }

  @Override
  public void fdkBackproject(DeviceArray images, int views, int height, int width,
      float[] matrices, VolumeGrid grid, DeviceArray volume) {
    ClArray img = own(images, "images");
    ClArray vol = own(volume, "volume");
    sc.fiji.diffdrr.render.FdkBackprojector.check(img.length(), views, height, width, matrices,
        grid, vol.length());
    float[] m = java.util.Arrays.copyOf(matrices, 12 * views);
    try (ClArray mat = memory.upload("FDK matrices of " + views + " views", m)) {
      fdkSlab(img, views, height, width, mat, grid, vol, 0, grid.nz);
      // The in-order queue runs the kernel before the matrices are released only if we wait.
      lease.context.getDefaultQueue().waitToFinish();
    }
  }

  /**
   * Enqueues FDK's backprojection of {@code views} images into the planes [z0, z1) of the grid,
   * which {@code slab} holds (plane z0 first); the caller waits before releasing the matrices.
   */
  void fdkSlab(ClArray images, int views, int height, int width, ClArray matrices,
      VolumeGrid grid, ClArray slab, int z0, int z1) {
    long voxels = (long) grid.nx * grid.ny * (z1 - z0);
    if (slab.length() < voxels) {
      throw new IllegalArgumentException("slab has " + slab.length() + " floats but planes [" + z0
          + ", " + z1 + ") need " + voxels);
    }
    runElementwise(fdk, voxels, Args.of("images", images.buffer, "matrices", matrices.buffer,
        "volume", slab.buffer, "nx", grid.nx, "ny", grid.ny, "nz", z1 - z0, "z0", z0, "views",
        views, "height", height, "width", width));
  }

  private void runElementwise(ClKernel k, long n, Map<String, Object> args) {
    k.run(args, (n + elementLocal - 1) / elementLocal * elementLocal, elementLocal);
  }

  private static void sameLength(ClArray a, String an, ClArray b, String bn) {
    if (a.length() != b.length()) {
      throw new IllegalArgumentException(an + " and " + bn + " must have the same length, got "
          + a.length() + " and " + b.length());
    }
  }

  private ClArray own(DeviceArray a, String parameter) {
    open();
    return memory.own(a, parameter);
  }

  private void open() {
    if (closed) throw new IllegalStateException("this OpenCL backend is closed");
  }

  DeviceMemory memory() {
    return memory;
  }

  @Override
  public DeviceLimits deviceLimits() {
    return memory.limits();
  }

  KernelExecutor executor() {
    return executor;
  }

  Reduction reduction() {
    return reduction;
  }

  /** Work-group size of the element-wise and projection kernels. */
  int elementLocal() {
    return elementLocal;
  }

  ClearCLContext context() {
    return lease.context;
  }

  void forget(ClProjector p) {
    projectors.remove(p);
  }

  /** Device buffers this backend still holds (arrays, projector geometry, scratch). */
  public int heldBuffers() {
    return memory.liveCount();
  }

  @Override
  public sc.fiji.diffdrr.render.PoseRenderer poseRenderer(VolumeGrid grid, float[] volume,
      ProjectorSettings settings) {
    open();
    return new ClPoseRenderer(this, grid, volume, settings);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      for (ClProjector p : new ArrayList<>(projectors)) p.close();
      for (ClKernel k : kernels) k.close();
      reduction.close();
      lossSlots.close();
      memory.closeAll();
      executor.close();
    } finally {
      lease.close();
    }
  }
}
