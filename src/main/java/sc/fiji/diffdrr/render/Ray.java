package sc.fiji.diffdrr.render;

/**
 * One ray in box coordinates (voxel i fills [i, i+1] on every axis): x(α) = s + α·d, α ∈ [0, 1]
 * from the source (α = 0) to the pixel centre (α = 1). Mutable scratch, one per thread.
 */
final class Ray {
  double sx, sy, sz;
  double dx, dy, dz;
  /** |pixel − source| in mm: α·length is the distance from the source. */
  double length;

  double source(int axis) {
    return axis == 0 ? sx : axis == 1 ? sy : sz;
  }

  double direction(int axis) {
    return axis == 0 ? dx : axis == 1 ? dy : dz;
  }
}
