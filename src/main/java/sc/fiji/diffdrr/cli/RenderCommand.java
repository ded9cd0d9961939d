package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;

/** {@code render}: DRRs of a volume from one or more poses. */
final class RenderCommand implements Subcommand {

  @Override public String name() { return "render"; }

  @Override public String summary() { return "render DRRs of a CT volume or a phantom"; }

  @Override
  public String usage() {
    return "usage: render (--volume FILE|DIR | --phantom ...) --sdd MM --height PX --delx MM ... --out FILE\n\n"
        + VolumeOptions.USAGE + GeometryOptions.USAGE + GeometryOptions.POSE_USAGE
        + RendererOptions.USAGE + BackendOptions.USAGE
        + "  output:    --out FILE: .mha (float32, spacing delx dely), .tif (32-bit, calibrated)\n"
        + "             or .png (8-bit min–max view); several poses give a W×H×N stack\n\n"
        + "Pixel values are line integrals (mm × density), DiffDRR's raw DRR.\n";
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(name(), argv, 0, Set.of());
    Path out = OutputOptions.file(a, "out", "mha", "mhd", "tif", "tiff", "png");
    VolumeOptions volume = VolumeOptions.parse(a);
    GeometryOptions geometry = GeometryOptions.parse(a, 0, 0, false);
    ProjectorSettings renderer = RendererOptions.parse(a);
    BackendOptions backendOptions = BackendOptions.parse(a);
    a.rejectUnknown();

    List<View> views = geometry.views();
    long start = System.nanoTime();
    float[] images;
    try (Backend backend = backendOptions.open(cli)) {
      images = DrrRenderer.render(backend, volume.density, views, renderer);
    }
    double ms = (System.nanoTime() - start) / 1e6;
    ProjectionFiles.write(out, new ProjectionStack(images, geometry.detector.width,
        geometry.detector.height, views.size(), geometry.detector.delx, geometry.detector.dely));
    cli.out.printf("rendered %d DRR%s of %d×%d pixels (%s) from %s in %.0f ms → %s%n", views.size(),
        views.size() == 1 ? "" : "s", geometry.detector.width, geometry.detector.height, renderer,
        volume.description, ms, out);
    return Main.OK;
  }
}
