package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffdrr.geometry.View;

/**
 * Geometry files in and out: {@code FILE}, {@code DIR} (its files, sorted by name) or {@code GLOB}
 * (a pattern in the last path element, e.g. {@code drr/*.txt}), in any {@link GeometryFormat} but
 * poses (the CLI reads pose tables with its detector options). {@code auto} decides by content:
 * a DICOM preamble → dicom; an {@code <RTKThreeDCircularGeometry>} root → rtk; a line
 * "Extrinsic" → plastimatch; a header with rx_deg → poses; lines of 12 numbers → astra, of 4 →
 * matrices.
 */
public final class GeometryFiles {

  /** What the files do not say: the detector size and pixel pitch (0 where unknown). */
  public static final class Detector {
    public final int height, width;
    public final double delx, dely;

    public Detector(int height, int width, double delx, double dely) {
      this.height = height;
      this.width = width;
      this.delx = delx;
      this.dely = dely;
    }
  }

  private GeometryFiles() {}

  /** The files a spec names, sorted; errors say what was not found. */
  public static List<Path> resolve(String spec) throws IOException {
    Path p = Paths.get(spec);
    String last = p.getFileName() == null ? "" : p.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (last.contains("*") || last.contains("?") || last.contains("[")) {
      Path dir = p.getParent() == null ? Paths.get(".") : p.getParent();
      if (!Files.isDirectory(dir)) throw new IOException("--geometry " + spec + ": folder not found: " + dir);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + last);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path f : ds) {
          if (Files.isRegularFile(f) && m.matches(f.getFileName())) out.add(f);
        }
      }
      if (out.isEmpty()) throw new IOException("--geometry " + spec + ": no file matches");
    } else if (Files.isDirectory(p)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        for (Path f : ds) {
          if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) out.add(f);
        }
      }
      if (out.isEmpty()) throw new IOException("--geometry " + spec + ": the folder is empty");
    } else if (Files.isRegularFile(p)) {
      out.add(p);
    } else {
      throw new IOException("geometry file not found: " + spec);
    }
    Collections.sort(out);
    return out;
  }

  /** The format of the files by content. */
  public static GeometryFormat detect(List<Path> files) throws IOException {
    GeometryFormat found = null;
    for (Path f : files) {
      GeometryFormat g = detect(f);
      if (g == null) continue;
      if (found == null) found = g;
      // a folder of plastimatch output also holds its images: the .txt files decide
      if (g == GeometryFormat.PLASTIMATCH) return g;
    }
    if (found == null) {
      throw new IOException(files.get(0) + (files.size() > 1 ? " (and " + (files.size() - 1)
          + " more)" : "") + ": cannot tell the geometry format; give --geometry-format "
          + "poses|astra|matrices|plastimatch|rtk|dicom");
    }
    return found;
  }

  private static GeometryFormat detect(Path f) throws IOException {
    byte[] head = new byte[Math.min(4096, (int) Math.min(Integer.MAX_VALUE, Files.size(f)))];
    try (java.io.InputStream in = Files.newInputStream(f)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n < head.length) head = java.util.Arrays.copyOf(head, n);
    }
    if (head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C'
        && head[131] == 'M') {
      return GeometryFormat.DICOM;
    }
    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".pfm") || name.endsWith(".mha") || name.endsWith(".tif")
        || name.endsWith(".raw") || name.endsWith(".pgm")) {
      return null;
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (text.contains("<" + RtkXml.ROOT)) return GeometryFormat.RTK;
    if (text.contains("Extrinsic")) return GeometryFormat.PLASTIMATCH;
    if (text.contains("rx_deg")) return GeometryFormat.POSES;
    for (GeometryText.Line l : GeometryText.dataLines(List.of(text.split("\n", -1)))) {
      if (l == null) continue;
      if (l.fields.length == 12) return GeometryFormat.ASTRA;
      if (l.fields.length == 4) return GeometryFormat.MATRICES;
      break;
    }
    return null;
  }

  /**
   * The views of the files, in order (several files: their views one after the other).
   *
   * @throws IOException naming the file, line and field of what does not parse, or the missing
   *     detector size
   */
  public static List<View> read(List<Path> files, GeometryFormat format, Detector d)
      throws IOException {
    List<View> views = new ArrayList<>();
    if (format == GeometryFormat.PLASTIMATCH || format == GeometryFormat.DICOM) {
      for (Path f : files) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (format == GeometryFormat.PLASTIMATCH) {
          if (n.endsWith(".txt") || files.size() == 1) views.add(PlastimatchGeometry.read(f, d.height, d.width));
        } else {
          views.addAll(DicomXray.read(f).views);
        }
      }
      if (views.isEmpty()) throw new IOException(files.get(0).getParent() + ": no plastimatch .txt geometry files");
      return views;
    }
    for (Path f : files) {
      switch (format) {
        case ASTRA:
          need(d, f, false);
          views.addAll(AstraVectors.read(f, d.height, d.width));
          break;
        case MATRICES:
          need(d, f, true);
          views.addAll(MatrixFiles.read(f, d.height, d.width, d.delx));
          break;
        case RTK:
          need(d, f, true);
          views.addAll(RtkXml.read(f, d.height, d.width, d.delx, d.dely > 0 ? d.dely : d.delx));
          break;
        default:
          throw new IllegalArgumentException("geometry format " + format.label()
              + " is not read here");
      }
    }
    return views;
  }

  private static void need(Detector d, Path f, boolean pitch) {
    if (d.height < 1 || d.width < 1) {
      throw new IllegalArgumentException(f.getFileName() + " does not give the detector size: give "
          + "--height PX (and --width PX), or projection images");
    }
    if (pitch && !(d.delx > 0)) {
      throw new IllegalArgumentException(f.getFileName() + " does not give the pixel size: give "
          + "--delx MM (and --dely MM)");
    }
  }

  /**
   * The text of views as astra, matrices or rtk; an IllegalArgumentException when the format
   * cannot describe them (so callers check before writing anything).
   */
  public static String text(GeometryFormat format, List<View> views) {
    switch (format) {
      case ASTRA: return AstraVectors.text(views);
      case MATRICES: return MatrixFiles.text(views);
      case RTK: return RtkXml.text(views);
      default:
        throw new IllegalArgumentException("--geometry-format " + format.label() + " cannot be "
            + "written by this writer; use poses, astra, matrices or rtk");
    }
  }

  /** Writes views as astra, matrices or rtk, through {@link AtomicFile}. */
  public static void write(Path file, GeometryFormat format, List<View> views) throws IOException {
    writeText(file, text(format, views));
  }

  public static void writeText(Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(file, o -> o.write(bytes));
  }
}
