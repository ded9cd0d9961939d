package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.PoseTable;

/**
 * The detector and the poses, as every command spells them: --sdd --height --width --delx --dely
 * --x0 --y0 --orientation --convention, then poses from --rotation/--translation pairs, a --poses
 * table or an orbit (--views --arc --start --sad).
 */
final class GeometryOptions {

  static final String USAGE =
      "  detector:  --sdd MM --height PX [--width PX (= height)] --delx MM [--dely MM (= delx)]\n"
    + "             [--x0 MM] [--y0 MM] [--orientation AP|PA|none (AP)] [--convention ZXY]\n";
  static final String POSE_USAGE =
      "  poses:     [--rotation A,B,C (degrees, in convention order; 0,0,0)]\n"
    + "             [--translation X,Y,Z (mm, DiffDRR's t; 0,850,0)], repeat both for a stack,\n"
    + "             or --poses FILE.csv (rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm)\n";
  static final String ORBIT_USAGE =
      "  orbit:     --views N [--arc DEG (360)] [--start DEG (0)] --sad MM   (about the z axis)\n";

  static final List<Option> DETECTOR = Option.list(
      Option.positive("sdd", Detector.MAX_SDD_MM, "mm", "source to detector distance"),
      Option.integer("height", 1, Detector.MAX_PIXELS_PER_SIDE, "detector rows"),
      Option.integer("width", 1, Detector.MAX_PIXELS_PER_SIDE, "detector columns"),
      Option.positive("delx", 1e4, "mm", "pixel width"),
      Option.positive("dely", 1e4, "mm", "pixel height"),
      Option.number("x0", -1e6, 1e6, "mm", "principal point offset along a row"),
      Option.number("y0", -1e6, 1e6, "mm", "principal point offset along a column"),
      Option.choice("orientation", "camera reorientation", "AP", "PA", "none"),
      Option.choice("convention", "Euler convention of rotations", Rotations.CONVENTIONS));
  static final List<Option> POSES = Option.list(
      Option.numbers("rotation", 3, -1e6, 1e6, false, "degrees", "A,B,C in convention order")
          .repeatable(),
      Option.numbers("translation", 3, -1e7, 1e7, false, "mm", "X,Y,Z, DiffDRR's t").repeatable(),
      Option.fileIn("poses", false, "pose table rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm", "csv"));
  static final List<Option> ORBIT = Option.list(
      Option.integer("views", 1, 100_000, "views on the orbit"),
      Option.number("arc", -360, 360, "degrees", "orbit arc"),
      Option.number("start", -36_000, 36_000, "degrees", "angle of the first view"),
      Option.positive("sad", 1e6, "mm", "source to isocentre distance"));

  final Detector detector;
  final Orientation orientation;
  final String convention;
  final List<Pose> poses;

  private GeometryOptions(Detector detector, Orientation orientation, String convention,
      List<Pose> poses) {
    this.detector = detector;
    this.orientation = orientation;
    this.convention = convention;
    this.poses = poses;
  }

  /**
   * @param imageHeight, imageWidth the detector size when it comes from images (0 = from options)
   * @param orbitAllowed whether --views/--sad may define the poses
   */
  static GeometryOptions parse(Args a, int imageHeight, int imageWidth, boolean orbitAllowed)
      throws IOException {
    return parse(a, imageHeight, imageWidth, orbitAllowed, Double.NaN, Double.NaN, 0);
  }

  /**
   * @param delx, dely the pixel size when the images give it (already reconciled with --delx and
   *        --dely by {@link MetadataRule}); NaN: from the options
   * @param views the orbit's number of views when the images give it (0: --views is required)
   */
  static GeometryOptions parse(Args a, int imageHeight, int imageWidth, boolean orbitAllowed,
      double delx, double dely, int views) throws IOException {
    GeometryOptions d = detectorOnly(a, imageHeight, imageWidth, delx, dely);
    return new GeometryOptions(d.detector, d.orientation, d.convention,
        poses(a, d.convention, orbitAllowed, views));
  }

