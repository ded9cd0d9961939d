package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Where a view gradient lives. Both pose renderers differentiate the rays in the grid's centred
 * frame ({@link RayEnds}); a placed grid maps world points and vectors there by c = M·w + t, so
 * the gradient with respect to the world's 12 numbers is Mᵀ times each 3-vector of the centred one
 * (the translation t drops out). Only cone-beam views have a derivative here: a parallel view's 12
 * numbers are a direction, not a source, and registration moves a source.
 */
public final class ViewGradientFrame {

  private ViewGradientFrame() {}

  /** Refuses a parallel-beam view with a reason. */
  public static void requireCone(View view) {
    if (view.isParallel()) {
      throw new IllegalArgumentException("the pose derivative needs cone-beam views "
          + "(a source point); this view is parallel-beam");
    }
  }

  /** The centred-frame gradient (12 numbers, {@link View#toArray} order) in world terms; in place. */
  public static double[] toWorld(VolumeGrid grid, double[] g) {
    double[][] m = grid.toCentred();
    if (m == null) return g;
    double[] c = new double[3];
    for (int block = 0; block < 4; block++) {
      for (int b = 0; b < 3; b++) {
        double s = 0;
        for (int a = 0; a < 3; a++) s += m[a][b] * g[3 * block + a];
        c[b] = s;
      }
      System.arraycopy(c, 0, g, 3 * block, 3);
    }
    return g;
  }
}
