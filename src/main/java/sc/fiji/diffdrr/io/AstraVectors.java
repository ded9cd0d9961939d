package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;

/**
 * ASTRA's vector geometries, one view per line of 12 numbers (whitespace or commas):
 * {@code cone_vec} (source, detector centre d, u, v) or {@code parallel3d_vec} (ray direction, d,
 * u, v), in mm. A comment naming {@code parallel3d_vec} marks a parallel file; otherwise it is
 * cone_vec. ASTRA's u is the step from detector pixel (0,0) to (0,1), one column, and v from (0,0)
 * to (1,0), one row; d is the centre of the detector. So our pixel (row i, column j) is ASTRA's
 * detector pixel (i, j), our origin is d − (W−1)/2·u − (H−1)/2·v, and our image row i is row i of
 * ASTRA's projection data (rows, angles, columns).
 */
public final class AstraVectors {

  static final String[] CONE = {"srcX", "srcY", "srcZ", "dX", "dY", "dZ", "uX", "uY", "uZ", "vX",
    "vY", "vZ"};
  static final String[] PARALLEL = {"rayX", "rayY", "rayZ", "dX", "dY", "dZ", "uX", "uY", "uZ",
    "vX", "vY", "vZ"};

  private AstraVectors() {}

  public static List<View> read(Path file, int height, int width) throws IOException {
    List<String> raw = GeometryText.lines(file);
    boolean parallel = GeometryText.comments(raw).contains("parallel3d_vec");
    List<View> views = new ArrayList<>();
    for (GeometryText.Line line : GeometryText.dataLines(raw)) {
      if (line == null) continue;
      double[] a = GeometryText.numbers(file, line, 12, parallel ? PARALLEL : CONE);
      double[] s = {a[0], a[1], a[2]};
      double[] u = {a[6], a[7], a[8]};
      double[] v = {a[9], a[10], a[11]};
      double[] o = new double[3];
      for (int k = 0; k < 3; k++) {
        o[k] = a[3 + k] - (width - 1) / 2.0 * u[k] - (height - 1) / 2.0 * v[k];
      }
      try {
        views.add(parallel ? View.parallel(s, o, u, v, height, width)
            : new View(s, o, u, v, height, width));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + line.number + ": " + e.getMessage());
      }
    }
    if (views.isEmpty()) throw new IOException(file + ": no views (expected lines of 12 numbers)");
    return views;
  }

  public static String text(List<View> views) {
    boolean parallel = views.get(0).isParallel();
    for (View v : views) {
      if (v.isParallel() != parallel) {
        throw new IllegalArgumentException("an ASTRA vector file holds cone or parallel views, not both");
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("# ASTRA ").append(parallel ? "parallel3d_vec" : "cone_vec")
        .append(" written by DiffDRR for Fiji, mm, one view per line: ")
        .append(String.join(" ", parallel ? PARALLEL : CONE)).append('\n');
    for (View view : views) {
      double[] a = view.toArray();
      double[] d = view.pixelCentre(0, 0);
      double[] u = view.columnStep();
      double[] v = view.rowStep();
      for (int k = 0; k < 3; k++) {
        d[k] += (view.width - 1) / 2.0 * u[k] + (view.height - 1) / 2.0 * v[k];
      }
      b.append(GeometryText.join(a[0], a[1], a[2], d[0], d[1], d[2], u[0], u[1], u[2], v[0], v[1],
          v[2])).append('\n');
    }
    return b.toString();
  }
}
