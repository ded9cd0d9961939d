package sc.fiji.diffdrr.render;

import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** Renders a stack of DRRs of a volume on a backend: the one call the shells need. */
public final class DrrRenderer {

  /** Largest number of pixels in one stack: one Java array. */
  public static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

  /** Told after each view of a stack; returning false stops the rendering (a cancel). */
  public interface ViewListener {
    boolean viewRendered(int done, int total);
  }

  private DrrRenderer() {}

  /**
   * All views in one batch.
   *
   * @return the images, view k's H×W image (row-major, row 0 at the top) at offset k·H·W
   */
  public static float[] render(Backend backend, Volume volume, List<View> views,
      ProjectorSettings settings) {
    return render(backend, volume, views, settings, null);
  }

  /**
   * With a listener, one view at a time so progress can be shown and a cancel noticed between
   * views (a long pose table can take minutes); the volume goes to the backend once.
   *
   * @return the images as above, or null when the listener stopped the rendering
   */
  public static float[] render(Backend backend, Volume volume, List<View> views,
      ProjectorSettings settings, ViewListener listener) {
    int pixels = views.get(0).pixelCount();
    requireFits(views.size(), views.get(0).height, views.get(0).width);
    float[] images = new float[views.size() * pixels];
    try (DeviceArray vol = backend.upload(volume.data());
        ProjectionOperator op = backend.projector(volume.grid, views, settings);
        DeviceArray out = backend.allocate(listener == null ? images.length : pixels)) {
      if (listener == null) {
        op.forward(vol, allViews(views.size()), out);
        backend.download(out, images);
        return images;
      }
      float[] one = new float[pixels];
      for (int k = 0; k < views.size(); k++) {
        op.forward(vol, new int[] {k}, out);
        backend.download(out, one);
        System.arraycopy(one, 0, images, k * pixels, pixels);
        if (!listener.viewRendered(k + 1, views.size())) return null;
      }
    }
    return images;
  }

  /**
   * What {@link #render} holds at its peak (see {@link MemoryPlan}).
   *
   * @param oneAtATime with a listener: the views are rendered one at a time
   */
  public static MemoryPlan workingSet(VolumeGrid grid, List<View> views, boolean oneAtATime) {
    long pixels = views.get(0).pixelCount(), images = views.size() * pixels;
    return new MemoryPlan().host("images", images).backend("volume copy", grid.voxelCount())
        .backend("rendered image" + (oneAtATime ? "" : "s"), oneAtATime ? pixels : images);
  }

  /** Checks, before any work, that the images of {@code views} views fit one stack. */
  public static void requireFits(int views, int height, int width) {
    long n = (long) views * height * width;
    if (n > MAX_PIXELS) {
      throw new IllegalArgumentException(views + " views of " + width + "×" + height + " pixels are "
          + n + " pixels, more than one stack can hold (" + MAX_PIXELS + "); use fewer poses or a "
          + "smaller detector");
    }
  }

  /** 0, 1, ..., n − 1. */
  public static int[] allViews(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = i;
    return ids;
  }
}
