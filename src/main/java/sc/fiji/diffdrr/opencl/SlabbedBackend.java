package sc.fiji.diffdrr.opencl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DeviceLimits;
import sc.fiji.diffdrr.render.FdkBackprojector;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.PoseRenderer;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The {@link Backend} of a run whose arrays do not fit an OpenCL device: every array lives on the
 * Java heap, and the element-wise work (losses, optimizer steps, clamp, TV, reductions) runs there
 * on the whole volume ({@link JavaBackend}); the projector pair and FDK's backprojection, almost
 * all of the work, stream the volume through the device in z-slabs of whole planes, and the
 * projections in batches of views, each within the device's limits. Forward: each slab's partial
 * line integrals are added up in the device's images (exact for Siddon, whose walk is clipped to
 * the slab; for trilinear each slab counts the corner voxels it holds, so the sum is the whole
 * one). Adjoint and FDK: each slab gathers into its own voxels and goes back to the host.
 *
 * <p>Device buffers (a slab, a batch of projections, per projector its geometry) are held only
 * while a call runs, and released when it ends or fails. Registration's pose renderer is the
 * device's own and still needs the whole volume on it.
 *
 * <p>This backend does not close the OpenCL backend it runs on: its owner does.
 */
public final class SlabbedBackend implements Backend {

  private final OpenClBackend device;
  private final JavaBackend host = new JavaBackend();
  private final long slabBytes;
  private final long imageBytes;
  private final Set<SlabbedProjector> projectors = new LinkedHashSet<>();
  /** Told the first plane of each slab after its kernel is enqueued (tests inject failures). */
  IntConsumer slabDone = z -> {};
  private boolean closed;

  /**
   * @param slabBytes the most one slab of volume planes may take on the device
   * @param imageBytes the most one batch of projections may take on the device
   */
  SlabbedBackend(OpenClBackend device, long slabBytes, long imageBytes) {
    this.device = device;
    this.slabBytes = slabBytes;
    this.imageBytes = imageBytes;
  }

  /**
   * Over {@code device}, with what its limits leave next to the buffers it holds already: a
   * sixteenth (at least 64 KiB) kept back for geometry tables and view ids, the rest halved
   * between a slab and a batch of projections, each at most the largest allocation.
   */
  static SlabbedBackend over(OpenClBackend device) {
    DeviceLimits limits = device.deviceLimits();
    long free = limits.globalBytes - device.memory().liveBytes();
    long room = free - Math.max(64 << 10, free / 16);
    long slab = Math.max(0, Math.min(limits.maxAllocationBytes, room / 2));
    long images = Math.max(0, Math.min(limits.maxAllocationBytes, room - slab));
    return new SlabbedBackend(device, slab, images);
  }

  /** Over {@code device}, with slabs of ⌈nz / slabs⌉ planes of {@code grid} (for measurements). */
  static SlabbedBackend inSlabs(OpenClBackend device, VolumeGrid grid, int slabs) {
    SlabbedBackend room = over(device);
    long planes = (grid.nz + slabs - 1) / slabs;
    return new SlabbedBackend(device, Math.min(room.slabBytes, 4L * planes * grid.nx * grid.ny),
        room.imageBytes);
  }

  /**
   * Planes of {@code grid} per slab.
   *
   * @throws IllegalArgumentException when not even one plane fits
   */
  int planes(VolumeGrid grid) {
    long plane = 4L * grid.nx * grid.ny;
    long planes = Math.min(grid.nz, slabBytes / plane);
    if (planes < 1) {
      throw new IllegalArgumentException("one plane of the volume (" + grid.nx + "×" + grid.ny
          + " floats, " + MemoryPlan.size(plane) + ") does not fit the room for a slab on "
          + device.deviceName() + " (" + MemoryPlan.size(slabBytes) + "); use --backend java");
    }
    return (int) planes;
  }

  /** Views per batch of projections on the device, at most {@code wanted}. */
  int viewsPerBatch(int pixels, int height, int width, int wanted) {
    long views = Math.min(wanted, imageBytes / (4L * pixels));
    if (views < 1) {
      throw new IllegalArgumentException("one projection of " + width + "×" + height + " ("
          + MemoryPlan.size(4L * pixels) + ") does not fit the room for projections on "
          + device.deviceName() + " (" + MemoryPlan.size(imageBytes) + "); use --backend java");
    }
    return (int) views;
  }

  long slabBytes() {
    return slabBytes;
  }

  OpenClBackend device() {
    return device;
  }

  @Override
  public String description() {
    return device.description() + ", split in z-slabs (arrays on the Java heap)";
  }

  @Override
  public DeviceArray allocate(long length) {
    open();
    return host.allocate(length);
  }

  @Override
  public DeviceArray upload(float[] data) {
    open();
    return host.upload(data);
  }

  @Override
  public void download(DeviceArray source, float[] data) {
    host.download(source, data);
  }

  @Override
  public ProjectionOperator projector(VolumeGrid grid, List<View> views,
      ProjectorSettings settings) {
    open();
    SlabbedProjector p = new SlabbedProjector(this, grid, views, settings);
    projectors.add(p);
    return p;
  }

