package sc.fiji.diffdrr.register;

import java.util.Arrays;

/**
 * torch.optim.SGD, per parameter: b₁ = g₁, bₙ = μ·bₙ₋₁ + (1 − τ)·gₙ (no dampening at the first
 * step), p ← p − lr·b; with μ = 0, p ← p − lr·g. Minimising −NCC is torch's maximize=True.
 */
public final class Sgd implements PoseOptimizer {

  private final double[] lr;
  private final double momentum;
  private final double dampening;
  private final double[] buffer;
  private final double[] gradient;
  private int steps;

  public Sgd(double[] lr, double momentum, double dampening) {
    this.lr = Learning.rates(lr);
    this.momentum = sc.fiji.diffdrr.Require.inRange("momentum", momentum, 0, 1);
    this.dampening = sc.fiji.diffdrr.Require.inRange("dampening", dampening, 0, 1);
    this.buffer = new double[lr.length];
    this.gradient = new double[lr.length];
  }

  @Override
  public double step(double[] p, Objective f) {
    double value = f.evaluate(p, gradient);
    steps++;
    for (int i = 0; i < p.length; i++) {
      double g = gradient[i];
      double b;
      if (momentum == 0) {
        b = g;
      } else {
        b = steps == 1 ? g : momentum * buffer[i] + (1 - dampening) * g;
        buffer[i] = b;
      }
      p[i] -= lr[i] * b;
    }
    return value;
  }

  @Override public int evaluations() { return steps; }

  @Override
  public String describe() {
    return "sgd (lr " + Arrays.toString(lr) + ", momentum " + momentum + ", dampening " + dampening + ")";
  }
}
