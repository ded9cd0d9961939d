package sc.fiji.diffdrr.cli;

import java.nio.file.Path;
import java.util.Set;

import sc.fiji.diffdrr.io.PoseTable;

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
        + RendererOptions.USAGE + BackendOptions.USAGE + NoiseOptions.SIMULATE_USAGE
        + "  output:    --out FILE (.mha .tif .png): the W×H×N stack;\n"
        + "             --poses-out FILE.csv: rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm (rotations about\n"
        + "             x, y, z composed in --convention order), the input of reconstruct --poses\n"
        + "             (not needed with --geometry or --geometry-out)\n"
        + GeometryFileOptions.USAGE + GeometryFileOptions.OUT_USAGE;
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name()).add(RenderCommand.OUT).add(VolumeOptions.OPTIONS)
        .add(GeometryOptions.DETECTOR).add(GeometryOptions.POSES).add(GeometryOptions.ORBIT)
        .add(GeometryFileOptions.OPTIONS).add(GeometryFileOptions.OUT)
        .add(Option.fileOut("poses-out", "the pose table", "csv"))
        .add(RendererOptions.OPTIONS).add(BackendOptions.OPTIONS).add(NoiseOptions.RENDER)
        .add(NoiseOptions.SIMULATE);
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    boolean posesNeeded = !a.has("geometry") && !a.has("geometry-out");
    Path posesOut = posesNeeded || a.has("poses-out") ? OutputOptions.file(a, "poses-out", "csv")
        : null;
    StackJob job = StackJob.parse(a, true);
    GeometryFileOptions.Writer geometryOut = GeometryFileOptions.writer(a, job.viewList(),
        job.geometry == null ? null : job.geometry.poses,
        job.geometry == null ? null : job.geometry.convention);
    if (posesOut != null && job.geometry == null) {
      throw new IllegalArgumentException("--poses-out needs views built from poses; with "
          + "--geometry use --geometry-out");
    }
    a.rejectUnknown();
    double seconds = job.run(cli);
    if (posesOut != null) PoseTable.write(posesOut, job.geometry.poses, job.geometry.convention);
    if (geometryOut != null) geometryOut.write();
    cli.out.printf("simulated %d projections of %d×%d pixels (%s) from %s, %s, in %.1f s → %s%s%s%n",
        job.views(), job.width(), job.height(), job.renderer, job.volume.description,
        job.viewSource(), seconds, job.out, posesOut == null ? "" : ", " + posesOut,
        geometryOut == null ? "" : ", " + geometryOut.out + " (" + geometryOut.format.label() + ")");
    return Main.OK;
  }
}
