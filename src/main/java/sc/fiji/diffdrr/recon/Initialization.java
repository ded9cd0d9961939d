package sc.fiji.diffdrr.recon;

import java.util.Locale;

/** The volume the loop starts from. */
public enum Initialization {
  /** All zeros, as in DiffDRR's tutorial. */
  ZEROS,
  /** Every voxel at {@link ReconstructionSettings#initialValue}. */
  CONSTANT,
  /** Aᵀ·targets, scaled so that its projections fit the targets best in least squares. */
  BACKPROJECTION,
  /** FDK (ram-lak) where the views are a circular orbit, else a few CGLS iterations. */
  FDK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Initialization parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (Initialization i : values()) {
      if (i.name().equals(t)) return i;
    }
    throw new IllegalArgumentException("init must be zeros, constant, backprojection or fdk, got '" + s + "'");
  }

  /** Whether FDK applies to the problem's views (a circular cone-beam orbit). */
  static boolean circular(ReconstructionProblem p) {
    try {
      sc.fiji.diffdrr.geometry.CircularOrbit.analyse(p.views);
      return true;
    } catch (sc.fiji.diffdrr.geometry.CircularOrbit.NotCircularException e) {
      return false;
    }
  }
}
