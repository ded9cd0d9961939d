package sc.fiji.diffdrr.geometry;

import sc.fiji.diffdrr.Require;

/**
 * A flat-panel detector and its source: DiffDRR's intrinsics. In the camera frame the source is at
 * the origin and the detector plane at z = sdd; pixel (row i, column j) has its centre at
 * (delx·s_j + x0, dely·t_i + y0, sdd) with t_i = (H−1)/2 − i (row 0 is the top) and
 * s_j = (W−1)/2 − j when {@code reverseXAxis} (DiffDRR's default), else j − (W−1)/2.
 */
public final class Detector {

  public static final int MAX_PIXELS_PER_SIDE = 1 << 15;
  /** The largest source–detector distance, mm (the command line's --sdd range). */
  public static final double MAX_SDD_MM = 1e6;

  public final double sdd;
  public final int height;
  public final int width;
  public final double delx;
  public final double dely;
  public final double x0;
  public final double y0;
  public final boolean reverseXAxis;

  public Detector(double sdd, int height, int width, double delx, double dely, double x0, double y0,
      boolean reverseXAxis) {
    this.sdd = Require.positive("sdd", sdd, "mm");
    // Beyond a kilometre the pixel rays lose single precision (NaN line integrals).
    if (sdd > MAX_SDD_MM) {
      throw new IllegalArgumentException("sdd must be at most " + (long) MAX_SDD_MM + " mm, got "
          + Require.format(sdd));
    }
    this.height = Require.inRange("height", height, 1, MAX_PIXELS_PER_SIDE);
    this.width = Require.inRange("width", width, 1, MAX_PIXELS_PER_SIDE);
    this.delx = Require.positive("delx", delx, "mm");
    this.dely = Require.positive("dely", dely, "mm");
    this.x0 = Require.finite("x0", x0, "mm");
    this.y0 = Require.finite("y0", y0, "mm");
    this.reverseXAxis = reverseXAxis;
  }

  /** A square detector with square pixels, centred, as in DiffDRR's DRR(sdd, height, delx). */
  public Detector(double sdd, int size, double pixelSize) {
    this(sdd, size, size, pixelSize, pixelSize, 0, 0, true);
  }

  public int pixelCount() {
    return height * width;
  }

  /** The same detector with another size (the principal point stays where it is). */
  public Detector withSize(int newHeight, int newWidth) {
    return new Detector(sdd, newHeight, newWidth, delx, dely, x0, y0, reverseXAxis);
  }

  /** Pixel centre in the camera frame (mm). */
  public double[] pixelCentre(int row, int column) {
    double s = reverseXAxis ? (width - 1) / 2.0 - column : column - (width - 1) / 2.0;
    double t = (height - 1) / 2.0 - row;
    return new double[] {delx * s + x0, dely * t + y0, sdd};
  }

  /** The rays of this detector seen from a pose: camera → world is pose ∘ orientation. */
  public View view(Pose pose, Orientation orientation) {
    double[] source = pose.apply(0, 0, 0);
    double[] c00 = pixelCentre(0, 0);
    double[] o00 = orientation.apply(c00[0], c00[1], c00[2]);
    double[] origin = pose.apply(o00[0], o00[1], o00[2]);
    double[] du = orientation.apply(reverseXAxis ? -delx : delx, 0, 0);
    double[] dv = orientation.apply(0, -dely, 0);
    return new View(source, origin, pose.applyToDirection(du[0], du[1], du[2]),
        pose.applyToDirection(dv[0], dv[1], dv[2]), height, width);
  }

  /**
   * Parallel beam from the same pose: the pixel lattice of {@link #view}, every ray along the
   * camera's optical axis (source → detector plane), so the pixel pitch is delx × dely wherever
   * the rays cross the volume (an orthographic projection, DiffDRR issue #158).
   */
  public View parallelView(Pose pose, Orientation orientation) {
    View cone = view(pose, orientation);
    double[] axis = orientation.apply(0, 0, 1);
    return View.parallel(pose.applyToDirection(axis[0], axis[1], axis[2]), cone.origin(),
        cone.columnStep(), cone.rowStep(), height, width);
  }

  @Override
  public String toString() {
    return String.format("Detector[sdd=%g mm, %d×%d px (H×W), delx=%g mm, dely=%g mm, x0=%g, y0=%g%s]",
        sdd, height, width, delx, dely, x0, y0, reverseXAxis ? "" : ", x axis not reversed");
  }
}
