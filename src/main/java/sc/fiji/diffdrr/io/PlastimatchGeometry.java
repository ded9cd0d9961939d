package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;

/**
 * The per-view {@code .txt} file that {@code plastimatch drr} writes beside each image (checked
 * against plastimatch 1.9.4): the image centre (ic_col ic_row, pixels), the 3×4 matrix P, SAD,
 * SID, the detector normal, then "Extrinsic" (4×4) and "Intrinsic" (3×4), which P already holds.
 * P maps a world point (mm) to (a, b, w) with w = 1 on the detector; the pixel is column
 * ic_col + a/w and row ic_row + b/w, counted in the order plastimatch stores the PFM rows, which is
 * bottom to top. Our PFM reader puts row 0 at the top ({@link Pfm}), so our pixel (row i,
 * column j) is plastimatch's (column j, row H − 1 − i): it lies at C + M⁻¹·(j − ic_col,
 * H − 1 − i − ic_row, 1), C being the source (P's null space).
 *
 * <p>plastimatch's DRR values are Σ value × length in cm (a 100 mm chord through 0.01 gives 0.1):
 * multiply them by 10 for ours (mm).
 */
public final class PlastimatchGeometry {

  /** plastimatch's DRR unit (cm) in ours (mm). */
  public static final double MM_PER_UNIT = 10;

  private PlastimatchGeometry() {}

  /** @param height, width the image size, or 0 for plastimatch's default (2·ic + 1) */
  public static View read(Path file, int height, int width) throws IOException {
    List<GeometryText.Line> lines = GeometryText.dataLines(GeometryText.lines(file));
    lines.removeIf(l -> l == null);
    if (lines.size() < 7) {
      throw new IOException(file + ": a plastimatch geometry file has at least 7 lines (image "
          + "centre, 3 matrix rows, SAD, SID, normal), found " + lines.size());
    }
    double[] ic = GeometryText.numbers(file, lines.get(0), 2, new String[] {"ic_col", "ic_row"});
    double[][] p = new double[3][];
    for (int r = 0; r < 3; r++) {
      p[r] = GeometryText.numbers(file, lines.get(1 + r), 4, GeometryText.names("P" + (r + 1), 4));
    }
    GeometryText.numbers(file, lines.get(4), 1, new String[] {"SAD"});
    GeometryText.numbers(file, lines.get(5), 1, new String[] {"SID"});
    int w = width > 0 ? width : (int) Math.round(2 * ic[0] + 1);
    int h = height > 0 ? height : (int) Math.round(2 * ic[1] + 1);
    if (w < 1 || h < 1) {
      throw new IOException(file + " line " + lines.get(0).number + ": image centre " + ic[0] + " "
          + ic[1] + " gives no image size; give --height and --width");
    }
    double[][] m = {{p[0][0], p[0][1], p[0][2]}, {p[1][0], p[1][1], p[1][2]},
      {p[2][0], p[2][1], p[2][2]}};
    double[][] minv;
    try {
      minv = inverse(m);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": singular matrix (lines " + lines.get(1).number + "–"
          + lines.get(3).number + "): its left 3×3 has no inverse, so there is no source point");
    }
    double[] c = new double[3];
    for (int r = 0; r < 3; r++) {
      c[r] = -(minv[r][0] * p[0][3] + minv[r][1] * p[1][3] + minv[r][2] * p[2][3]);
    }
    double[] origin = new double[3], u = new double[3], v = new double[3];
    double a0 = -ic[0], b0 = h - 1 - ic[1];
    for (int r = 0; r < 3; r++) {
      origin[r] = c[r] + minv[r][0] * a0 + minv[r][1] * b0 + minv[r][2];
      u[r] = minv[r][0];
      v[r] = -minv[r][1];
    }
    return new View(c, origin, u, v, h, w);
  }

  private static double[][] inverse(double[][] a) {
    double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
        - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
        + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    double scale = 1;
    for (double[] row : a) scale *= Math.sqrt(row[0] * row[0] + row[1] * row[1] + row[2] * row[2]);
    if (!(Math.abs(det) > 1e-12 * scale)) throw new IllegalArgumentException("singular");
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
        r[i][j] = (a[i1][j1] * a[i2][j2] - a[i1][j2] * a[i2][j1]) / det;
      }
    }
    return r;
  }
}
