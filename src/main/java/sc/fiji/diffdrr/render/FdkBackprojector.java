package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * FDK's backprojector on the Java side (see {@link Backend#fdkBackproject}): voxel-driven, each
 * voxel gathers the bilinearly interpolated filtered projections times 1/w². Slices of the volume
 * are split over the cores; within a slice the views run in the outer loop so the slice stays in
 * cache, and along a row of voxels the homogeneous coordinates advance by one matrix column.
 */
public final class FdkBackprojector {

  private FdkBackprojector() {}

  /** Checks the sizes of a call; throws IllegalArgumentException naming what does not fit. */
  public static void check(long imageFloats, int views, int height, int width, float[] matrices,
      VolumeGrid grid, long volumeFloats) {
    if (views < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("FDK backprojection needs views, height and width ≥ 1, got "
          + views + ", " + height + ", " + width);
    }
    if (imageFloats < (long) views * height * width) {
      throw new IllegalArgumentException("FDK backprojection of " + views + " views of " + width
          + "×" + height + " needs " + (long) views * height * width + " floats, got " + imageFloats);
    }
    if (matrices.length < 12L * views) {
      throw new IllegalArgumentException("FDK backprojection needs 12 floats per view, got "
          + matrices.length + " for " + views + " views");
    }
    if (volumeFloats != grid.voxelCount()) {
      throw new IllegalArgumentException("volume holds " + volumeFloats + " floats but the grid "
          + grid + " has " + grid.voxelCount() + " voxels");
    }
  }

  static void run(float[] img, int views, int height, int width, float[] m, VolumeGrid grid,
      float[] vol, Parallel parallel) {
    if (axial(m, views, grid.nz)) {
      runAxial(img, views, height, width, m, grid, vol, parallel);
    } else {
      runGeneral(img, views, height, width, m, grid, vol, parallel);
    }
  }

  /** Any projective matrices: the view loop inside each slice, one 1/w per voxel and view. */
  static void runGeneral(float[] img, int views, int height, int width, float[] m,
      VolumeGrid grid, float[] vol, Parallel parallel) {
    int nx = grid.nx, ny = grid.ny, nz = grid.nz;
    int pixels = height * width;
    parallel.forEach(nz, z -> {
      for (int v = 0; v < views; v++) {
        int o = 12 * v, base = v * pixels;
        float m0 = m[o], m1 = m[o + 1], m2 = m[o + 2], m3 = m[o + 3];
        float m4 = m[o + 4], m5 = m[o + 5], m6 = m[o + 6], m7 = m[o + 7];
        float m8 = m[o + 8], m9 = m[o + 9], m10 = m[o + 10], m11 = m[o + 11];
        for (int y = 0; y < ny; y++) {
          float a = m1 * y + m2 * z + m3, b = m5 * y + m6 * z + m7, w = m9 * y + m10 * z + m11;
          int out = nx * (y + ny * z);
          for (int x = 0; x < nx; x++, a += m0, b += m4, w += m8) {
            if (!(w > 0)) continue; // behind the source
            float inv = 1f / w;
            float c = a * inv, r = b * inv;
            if (!(c > -1f && c < width && r > -1f && r < height)) continue;
            int c0 = (int) Math.floor(c), r0 = (int) Math.floor(r);
            float fc = c - c0, fr = r - r0, value;
            if (c0 >= 0 && r0 >= 0 && c0 + 1 < width && r0 + 1 < height) {
              int p = base + r0 * width + c0;
              float top = img[p] + fc * (img[p + 1] - img[p]);
              float bottom = img[p + width] + fc * (img[p + width + 1] - img[p + width]);
              value = top + fr * (bottom - top);
            } else {
              value = (1 - fr) * ((1 - fc) * at(img, base, r0, c0, height, width)
                  + fc * at(img, base, r0, c0 + 1, height, width))
                  + fr * ((1 - fc) * at(img, base, r0 + 1, c0, height, width)
                  + fc * at(img, base, r0 + 1, c0 + 1, height, width));
            }
            vol[out + x] += value * inv * inv;
          }
        }
      }
    });
  }

  /**
   * Whether every view's rotation axis is the grid's z axis, so that a voxel's detector column and
   * depth do not depend on its z index (P's z column is (0, ·, 0) to within float rounding): the
   * usual circular orbit, where {@link #runAxial} can share them along z.
   */
  static boolean axial(float[] m, int views, int nz) {
    for (int v = 0; v < views; v++) {
      int o = 12 * v;
      if (Math.abs(m[o + 2]) * nz > 1e-5f || Math.abs(m[o + 10]) * nz > 1e-6f) return false;
    }
    return true;
  }

  /**
   * The same backprojection where the column a/w and the weight 1/w² of a voxel depend only on its
   * (x, y) (rotation about the grid's z axis, as in plastimatch's and RTK's CPU backprojectors):
   * they are computed once per view and (x, y) column of voxels, and along z only the detector
   * row advances, by m6/w per slice, down one pair of detector columns ({@link PaddedColumns}).
   * Each task owns a tile of whole z columns of the volume for all views of the call and sums
   * them z-contiguously in a buffer of its own, so the inner loop reads and writes memory in
   * order, writes are disjoint and the result does not depend on the number of threads.
   */
  static void runAxial(float[] img, int views, int height, int width, float[] m,
      VolumeGrid grid, float[] vol, Parallel parallel) {
    int nx = grid.nx, ny = grid.ny, nz = grid.nz;
    PaddedColumns p = PaddedColumns.of(img, views, height, width, parallel);
    int tilesX = (nx + TILE_X - 1) / TILE_X, tilesY = (ny + TILE_Y - 1) / TILE_Y;
    // A tile of TILE_X × TILE_Y voxel columns sees only a narrow band of detector columns per
    // view, so that band stays in cache while the tile's columns run.
    parallel.forEach(tilesX * tilesY, t -> {
      int x0 = (t % tilesX) * TILE_X, x1 = Math.min(nx, x0 + TILE_X);
      int y0 = (t / tilesX) * TILE_Y, y1 = Math.min(ny, y0 + TILE_Y);
      int tx = x1 - x0;
      float[] sum = new float[tx * (y1 - y0) * nz]; // [y][x][z] of the tile
      ColumnWalk walk = new ColumnWalk(p, height, width, nz);
      for (int v = 0; v < views; v++) {
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            if (walk.aim(m, v, x, y)) {
              walk.add(p.data, sum, ((y - y0) * tx + x - x0) * nz, walk.z0, walk.z1);
            }
          }
        }
      }
      // back into the volume slice by slice: whole cache lines of it, not one float per slice
      for (int z = 0; z < nz; z++) {
        for (int y = y0; y < y1; y++) {
          int from = (y - y0) * tx * nz + z, out = nx * (y + ny * z);
          for (int x = x0; x < x1; x++, from += nz) vol[out + x] += sum[from];
        }
      }
    });
  }

  static final int TILE_X = 16, TILE_Y = 16;

  private static float at(float[] img, int base, int r, int c, int height, int width) {
    return r < 0 || c < 0 || r >= height || c >= width ? 0f : img[base + r * width + c];
  }
}
