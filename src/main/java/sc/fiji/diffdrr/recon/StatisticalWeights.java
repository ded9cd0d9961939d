package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.Require;

/**
 * Per-pixel weights of line integrals measured as photon counts, for the weighted least-squares
 * loss: a line integral p = −ln(c/c0) from a Poisson count c (plus Gaussian readout noise of σ
 * counts) has variance ≈ (c + σ²)/c², so its weight is the inverse, c²/(c + σ²) — the counts
 * themselves without readout noise. The weights are scaled to mean 1, which keeps the loss on
 * MSE's scale; {@link #unitVariance} is the variance of a line integral whose weight is 1, the
 * data's noise level.
 */
public final class StatisticalWeights {

  /** One weight per target pixel, mean 1. */
  public final float[] weights;
  /** Variance of a line integral of weight 1: 1 / mean of the inverse variances. */
  public final double unitVariance;

  private StatisticalWeights(float[] weights, double unitVariance) {
    this.weights = weights;
    this.unitVariance = unitVariance;
  }

  /**
   * @param counts I − dark per pixel in photon counts, clamped positive (as
   *        {@code IntensityCalibration} makes them)
   * @param readoutSigma the readout noise in counts (0: none)
   */
  public static StatisticalWeights poisson(float[] counts, double readoutSigma) {
    Require.inRange("readout sigma", readoutSigma, 0, 1e12);
    double s2 = readoutSigma * readoutSigma;
    double[] inverse = new double[counts.length];
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      double c = counts[i];
      if (!(c > 0) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("counts must be finite and > 0 (clamped), got " + c
            + " at pixel " + i);
      }
      inverse[i] = c * c / (c + s2);
      sum += inverse[i];
    }
    double mean = sum / counts.length;
    float[] w = new float[counts.length];
    for (int i = 0; i < w.length; i++) w[i] = (float) (inverse[i] / mean);
    return new StatisticalWeights(w, 1 / mean);
  }
}
