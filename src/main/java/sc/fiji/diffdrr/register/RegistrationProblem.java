package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;

/**
 * What is registered: a CT (densities), one X-ray per camera (line integrals, H×W row-major, the
 * detector's size) and the cameras: a detector, the camera-frame orientation and a rig (the pose
 * is camera 0's), or views as a geometry file gives them ({@link #ofViews}: the pose is a rigid
 * motion of all of them).
 */
public final class RegistrationProblem {

  public final Volume volume;
  /** Null for {@link #ofViews}. */
  public final Detector detector;
  public final Orientation orientation;
  public final Rig rig;
  public final List<float[]> targets;
  public final ProjectorSettings renderer;
  public final int height;
  public final int width;
  /** {@link #ofViews}: the views at the identity pose, in the volume's centred frame; else null. */
  private final List<View> views;
  /** {@link #ofViews}: the placed volume's world → centred map (3×4), null when centred. */
  private final double[][] toCentred;

  public RegistrationProblem(Volume volume, Detector detector, Orientation orientation, Rig rig,
      List<float[]> targets, ProjectorSettings renderer) {
    this(volume, detector, orientation, rig, null, null, targets, renderer);
    if (detector == null) throw new IllegalArgumentException("a detector must be given");
  }

  private RegistrationProblem(Volume volume, Detector detector, Orientation orientation, Rig rig,
      List<View> views, double[][] toCentred, List<float[]> targets, ProjectorSettings renderer) {
    if (volume == null) throw new IllegalArgumentException("a volume must be given");
    if (detector == null && views == null) throw new IllegalArgumentException("a detector must be given");
    if (targets == null || targets.isEmpty()) throw new IllegalArgumentException("at least one X-ray must be given");
    Rig r = rig == null ? Rig.single() : rig;
    int cameras = views != null ? views.size() : r.size();
    if (cameras != targets.size()) {
      throw new IllegalArgumentException((views != null ? "the geometry has " + cameras + " view(s)"
          : "the rig has " + cameras + " camera(s)") + " but " + targets.size()
          + " X-ray(s) are given; give one " + (views != null ? "view" : "rig row") + " per X-ray");
    }
    this.height = views != null ? views.get(0).height : detector.height;
    this.width = views != null ? views.get(0).width : detector.width;
    for (int k = 0; k < targets.size(); k++) {
      if (targets.get(k).length != height * width) {
        throw new IllegalArgumentException("X-ray " + (k + 1) + " has " + targets.get(k).length
            + " pixels but the detector has " + height + "×" + width);
      }
      for (float v : targets.get(k)) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("X-ray " + (k + 1) + " holds a value that is not finite ("
              + v + "); convert intensities to line integrals first");
        }
      }
    }
    this.volume = volume;
    this.detector = detector;
    this.orientation = orientation == null ? Orientation.AP : orientation;
    this.rig = r;
    this.views = views == null ? null : Collections.unmodifiableList(new ArrayList<>(views));
    this.toCentred = toCentred;
    this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
    this.renderer = renderer == null ? ProjectorSettings.siddon() : renderer;
    if (views != null) new RigViews(this.views); // cone beam, one size: refused here, before work
  }

  /**
   * Cameras as views in world mm (cone beam, one detector size), one per X-ray, e.g. from a
   * geometry file. The pose is a rigid motion M of all of them in the CT's centred frame (about
   * the CT's centre, along its index axes: a placed CT is centred and the views mapped with it),
   * so the identity pose renders the views as given and M = [R | R·t] is the correction found.
   */
  public static RegistrationProblem ofViews(Volume volume, List<View> worldViews,
      List<float[]> targets, ProjectorSettings renderer) {
    if (worldViews == null || worldViews.isEmpty()) {
      throw new IllegalArgumentException("at least one view must be given");
    }
    double[][] m = volume.grid.toCentred();
    List<View> centred = new ArrayList<>();
    for (View v : worldViews) centred.add(m == null ? v : v.transformed(m));
    return new RegistrationProblem(m == null ? volume : volume.withPlacement(null), null, null, null,
        centred, m, targets, renderer);
  }

  /** Whether {@link #ofViews} centred a placed volume (the pose then acts in its centred frame). */
  public boolean recentred() {
    return toCentred != null;
  }

  /** The full detector's pixel pitch, mm (the geometric mean of column and row steps). */
  public double pixelPitch() {
    if (views == null) return Math.sqrt(detector.delx * detector.dely);
    View v = views.get(0);
    return Math.sqrt(norm(v.columnStep()) * norm(v.rowStep()));
  }

  private static double norm(double[] x) {
    return Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
  }

  public int pixelCount() {
    return height * width;
  }

  public int cameraCount() {
    return targets.size();
  }

  /** The cameras' views as functions of the pose, at detector and volume downsampling f. */
  RigViews views(int f) {
    if (views == null) return new RigViews(rig, Pyramid.detector(detector, f), orientation);
    List<View> coarse = new ArrayList<>();
    for (View v : views) coarse.add(Pyramid.view(v, f));
    return new RigViews(coarse);
  }

  /**
   * Every camera's view at a pose, in world mm (the frame the views or the volume came in): what
   * a geometry file of the registered cameras holds.
   */
  public List<View> worldViews(sc.fiji.diffdrr.geometry.Pose pose) {
    RigViews rv = views(1);
    double[][] back = toCentred == null ? null : inverse(toCentred);
    List<View> out = new ArrayList<>();
    for (int k = 0; k < rv.count(); k++) {
      View v = rv.view(k, pose);
      out.add(back == null ? v : v.transformed(back));
    }
    return out;
  }

  /** [Mᵀ | −Mᵀ·t] of an orthonormal [M | t]. */
  private static double[][] inverse(double[][] m) {
    double[][] r = new double[3][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) r[i][j] = m[j][i];
      for (int j = 0; j < 3; j++) r[i][3] -= m[j][i] * m[j][3];
    }
    return r;
  }
}
