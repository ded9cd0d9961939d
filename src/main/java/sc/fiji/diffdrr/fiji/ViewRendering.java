package sc.fiji.diffdrr.fiji;

import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;

/**
 * {@code DrrRenderer.render} one view at a time: the volume goes to the backend once, and between
 * views the task bar moves and a cancel is noticed — a long pose table can take minutes.
 */
final class ViewRendering {

  private ViewRendering() {}

  /** Largest number of pixels in one stack: one Java array. */
  static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

  /** Checks, before any work, that the images of {@code views} views fit one stack. */
  static void requireFits(int views, int height, int width) {
    long n = (long) views * height * width;
    if (n > MAX_PIXELS) {
      throw new IllegalArgumentException(views + " views of " + width + "×" + height + " pixels are "
          + n + " pixels, more than one stack can hold (" + MAX_PIXELS + "); use fewer poses or a "
          + "smaller detector");
    }
  }

  /** View k's image at offset k·H·W, as DrrRenderer; null when cancelled. */
  static float[] render(Backend backend, Volume volume, List<View> views,
      ProjectorSettings settings, CommandProgress progress, long stepsBefore) {
    int pixels = views.get(0).pixelCount();
    requireFits(views.size(), views.get(0).height, views.get(0).width);
    float[] images = new float[views.size() * pixels];
    float[] one = new float[pixels];
    try (DeviceArray vol = backend.upload(volume.data());
        ProjectionOperator op = backend.projector(volume.grid, views, settings);
        DeviceArray out = backend.allocate(pixels)) {
      for (int k = 0; k < views.size(); k++) {
        if (progress.isCanceled()) return null;
        op.forward(vol, new int[] {k}, out);
        backend.download(out, one);
        System.arraycopy(one, 0, images, k * pixels, pixels);
        progress.step(stepsBefore + k + 1, "view " + (k + 1) + " of " + views.size());
      }
    }
    return images;
  }
}
