package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The exact radiological path: a pixel is Σ over the voxels its ray crosses of segment length (mm)
 * × voxel value, the ray clipped to the volume box and to the segment source → pixel centre.
 *
 * <p>Forward runs over blocks of pixels. The adjoint splits the volume into {@link Slabs} across
 * the axis the rays move along least; a slab task walks every ray that reaches its slab, over the
 * ray's α range inside the slab, and writes only its own voxels. The walk's breakpoints come from
 * plane indices ({@link SiddonWalk}), so the restricted walks reproduce the forward's weights
 * exactly, and each voxel sums its contributions in pixel order: the result is the same for any
 * number of threads, and no volume-sized buffer is needed.
 */
public final class SiddonProjector implements Projector {

  private final VolumeGrid grid;
  private final Parallel parallel;

  public SiddonProjector(VolumeGrid grid, Parallel parallel) {
    if (grid == null) throw new IllegalArgumentException("volume grid must be given");
    if (parallel == null) throw new IllegalArgumentException("thread pool must be given");
    this.grid = grid;
    this.parallel = parallel;
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  @Override
  public void forward(float[] volume, View view, float[] image, int offset) {
    ProjectorArguments.check(grid, volume, view, image, offset);
    ViewRays rays = new ViewRays(grid, view);
    PixelBlocks blocks = new PixelBlocks(rays.pixelCount(), parallel.threadCount());
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      SiddonWalk walk = new SiddonWalk(grid);
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        rays.set(ray, p);
        image[offset + p] = walk.clip(ray)
            ? (float) (ray.length * walk.integrate(volume, walk.entry, walk.exit)) : 0f;
      }
    });
  }

  @Override
  public void adjoint(float[] image, int offset, View view, float[] volume) {
    ProjectorArguments.check(grid, volume, view, image, offset);
    ViewRays rays = new ViewRays(grid, view);
    int pixels = rays.pixelCount();
    Slabs slabs = new Slabs(grid, rays.slabAxis(), parallel.threadCount());
    // The planes each ray spans across the slab axis (empty when it adds nothing), so that a slab
    // task skips the rays that miss it with two comparisons.
    int[] firstPlane = new int[pixels];
    int[] lastPlane = new int[pixels];
    PixelBlocks blocks = new PixelBlocks(pixels, parallel.threadCount());
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      SiddonWalk walk = new SiddonWalk(grid);
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        rays.set(ray, p);
        if (image[offset + p] != 0 && walk.clip(ray)) {
          double s = ray.source(slabs.axis);
          double d = ray.direction(slabs.axis);
          double x0 = s + walk.entry * d;
          double x1 = s + walk.exit * d;
          firstPlane[p] = (int) Math.floor(Math.min(x0, x1)) - 1;
          lastPlane[p] = (int) Math.floor(Math.max(x0, x1)) + 2;
        } else {
          firstPlane[p] = Integer.MAX_VALUE;
          lastPlane[p] = Integer.MIN_VALUE;
        }
      }
    });
    parallel.forEach(slabs.count, s -> {
      int k0 = slabs.first(s);
      int k1 = slabs.first(s + 1);
      Ray ray = new Ray();
      SiddonWalk walk = new SiddonWalk(grid);
      double[] range = new double[2];
      for (int p = 0; p < pixels; p++) {
        if (lastPlane[p] < k0 || firstPlane[p] > k1) continue;
        rays.set(ray, p);
        if (!walk.clip(ray)) continue;
        walk.restrict(slabs.axis, k0, k1, range);
        if (range[1] > range[0]) {
          walk.scatter(volume, range[0], range[1], ray.length * image[offset + p]);
        }
      }
    });
  }
}