  void forget(SlabbedProjector p) {
    projectors.remove(p);
  }

  @Override
  public void fill(DeviceArray a, float value) {
    host.fill(a, value);
  }

  @Override
  public void scale(DeviceArray a, float factor) {
    host.scale(a, factor);
  }

  @Override
  public double sum(DeviceArray a) {
    return host.sum(a);
  }

  @Override
  public double sumOfSquares(DeviceArray a) {
    return host.sumOfSquares(a);
  }

  @Override
  public double dot(DeviceArray a, DeviceArray b) {
    return host.dot(a, b);
  }

  @Override
  public void imageLoss(ImageLoss loss, DeviceArray rendered, DeviceArray targets,
      DeviceArray weights, int[] viewIds, int pixelsPerView, DeviceArray gradient,
      DeviceArray lossOut) {
    host.imageLoss(loss, rendered, targets, weights, viewIds, pixelsPerView, gradient, lossOut);
  }

  @Override
  public void adamStep(DeviceArray x, DeviceArray g, DeviceArray m, DeviceArray v, float lr,
      float beta1, float beta2, float eps, int step) {
    host.adamStep(x, g, m, v, lr, beta1, beta2, eps, step);
  }

  @Override
  public void sgdStep(DeviceArray x, DeviceArray g, DeviceArray momentumBuffer, float lr,
      float momentum, int step) {
    host.sgdStep(x, g, momentumBuffer, lr, momentum, step);
  }

  @Override
  public void clamp(DeviceArray x, float min, float max) {
    host.clamp(x, min, max);
  }

  @Override
  public void addTvGradient(DeviceArray x, VolumeGrid grid, float weight, float eps,
      DeviceArray gradient, DeviceArray tvOut) {
    host.addTvGradient(x, grid, weight, eps, gradient, tvOut);
  }

  @Override
  public void axpy(float a, DeviceArray x, DeviceArray y) {
    host.axpy(a, x, y);
  }

  @Override
  public void multiply(DeviceArray x, DeviceArray y) {
    host.multiply(x, y);
  }

  @Override
  public void reciprocal(DeviceArray x, float eps) {
    host.reciprocal(x, eps);
  }

  /** Per batch of views, per slab: upload the slab, gather into it, bring it back. */
  @Override
  public void fdkBackproject(DeviceArray images, int views, int height, int width,
      float[] matrices, VolumeGrid grid, DeviceArray volume) {
    open();
    float[] img = JavaBackend.data(images);
    float[] vol = JavaBackend.data(volume);
    FdkBackprojector.check(img.length, views, height, width, matrices, grid, vol.length);
    int pixels = height * width;
    int batch = viewsPerBatch(pixels, height, width, views);
    int planes = planes(grid);
    int plane = grid.nx * grid.ny;
    DeviceMemory memory = device.memory();
    try (ClArray slab = memory.allocate("volume slab of " + planes + " planes",
            (long) planes * plane);
        ClArray onDevice = memory.allocate("projection batch of " + batch, (long) batch * pixels);
        ClArray mat = memory.allocate("FDK matrices of " + batch + " views", 12L * batch)) {
      for (int v0 = 0; v0 < views; v0 += batch) {
        int n = Math.min(batch, views - v0);
        onDevice.put(img, v0 * pixels, 0, n * pixels);
        mat.put(matrices, 12 * v0, 0, 12 * n);
        for (int z0 = 0; z0 < grid.nz; z0 += planes) {
          int z1 = Math.min(grid.nz, z0 + planes);
          put(vol, z0, z1, plane, slab);
          device.fdkSlab(onDevice, n, height, width, mat, grid, slab, z0, z1);
          slabDone.accept(z0);
          take(slab, z0, z1, plane, vol);
        }
      }
    }
  }

  /** Host planes [z0, z1) into the start of the slab. */
  static void put(float[] volume, int z0, int z1, int plane, ClArray slab) {
    slab.put(volume, z0 * plane, 0, (z1 - z0) * plane);
  }

  /** The start of the slab back into host planes [z0, z1) (after the queue's kernels). */
  static void take(ClArray slab, int z0, int z1, int plane, float[] volume) {
    slab.get(0, volume, z0 * plane, (z1 - z0) * plane);
  }

  /** The device's own: it needs the whole volume on the device (refused when it does not fit). */
  @Override
  public PoseRenderer poseRenderer(VolumeGrid grid, float[] volume, ProjectorSettings settings) {
    open();
    return device.poseRenderer(grid, volume, settings);
  }

  /** Null: the run's arrays live on the Java heap; the device holds one slab at a time. */
  @Override
  public DeviceLimits deviceLimits() {
    return null;
  }

  private void open() {
    if (closed) throw new IllegalStateException("this backend is closed");
  }

  /** Releases the projectors' device buffers; the OpenCL backend stays open (its owner's). */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (SlabbedProjector p : new ArrayList<>(projectors)) p.close();
    host.close();
  }
}
