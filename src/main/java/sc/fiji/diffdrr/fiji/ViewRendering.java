package sc.fiji.diffdrr.fiji;

import java.util.List;
import java.util.function.Consumer;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;

/** {@link DrrRenderer} with the task bar moving and a cancel noticed between views. */
final class ViewRendering {

  private ViewRendering() {}

  static void requireFits(int views, int height, int width) {
    DrrRenderer.requireFits(views, height, width);
  }

  /** View k's image at offset k·H·W; null when cancelled. */
  static float[] render(Backend backend, Volume volume, List<View> views,
      ProjectorSettings settings, CommandProgress progress, long stepsBefore, Consumer<String> log) {
    if (progress.isCanceled()) return null;
    long images = (long) views.size() * views.get(0).pixelCount();
    MemoryPlan plan = new MemoryPlan().held("volume", volume.data().length)
        .add(DrrRenderer.workingSet(volume.grid, views, true)).host("image stack", images);
    // a volume too large for the OpenCL device is split into z-slabs; backend stays the caller's
    Backend fitted = Backends.fit(backend, plan, volume.grid, log);
    try {
      log.accept(plan.check(fitted, FijiMemory.HEAP, "fewer views or a smaller detector"));
      return DrrRenderer.render(fitted, volume, views, settings, (done, total) -> {
        progress.step(stepsBefore + done, "view " + done + " of " + total);
        return !progress.isCanceled();
      });
    } finally {
      if (fitted != backend) fitted.close();
    }
  }
}
