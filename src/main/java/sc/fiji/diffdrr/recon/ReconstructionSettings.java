package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.Require;
import sc.fiji.diffdrr.render.ImageLoss;

/**
 * What the reconstruction loop does. The defaults are DiffDRR's tutorial: zeros, MSE, Adam with
 * lr 1e-3, every view in every step, no constraint, no regularizer. Setters check their argument
 * and name it when it is out of range.
 */
public final class ReconstructionSettings {

  private int iterations = 101;
  private double learningRate = 1e-3;
  private double finalLearningRateFactor = 1;
  private Optimizer optimizer = Optimizer.ADAM;
  private double momentum = 0.9;
  private ImageLoss loss = ImageLoss.MSE;
  private double tvWeight = 0;
  private double tvEpsilon = 1e-3;
  private boolean nonNegative = false;
  private int batchViews = 0;
  private long seed = 0;
  private Initialization initialization = Initialization.ZEROS;
  private double initialValue = 0;
  private double convergence = 0;
  private boolean keepLastFinite = false;

  /** DiffDRR's tutorial recipe (the defaults). */
  public static ReconstructionSettings tutorial() {
    return new ReconstructionSettings();
  }

  public ReconstructionSettings iterations(int n) {
    iterations = Require.inRange("iterations", n, 1, 10_000_000);
    return this;
  }

  public ReconstructionSettings learningRate(double lr) {
    learningRate = Require.positive("lr", lr, null);
    return this;
  }

  /**
   * Learning-rate decay: the rate falls exponentially from lr at the first iteration to
   * lr·factor at the last (1 = constant).
   */
  public ReconstructionSettings finalLearningRateFactor(double factor) {
    finalLearningRateFactor = Require.inRange("lr decay", factor, 1e-6, 1);
    return this;
  }

  public ReconstructionSettings optimizer(Optimizer o) {
    if (o == null) throw new IllegalArgumentException("optimizer must be adam or sgd");
    optimizer = o;
    return this;
  }

  /** SGD momentum in [0, 1). */
  public ReconstructionSettings momentum(double m) {
    momentum = Require.inRange("momentum", m, 0, 0.999999);
    return this;
  }

  public ReconstructionSettings loss(ImageLoss l) {
    if (l == null) throw new IllegalArgumentException("loss must be mse, ncc or wls");
    loss = l;
    return this;
  }

  /** Weight of the smoothed 3-D total variation (0 = none). */
  public ReconstructionSettings tvWeight(double w) {
    tvWeight = Require.inRange("tv", w, 0, 1e12);
    return this;
  }

  /** ε of the smoothed TV, in voxel value units. */
  public ReconstructionSettings tvEpsilon(double e) {
    tvEpsilon = Require.positive("tv epsilon", e, null);
    return this;
  }

  public ReconstructionSettings nonNegative(boolean b) {
    nonNegative = b;
    return this;
  }

  /** Views per step (0 or ≥ the number of views = all views every step). */
  public ReconstructionSettings batchViews(int k) {
    batchViews = Require.inRange("batch-views", k, 0, Integer.MAX_VALUE);
    return this;
  }

  /** Seed of the per-epoch shuffle of views into mini-batches. */
  public ReconstructionSettings seed(long s) {
    seed = s;
    return this;
  }

  public ReconstructionSettings initialization(Initialization i) {
    if (i == null) throw new IllegalArgumentException("init must be zeros, constant, backprojection or fdk");
    initialization = i;
    return this;
  }

  /** The value of every voxel for {@link Initialization#CONSTANT}. */
  public ReconstructionSettings initialValue(double v) {
    initialValue = Require.finite("initial value", v, null);
    return this;
  }

  /**
   * Stop when the mean loss of a window (whole epochs, passes over the views, of at least 50
   * steps) fell by less than this fraction from the previous window's, tested in the second half
   * of the iterations only (0: run all iterations).
   */
  public ReconstructionSettings convergence(double c) {
    convergence = Require.inRange("convergence", c, 0, 1);
    return this;
  }

  /**
   * On divergence (a NaN or ∞ loss or update), hand out the last finite iterate with the
   * {@link Divergence} (costs one more volume of memory and a copy per iteration).
   */
  public ReconstructionSettings keepLastFinite(boolean b) {
    keepLastFinite = b;
    return this;
  }

  public boolean keepLastFinite() { return keepLastFinite; }
  public double convergence() { return convergence; }
  public int iterations() { return iterations; }
  public double learningRate() { return learningRate; }
  public double finalLearningRateFactor() { return finalLearningRateFactor; }
  public Optimizer optimizer() { return optimizer; }
  public double momentum() { return momentum; }
  public ImageLoss loss() { return loss; }
  public double tvWeight() { return tvWeight; }
  public double tvEpsilon() { return tvEpsilon; }
  public boolean nonNegative() { return nonNegative; }
  public int batchViews() { return batchViews; }
  public long seed() { return seed; }
  public Initialization initialization() { return initialization; }
  public double initialValue() { return initialValue; }

  /** The learning rate at a 1-based iteration. */
  public double learningRateAt(int iteration) {
    if (finalLearningRateFactor == 1 || iterations == 1) return learningRate;
    return learningRate * Math.pow(finalLearningRateFactor, (iteration - 1) / (double) (iterations - 1));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(optimizer.label()).append(" lr ").append(g(learningRate));
    if (finalLearningRateFactor != 1) b.append("→").append(g(learningRate * finalLearningRateFactor));
    if (optimizer == Optimizer.SGD) b.append(" momentum ").append(g(momentum));
    b.append(", ").append(loss.label()).append(", ").append(iterations).append(" iterations");
    if (batchViews > 0) b.append(", ").append(batchViews).append(" views per step");
    if (tvWeight > 0) b.append(", TV ").append(g(tvWeight)).append(" (ε ").append(g(tvEpsilon)).append(')');
    if (nonNegative) b.append(", non-negative");
    b.append(", init ").append(initialization.label());
    if (initialization == Initialization.CONSTANT) b.append(' ').append(g(initialValue));
    if (convergence > 0) b.append(", stops when the loss falls < ").append(g(100 * convergence)).append("% in 50+ steps");
    return b.toString();
  }

  /** Three significant digits (plain, or as 1E+30 when very large or small). */
  static String g(double v) {
    if (!Double.isFinite(v)) return Double.toString(v);
    java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(3))
        .stripTrailingZeros();
    return Math.abs(v) >= 1e7 || (v != 0 && Math.abs(v) < 1e-6) ? d.toString() : d.toPlainString();
  }

}
