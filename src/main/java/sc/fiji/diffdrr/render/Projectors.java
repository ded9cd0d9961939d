package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/** Creates the Java projector a setting asks for. */
public final class Projectors {

  private Projectors() {}

  public static Projector create(VolumeGrid grid, ProjectorSettings settings, Parallel parallel) {
    if (settings == null) throw new IllegalArgumentException("projector settings must be given");
    switch (settings.renderer) {
      case SIDDON: return new SiddonProjector(grid, parallel);
      case TRILINEAR: return new TrilinearProjector(grid, settings, parallel);
      default: throw new IllegalArgumentException("renderer must be siddon or trilinear");
    }
  }
}
