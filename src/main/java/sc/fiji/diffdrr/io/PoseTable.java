package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;

/**
 * Pose tables: CSV files of camera poses, one per line, under the header
 * {@value #HEADER}.
 *
 * <ul>
 * <li>{@code rx_deg, ry_deg, rz_deg}: rotations <b>about the x, y and z axes</b>, in degrees. They
 * are composed in the order of an Euler convention: for the default "ZXY",
 * R = Rz(rz)·Rx(rx)·Ry(ry) (PyTorch3D/DiffDRR semantics, so DiffDRR's
 * {@code rotation=[α, β, γ]} with "ZXY" is rz = α, rx = β, ry = γ). Only Tait–Bryan conventions
 * (three distinct axes) name each axis once, so only they are allowed.</li>
 * <li>{@code tx_mm, ty_mm, tz_mm}: DiffDRR's translation t in mm. The pose is
 * {@code Pose.of(R, tx, ty, tz)} = [R | R·t]: the X-ray source sits at R·t, and t = (0, 850, 0)
 * with R = I puts it 850 mm along +y.</li>
 * </ul>
 * Blank lines and lines starting with {@code #} are skipped; values may be surrounded by spaces.
 * Errors name the file, the line and the column.
 */
public final class PoseTable {

  public static final String HEADER = "rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm";
  public static final String DEFAULT_CONVENTION = "ZXY";

  private static final String[] COLUMNS = HEADER.split(",");
  /** A plain decimal number; Double.parseDouble alone would also take "1f", "0x1p3" and "NaN". */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  /** Decimals written: angles to 1e-10 degrees, translations to 1e-10 mm. */
  private static final int DECIMALS = 10;

  private PoseTable() {}

  /** Reads the poses of a table, composing angles in the given Tait–Bryan convention. */
  public static List<Pose> read(Path file, String convention) throws IOException {
    String c = taitBryan(convention);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("pose table not found: " + file);
    }
    List<Pose> poses = new ArrayList<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String where = file + " line " + (i + 1);
      if (!header) {
        if (!t.replace(" ", "").equals(HEADER)) {
          throw new IOException(where + ": pose table header must be " + HEADER + ", got '"
              + abbreviate(t) + "'");
        }
        header = true;
        continue;
      }
      poses.add(parseLine(t, where, c));
    }
    if (!header) {
      throw new IOException(file + ": pose table header must be " + HEADER + ", got an empty file");
    }
    if (poses.isEmpty()) throw new IOException(file + ": the pose table has no poses");
    return poses;
  }

  /** Writes poses, their angles in the given Tait–Bryan convention; round-trips to ~1e-10. */
  public static void write(Path file, List<Pose> poses, String convention) throws IOException {
    String c = taitBryan(convention);
    if (poses == null || poses.isEmpty()) {
      throw new IllegalArgumentException("pose table needs at least one pose");
    }
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Pose p : poses) {
      double[] angles = p.eulerAngles(c);
      double[] slot = new double[3];
      for (int k = 0; k < 3; k++) slot[c.charAt(k) - 'X'] = Math.toDegrees(angles[k]);
      double[] t = p.translation();
      b.append(format(slot[0])).append(',').append(format(slot[1])).append(',')
          .append(format(slot[2])).append(',').append(format(t[0])).append(',')
          .append(format(t[1])).append(',').append(format(t[2])).append('\n');
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(file, out -> out.write(bytes));
  }

  private static Pose parseLine(String line, String where, String convention) throws IOException {
    String[] parts = line.split(",", -1);
    if (parts.length != COLUMNS.length) {
      throw new IOException(where + ": expected " + COLUMNS.length + " values (" + HEADER
          + "), got " + parts.length);
    }
    double[] v = new double[COLUMNS.length];
    for (int k = 0; k < parts.length; k++) {
      String s = parts[k].trim();
      String column = "column " + (k + 1) + " (" + COLUMNS[k] + ")";
      if (!NUMBER.matcher(s).matches()) {
        throw new IOException(where + ", " + column + ": must be a finite number, got '"
            + abbreviate(s) + "'");
      }
      v[k] = Double.parseDouble(s);
      if (!Double.isFinite(v[k])) {
        throw new IOException(where + ", " + column + ": must be a finite number, got '" + s + "'");
      }
    }
    // Angles go to the Euler order of the convention: for "ZXY", (rz, rx, ry).
    double[] a = new double[3];
    for (int k = 0; k < 3; k++) a[k] = Math.toRadians(v[convention.charAt(k) - 'X']);
    return Pose.of(Rotations.euler(convention, a[0], a[1], a[2]), v[3], v[4], v[5]);
  }

  private static String taitBryan(String convention) {
    String c = Rotations.convention(convention);
    if (!Rotations.isTaitBryan(c)) {
      throw new IllegalArgumentException("pose table convention must be Tait–Bryan (three "
          + "distinct axes: XYZ, XZY, YXZ, YZX, ZXY, ZYX), got '" + convention + "'");
    }
    return c;
  }

  private static String format(double v) {
    String s = BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
