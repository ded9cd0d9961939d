package sc.fiji.diffdrr.io;

import sc.fiji.diffdrr.Require;

/**
 * N projection images of W×H pixels in one array: image k's pixel (row i, column j) at
 * k·H·W + i·W + j, row 0 at the top (DiffDRR's layout). Pixel size (delx, dely) in mm.
 */
public final class ProjectionStack {

  public final float[] data;
  public final int width;
  public final int height;
  public final int count;
  public final double delx;
  public final double dely;
  /**
   * Whether delx and dely are the file's own (MetaImage ElementSpacing, TIFF calibration), so an
   * option that gives them too must agree; false where a format carries none (PFM) or the stack
   * was made in memory.
   */
  public final boolean spacingFromFile;

  /** Wraps data without copying; values must be finite. */
  public ProjectionStack(float[] data, int width, int height, int count, double delx,
      double dely) {
    this(data, width, height, count, delx, dely, false);
  }

  /** As above, saying whether the pixel size is the file's own. */
  public ProjectionStack(float[] data, int width, int height, int count, double delx,
      double dely, boolean spacingFromFile) {
    this.spacingFromFile = spacingFromFile;
    this.width = Require.inRange("image width", width, 1, Integer.MAX_VALUE);
    this.height = Require.inRange("image height", height, 1, Integer.MAX_VALUE);
    this.count = Require.inRange("image count", count, 1, Integer.MAX_VALUE);
    this.delx = Require.positive("delx", delx, "mm");
    this.dely = Require.positive("dely", dely, "mm");
    long n = (long) width * height * count;
    if (data == null || data.length != n) {
      throw new IllegalArgumentException("projection data has " + (data == null ? 0 : data.length)
          + " values but " + count + " images of " + width + "×" + height + " need " + n);
    }
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IllegalArgumentException("projection image " + (i / (width * height) + 1)
            + " has a NaN or infinite pixel (row " + (i % (width * height)) / width + ", column "
            + i % width + "); values must be finite");
      }
    }
    this.data = data;
  }

  public int pixelsPerImage() {
    return width * height;
  }
}
