package sc.fiji.diffdrr.render;

/**
 * One view's samples down one (x, y) column of voxels for FDK's axial backprojector (rotation
 * about the grid's z axis): the detector column, its bilinear weight and FDK's 1/w² are those of
 * the whole column; only the row moves, by a constant step per slice. {@link #aim} sets them for a
 * view and a column, {@link #add} and {@link #addBoth} add the weighted samples of a range of
 * slices to a z-contiguous sum.
 */
final class ColumnWalk {

  private final PaddedColumns p;
  private final int height, width, nz;
  /** The slices whose row is on the panel, z0 ≤ z < z1. */
  int z0, z1;
  /** {@link PaddedColumns} index of the pair of detector columns at row −1. */
  private int base;
  /** The row + 1 at slice 0 (floor of row + 1 = the pair's row index) and its step per slice. */
  private float row1, step;
  private float fc, weight;

  ColumnWalk(PaddedColumns p, int height, int width, int nz) {
    this.p = p;
    this.height = height;
    this.width = width;
    this.nz = nz;
  }

  /**
   * Aims at voxel column (x, y) in view v (matrix at 12·v of m).
   *
   * @return false when no slice of the column projects onto the panel (or it is behind the source)
   */
  boolean aim(float[] m, int v, int x, int y) {
    int o = 12 * v;
    float w = m[o + 8] * x + m[o + 9] * y + m[o + 11];
    if (!(w > 0)) return false; // behind the source
    float inv = 1f / w;
    float c = (m[o] * x + m[o + 1] * y + m[o + 3]) * inv;
    if (!(c > -1f && c < width)) return false;
    int c0 = (int) (c + 1f) - 1; // floor, as c > −1
    fc = c - c0;
    weight = inv * inv;
    float row = (m[o + 4] * x + m[o + 5] * y + m[o + 7]) * inv;
    step = m[o + 6] * inv;
    // the slices whose row is in (−1, height), tested as the general path tests each voxel: an
    // interval, as the float row + z·step is monotone in z; the division only brackets it
    int lo = 0, hi = nz;
    if (step != 0) {
      float a = (-1f - row) / step, b = (height - row) / step;
      lo = Math.max(0, (int) Math.floor(Math.min(a, b)) - 1);
      hi = Math.min(nz, (int) Math.ceil(Math.max(a, b)) + 2);
    }
    while (lo < hi && !onPanel(row + lo * step)) lo++;
    while (hi > lo && !onPanel(row + (hi - 1) * step)) hi--;
    z0 = lo;
    z1 = hi;
    base = p.at(v, c0 + 1, -1);
    row1 = row + 1;
    return lo < hi;
  }

  private boolean onPanel(float row) {
    return row > -1f && row < height;
  }

  /**
   * sum[at + z] += this view's weighted sample of slice z, for from ≤ z < to. The row advances in
   * 32.32 fixed point: an integer add per slice instead of a float add, whose latency would chain
   * the iterations, and an exact floor by a shift (drift over a column: below 10⁻⁷ pixel).
   */
  void add(float[] d, float[] sum, int at, int from, int to) {
    int base = this.base;
    float fc = this.fc, weight = this.weight;
    long r = (long) ((double) (row1 + from * step) * ONE), s = (long) ((double) step * ONE);
    for (int z = from; z < to; z++, r += s) {
      int k = base + 2 * (int) (r >> 32); // floor(row + 1): the pair's row; ≥ −1 after any drift
      float fr = (r & 0xffffffffL) * (float) (1.0 / ONE);
      float left = d[k] + fr * (d[k + 2] - d[k]); // column c0
      float right = d[k + 1] + fr * (d[k + 3] - d[k + 1]); // column c0 + 1
      sum[at + z] += (left + fc * (right - left)) * weight;
    }
  }

  private static final double ONE = 4294967296.0; // 2³²
}
