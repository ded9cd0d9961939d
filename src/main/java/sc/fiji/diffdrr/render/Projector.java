package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The DRR operator A on one grid and its exact adjoint Aᵀ, in Java on float arrays. Volumes are
 * x fastest; an image is row-major H×W (row 0 at the top) starting at {@code offset}.
 * Pixel values are raw line integrals (mm × voxel value).
 */
public interface Projector {

  VolumeGrid grid();

  /** image[offset + i·W + j] = (A·volume) for pixel (i, j) of the view; overwrites. */
  void forward(float[] volume, View view, float[] image, int offset);

  /** volume += Aᵀ·image for the view (accumulates). */
  void adjoint(float[] image, int offset, View view, float[] volume);
}
