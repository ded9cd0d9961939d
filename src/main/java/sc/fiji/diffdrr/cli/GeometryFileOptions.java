package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.GeometryFiles;
import sc.fiji.diffdrr.io.GeometryFormat;
import sc.fiji.diffdrr.io.PoseTable;

/**
 * Views from a geometry file, as every command that takes views spells it: --geometry
 * FILE|DIR|GLOB [--geometry-format auto|poses|astra|matrices|plastimatch|rtk|dicom]; and the
 * writer of simulate, --geometry-out FILE. A pose table given this way is read by
 * {@link GeometryOptions} (it needs the detector options), so {@link #parse} returns null for it.
 */
final class GeometryFileOptions {

  static final String USAGE =
      "  geometry:  [--geometry FILE|DIR|GLOB] views from a file instead of poses:\n"
    + "             [--geometry-format auto|poses|astra|matrices|plastimatch|rtk|dicom (auto)];\n"
    + "             astra, matrices and rtk need --height/--width (or images), matrices and rtk\n"
    + "             --delx [--dely]; --sdd is not needed (README: Real data)\n";
  static final String OUT_USAGE =
      "             [--geometry-out FILE]: the views as poses (.csv), astra, matrices or rtk\n"
    + "             (--geometry-format, else by extension: .csv poses, .xml rtk, .vec astra,\n"
    + "             else matrices)\n";

  static final List<Option> OPTIONS = Option.list(
      Option.fileOrGlob("geometry", "views from a geometry file, folder or glob"),
      Option.choice("geometry-format", "the geometry file's format", "auto", "poses", "astra",
          "matrices", "plastimatch", "rtk", "dicom"));
  static final Option OUT = Option.fileOut("geometry-out", "write the views (poses .csv, rtk .xml, "
      + "astra .vec, else matrices)");

  final List<View> views;
  final GeometryFormat format;
  final String spec;

  private GeometryFileOptions(List<View> views, GeometryFormat format, String spec) {
    this.views = views;
    this.format = format;
    this.spec = spec;
  }

  /** The format --geometry uses (null without --geometry). */
  static GeometryFormat inputFormat(Args a) throws IOException {
    String spec = a.string("geometry", null);
    if (spec == null) return null;
    GeometryFormat f = GeometryFormat.parse(a.string("geometry-format", "auto"));
    return f == GeometryFormat.AUTO ? GeometryFiles.detect(GeometryFiles.resolve(spec)) : f;
  }

  /** The pose table --geometry names when its format is poses, else null. */
  static Path poseTable(Args a) throws IOException {
    return inputFormat(a) == GeometryFormat.POSES ? a.path("geometry") : null;
  }

  /**
   * The views of --geometry; null without it or for a pose table.
   *
   * @param imageHeight, imageWidth the size of the projection images (0: --height/--width)
   */
  static GeometryFileOptions parse(Args a, int imageHeight, int imageWidth) throws IOException {
    return parse(a, imageHeight, imageWidth, Double.NaN, Double.NaN);
  }

  /** As above; delx, dely the pixel size the images give (NaN: --delx, --dely). */
  static GeometryFileOptions parse(Args a, int imageHeight, int imageWidth, double pixelX,
      double pixelY) throws IOException {
    GeometryFormat f = inputFormat(a);
    if (f == null || f == GeometryFormat.POSES) return null;
    String spec = a.string("geometry", null);
    int h = imageHeight > 0 ? imageHeight : a.has("height") ? a.requiredInteger("height") : 0;
    int w = imageWidth > 0 ? imageWidth : a.has("width") ? a.requiredInteger("width") : h;
    double delx = !Double.isNaN(pixelX) ? pixelX : a.has("delx") ? a.requiredNumber("delx") : 0;
    double dely = !Double.isNaN(pixelY) ? pixelY : a.has("dely") ? a.requiredNumber("dely") : delx;
    GeometryFiles.Detector detector = new GeometryFiles.Detector(h, w, delx, dely);
    List<View> views = InputFiles.read("geometry", spec,
        () -> GeometryFiles.read(GeometryFiles.resolve(spec), f, detector));
    View first = views.get(0);
    for (View v : views) {
      if (v.height != first.height || v.width != first.width) {
        throw new IllegalArgumentException("--geometry " + spec + ": all views need one detector "
            + "size; " + first.height + "×" + first.width + " and " + v.height + "×" + v.width
            + " differ");
      }
    }
    return new GeometryFileOptions(views, f, spec);
  }

  int height() {
    return views.get(0).height;
  }

  int width() {
    return views.get(0).width;
  }

  /** Pixel pitch of the first view, mm (for the images' calibration). */
  double delx() {
    return views.get(0).pixelWidth();
  }

  double dely() {
    return views.get(0).pixelHeight();
  }

  String describe() {
    return views.size() + " view" + (views.size() == 1 ? "" : "s") + " from " + spec + " ("
        + format.label() + (views.get(0).isParallel() ? ", parallel beam" : "") + ")";
  }

  /** The --geometry-out path (checked before any work), or null. */
  static Path outPath(Args a) {
    return a.path("geometry-out");
  }

  static GeometryFormat outFormat(Args a, Path out) {
    String given = a.string("geometry-format", "auto");
    GeometryFormat f = GeometryFormat.parse(given);
    if (f != GeometryFormat.AUTO) {
      if (f == GeometryFormat.PLASTIMATCH || f == GeometryFormat.DICOM) {
        throw new IllegalArgumentException("--geometry-out writes poses, astra, matrices or rtk, "
            + "not " + f.label());
      }
      return f;
    }
    String n = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) return GeometryFormat.POSES;
    if (n.endsWith(".xml")) return GeometryFormat.RTK;
    if (n.endsWith(".vec") || n.endsWith(".astra")) return GeometryFormat.ASTRA;
    return GeometryFormat.MATRICES;
  }

  /**
   * The --geometry-out writer, prepared before any work so that a geometry the format cannot
   * describe fails before an output file exists; null without --geometry-out.
   */
  static Writer writer(Args a, List<View> views, List<Pose> poses, String convention) {
    Path out = outPath(a);
    if (out == null) return null;
    GeometryFormat f = outFormat(a, out);
    if (f == GeometryFormat.POSES) {
      if (poses == null) {
        throw new IllegalArgumentException("--geometry-out " + out.getFileName() + ": a pose table "
            + "can only be written for views built from poses; use astra, matrices or rtk");
      }
      return new Writer(out, f, null, poses, convention);
    }
    try {
      return new Writer(out, f, GeometryFiles.text(f, views), null, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--geometry-out " + out.getFileName() + " ("
          + f.label() + "): " + e.getMessage());
    }
  }

  /** A prepared geometry file. */
  static final class Writer {
    final Path out;
    final GeometryFormat format;
    private final String text;
    private final List<Pose> poses;
    private final String convention;

    private Writer(Path out, GeometryFormat format, String text, List<Pose> poses,
        String convention) {
      this.out = out;
      this.format = format;
      this.text = text;
      this.poses = poses;
      this.convention = convention;
    }

    void write() throws IOException {
      if (poses != null) PoseTable.write(out, poses, convention);
      else GeometryFiles.writeText(out, text);
    }
  }
}
