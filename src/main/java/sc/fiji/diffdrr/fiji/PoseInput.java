package sc.fiji.diffdrr.fiji;

import java.io.IOException;
import java.util.List;

import sc.fiji.diffdrr.Require;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.GeometryFiles;
import sc.fiji.diffdrr.io.GeometryFormat;
import sc.fiji.diffdrr.io.PoseTable;

/**
 * Poses from a command's fields: one pose typed in, a pose table, or a circular orbit. Angles are
 * degrees about the x, y and z axes, composed in the Euler convention's order — the columns of a
 * pose table — so a pose typed in a dialog and the same pose in a table agree.
 */
final class PoseInput {

  static final String SINGLE = "single pose";
  static final String TABLE = "pose table";
  static final String ORBIT = "orbit";
  static final String GEOMETRY = "geometry file";
  static final String[] FORMATS = {"auto", "astra", "matrices", "plastimatch", "rtk", "dicom"};

  private PoseInput() {}

  /** rx, ry, rz: rotations about x, y, z (degrees), composed in the convention's order. */
  static Pose fromAxes(String convention, double rx, double ry, double rz, double tx, double ty,
      double tz) {
    String c = taitBryan(convention);
    double[] byAxis = {
      Require.finite("rotation_x", rx, "degrees"),
      Require.finite("rotation_y", ry, "degrees"),
      Require.finite("rotation_z", rz, "degrees")};
    Require.finite("translation_x", tx, "mm");
    Require.finite("translation_y", ty, "mm");
    Require.finite("translation_z", tz, "mm");
    return Pose.eulerDegrees(c, byAxis[c.charAt(0) - 'X'], byAxis[c.charAt(1) - 'X'],
        byAxis[c.charAt(2) - 'X'], tx, ty, tz);
  }

  /** The rotations about x, y and z (degrees) of a pose in a convention: the inverse of fromAxes. */
  static double[] axesDegrees(Pose pose, String convention) {
    String c = taitBryan(convention);
    double[] angles = pose.eulerAngles(c);
    double[] byAxis = new double[3];
    for (int k = 0; k < 3; k++) byAxis[c.charAt(k) - 'X'] = Math.toDegrees(angles[k]);
    return byAxis;
  }

  /** "ZXY 0/0/30°, t 0/850/0 mm": rotations about x/y/z and DiffDRR's translation t. */
  static String describe(Pose pose, String convention) {
    double[] r = axesDegrees(pose, convention);
    double[] t = pose.translation();
    return taitBryan(convention) + " " + Titles.triple(r[0], r[1], r[2]) + "°, t "
        + Titles.triple(t[0], t[1], t[2]) + " mm";
  }

  /** The poses of a pose table file (the "pose_table" parameter, an {@link OptionalFile}). */
  static List<Pose> table(String file, String convention) throws IOException {
    return PoseTable.read(OptionalFile.require(file, "pose_table", "a pose table (CSV with the "
        + "header " + PoseTable.HEADER + ")"), taitBryan(convention));
  }

  /**
   * The views of a geometry file (the "geometry" parameter: a path, a folder or a glob; empty =
   * none) in the "geometry_format"; the detector fields fill in what the file does not say. The
   * volume stays centred (an image carries no world placement).
   */
  static List<View> geometry(String path, String format, int height, int width, double delx,
      double dely) throws IOException {
    java.nio.file.Path given = OptionalFile.require(path, "geometry",
        "a geometry file (poses = geometry file)");
    List<java.nio.file.Path> files = GeometryFiles.resolve(given.toString());
    GeometryFormat f = GeometryFormat.parse(format);
    if (f == GeometryFormat.AUTO) f = GeometryFiles.detect(files);
    if (f == GeometryFormat.POSES) {
      throw new IllegalArgumentException("geometry: " + path + " is a pose table; choose poses = "
          + TABLE);
    }
    return GeometryFiles.read(files, f, new GeometryFiles.Detector(height, width, delx, dely));
  }

  /** A circular orbit about the volume's z axis (see {@link Orbit#circular}). */
  static List<Pose> orbit(int views, double arc, double start, double sad) {
    return Orbit.circular(views, arc, start, sad);
  }

  /** "orbit of 24 views over 360° from 0°, sad 850 mm". */
  static String describeOrbit(int views, double arc, double start, double sad) {
    return "orbit of " + views + (views == 1 ? " view" : " views") + " over " + Titles.number(arc)
        + "° from " + Titles.number(start) + "°, sad " + Titles.number(sad) + " mm";
  }

  /** Checks a "poses" choice against the allowed ones. */
  static String choice(String poses, String... allowed) {
    for (String a : allowed) {
      if (a.equals(poses)) return a;
    }
    throw new IllegalArgumentException("poses must be " + String.join(" or ", allowed) + ", got '"
        + poses + "'");
  }

  private static String taitBryan(String convention) {
    String c = Rotations.convention(convention);
    if (!Rotations.isTaitBryan(c)) {
      throw new IllegalArgumentException("convention must be Tait–Bryan (three distinct axes: XYZ, "
          + "XZY, YXZ, YZX, ZXY, ZYX), got '" + convention + "'");
    }
    return c;
  }
}
