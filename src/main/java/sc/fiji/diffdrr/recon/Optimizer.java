package sc.fiji.diffdrr.recon;

import java.util.Locale;

/** The gradient step of the reconstruction loop. */
public enum Optimizer {
  /** torch.optim.Adam: β1 0.9, β2 0.999, ε 1e-8, bias correction. */
  ADAM,
  /** torch.optim.SGD with momentum (no dampening, no Nesterov). */
  SGD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optimizer parse(String s) {
    String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (Optimizer o : values()) {
      if (o.name().equals(t)) return o;
    }
    throw new IllegalArgumentException("optimizer must be adam or sgd, got '" + s + "'");
  }
}
