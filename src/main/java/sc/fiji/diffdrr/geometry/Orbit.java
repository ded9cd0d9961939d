package sc.fiji.diffdrr.geometry;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.Require;

/**
 * A circular C-arm orbit about the volume's z axis: view k is the pose Rz(θ_k) with translation
 * (0, sad, 0) in DiffDRR's convention, so the source circles the isocentre at distance sad, starting
 * anterior (+y) at θ = 0 with the AP orientation. Over a full circle (|arc| = 360°) the views are
 * arc/n apart (the last does not repeat the first); over a shorter arc both ends are included.
 */
public final class Orbit {

  private Orbit() {}

  /** Angles in degrees of the n views. */
  public static double[] anglesDegrees(int views, double arcDegrees, double startDegrees) {
    Require.inRange("views", views, 1, 100_000);
    Require.inRange("arc", arcDegrees, -360, 360);
    Require.finite("start", startDegrees, "degrees");
    boolean fullCircle = Math.abs(Math.abs(arcDegrees) - 360) < 1e-9;
    double step = views == 1 ? 0 : fullCircle ? arcDegrees / views : arcDegrees / (views - 1);
    double[] a = new double[views];
    for (int k = 0; k < views; k++) a[k] = startDegrees + k * step;
    return a;
  }

  /** The poses of the orbit (rotation about z only, so any Euler convention gives the same pose). */
  public static List<Pose> circular(int views, double arcDegrees, double startDegrees,
      double sourceToIsocentre) {
    Require.positive("sad", sourceToIsocentre, "mm");
    double[] angles = anglesDegrees(views, arcDegrees, startDegrees); // checks views first
    List<Pose> poses = new ArrayList<>(views);
    for (double a : angles) {
      poses.add(Pose.of(Rotations.axis('Z', Math.toRadians(a)), 0, sourceToIsocentre, 0));
    }
    return poses;
  }
}