  /** The detector, orientation and convention, for a command whose poses come another way. */
  static GeometryOptions detectorOnly(Args a, int imageHeight, int imageWidth) {
    return detectorOnly(a, imageHeight, imageWidth, Double.NaN, Double.NaN);
  }

  private static GeometryOptions detectorOnly(Args a, int imageHeight, int imageWidth,
      double delx, double dely) {
    int height = imageHeight > 0 ? checkSize(a, "height", imageHeight) : a.requiredInteger("height");
    int width = imageWidth > 0 ? checkSize(a, "width", imageWidth) : a.integer("width", height);
    double dx = Double.isNaN(delx) ? a.requiredNumber("delx") : delx;
    double dy = Double.isNaN(dely) ? a.number("dely", dx) : dely;
    Detector detector = new Detector(a.requiredNumber("sdd"), height, width, dx, dy,
        a.number("x0", 0), a.number("y0", 0), true);
    Orientation orientation = Orientation.parse(a.string("orientation", "AP"));
    String convention = Rotations.convention(a.string("convention", "ZXY"));
    return new GeometryOptions(detector, orientation, convention, List.of());
  }

  /** A size that comes from the images may be repeated on the command line, but must agree. */
  private static int checkSize(Args a, String name, int fromImages) {
    if (a.has(name) && a.requiredInteger(name) != fromImages) {
      throw new IllegalArgumentException("--" + name + " " + a.requiredInteger(name)
          + " does not match the projection images, which are " + fromImages + " pixels " + name
          + " (the detector size comes from the images)");
    }
    return fromImages;
  }

  private static List<Pose> poses(Args a, String convention, boolean orbitAllowed, int views)
      throws IOException {
    Path table = a.path("poses");
    if (table == null) table = GeometryFileOptions.poseTable(a);
    boolean orbit = orbitAllowed && (a.has("views") || a.has("sad"));
    boolean pairs = a.has("rotation") || a.has("translation");
    if ((table != null ? 1 : 0) + (orbit ? 1 : 0) + (pairs ? 1 : 0) > 1) {
      throw new IllegalArgumentException("give the poses one way: --poses, "
          + (orbitAllowed ? "--views/--sad, " : "") + "or --rotation/--translation");
    }
    if (table != null) {
      Path t = table;
      return InputFiles.read(a.has("poses") ? "poses" : "geometry", t.toString(),
          () -> PoseTable.read(t, convention));
    }
    if (orbit) {
      int n = views > 0 && !a.has("views") ? views : a.requiredInteger("views");
      return Orbit.circular(n, a.number("arc", 360), a.number("start", 0),
          a.requiredNumber("sad"));
    }
    List<String> rotations = a.all("rotation"), translations = a.all("translation");
    int n = Math.max(1, Math.max(rotations.size(), translations.size()));
    if (rotations.size() > 1 && translations.size() > 1 && rotations.size() != translations.size()) {
      throw new IllegalArgumentException("--rotation is given " + rotations.size()
          + " times but --translation " + translations.size() + " times; give them in pairs");
    }
    List<Pose> poses = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      double[] r = rotations.isEmpty() ? new double[3]
          : Args.numbers("rotation", rotations.get(Math.min(k, rotations.size() - 1)), 3);
      double[] t = translations.isEmpty() ? new double[] {0, 850, 0}
          : Args.numbers("translation", translations.get(Math.min(k, translations.size() - 1)), 3);
      poses.add(Pose.eulerDegrees(convention, r[0], r[1], r[2], t[0], t[1], t[2]));
    }
    return poses;
  }

  List<View> views() {
    List<View> views = new ArrayList<>(poses.size());
    for (Pose p : poses) views.add(detector.view(p, orientation));
    return views;
  }
}
