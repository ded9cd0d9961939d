package sc.fiji.diffdrr.cli;

import java.util.Set;


/** {@code render}: DRRs of a volume from one or more poses. */
final class RenderCommand implements Subcommand {

  @Override public String name() { return "render"; }

  @Override public String summary() { return "render DRRs of a CT volume or a phantom"; }

  @Override
  public String usage() {
    return "usage: render (--volume FILE|DIR | --phantom ...) --sdd MM --height PX --delx MM ... --out FILE\n\n"
        + VolumeOptions.USAGE + GeometryOptions.USAGE + GeometryOptions.POSE_USAGE
        + GeometryFileOptions.USAGE
        + RendererOptions.USAGE + BackendOptions.USAGE + NoiseOptions.RENDER_USAGE
        + "  output:    --out FILE: .mha (float32, spacing delx dely), .tif (32-bit, calibrated)\n"
        + "             .pfm (float, one file per view: NAME_0000.pfm … for several)\n"
        + "             or .png (8-bit min–max view); several poses give a W×H×N stack\n\n"
        + "Pixel values are line integrals (mm × density), DiffDRR's raw DRR, unless --output intensity.\n";
  }

  static final Option OUT = Option.fileOut("out", "the DRRs", "mha", "mhd", "tif", "tiff", "png",
      "pfm");

  @Override
  public OptionTable options() {
    return new OptionTable(name()).add(OUT).add(VolumeOptions.OPTIONS)
        .add(GeometryOptions.DETECTOR).add(GeometryOptions.POSES).add(GeometryFileOptions.OPTIONS)
        .add(RendererOptions.OPTIONS).add(BackendOptions.OPTIONS).add(NoiseOptions.RENDER);
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    StackJob job = StackJob.parse(a, false);
    a.rejectUnknown();
    double seconds = job.run(cli);
    cli.out.printf("rendered %d DRR%s of %d×%d pixels (%s) from %s, %s, in %.0f ms → %s%n",
        job.views(), job.views() == 1 ? "" : "s", job.width(), job.height(), job.renderer,
        job.volume.description, job.viewSource(), seconds * 1e3, job.out);
    return Main.OK;
  }
}
