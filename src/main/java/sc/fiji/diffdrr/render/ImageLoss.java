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
 * <li>{@link #WLS}: weighted least squares, L = Σ w·(x − y)² / (B·P) with one weight per target
 * pixel (the inverse noise variance of that pixel, scaled to mean 1 so that L is on MSE's scale);
 * ∂L/∂x = 2w(x − y)/(B·P). For line integrals from photon counts, w ∝ the counts (Poisson).</li>
 * </ul>
 */
public enum ImageLoss {
  MSE,
  NCC,
  WLS;

  /** DiffDRR's ε in the NCC z-score. */
  public static final double NCC_EPS = 1e-5;

  /** Whether the loss needs per-pixel weights beside the targets. */
  public boolean weighted() {
    return this == WLS;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageLoss parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (ImageLoss l : values()) {
      if (l.name().equals(t)) return l;
    }
    throw new IllegalArgumentException("loss must be mse, ncc or wls, got '" + s + "'");
  }
}
