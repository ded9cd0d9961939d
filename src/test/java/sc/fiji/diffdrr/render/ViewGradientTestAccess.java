package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/** ViewGradientTest's smooth volume, for tests in other packages. */
public final class ViewGradientTestAccess {
  private ViewGradientTestAccess() {}

  public static VolumeGrid grid() {
    return ViewGradientTest.grid();
  }

  public static VolumeGrid placed() {
    return ViewGradientTest.placed();
  }

  public static float[] blobs(VolumeGrid g) {
    return ViewGradientTest.blobs(g);
  }
}
