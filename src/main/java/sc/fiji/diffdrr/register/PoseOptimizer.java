package sc.fiji.diffdrr.register;

import java.util.Locale;

/**
 * An optimizer of the six pose parameters, minimising an {@link Objective}, with its own
 * learning rate (or scale) per parameter so rotation and translation can differ. One
 * {@link #step} is one iteration as the optimizer's torch twin counts them.
 */
public interface PoseOptimizer {

  /** One iteration from p (updated in place); returns f at p before the step. */
  double step(double[] p, Objective f);

  /** Objective evaluations so far (each is one DRR and one pose gradient per view). */
  int evaluations();

  String describe();

  enum Kind {
    SGD, ADAM, LBFGS;

    public static Kind parse(String s) {
      String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "sgd": return SGD;
        case "adam": return ADAM;
        case "lbfgs": case "l-bfgs": return LBFGS;
        default: throw new IllegalArgumentException("optimizer must be sgd, adam or lbfgs, got '" + s + "'");
      }
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
