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
    GeometryOptions d = detectorOnly(a, imageHeight, imageWidth);
    return new GeometryOptions(d.detector, d.orientation, d.convention,
        poses(a, d.convention, orbitAllowed));
  }

  /** The detector, orientation and convention, for a command whose poses come another way. */
  static GeometryOptions detectorOnly(Args a, int imageHeight, int imageWidth) {
    int height = imageHeight > 0 ? checkSize(a, "height", imageHeight) : a.requiredInteger("height");
    int width = imageWidth > 0 ? checkSize(a, "width", imageWidth) : a.integer("width", height);
    double delx = a.requiredNumber("delx");
    Detector detector = new Detector(a.requiredNumber("sdd"), height, width, delx,
        a.number("dely", delx), a.number("x0", 0), a.number("y0", 0), true);
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

  private static List<Pose> poses(Args a, String convention, boolean orbitAllowed)
      throws IOException {
    Path table = a.path("poses");
    if (table == null) table = GeometryFileOptions.poseTable(a);
    boolean orbit = orbitAllowed && (a.has("views") || a.has("sad"));
    boolean pairs = a.has("rotation") || a.has("translation");
    if ((table != null ? 1 : 0) + (orbit ? 1 : 0) + (pairs ? 1 : 0) > 1) {
      throw new IllegalArgumentException("give the poses one way: --poses, "
          + (orbitAllowed ? "--views/--sad, " : "") + "or --rotation/--translation");
    }
    if (table != null) return PoseTable.read(table, convention);
    if (orbit) {
      return Orbit.circular(a.requiredInteger("views"), a.number("arc", 360), a.number("start", 0),
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
