package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * A view as its rays' two ends, in the grid's centred frame (mm), the form both backends project:
 * pixel (i, j)'s ray runs from start + m·(j·u + i·v) (α = 0) to end + j·u + i·v (α = 1).
 * Cone beam: start = the source, end = pixel (0,0)'s centre, m = 0. Parallel beam: the ray through
 * each pixel centre, from T mm before it to T mm after it along the direction, m = 1, with T so
 * large that every ray's ends lie outside the volume (so the whole line through it counts).
 * A placed grid maps the view into its centred frame first ({@link VolumeGrid#toCentred}).
 */
public final class RayEnds {

  /** Numbers per view: start, end, u, v (3 each), m. */
  public static final int FLOATS = 13;

  private RayEnds() {}

  /** start[3], end[3], u[3], v[3], m. */
  public static double[] of(VolumeGrid grid, View view) {
    double[][] m = grid.toCentred();
    View c = m == null ? view : view.transformed(m);
    double[] a = c.toArray();
    double[] r = new double[FLOATS];
    System.arraycopy(a, 0, r, 0, 12);
    if (!c.isParallel()) return r;
    double[] o = c.origin();
    double[] d = c.direction();
    double reach = norm(o) + (c.width - 1) * norm(c.columnStep()) + (c.height - 1) * norm(c.rowStep());
    double half = 0;
    for (int axis = 0; axis < 3; axis++) {
      double e = (grid.size(axis) + 1) * grid.spacing(axis);
      half += e * e;
    }
    double t = reach + Math.sqrt(half) + 1;
    for (int k = 0; k < 3; k++) {
      r[k] = o[k] - t * d[k];
      r[3 + k] = o[k] + t * d[k];
    }
    r[12] = 1;
    return r;
  }

  private static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }
}
