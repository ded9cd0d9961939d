package sc.fiji.diffdrr.register;

/** A function of the pose parameters to minimise, with its gradient. */
public interface Objective {

  /** f(p), and ∂f/∂p into gradient (same length as p). */
  double evaluate(double[] p, double[] gradient);
}
