package sc.fiji.diffdrr.volume;

import java.util.Locale;

import sc.fiji.diffdrr.Require;

/**
 * Hounsfield units → the density a projector integrates.
 *
 * <ul>
 * <li>{@link #DIFFDRR}: DiffDRR's rule (transform_hu_to_density). Air (HU ≤ −800) takes the lowest
 * soft-tissue HU (−800 &lt; HU ≤ 350), bone (HU &gt; 350) is multiplied by the bone multiplier
 * (default 1), then the volume is min–max normalised to [0, 1]. Unitless, per volume.</li>
 * <li>{@link #MU}: physical linear attenuation μ = μ_water·(1 + HU/1000) in 1/mm, clamped at 0
 * (μ_water default 0.02 /mm), so line integrals are optical depths.</li>
 * <li>{@link #NONE}: the values as they are.</li>
 * </ul>
 */
public enum HuConversion {
  NONE, DIFFDRR, MU;

  public static final double DEFAULT_BONE_MULTIPLIER = 1.0;
  public static final double DEFAULT_MU_WATER = 0.02;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HuConversion parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (HuConversion h : values()) {
      if (h.name().equals(t)) return h;
    }
    throw new IllegalArgumentException("hu must be diffdrr, mu or none, got '" + s + "'");
  }

  /** A new volume with the rule applied; NONE returns the input itself. */
  public Volume apply(Volume hu, double boneMultiplier, double muWater) {
    switch (this) {
      case DIFFDRR: return new Volume(hu.grid, diffdrr(hu.data(), boneMultiplier));
      case MU: return new Volume(hu.grid, mu(hu.data(), muWater));
      default: return hu;
    }
  }

  /** DiffDRR's rule with default parameters where they apply. */
  public Volume apply(Volume hu) {
    return apply(hu, DEFAULT_BONE_MULTIPLIER, DEFAULT_MU_WATER);
  }

  public static float[] diffdrr(float[] hu, double boneMultiplier) {
    Require.positive("bone multiplier", boneMultiplier, null);
    float minSoft = Float.POSITIVE_INFINITY;
    for (float v : hu) {
      if (v > -800f && v <= 350f && v < minSoft) minSoft = v;
    }
    if (minSoft == Float.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("hu=diffdrr needs soft tissue (−800 < HU ≤ 350) in the "
          + "volume to set the air value, and there is none: is this volume in Hounsfield units?");
    }
    // Same steps as DiffDRR, in float32: d = air→minSoft, bone×multiplier; d −= min; d /= max.
    float m = (float) boneMultiplier;
    float[] d = new float[hu.length];
    float lo = Float.POSITIVE_INFINITY;
    for (int i = 0; i < hu.length; i++) {
      float v = hu[i];
      float x = v <= -800f ? minSoft : v > 350f ? v * m : v;
      d[i] = x;
      lo = Math.min(lo, x);
    }
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < d.length; i++) {
      d[i] -= lo;
      hi = Math.max(hi, d[i]);
    }
    if (hi > 0) {
      for (int i = 0; i < d.length; i++) d[i] /= hi;
    }
    return d;
  }

  public static float[] mu(float[] hu, double muWater) {
    Require.positive("mu water", muWater, "1/mm");
    float[] d = new float[hu.length];
    for (int i = 0; i < hu.length; i++) {
      d[i] = (float) Math.max(0, muWater * (1 + hu[i] / 1000.0));
    }
    return d;
  }
}
