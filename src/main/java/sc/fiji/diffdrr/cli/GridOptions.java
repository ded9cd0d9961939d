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

  static VolumeGrid parse(Args a) throws IOException {
    VoxelConvention convention = VoxelConvention.parse(a.string("voxel-convention", "centered"));
    Path like = a.path("like");
    boolean keep = VolumeOptions.placement(a);
    if (like != null) {
      if (a.has("shape") || a.has("spacing") || a.has("offset")) {
        throw new IllegalArgumentException("give the grid as --like VOLUME or as --shape/--spacing"
            + " [--offset], not both");
      }
      VolumeGrid g = VolumeFiles.read(like).volume.grid.withConvention(convention);
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
