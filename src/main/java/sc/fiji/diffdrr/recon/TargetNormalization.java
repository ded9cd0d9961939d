package sc.fiji.diffdrr.recon;

import java.util.Locale;

/** What is done to each target image before fitting. */
public enum TargetNormalization {
  /** The images as they are (line integrals). */
  NONE,
  /** Each image rescaled to [0, 1] by its own minimum and maximum, as DiffDRR's tutorial does. */
  MINMAX;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TargetNormalization parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (TargetNormalization n : values()) {
      if (n.name().equals(t)) return n;
    }
    throw new IllegalArgumentException("normalize must be none or minmax, got '" + s + "'");
  }

  /**
   * Each image of {@code pixels} values normalised, in a new array; NONE returns {@code images}
   * itself (no copy: a full-size projection stack is hundreds of MiB, and no caller writes to it).
   */
  public float[] apply(float[] images, int pixels) {
    if (this == NONE) return images;
    float[] out = images.clone();
    for (int o = 0; o < out.length; o += pixels) {
      float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
      for (int i = o; i < o + pixels; i++) {
        lo = Math.min(lo, out[i]);
        hi = Math.max(hi, out[i]);
      }
      float scale = hi > lo ? 1 / (hi - lo) : 0;
      for (int i = o; i < o + pixels; i++) out[i] = (out[i] - lo) * scale;
    }
    return out;
  }
}
