package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** How many voxels Siddon visits for a view: the work behind a DRR, for visits-per-second figures. */
public final class SiddonVisits {

  private SiddonVisits() {}

  /** Segments walked, summed over rays: 1 + the planes crossed inside the volume, per ray. */
  public static long count(VolumeGrid grid, View view) {
    ViewRays rays = new ViewRays(grid, view);
    Ray ray = new Ray();
    SiddonWalk walk = new SiddonWalk(grid);
    long visits = 0;
    for (int p = 0; p < rays.pixelCount(); p++) {
      rays.set(ray, p);
      if (!walk.clip(ray)) continue;
      visits += 1 + planes(ray.sx, ray.dx, walk) + planes(ray.sy, ray.dy, walk)
          + planes(ray.sz, ray.dz, walk);
    }
    return visits;
  }

  private static long planes(double s, double d, SiddonWalk walk) {
    double a = s + walk.entry * d;
    double b = s + walk.exit * d;
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    return Math.max(0, (long) Math.ceil(hi) - (long) Math.floor(lo) - 1);
  }
}
