package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The Java {@link PoseRenderer}: the Java projectors for the image, and for the derivative one
 * pass over the rays that integrates each ray and differentiates it with respect to its source S
 * and pixel centre P. With Σ the box-coordinate integral and L = |P − S|, pixel = L·Σ (Siddon) or
 * weight·Σ (trilinear), box coordinates s = S/spacing + c and d = (P − S)/spacing; so
 * ∂pixel/∂S = (∂Σ/∂s − ∂Σ/∂d)/spacing·L − pixel·(P − S)/L², ∂pixel/∂P = ∂Σ/∂d/spacing·L +
 * pixel·(P − S)/L². Pixel (i, j) is at origin + j·u + i·v, which spreads ∂P over origin, u, v.
 * Blocks of pixels sum in double and add up in block order: deterministic for any thread count.
 */
public final class JavaPoseRenderer implements PoseRenderer {

  private final VolumeGrid grid;
  private final float[] volume;
  private final ProjectorSettings settings;
  private final Parallel parallel;
  private final Projector projector;

  public JavaPoseRenderer(VolumeGrid grid, float[] volume, ProjectorSettings settings,
      Parallel parallel) {
    if (volume.length != grid.voxelCount()) {
      throw new IllegalArgumentException("volume has " + volume.length + " values but the grid "
          + grid.nx + "×" + grid.ny + "×" + grid.nz + " needs " + grid.voxelCount());
    }
    this.grid = grid;
    this.volume = volume;
    this.settings = settings;
    this.parallel = parallel;
    this.projector = Projectors.create(grid, settings, parallel);
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  @Override
  public void render(View view, float[] image) {
    projector.forward(volume, view, image, 0);
  }

  @Override
  public double[] viewGradient(View view, float[] imageGradient) {
    ProjectorArguments.check(grid, volume, view, imageGradient, 0);
    ViewGradientFrame.requireCone(view);
    ViewRays rays = new ViewRays(grid, view);
    boolean trilinear = settings.renderer == Renderer.TRILINEAR;
    TrilinearProjector tp = trilinear ? (TrilinearProjector) projector : null;
    double[] shared = tp != null && grid.convention == sc.fiji.diffdrr.volume.VoxelConvention.DIFFDRR_V05
        ? tp.sharedRange(rays) : null;
    double[] spacing = {grid.sx, grid.sy, grid.sz};
    int width = view.width;
    PixelBlocks blocks = new PixelBlocks(rays.pixelCount(), parallel.threadCount());
    double[][] partial = new double[blocks.count][12];
    parallel.forEach(blocks.count, b -> {
      Ray ray = new Ray();
      SiddonWalk walk = trilinear ? null : new SiddonWalk(grid);
      TrilinearSamples samples = trilinear ? new TrilinearSamples(grid) : null;
      double[] ds = new double[3], dd = new double[3];
      double[] out = partial[b];
      for (int p = blocks.first(b), end = blocks.first(b + 1); p < end; p++) {
        double gp = imageGradient[p];
        if (gp == 0) continue;
        rays.set(ray, p);
        ds[0] = ds[1] = ds[2] = dd[0] = dd[1] = dd[2] = 0;
        double pixel;
        if (trilinear) {
          if (!tp.plan(samples, ray, shared)) continue;
          pixel = samples.weight * samples.integrateWithDerivative(volume, ds, dd);
        } else {
          if (!walk.clip(ray)) continue;
          double sum = walk.integrateWithDerivative(volume, ds, dd);
          pixel = ray.length * sum;
          for (int a = 0; a < 3; a++) {
            ds[a] *= ray.length;
            dd[a] *= ray.length;
          }
        }
        int row = p / width, col = p - row * width;
        double lengthTerm = pixel / (ray.length * ray.length);
        double[] w = {ray.dx * spacing[0], ray.dy * spacing[1], ray.dz * spacing[2]}; // P − S, mm
        for (int a = 0; a < 3; a++) {
          double dP = dd[a] / spacing[a] + lengthTerm * w[a];
          double dS = ds[a] / spacing[a] - dd[a] / spacing[a] - lengthTerm * w[a];
          out[a] += gp * dS;
          out[3 + a] += gp * dP;
          out[6 + a] += gp * col * dP;
          out[9 + a] += gp * row * dP;
        }
      }
    });
    double[] total = new double[12];
    for (double[] part : partial) {
      for (int i = 0; i < 12; i++) total[i] += part[i];
    }
    return ViewGradientFrame.toWorld(grid, total);
  }

  @Override
  public void close() {}
}
