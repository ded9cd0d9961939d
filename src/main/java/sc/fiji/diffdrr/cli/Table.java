package sc.fiji.diffdrr.cli;

import java.util.List;

/** Plain-text tables with aligned columns: text left, numbers right. */
final class Table {

  private Table() {}

  static String format(List<String[]> rows) {
    int columns = 0;
    for (String[] r : rows) columns = Math.max(columns, r.length);
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        boolean number = !r[c].isEmpty() && (Character.isDigit(r[c].charAt(0)) || r[c].charAt(0) == '-');
        String pad = " ".repeat(width[c] - r[c].length());
        b.append(c == 0 ? "" : "  ").append(number ? pad + r[c] : r[c] + (c == r.length - 1 ? "" : pad));
      }
      b.append('\n');
    }
    return b.toString();
  }
}
