package sc.fiji.diffdrr.volume;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/** Float voxels (x fastest, then y, then z) on a {@link VolumeGrid}. */
public final class Volume {

  public final VolumeGrid grid;
  private final float[] data;

  /** Wraps data without copying. */
  public Volume(VolumeGrid grid, float[] data) {
    if (data.length != grid.voxelCount()) {
      throw new IllegalArgumentException("volume data has " + data.length + " values but the grid "
          + grid.nx + "×" + grid.ny + "×" + grid.nz + " needs " + grid.voxelCount());
    }
    this.grid = grid;
    this.data = data;
  }

  public static Volume zeros(VolumeGrid grid) {
    return new Volume(grid, new float[grid.voxelCount()]);
  }

  /** The voxels themselves (not a copy). */
  public float[] data() {
    return data;
  }

  public float get(int x, int y, int z) {
    return data[grid.index(x, y, z)];
  }

  /** The same voxels placed by another convention. */
  public Volume withConvention(VoxelConvention c) {
    return new Volume(grid.withConvention(c), data);
  }

  /** The same voxels placed elsewhere in the world (null: centred). */
  public Volume withPlacement(Placement p) {
    return new Volume(grid.withPlacement(p), data);
  }

  /** An ImgLib2 view of the same memory (x, y, z). */
  public ArrayImg<FloatType, FloatArray> asImg() {
    return ArrayImgs.floats(data, grid.nx, grid.ny, grid.nz);
  }

  public float min() {
    float m = Float.POSITIVE_INFINITY;
    for (float v : data) m = Math.min(m, v);
    return m;
  }

  public float max() {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : data) m = Math.max(m, v);
    return m;
  }
}
