package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.ProjectionMatrix;
import sc.fiji.diffdrr.geometry.View;

/**
 * 3×4 projection matrices ({@link ProjectionMatrix}: world mm → pixel column, row), three lines of
 * four numbers per view, views separated by blank lines; a file may hold one view or many.
 */
public final class MatrixFiles {

  private MatrixFiles() {}

  public static List<double[][]> readMatrices(Path file) throws IOException {
    List<double[][]> out = new ArrayList<>();
    List<GeometryText.Line> rows = new ArrayList<>();
    List<GeometryText.Line> lines = GeometryText.dataLines(GeometryText.lines(file));
    lines.add(null);
    for (GeometryText.Line line : lines) {
      if (line != null) {
        rows.add(line);
        continue;
      }
      if (rows.isEmpty()) continue;
      if (rows.size() != 3) {
        throw new IOException(file + " line " + rows.get(0).number + ": a projection matrix needs "
            + "3 rows of 4 numbers, found " + rows.size() + " row(s) before the next blank line");
      }
      double[][] p = new double[3][];
      for (int r = 0; r < 3; r++) {
        p[r] = GeometryText.numbers(file, rows.get(r), 4, GeometryText.names("P" + (r + 1), 4));
      }
      out.add(p);
      rows.clear();
    }
    if (out.isEmpty()) throw new IOException(file + ": no projection matrices (3 rows of 4 numbers)");
    return out;
  }

  public static List<View> read(Path file, int height, int width, double delx) throws IOException {
    List<View> views = new ArrayList<>();
    int k = 0;
    for (double[][] p : readMatrices(file)) {
      k++;
      try {
        views.add(ProjectionMatrix.toView(p, height, width, delx));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ", matrix " + k + ": " + e.getMessage());
      }
    }
    return views;
  }

  public static String text(List<View> views) {
    StringBuilder b = new StringBuilder("# projection matrices written by DiffDRR for Fiji: world mm"
        + " -> (column, row, 1)·w, pixel centres at whole numbers, w > 0 in front of the source\n");
    for (View v : views) {
      double[][] p = ProjectionMatrix.of(v);
      for (double[] row : p) b.append(GeometryText.join(row)).append('\n');
      b.append('\n');
    }
    return b.toString();
  }
}
