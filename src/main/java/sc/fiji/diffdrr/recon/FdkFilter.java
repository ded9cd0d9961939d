package sc.fiji.diffdrr.recon;

import java.util.Locale;

/**
 * The apodisation windows of FDK's ramp filter, as TIGRE defines them: with ω = 2π·f (f in cycles
 * per sample, ω = π at Nyquist) and d the cutoff as a fraction of Nyquist, the ramp is multiplied
 * by 1 (ram-lak), sinc(ω/2d) (shepp-logan), cos(ω/2d) (cosine), 0.54 + 0.46·cos(ω/d) (hamming) or
 * (1 + cos(ω/d))/2 (hann), and set to zero above ω = π·d.
 */
public enum FdkFilter {
  RAM_LAK("ram-lak"), SHEPP_LOGAN("shepp-logan"), COSINE("cosine"), HAMMING("hamming"), HANN("hann");

  private final String label;

  FdkFilter(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The window at angular frequency ω ∈ [0, π] for cutoff d ∈ (0, 1]. */
  public double window(double omega, double d) {
    if (omega > Math.PI * d) return 0;
    if (omega == 0) return 1;
    switch (this) {
      case SHEPP_LOGAN: {
        double x = omega / (2 * d);
        return Math.sin(x) / x;
      }
      case COSINE: return Math.cos(omega / (2 * d));
      case HAMMING: return 0.54 + 0.46 * Math.cos(omega / d);
      case HANN: return (1 + Math.cos(omega / d)) / 2;
      default: return 1;
    }
  }

  public static String names() {
    return "ram-lak, shepp-logan, cosine, hamming or hann";
  }

  public static FdkFilter parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (FdkFilter f : values()) {
      if (f.label.equals(t)) return f;
    }
    throw new IllegalArgumentException("--filter must be " + names() + ", got '" + s + "'");
  }
}
