package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.ProjectorSettings;

/** What render and simulate share: a volume, a detector and poses in; a projection stack out. */
final class StackJob {

  final Path out;
  final VolumeOptions volume;
  /** The poses and detector; null when the views come from a geometry file. */
  final GeometryOptions geometry;
  /** The views of --geometry; null when they come from poses. */
  final GeometryFileOptions file;
  final ProjectorSettings renderer;
  private final BackendOptions backend;
  private final NoiseOptions values;

  private StackJob(Path out, VolumeOptions volume, GeometryOptions geometry,
      GeometryFileOptions file, ProjectorSettings renderer, BackendOptions backend,
      NoiseOptions values) {
    this.out = out;
    this.volume = volume;
    this.geometry = geometry;
    this.file = file;
    this.renderer = renderer;
    this.backend = backend;
    this.values = values;
  }

  /** Reads the options (the caller rejects unknown ones afterwards). */
  static StackJob parse(Args a, boolean orbitAllowed) throws IOException {
    Path out = OutputOptions.file(a, "out", "mha", "mhd", "tif", "tiff", "png", "pfm");
    VolumeOptions volume = VolumeOptions.parse(a);
    GeometryFileOptions file = GeometryFileOptions.parse(a, 0, 0);
    return new StackJob(out, volume, file == null ? GeometryOptions.parse(a, 0, 0, orbitAllowed)
        : null, file, RendererOptions.parse(a), BackendOptions.parse(a),
        NoiseOptions.parse(a, orbitAllowed));
  }

  int views() {
    return file != null ? file.views.size() : geometry.poses.size();
  }

  List<View> viewList() {
    return file != null ? file.views : geometry.views();
  }

  int width() {
    return file != null ? file.width() : geometry.detector.width;
  }

  int height() {
    return file != null ? file.height() : geometry.detector.height;
  }

  /** Where the views came from, for the log line. */
  String viewSource() {
    return file != null ? file.describe() : views() + " pose" + (views() == 1 ? "" : "s");
  }

  /** Renders every pose and writes the stack; returns the seconds the rendering took. */
  double run(Cli cli) throws IOException {
    List<View> views = viewList();
    long start = System.nanoTime();
    float[] images;
    long stack = (long) views.size() * width() * height();
    MemoryPlan plan = new MemoryPlan().held("volume", volume.density.data().length)
        .add(DrrRenderer.workingSet(volume.density.grid, views, false))
        .host("converted images", values.copies() * stack);
    try (Backend opened = backend.open(cli);
        Backend b = Backends.fit(opened, plan, volume.density.grid, cli::notice)) {
      cli.notice(plan.check(b, "fewer views or a smaller detector"));
      images = DrrRenderer.render(b, volume.density, views, renderer);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    images = values.apply(images, width(), height(), cli);
    ProjectionFiles.write(out, new ProjectionStack(images, width(), height(), views.size(),
        file != null ? file.delx() : geometry.detector.delx,
        file != null ? file.dely() : geometry.detector.dely));
    return seconds;
  }
}
