package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.Require;

/**
 * Per-pixel weights of line integrals measured as photon counts, for the weighted least-squares
 * loss: a line integral p = −ln(c/c0) from a Poisson count c (plus Gaussian readout noise of σ
 * counts) has variance ≈ (c + σ²)/c², so its weight is the inverse, c²/(c + σ²) — the counts
 * themselves without readout noise.
 *
 * <p>Only the weights' ratios matter to the fit; their scale sets how strongly the data pull
 * against the TV term. They are scaled so that their mean over the object — each pixel counted in
 * proportion to its line integral — is 1: through the object the loss then pulls as MSE does, and
 * the TV weight tuned on noise-free data with MSE keeps its meaning (a plain mean would let the
 * bright air pixels take the weight and over-smooth the object: measured 40.7 instead of 44.5 dB
 * at 10⁶ photons). {@link #unitVariance} is the variance of a line integral whose weight is 1,
 * the data's noise level through the object.
 */
public final class StatisticalWeights {

  /** One weight per target pixel, mean 1 over the object (weighted by line integral). */
  public final float[] weights;
  /** Variance of a line integral of weight 1: 1 / the object's mean inverse variance. */
  public final double unitVariance;

  private StatisticalWeights(float[] weights, double unitVariance) {
    this.weights = weights;
    this.unitVariance = unitVariance;
  }

  /**
   * @param counts I − dark per pixel in photon counts, clamped positive (as
   *        {@code IntensityCalibration} makes them)
   * @param lineIntegrals the line integrals of those pixels (for the object's mean)
   * @param readoutSigma the readout noise in counts (0: none)
   */
  public static StatisticalWeights poisson(float[] counts, float[] lineIntegrals,
      double readoutSigma) {
    Require.inRange("readout sigma", readoutSigma, 0, 1e12);
    if (lineIntegrals.length != counts.length) {
      throw new IllegalArgumentException("counts and line integrals must have the same length, got "
          + counts.length + " and " + lineIntegrals.length);
    }
    double s2 = readoutSigma * readoutSigma;
    double[] inverse = new double[counts.length];
    double sum = 0, objectSum = 0, objectMass = 0;
    for (int i = 0; i < counts.length; i++) {
      double c = counts[i];
      if (!(c > 0) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("counts must be finite and > 0 (clamped), got " + c
            + " at pixel " + i);
      }
      inverse[i] = c * c / (c + s2);
      sum += inverse[i];
      double p = Math.max(0, lineIntegrals[i]);
      objectSum += inverse[i] * p;
      objectMass += p;
    }
    double mean = objectMass > 0 ? objectSum / objectMass : sum / counts.length;
    float[] w = new float[counts.length];
    for (int i = 0; i < w.length; i++) w[i] = (float) (inverse[i] / mean);
    return new StatisticalWeights(w, 1 / mean);
  }
}
