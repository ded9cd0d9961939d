package sc.fiji.diffdrr.recon;

import java.util.Locale;

/** The reconstruction algorithms, by the names {@code --algorithm} and Fiji's field use. */
public enum Algorithm {
  GD("gd"), FDK("fdk"), SIRT("sirt"), OS_SART("os-sart"), CGLS("cgls");

  private final String label;

  Algorithm(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static String names() {
    return "gd, fdk, sirt, os-sart or cgls";
  }

  public static Algorithm parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.label.equals(t)) return a;
    }
    throw new IllegalArgumentException("--algorithm must be " + names() + ", got '" + s + "'");
  }
}
