package sc.fiji.diffdrr.render;

import java.util.Locale;

/** The two ways a ray is integrated through the voxels. */
public enum Renderer {
  /** Exact radiological path: Σ segment length (mm) × voxel value over the voxels a ray crosses. */
  SIDDON,
  /** Trilinearly interpolated samples at a fixed step, times the step. */
  TRILINEAR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Renderer parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (Renderer r : values()) {
      if (r.name().equals(t)) return r;
    }
    throw new IllegalArgumentException("renderer must be siddon or trilinear, got '" + s + "'");
  }
}
