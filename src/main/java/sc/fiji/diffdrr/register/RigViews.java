package sc.fiji.diffdrr.register;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;

/**
 * The views of a rig's cameras as functions of the unknown pose M = [R | m] of camera 0, and the
 * chain rule back from a view's 12-number gradient to ∂L/∂(R, m). Every view's source, pixel
 * (0,0) centre and pixel steps are fixed points q and directions e in camera 0's frame; the view
 * is then S = R·q_s + m, origin = R·q_o + m, u = R·e_u, v = R·e_v. The fixed views come from a
 * detector and a rig, or as they are (cone-beam views of a geometry file: M moves them all).
 */
final class RigViews {

  final int height;
  final int width;
  /** Per view: q_s, q_o, e_u, e_v (12 numbers). */
  private final double[][] local;

  RigViews(Rig rig, Detector detector, Orientation orientation) {
    this.height = detector.height;
    this.width = detector.width;
    this.local = new double[rig.size()][];
    for (int k = 0; k < rig.size(); k++) {
      // the view of camera k at M = identity is expressed in camera 0's frame
      local[k] = detector.view(rig.relative(k), orientation).toArray();
    }
  }

  /** The views at M = identity (cone beam, one detector size). */
  RigViews(java.util.List<View> atIdentity) {
    this.height = atIdentity.get(0).height;
    this.width = atIdentity.get(0).width;
    this.local = new double[atIdentity.size()][];
    for (int k = 0; k < local.length; k++) {
      View v = atIdentity.get(k);
      sc.fiji.diffdrr.render.ViewGradientFrame.requireCone(v);
      if (v.height != height || v.width != width) {
        throw new IllegalArgumentException("all registered views need one detector size: "
            + height + "×" + width + " and " + v.height + "×" + v.width + " differ");
      }
      local[k] = v.toArray();
    }
  }

  int count() {
    return local.length;
  }

  int pixelCount() {
    return height * width;
  }

  /** Camera k's source when camera 0 is at {@code pose}. */
  double[] source(int k, Pose pose) {
    return point(rm(pose), local[k], 0);
  }

  /** View k with camera 0 at rm = (R row-major, m). */
  View view(int k, double[] rm) {
    double[] q = local[k];
    double[] s = point(rm, q, 0), o = point(rm, q, 3), u = direction(rm, q, 6), v = direction(rm, q, 9);
    return new View(s, o, u, v, height, width);
  }

  View view(int k, Pose pose) {
    return view(k, rm(pose));
  }

  static double[] rm(Pose pose) {
    double[] r = pose.rotation(), m = pose.matrixTranslation();
    double[] rm = new double[12];
    System.arraycopy(r, 0, rm, 0, 9);
    System.arraycopy(m, 0, rm, 9, 3);
    return rm;
  }

  /** Adds ∂L/∂(R, m) of view k's gradient g (12 numbers, View order) into out (12 numbers). */
  void chain(int k, double[] g, double[] out) {
    double[] q = local[k];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        out[3 * i + j] += g[i] * q[j] + g[3 + i] * q[3 + j] + g[6 + i] * q[6 + j] + g[9 + i] * q[9 + j];
      }
      out[9 + i] += g[i] + g[3 + i];
    }
  }

  private static double[] point(double[] rm, double[] q, int at) {
    double[] d = direction(rm, q, at);
    return new double[] {d[0] + rm[9], d[1] + rm[10], d[2] + rm[11]};
  }

  private static double[] direction(double[] rm, double[] q, int at) {
    double x = q[at], y = q[at + 1], z = q[at + 2];
    return new double[] {rm[0] * x + rm[1] * y + rm[2] * z, rm[3] * x + rm[4] * y + rm[5] * z,
      rm[6] * x + rm[7] * y + rm[8] * z};
  }
}
