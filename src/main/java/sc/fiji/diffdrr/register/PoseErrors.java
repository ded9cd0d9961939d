package sc.fiji.diffdrr.register;

import java.util.Locale;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * How far a registered pose is from the truth: the geodesic rotation angle
 * arccos((tr(R_trueᵀR) − 1)/2) in degrees; DiffDRR's translation error |t − t_true| of the pose's
 * t (the pose table's tx, ty, tz) in mm; the largest distance between a camera's X-ray source and
 * its true position over the rig (mm); and the mean target registration error over the CT's 8
 * bounding-box corners, each seen from camera 0: |M⁻¹x − M_true⁻¹x| (mm).
 */
public final class PoseErrors {

  public final double rotationDeg;
  public final double translationMm;
  public final double sourceMm;
  public final double mtreMm;

  private PoseErrors(double r, double t, double s, double m) {
    rotationDeg = r;
    translationMm = t;
    sourceMm = s;
    mtreMm = m;
  }

  /** With the problem's cameras (a rig or a geometry file's views) and its (centred) CT. */
  public static PoseErrors of(Pose estimate, Pose truth, RegistrationProblem problem) {
    RigViews views = problem.views(1);
    double source = 0;
    for (int k = 0; k < views.count(); k++) {
      source = Math.max(source, distance(views.source(k, estimate), views.source(k, truth)));
    }
    return of(estimate, truth, source, problem.volume.grid);
  }

  public static PoseErrors of(Pose estimate, Pose truth, Rig rig, VolumeGrid grid) {
    Rig r = rig == null ? Rig.single() : rig;
    double source = 0;
    for (int k = 0; k < r.size(); k++) {
      source = Math.max(source, distance(r.camera(k, estimate).apply(0, 0, 0),
          r.camera(k, truth).apply(0, 0, 0)));
    }
    return of(estimate, truth, source, grid);
  }

  private static PoseErrors of(Pose estimate, Pose truth, double source, VolumeGrid grid) {
    double[] rel = Rotations.multiply(Rotations.transpose(truth.rotation()), estimate.rotation());
    double c = (rel[0] + rel[4] + rel[8] - 1) / 2;
    double angle = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    double[] t = estimate.translation(), tt = truth.translation();
    double translation = distance(t, tt);
    Pose ei = estimate.inverse(), ti = truth.inverse();
    double tre = 0;
    for (int corner = 0; corner < 8; corner++) {
      double[] x = new double[3];
      for (int a = 0; a < 3; a++) {
        int n = grid.size(a);
        double box = ((corner >> a) & 1) == 0 ? 0 : n;
        // box coordinate b ↔ world (b − (n − 1)/2 − offset)·spacing (VolumeGrid.toBox inverted)
        x[a] = (box - (n - 1) / 2.0 - grid.convention.boxOffset()) * grid.spacing(a);
      }
      tre += distance(ei.apply(x[0], x[1], x[2]), ti.apply(x[0], x[1], x[2]));
    }
    return new PoseErrors(angle, translation, source, tre / 8);
  }

  /** Success as the issue counts it: rotation ≤ maxDeg and translation ≤ maxMm. */
  public boolean within(double maxDeg, double maxMm) {
    return rotationDeg <= maxDeg && translationMm <= maxMm;
  }

  private static double distance(double[] a, double[] b) {
    double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "rotation error %.3f°, translation error %.3f mm, source error %.3f mm, mTRE %.3f mm",
        rotationDeg, translationMm, sourceMm, mtreMm);
  }
}
