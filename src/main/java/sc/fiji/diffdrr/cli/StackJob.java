package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;

/** What render and simulate share: a volume, a detector and poses in; a projection stack out. */
final class StackJob {

  final Path out;
  final VolumeOptions volume;
  final GeometryOptions geometry;
  final ProjectorSettings renderer;
  private final BackendOptions backend;
  private final NoiseOptions values;

  private StackJob(Path out, VolumeOptions volume, GeometryOptions geometry,
      ProjectorSettings renderer, BackendOptions backend, NoiseOptions values) {
    this.out = out;
    this.volume = volume;
    this.geometry = geometry;
    this.renderer = renderer;
    this.backend = backend;
    this.values = values;
  }

  /** Reads the options (the caller rejects unknown ones afterwards). */
  static StackJob parse(Args a, boolean orbitAllowed) throws IOException {
    Path out = OutputOptions.file(a, "out", "mha", "mhd", "tif", "tiff", "png");
    return new StackJob(out, VolumeOptions.parse(a), GeometryOptions.parse(a, 0, 0, orbitAllowed),
        RendererOptions.parse(a), BackendOptions.parse(a), NoiseOptions.parse(a, orbitAllowed));
  }

  int views() {
    return geometry.poses.size();
  }

  /** Renders every pose and writes the stack; returns the seconds the rendering took. */
  double run(Cli cli) throws IOException {
    List<View> views = geometry.views();
    long start = System.nanoTime();
    float[] images;
    try (Backend b = backend.open(cli)) {
      images = DrrRenderer.render(b, volume.density, views, renderer);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    images = values.apply(images, geometry.detector.width, geometry.detector.height, cli);
    ProjectionFiles.write(out, new ProjectionStack(images, geometry.detector.width,
        geometry.detector.height, views.size(), geometry.detector.delx, geometry.detector.dely));
    return seconds;
  }
}
