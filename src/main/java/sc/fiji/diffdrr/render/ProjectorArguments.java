package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** The argument checks every projector makes, with one-line messages. */
final class ProjectorArguments {

  private ProjectorArguments() {}

  static void check(VolumeGrid grid, float[] volume, View view, float[] image, int offset) {
    if (view == null) throw new IllegalArgumentException("view must be given");
    if (volume == null || volume.length != grid.voxelCount()) {
      throw new IllegalArgumentException("volume must hold " + grid.voxelCount() + " voxels ("
          + grid.nx + "×" + grid.ny + "×" + grid.nz + "), got "
          + (volume == null ? "none" : Integer.toString(volume.length)));
    }
    long end = (long) offset + view.pixelCount();
    if (image == null || offset < 0 || end > image.length) {
      throw new IllegalArgumentException("image must hold " + view.pixelCount() + " pixels ("
          + view.height + "×" + view.width + ") from offset " + offset + ", but its length is "
          + (image == null ? "none" : Integer.toString(image.length)));
    }
  }
}
