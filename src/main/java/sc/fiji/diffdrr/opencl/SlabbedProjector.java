package sc.fiji.diffdrr.opencl;

import java.util.Arrays;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The projector pair of a {@link SlabbedBackend}: volume and images on the Java heap, the rays on
 * the device ({@link ClProjector}'s kernels and geometry), the volume streamed through one slab
 * buffer. Per batch of views: forward = for each slab, upload its planes and add its partial line
 * integrals to the images on the device, then download the images; adjoint = upload the images,
 * then for each slab upload its planes, scatter into them, and download them (the volume
 * accumulates, as {@link ProjectionOperator#adjoint} says).
 */
final class SlabbedProjector implements ProjectionOperator {

  private final SlabbedBackend owner;
  private final ClProjector rays;
  private final VolumeGrid grid;
  private final int planes;
  private boolean closed;

  SlabbedProjector(SlabbedBackend owner, VolumeGrid grid, List<View> views,
      ProjectorSettings settings) {
    this.owner = owner;
    this.grid = grid;
    this.planes = owner.planes(grid);
    this.rays = owner.device().slabProjector(grid, views, settings);
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  @Override
  public List<View> views() {
    return rays.views();
  }

  @Override
  public int pixelsPerView() {
    return rays.pixelsPerView();
  }

  @Override
  public void forward(DeviceArray volume, int[] viewIds, DeviceArray images) {
    run(true, volume, viewIds, images);
  }

  @Override
  public void adjoint(DeviceArray images, int[] viewIds, DeviceArray volume) {
    run(false, volume, viewIds, images);
  }

  private void run(boolean forward, DeviceArray volume, int[] viewIds, DeviceArray images) {
    if (closed) throw new IllegalStateException("this projector is closed");
    float[] vol = JavaBackend.data(volume);
    float[] img = JavaBackend.data(images);
    if (vol.length != grid.voxelCount()) {
      throw new IllegalArgumentException("volume has " + vol.length + " floats but the grid "
          + grid.nx + "×" + grid.ny + "×" + grid.nz + " needs " + grid.voxelCount());
    }
    int count = rays.checkViewIds(viewIds);
    int pixels = rays.pixelsPerView();
    View first = rays.views().get(0);
    if (img.length < (long) count * pixels) {
      throw new IllegalArgumentException("images has " + img.length + " floats but " + count
          + " views of " + first.height + "×" + first.width + " need " + (long) count * pixels);
    }
    int batch = owner.viewsPerBatch(pixels, first.height, first.width, count);
    int plane = grid.nx * grid.ny;
    DeviceMemory memory = owner.device().memory();
    ClKernel kernel = forward ? rays.forwardKernel() : rays.adjointKernel();
    try (ClArray slab = memory.allocate("volume slab of " + planes + " planes",
            (long) planes * plane);
        ClArray onDevice = memory.allocate("image batch of " + batch, (long) batch * pixels)) {
      for (int v0 = 0; v0 < count; v0 += batch) {
        int n = Math.min(batch, count - v0);
        int[] ids = Arrays.copyOfRange(viewIds, v0, v0 + n);
        if (!forward) onDevice.put(img, v0 * pixels, 0, n * pixels);
        for (int z0 = 0; z0 < grid.nz; z0 += planes) {
          int z1 = Math.min(grid.nz, z0 + planes);
          SlabbedBackend.put(vol, z0, z1, plane, slab);
          rays.launch(kernel, slab, z0, z1, forward && z0 > 0, ids, onDevice);
          owner.slabDone.accept(z0);
          if (!forward) SlabbedBackend.take(slab, z0, z1, plane, vol);
        }
        if (forward) onDevice.get(0, img, v0 * pixels, n * pixels);
      }
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      rays.close();
    } finally {
      owner.forget(this);
    }
  }
}
