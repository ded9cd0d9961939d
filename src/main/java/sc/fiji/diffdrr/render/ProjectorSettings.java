package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.Require;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * How a projector integrates a ray: the renderer and, for trilinear, its sampling.
 *
 * <p>Trilinear sampling depends on the grid's voxel convention: in {@link VoxelConvention#CENTERED}
 * each ray is sampled at {@code step} mm (default: half the smallest spacing) between its own entry
 * and exit; in {@link VoxelConvention#DIFFDRR_V05} every ray of an image gets {@code nPoints}
 * samples over the α range shared by the whole image, as DiffDRR does.
 */
public final class ProjectorSettings {

  public static final int DEFAULT_N_POINTS = 500;

  public final Renderer renderer;
  /** Trilinear step in mm; NaN means half the smallest voxel spacing. */
  public final double stepMm;
  /** Trilinear samples per ray in DIFFDRR_V05 mode. */
  public final int nPoints;

  public ProjectorSettings(Renderer renderer, double stepMm, int nPoints) {
    if (renderer == null) throw new IllegalArgumentException("renderer must be siddon or trilinear");
    this.renderer = renderer;
    this.stepMm = Double.isNaN(stepMm) ? Double.NaN : Require.positive("step", stepMm, "mm");
    this.nPoints = Require.inRange("n-points", nPoints, 2, 1 << 20);
  }

  public static ProjectorSettings of(Renderer renderer) {
    return new ProjectorSettings(renderer, Double.NaN, DEFAULT_N_POINTS);
  }

  public static ProjectorSettings siddon() {
    return of(Renderer.SIDDON);
  }

  public static ProjectorSettings trilinear() {
    return of(Renderer.TRILINEAR);
  }

  /** The trilinear step (mm) on a grid: the given one, or half the smallest spacing. */
  public double step(VolumeGrid grid) {
    return Double.isNaN(stepMm) ? grid.minSpacing() / 2 : stepMm;
  }

  @Override
  public String toString() {
    if (renderer == Renderer.SIDDON) return "siddon";
    return "trilinear (" + (Double.isNaN(stepMm) ? "step = half the smallest spacing"
        : "step " + stepMm + " mm") + "; " + nPoints + " points in diffdrr-v05 mode)";
  }
}
