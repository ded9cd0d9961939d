package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * DRRs of one volume from views that change on every call, and their derivative with respect to
 * the view: what 2D/3D registration needs. The volume is uploaded once; each call takes a view
 * (12 numbers), so a pose update costs no upload of geometry tables.
 *
 * <p>The derivative is a vector-Jacobian product: given ∂L/∂image it returns ∂L/∂(source,
 * pixel (0,0) centre, column step u, row step v) in world mm, 12 numbers in {@link View#toArray}
 * order. Siddon differentiates DiffDRR's way (voxel values fixed per segment, derivatives through
 * the plane-crossing α and the ray length); trilinear differentiates the interpolation at each
 * sample. Implementations are not thread-safe.
 */
public interface PoseRenderer extends AutoCloseable {

  VolumeGrid grid();

  /** image[0 … H·W) = the DRR of the view (overwrites). */
  void render(View view, float[] image);

  /** ∂L/∂view (12 numbers) given imageGradient = ∂L/∂image of the view's DRR. */
  double[] viewGradient(View view, float[] imageGradient);

  @Override
  void close();
}
