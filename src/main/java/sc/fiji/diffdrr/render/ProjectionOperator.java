package sc.fiji.diffdrr.render;

import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * A projector bound to a grid and a fixed list of views (of one detector size) on a backend; the
 * geometry is uploaded once. Images are stacks: slot k holds pixelsPerView floats, row-major.
 */
public interface ProjectionOperator extends AutoCloseable {

  VolumeGrid grid();

  List<View> views();

  int pixelsPerView();

  /** For each k: images slot k = A_{viewIds[k]}·volume (overwrites those slots). */
  void forward(DeviceArray volume, int[] viewIds, DeviceArray images);

  /** volume += Σ_k Aᵀ_{viewIds[k]}·(images slot k) (accumulates). */
  void adjoint(DeviceArray images, int[] viewIds, DeviceArray volume);

  @Override
  void close();
}
