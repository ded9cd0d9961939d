package sc.fiji.diffdrr.register;

import java.util.Arrays;

/**
 * torch.optim.Adam, per parameter: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
 * p ← p − lr/(1 − β₁ⁿ) · m / (√v/√(1 − β₂ⁿ) + ε).
 */
public final class Adam implements PoseOptimizer {

  private final double[] lr;
  private final double beta1, beta2, eps;
  private final double[] m, v, gradient;
  private int steps;

  public Adam(double[] lr, double beta1, double beta2, double eps) {
    this.lr = Learning.rates(lr);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    m = new double[lr.length];
    v = new double[lr.length];
    gradient = new double[lr.length];
  }

  public Adam(double[] lr) {
    this(lr, 0.9, 0.999, 1e-8);
  }

  @Override
  public double step(double[] p, Objective f) {
    double value = f.evaluate(p, gradient);
    steps++;
    double bc1 = 1 - Math.pow(beta1, steps), bc2 = Math.sqrt(1 - Math.pow(beta2, steps));
    for (int i = 0; i < p.length; i++) {
      double g = gradient[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      p[i] -= lr[i] / bc1 * m[i] / (Math.sqrt(v[i]) / bc2 + eps);
    }
    return value;
  }

  @Override public int evaluations() { return steps; }

  @Override
  public String describe() {
    return "adam (lr " + Arrays.toString(lr) + ")";
  }
}
