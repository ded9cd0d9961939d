package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * How the adjoints split a volume for threads: slabs of whole voxel planes across one axis, each
 * written by one task only, so no two threads write the same voxel and every voxel receives its
 * contributions in ray order, whatever the number of threads or slabs.
 */
final class Slabs {

  /** Enough slabs per thread for dynamic hand-out to even out uneven slabs. */
  static final int PER_THREAD = 8;

  final int axis;
  final int count;
  private final int size;

  Slabs(VolumeGrid grid, int axis, int threads) {
    this.axis = axis;
    this.size = grid.size(axis);
    this.count = Math.max(1, Math.min(size, PER_THREAD * threads));
  }

  /** First voxel plane of slab s; slab s holds voxel indices [first(s), first(s + 1)). */
  int first(int s) {
    return (int) ((long) s * size / count);
  }
}
