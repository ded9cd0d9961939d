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

  private static float at(float[] img, int base, int r, int c, int height, int width) {
    return r < 0 || c < 0 || r >= height || c >= width ? 0f : img[base + r * width + c];
  }
}
