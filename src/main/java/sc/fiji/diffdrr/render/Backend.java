package sc.fiji.diffdrr.render;

import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Where the reconstruction loop's data live and the operations it needs on them: the projector
 * pair, the image losses, the optimizer steps, the constraint and the TV regularizer. The loop is
 * written once against this interface; {@code JavaBackend} and {@code OpenClBackend} implement it
 * with the same semantics (results agree to 1e-4 relative).
 *
 * <p>Within an iteration nothing needs to leave the backend: scalar results (loss, TV) are written
 * into 1-element device arrays and read with {@link #download} only when reported.
 *
 * <p>Implementations are not thread-safe: one loop drives one backend.
 */
public interface Backend extends AutoCloseable {

  /** One line for users: "java (2 threads)", "opencl: NVIDIA H100 (GPU)". */
  String description();

  /** A zero-filled array. */
  DeviceArray allocate(long length);

  DeviceArray upload(float[] host);

  /** Copies the whole array into host (host.length ≥ length). */
  void download(DeviceArray source, float[] host);

  /** A projector on this backend for a grid and views (all of one detector size). */
  ProjectionOperator projector(VolumeGrid grid, List<View> views, ProjectorSettings settings);

  void fill(DeviceArray a, float value);

  /** a ← factor·a. */
  void scale(DeviceArray a, float factor);

  /** Σ a (a parallel reduction; accumulated in double on the host side or pairwise in float). */
  double sum(DeviceArray a);

  /** Σ a². */
  double sumOfSquares(DeviceArray a);

  /** Σ a·b. */
  double dot(DeviceArray a, DeviceArray b);

  /**
   * The loss of a batch of rendered views against their targets, and its gradient.
   *
   * @param rendered slot k holds view viewIds[k], P = pixelsPerView floats each
   * @param targets every view's target, view v at offset v·P
   * @param gradient receives ∂L/∂rendered, laid out as rendered (may be the same array)
   * @param lossOut receives L in element 0
   */
  default void imageLoss(ImageLoss loss, DeviceArray rendered, DeviceArray targets, int[] viewIds,
      int pixelsPerView, DeviceArray gradient, DeviceArray lossOut) {
    imageLoss(loss, rendered, targets, null, viewIds, pixelsPerView, gradient, lossOut);
  }

  /**
   * As above, with per-pixel weights for {@link ImageLoss#WLS}.
   *
   * @param weights laid out as targets (view v at offset v·P); required by WLS, ignored (may be
   *        null) by the other losses
   */
  void imageLoss(ImageLoss loss, DeviceArray rendered, DeviceArray targets, DeviceArray weights,
      int[] viewIds, int pixelsPerView, DeviceArray gradient, DeviceArray lossOut);

  /**
   * One Adam step with torch semantics, element-wise: m ← β1·m + (1−β1)·g;
   * v ← β2·v + (1−β2)·g²; x ← x − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε). {@code step} t starts at 1.
   */
  void adamStep(DeviceArray x, DeviceArray g, DeviceArray m, DeviceArray v, float lr, float beta1,
      float beta2, float eps, int step);

  /**
   * One SGD step with momentum, torch semantics (no dampening, no Nesterov): at step 1 buf ← g,
   * afterwards buf ← momentum·buf + g; then x ← x − lr·buf. With momentum 0, x ← x − lr·g.
   */
  void sgdStep(DeviceArray x, DeviceArray g, DeviceArray momentumBuffer, float lr, float momentum,
      int step);

  /** x ← min(max(x, min), max). */
  void clamp(DeviceArray x, float min, float max);

  /**
   * Smoothed isotropic 3-D total variation, in voxel units with forward differences (zero
   * difference past the last voxel of an axis): TV(x) = mean over voxels u of
   * √(Σ_a (x[u+e_a] − x[u])² + ε²). Adds weight·∂TV/∂x to gradient and writes TV(x) to tvOut[0].
   */
  void addTvGradient(DeviceArray x, VolumeGrid grid, float weight, float eps, DeviceArray gradient,
      DeviceArray tvOut);

  /** y ← y + a·x, element-wise (x and y of one length). */
  void axpy(float a, DeviceArray x, DeviceArray y);

  /** y ← x·y, element-wise. */
  void multiply(DeviceArray x, DeviceArray y);

  /**
   * x ← 1/x where x &gt; eps, else 0: the inverse row and column sums of SIRT and SART, where rays
   * and voxels that see nothing get no update.
   */
  void reciprocal(DeviceArray x, float eps);

  /** dst ← src. */
  default void copy(DeviceArray src, DeviceArray dst) {
    fill(dst, 0);
    axpy(1, src, dst);
  }

  /**
   * FDK's voxel-driven backprojector (not the matched Aᵀ): for every voxel index (i, j, k) and
   * view v with the 3×4 matrix P_v (12 floats, row-major, at 12·v of {@code matrices}),
   * (a, b, w) = P_v·(i, j, k, 1) gives the detector column a/w and row b/w; the volume gains
   * bilinear(image_v, row, column)/w² (zero off the detector). With P_v scaled so that w is the
   * voxel's depth from the source over the source–axis distance, 1/w² is FDK's distance weight.
   *
   * @param images {@code views} filtered projections of height×width, view v at v·height·width
   */
  void fdkBackproject(DeviceArray images, int views, int height, int width, float[] matrices,
      VolumeGrid grid, DeviceArray volume);

  /**
   * A renderer of one volume (copied to the backend) from views that change on every call, with
   * the DRR's derivative with respect to the view: what registration drives.
   */
  PoseRenderer poseRenderer(VolumeGrid grid, float[] volume, ProjectorSettings settings);

  /**
   * The device's room for this backend's arrays, or null when they live on the Java heap (as the
   * Java backend's do).
   */
  default DeviceLimits deviceLimits() {
    return null;
  }

  /** Releases every array and kernel this backend still holds. */
  @Override
  void close();
}
