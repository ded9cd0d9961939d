package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The reconstruction grid, as reconstruct spells it: --shape X,Y,Z --spacing MM,MM,MM
 * [--offset X,Y,Z] or --like VOLUME, and --voxel-convention.
 */
final class GridOptions {

  private GridOptions() {}

  static final java.util.List<Option> OPTIONS = Option.list(
      Option.numbers("shape", 3, 1, 65536, true, "voxels", "X,Y,Z"),
      Option.positiveNumbers("spacing", 3, 1e4, "mm", "X,Y,Z voxel size"),
      Option.numbers("offset", 3, -1e7, 1e7, false, "mm", "world centre of voxel 0"),
      Option.fileIn("like", true, "take shape, spacing and placement from this volume",
          "mha", "mhd", "tif", "tiff", "dcm", "dicom"));

  static VolumeGrid parse(Args a) throws IOException {
    return parse(a, null);
  }

  /**
   * With --like, --shape and --spacing may be repeated but must agree with the template (the
   * template's voxel spacing is the default; a different --spacing needs --override-metadata).
   */
  static VolumeGrid parse(Args a, Cli cli) throws IOException {
    VoxelConvention convention = VoxelConvention.parse(a.string("voxel-convention", "centered"));
    Path like = a.path("like");
    boolean keep = VolumeOptions.placement(a);
    if (like != null) {
      if (a.has("offset")) {
        throw new IllegalArgumentException("give the grid's placement as --like VOLUME or as "
            + "--offset, not both");
      }
      VolumeGrid g = InputFiles.read("like", like.toString(), () -> VolumeFiles.grid(like))
          .withConvention(convention);
      String name = String.valueOf(like.getFileName());
      if (a.has("shape")) {
        double[] shape = Args.numbers("shape", a.required("shape"), 3);
        if (shape[0] != g.nx || shape[1] != g.ny || shape[2] != g.nz) {
          throw new IllegalArgumentException("--shape " + a.required("shape") + " disagrees with "
              + name + ", which has " + g.nx + "," + g.ny + "," + g.nz + " voxels; leave --shape "
              + "out to use the template's");
        }
      }
      if (a.has("spacing")) {
        double[] sp = Args.numbers("spacing", a.required("spacing"), 3);
        double[] file = {g.sx, g.sy, g.sz};
        boolean agree = true;
        for (int i = 0; i < 3; i++) agree &= MetadataRule.agree(sp[i], file[i]);
        if (!agree) {
          String given = a.required("spacing") + " mm", theirs = Option.format(g.sx) + ","
              + Option.format(g.sy) + "," + Option.format(g.sz) + " mm";
          if (!a.flag(MetadataRule.OVERRIDE.name)) {
            throw new IllegalArgumentException("--spacing " + given + " disagrees with " + name
                + "'s voxel spacing, " + theirs + "; leave --spacing out to use the template's, "
                + "or add --override-metadata to use " + given);
          }
          if (cli != null) {
            cli.notice("note: --spacing " + given + " overrides " + name + "'s voxel spacing, "
                + theirs + " (--override-metadata)");
          }
          g = new VolumeGrid(g.nx, g.ny, g.nz, sp[0], sp[1], sp[2], convention, g.placement);
        }
      }
      return keep ? g : g.withPlacement(null);
    }
    double[] shape = Args.numbers("shape", a.required("shape"), 3);
    double[] spacing = Args.numbers("spacing", a.required("spacing"), 3);
    for (int i = 0; i < 3; i++) {
      if (shape[i] != Math.rint(shape[i]) || shape[i] < 1 || shape[i] > 1 << 16) {
        throw new IllegalArgumentException("--shape must be three integers in [1, 65536], got '"
            + a.required("shape") + "'");
      }
      if (spacing[i] <= 0) {
        throw new IllegalArgumentException("--spacing must be three numbers > 0 (mm), got '"
            + a.required("spacing") + "'");
      }
    }
    if (a.has("offset") && !keep) {
      throw new IllegalArgumentException("--offset places the grid in the world; it cannot go with "
          + "--placement centred");
    }
    Placement placement = a.has("offset")
        ? Placement.translated(Args.numbers("offset", a.required("offset"), 3)) : null;
    return new VolumeGrid((int) shape[0], (int) shape[1], (int) shape[2], spacing[0], spacing[1],
        spacing[2], convention, placement);
  }
}
