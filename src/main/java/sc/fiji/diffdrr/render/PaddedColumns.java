package sc.fiji.diffdrr.render;

/**
 * Filtered projections rearranged for FDK's axial backprojector. Along a voxel's z column only the
 * detector row changes, so its bilinear samples walk down one pair of neighbouring detector
 * columns: each view is stored as such pairs, row by row, the two columns' values side by side
 * (pair q, row r: column q then column q + 1, then the same for row r + 1), so that one sample's
 * four values are four consecutive floats. A border of zeros one pixel wide on all four sides makes
 * every sample with row in (−1, height) and column in (−1, width) such a plain read with no edge
 * branch, with the same value as treating pixels off the panel as 0.
 */
final class PaddedColumns {

  /** Floats per column pair (2·(height + 2)) and per view ((width + 1) pairs). */
  final int pairStride, viewStride;
  final float[] data;

  private PaddedColumns(int height, int width, int views) {
    pairStride = 2 * (height + 2);
    viewStride = pairStride * (width + 1);
    // slack before and after: a row that rounding puts a hair before the first or past the last
    // one reads zeros, not outside the array
    data = new float[SLACK + views * viewStride + SLACK];
  }

  /** The {@code views} row-major height×width images of {@code img}, paired and padded. */
  static PaddedColumns of(float[] img, int views, int height, int width, Parallel parallel) {
    PaddedColumns p = new PaddedColumns(height, width, views);
    int pixels = height * width;
    parallel.forEach(views, v -> {
      int src = v * pixels;
      for (int r = 0; r < height; r++) {
        for (int c = 0; c < width; c++) {
          float value = img[src + r * width + c];
          // pixel (r, c) is the right member of pair c and the left member of pair c + 1
          p.data[p.at(v, c, r) + 1] = value;
          p.data[p.at(v, c + 1, r)] = value;
        }
      }
    });
    return p;
  }

  /**
   * Index of pair q (padded columns q − 1 and q, q ∈ [0, width]) of view v at row r ∈ [−1,
   * height]: the four values of a sample with floor(column) = q − 1 and floor(row) = r.
   */
  int at(int v, int q, int r) {
    return SLACK + v * viewStride + q * pairStride + 2 * (r + 1);
  }

  private static final int SLACK = 4;
}
