package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Numbers on the lines of a text geometry file, with errors that name the file, the line and the
 * field. Separators: whitespace or commas; {@code #} starts a comment.
 */
final class GeometryText {

  private static final Pattern SPLIT = Pattern.compile("[\\s,]+");

  /** One non-blank line: its number (1-based), its fields and its comment-free text. */
  static final class Line {
    final int number;
    final String[] fields;
    final String text;

    Line(int number, String[] fields, String text) {
      this.number = number;
      this.fields = fields;
      this.text = text;
    }
  }

  private GeometryText() {}

  static List<String> lines(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IOException("geometry file not found: " + file);
    }
  }

  /** The lines with data (comments stripped); blank lines are kept as null entries. */
  static List<Line> dataLines(List<String> raw) {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String t = raw.get(i);
      int hash = t.indexOf('#');
      if (hash >= 0) t = t.substring(0, hash);
      t = t.trim();
      out.add(t.isEmpty() ? null : new Line(i + 1, SPLIT.split(t), t));
    }
    return out;
  }

  /** All comments of a file, lower case (for format hints). */
  static String comments(List<String> raw) {
    StringBuilder b = new StringBuilder();
    for (String t : raw) {
      int hash = t.indexOf('#');
      if (hash >= 0) b.append(t.substring(hash + 1).toLowerCase(Locale.ROOT)).append('\n');
    }
    return b.toString();
  }

  static double[] numbers(Path file, Line line, int count, String[] names) throws IOException {
    if (line.fields.length != count) {
      throw new IOException(file + " line " + line.number + ": expected " + count
          + " numbers, found " + line.fields.length + " ('" + abbreviate(line.text) + "')");
    }
    double[] v = new double[count];
    for (int k = 0; k < count; k++) v[k] = number(file, line.number, names[k], line.fields[k]);
    return v;
  }

  static double number(Path file, int line, String field, String text) throws IOException {
    try {
      double d = Double.parseDouble(text);
      if (Double.isFinite(d) && !text.matches(".*[a-df-zA-DF-Z].*")) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(file + " line " + line + ": field " + field + " is not a finite number: '"
        + abbreviate(text) + "'");
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Numbers formatted so that they read back exactly (Java's shortest round-trip form). */
  static String join(double... v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) b.append(' ');
      b.append(v[i] == 0 ? "0" : Double.toString(v[i]));
    }
    return b.toString();
  }

  static String[] names(String prefix, int count) {
    String[] n = new String[count];
    for (int i = 0; i < count; i++) n[i] = prefix + (i + 1);
    return n;
  }
}
