package sc.fiji.diffdrr.io;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.random.Well19937c;

import sc.fiji.diffdrr.Require;

/**
 * Measured intensities simulated from line integrals: a pixel of line integral p sees
 * N·exp(−p) photons on average (N incident photons per pixel, the open-beam I0) and records a
 * Poisson count of that mean, plus optional Gaussian readout noise of σ counts.
 *
 * <p>The Poisson samples are exact for every mean: below 40 photons commons-math3's
 * {@link PoissonDistribution} (multiplication of uniforms); from 40 on Hörmann's transformed
 * rejection (PTRS, the algorithm of NumPy's sampler) with commons-math3's log Γ, because
 * commons-math3's own large-mean branch sums log i up to the mean for every sample (65 µs at
 * 5000 photons, hours at 10⁶). All draws come in pixel order from one Well19937c generator
 * seeded by the caller, so a seed gives the same images on every machine.
 */
public final class PhotonNoise {

  public final double photons;
  public final double readoutSigma;
  public final long seed;

  public PhotonNoise(double photons, double readoutSigma, long seed) {
    this.photons = Require.inRange("photons", photons, Double.MIN_VALUE, 1e12);
    this.readoutSigma = Require.inRange("readout sigma", readoutSigma, 0, 1e12);
    this.seed = seed;
  }

  /** Noisy counts of each pixel (float; with readout noise they may be negative). */
  public float[] sample(float[] lineIntegrals) {
    RandomGenerator random = new Well19937c(seed);
    float[] out = new float[lineIntegrals.length];
    for (int i = 0; i < out.length; i++) {
      double mean = photons * Math.exp(-lineIntegrals[i]);
      double count = mean > 0 ? poisson(random, mean) : 0;
      if (readoutSigma > 0) count += readoutSigma * random.nextGaussian();
      out[i] = (float) count;
    }
    return out;
  }

  static double poisson(RandomGenerator random, double mean) {
    if (mean < LARGE_MEAN) {
      return new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
          PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }
    return transformedRejection(random, mean);
  }

  /** From this mean on, PTRS (valid from 10). */
  static final double LARGE_MEAN = 40;

  /**
   * W. Hörmann, "The transformed rejection method for generating Poisson random variables",
   * Insurance: Mathematics and Economics 12 (1993) 39–45, algorithm PTRS, as NumPy implements it.
   */
  private static double transformedRejection(RandomGenerator random, double lambda) {
    double slam = Math.sqrt(lambda), logLambda = Math.log(lambda);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      double k = Math.floor((2 * a / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
          <= -lambda + k * logLambda - Gamma.logGamma(k + 1)) {
        return k;
      }
    }
  }

  @Override
  public String toString() {
    return "Poisson noise of " + Require.format(photons) + " photons per pixel"
        + (readoutSigma > 0 ? " + readout σ " + readoutSigma + " counts" : "") + ", seed " + seed;
  }
}
