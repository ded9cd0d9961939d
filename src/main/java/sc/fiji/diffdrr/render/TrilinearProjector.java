package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Trilinearly interpolated samples along each ray times the ray length per sample (voxel i's
 * value at box coordinate i + ½, zero outside). Sampling follows the grid's voxel convention:
 *
 * <ul>
 * <li>{@link VoxelConvention#CENTERED}: each ray is cut where interpolation can be non-zero
 * (box [−½, n + ½]³) and to α ∈ [0, 1]; m = ceil(length/step) samples at the midpoints of m
 * equal parts, each worth length/m mm.</li>
 * <li>{@link VoxelConvention#DIFFDRR_V05}: DiffDRR's Trilinear. Per ray, α_min and α_max come from
 * the slab [0, n_a + 1] (sic) clamped to [0, 1]; over the image a_lo = min α_min and
 * a_hi = max α_max; every ray gets samples α_k = a_lo + k·h, h = (a_hi − a_lo)/(n − 1),
 * k &lt; n = nPoints, each worth length·h mm. This needs a first pass over the image's rays.</li>
 * </ul>
 *
 * <p>The adjoint works by slabs as {@link SiddonProjector}'s does: a slab task handles the samples
 * whose corners reach its slab and writes only its own voxels, in pixel order.
 */
public final class TrilinearProjector implements Projector {

  private final VolumeGrid grid;
  private final Parallel parallel;
  private final boolean diffdrr;
  private final double stepMm;
  private final int nPoints;

  public TrilinearProjector(VolumeGrid grid, ProjectorSettings settings, Parallel parallel) {
    if (grid == null) throw new IllegalArgumentException("volume grid must be given");
    if (settings == null) throw new IllegalArgumentException("projector settings must be given");
    if (parallel == null) throw new IllegalArgumentException("thread pool must be given");
    this.grid = grid;
    this.parallel = parallel;
    this.diffdrr = grid.convention == VoxelConvention.DIFFDRR_V05;
    this.stepMm = settings.step(grid);
    this.nPoints = settings.nPoints;
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  @Override
  public void forward(float[] volume, View view, float[] image, int offset) {
    ProjectorArguments.check(grid, volume, view, image, offset);
    ViewRays rays = new ViewRays(grid, view);
    double[] shared = diffdrr ? sharedRange(rays) : null;
    PixelBlocks blocks = new PixelBlocks(rays.pixelCount(), parallel.threadCount());
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      TrilinearSamples samples = new TrilinearSamples(grid);
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        rays.set(ray, p);
        image[offset + p] = plan(samples, ray, shared)
            ? (float) (samples.weight * samples.integrate(volume)) : 0f;
      }
    });
  }

  @Override
  public void adjoint(float[] image, int offset, View view, float[] volume) {
    ProjectorArguments.check(grid, volume, view, image, offset);
    ViewRays rays = new ViewRays(grid, view);
    double[] shared = diffdrr ? sharedRange(rays) : null;
    int pixels = rays.pixelCount();
    Slabs slabs = new Slabs(grid, rays.slabAxis(), parallel.threadCount());
    // The voxel planes each ray's support stretch spans across the slab axis, widened by the
    // interpolation's reach; empty when the ray adds nothing.
    int[] firstPlane = new int[pixels];
    int[] lastPlane = new int[pixels];
    PixelBlocks blocks = new PixelBlocks(pixels, parallel.threadCount());
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      TrilinearSamples samples = new TrilinearSamples(grid);
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        rays.set(ray, p);
        if (image[offset + p] != 0 && plan(samples, ray, shared)) {
          double s = ray.source(slabs.axis);
          double d = ray.direction(slabs.axis);
          double x0 = s + samples.firstAlpha() * d;
          double x1 = s + samples.lastAlpha() * d;
          firstPlane[p] = (int) Math.floor(Math.min(x0, x1)) - 2;
          lastPlane[p] = (int) Math.floor(Math.max(x0, x1)) + 3;
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
      TrilinearSamples samples = new TrilinearSamples(grid);
      for (int p = 0; p < pixels; p++) {
        if (lastPlane[p] < k0 || firstPlane[p] > k1) continue;
        rays.set(ray, p);
        if (!plan(samples, ray, shared)) continue;
        samples.scatter(volume, samples.weight * image[offset + p], slabs.axis, k0, k1);
      }
    });
  }

  boolean plan(TrilinearSamples samples, Ray ray, double[] shared) {
    if (shared == null) return samples.centered(ray, stepMm);
    return shared[1] > 0 && samples.shared(ray, shared[0], shared[1], nPoints);
  }

  /**
   * DiffDRR's image-wide sampling: {a_lo, h}, h = (a_hi − a_lo)/(n − 1); h = 0 when no ray of
   * the image meets the slab box (then every pixel is 0).
   */
  double[] sharedRange(ViewRays rays) {
    PixelBlocks blocks = new PixelBlocks(rays.pixelCount(), parallel.threadCount());
    double[] lows = new double[blocks.count];
    double[] highs = new double[blocks.count];
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      double[] range = new double[2];
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        rays.set(ray, p);
        if (diffdrrAlphaRange(ray, grid, range)) {
          lo = Math.min(lo, range[0]);
          hi = Math.max(hi, range[1]);
        }
      }
      lows[b] = lo;
      highs[b] = hi;
    });
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < blocks.count; b++) {
      lo = Math.min(lo, lows[b]);
      hi = Math.max(hi, highs[b]);
    }
    if (!(hi > lo)) return new double[] {0, 0};
    return new double[] {lo, (hi - lo) / (nPoints - 1)};
  }

  /**
   * DiffDRR's per-ray α_min, α_max into range[0], range[1]: the slab [0, n_a + 1] on every axis,
   * α_min clamped to ≥ 0 and α_max to ≤ 1 (α_min &gt; α_max for a ray that misses, which still
   * counts, as in DiffDRR). False for a ray along which some axis does not move and that lies
   * outside that axis's slab, or a ray of length 0.
   */
  static boolean diffdrrAlphaRange(Ray r, VolumeGrid grid, double[] range) {
    double big = Math.max(Math.abs(r.dx), Math.max(Math.abs(r.dy), Math.abs(r.dz)));
    if (!(big > 0)) return false;
    double tiny = SiddonWalk.PARALLEL * big;
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    for (int axis = 0; axis < 3; axis++) {
      double s = r.source(axis);
      double d = r.direction(axis);
      int n = grid.size(axis);
      if (Math.abs(d) > tiny) {
        double a0 = (0 - s) / d;
        double a1 = (n + 1 - s) / d;
        lo = Math.max(lo, Math.min(a0, a1));
        hi = Math.min(hi, Math.max(a0, a1));
      } else if (!(s >= 0 && s <= n + 1)) {
        return false;
      }
    }
    range[0] = Math.max(lo, 0);
    range[1] = Math.min(hi, 1);
    return true;
  }
}
