package sc.fiji.diffdrr.render;

import java.util.Locale;

/**
 * Image losses between rendered views x and their targets y, over a batch of B views of P pixels.
 *
 * <ul>
 * <li>{@link #MSE}: L = Σ (x − y)² / (B·P), torch's MSELoss (mean over every pixel);
 * ∂L/∂x = 2(x − y)/(B·P).</li>
 * <li>{@link #NCC}: DiffDRR's normalized cross-correlation, per view: z = (x − μ)/√(σ² + ε) with the
 * population variance and ε = 1e-5, NCC = Σ z_x·z_y / P; L = 1 − mean over views of NCC, so L ≥ 0
 * and 0 is a perfect match up to brightness and contrast.</li>
 * </ul>
 */
public enum ImageLoss {
  MSE,
  NCC;

  /** DiffDRR's ε in the NCC z-score. */
  public static final double NCC_EPS = 1e-5;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageLoss parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (ImageLoss l : values()) {
      if (l.name().equals(t)) return l;
    }
    throw new IllegalArgumentException("loss must be mse or ncc, got '" + s + "'");
  }
}
