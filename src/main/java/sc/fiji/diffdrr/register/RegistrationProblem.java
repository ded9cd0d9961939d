package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;

/**
 * What is registered: a CT (densities), one X-ray per rig camera (line integrals, H×W row-major,
 * the detector's size), the detector, the camera-frame orientation and the rig.
 */
public final class RegistrationProblem {

  public final Volume volume;
  public final Detector detector;
  public final Orientation orientation;
  public final Rig rig;
  public final List<float[]> targets;
  public final ProjectorSettings renderer;

  public RegistrationProblem(Volume volume, Detector detector, Orientation orientation, Rig rig,
      List<float[]> targets, ProjectorSettings renderer) {
    if (volume == null) throw new IllegalArgumentException("a volume must be given");
    if (detector == null) throw new IllegalArgumentException("a detector must be given");
    if (targets == null || targets.isEmpty()) throw new IllegalArgumentException("at least one X-ray must be given");
    Rig r = rig == null ? Rig.single() : rig;
    if (r.size() != targets.size()) {
      throw new IllegalArgumentException("the rig has " + r.size() + " camera(s) but " + targets.size()
          + " X-ray(s) are given; give one rig row per X-ray");
    }
    for (int k = 0; k < targets.size(); k++) {
      if (targets.get(k).length != detector.pixelCount()) {
        throw new IllegalArgumentException("X-ray " + (k + 1) + " has " + targets.get(k).length
            + " pixels but the detector has " + detector.height + "×" + detector.width);
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
    this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
    this.renderer = renderer == null ? ProjectorSettings.siddon() : renderer;
  }
}
