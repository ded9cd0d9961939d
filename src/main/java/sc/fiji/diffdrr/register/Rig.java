package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.diffdrr.geometry.Pose;

/**
 * Several X-ray cameras fixed relative to each other (a biplane C-arm: AP + lateral): one unknown
 * pose, that of the first camera; camera k sits at pose·T_k with T_0 the identity. Built from the
 * cameras' poses in any common frame (a pose table, one row per X-ray): T_k = P_0⁻¹·P_k.
 */
public final class Rig {

  private final List<Pose> relative;

  private Rig(List<Pose> relative) {
    this.relative = Collections.unmodifiableList(relative);
  }

  /** One camera. */
  public static Rig single() {
    List<Pose> r = new ArrayList<>();
    r.add(Pose.identity());
    return new Rig(r);
  }

  /** From each camera's pose in a common frame; the first is the one registered. */
  public static Rig of(List<Pose> cameraPoses) {
    if (cameraPoses == null || cameraPoses.isEmpty()) {
      throw new IllegalArgumentException("a rig needs at least one camera pose");
    }
    Pose firstInverse = cameraPoses.get(0).inverse();
    List<Pose> r = new ArrayList<>();
    // P_0⁻¹·P_k: apply P_k, then P_0⁻¹.
    for (Pose p : cameraPoses) r.add(p.compose(firstInverse));
    return new Rig(r);
  }

  public int size() {
    return relative.size();
  }

  /** T_k: camera k's pose in camera 0's frame. */
  public Pose relative(int k) {
    return relative.get(k);
  }

  /** Camera k's pose when camera 0 is at {@code pose}: pose·T_k. */
  public Pose camera(int k, Pose pose) {
    return relative.get(k).compose(pose);
  }

  /** Every camera's pose when camera 0 is at {@code pose}. */
  public List<Pose> cameras(Pose pose) {
    List<Pose> out = new ArrayList<>(size());
    for (int k = 0; k < size(); k++) out.add(camera(k, pose));
    return out;
  }
}
