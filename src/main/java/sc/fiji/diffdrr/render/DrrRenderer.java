package sc.fiji.diffdrr.render;

import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.Volume;

/** Renders a stack of DRRs of a volume on a backend: the one call the shells need. */
public final class DrrRenderer {

  private DrrRenderer() {}

  /**
   * @return the images, view k's H×W image (row-major, row 0 at the top) at offset k·H·W
   */
  public static float[] render(Backend backend, Volume volume, List<View> views,
      ProjectorSettings settings) {
    int pixels = views.get(0).pixelCount();
    float[] images = new float[views.size() * pixels];
    try (DeviceArray vol = backend.upload(volume.data());
        ProjectionOperator op = backend.projector(volume.grid, views, settings);
        DeviceArray out = backend.allocate(images.length)) {
      op.forward(vol, allViews(views.size()), out);
      backend.download(out, images);
    }
    return images;
  }

  /** 0, 1, ..., n − 1. */
  public static int[] allViews(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = i;
    return ids;
  }
}
