package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;

/** {@code simulate}: a projection stack and its pose table, from a volume and an orbit or poses. */
final class SimulateCommand implements Subcommand {

  @Override public String name() { return "simulate"; }

  @Override public String summary() { return "render a projection stack on an orbit, with its pose table"; }

  @Override
  public String usage() {
    return "usage: simulate (--volume FILE | --phantom ...) --sdd MM --height PX --delx MM\n"
        + "       (--views N [--arc DEG] [--start DEG] --sad MM | --poses FILE.csv)\n"
        + "       --out projections.mha --poses-out poses.csv\n\n"
        + VolumeOptions.USAGE + GeometryOptions.USAGE + GeometryOptions.ORBIT_USAGE
        + "             or --poses FILE.csv, or --rotation/--translation pairs as in render\n"
        + RendererOptions.USAGE + BackendOptions.USAGE
        + "  output:    --out FILE (.mha .tif .png): the W×H×N stack;\n"
        + "             --poses-out FILE.csv: rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm (rotations about\n"
        + "             x, y, z composed in --convention order), the input of reconstruct --poses\n";
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(name(), argv, 0, Set.of());
    Path out = OutputOptions.file(a, "out", "mha", "mhd", "tif", "tiff", "png");
    Path posesOut = OutputOptions.file(a, "poses-out", "csv");
    VolumeOptions volume = VolumeOptions.parse(a);
    GeometryOptions geometry = GeometryOptions.parse(a, 0, 0, true);
    ProjectorSettings renderer = RendererOptions.parse(a);
    BackendOptions backendOptions = BackendOptions.parse(a);
    a.rejectUnknown();

    List<View> views = geometry.views();
    long start = System.nanoTime();
    float[] images;
    try (Backend backend = backendOptions.open(cli)) {
      images = DrrRenderer.render(backend, volume.density, views, renderer);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ProjectionFiles.write(out, new ProjectionStack(images, geometry.detector.width,
        geometry.detector.height, views.size(), geometry.detector.delx, geometry.detector.dely));
    PoseTable.write(posesOut, geometry.poses, geometry.convention);
    cli.out.printf("simulated %d projections of %d×%d pixels (%s) from %s in %.1f s → %s, %s%n",
        views.size(), geometry.detector.width, geometry.detector.height, renderer,
        volume.description, seconds, out, posesOut);
    return Main.OK;
  }
}
