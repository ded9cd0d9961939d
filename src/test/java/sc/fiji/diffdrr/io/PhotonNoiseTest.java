package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Simulated photon counts: Poisson of N·exp(−p), against commons-math3's probabilities. */
class PhotonNoiseTest {

  /**
   * The counts' histogram against the Poisson PMF (commons-math3's), by a χ² test at the 1e-4
   * level, on both sides of the switch between commons-math3's sampler and PTRS (mean 40).
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.7, 12, 39.5, 40, 75, 1000, 250_000})
  void countsArePoisson(double mean) {
    int n = 200_000;
    Well19937c random = new Well19937c(42);
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) counts[i] = (int) PhotonNoise.poisson(random, mean);
    PoissonDistribution pmf = new PoissonDistribution(mean);
    // bins of expected count ≥ 50 from the centre out, the tails pooled into the end bins
    int lo = (int) pmf.inverseCumulativeProbability(1e-3), hi = (int) pmf.inverseCumulativeProbability(1 - 1e-3);
    int width = Math.max(1, (int) Math.ceil((hi - lo) / 40.0));
    int bins = (hi - lo) / width + 1;
    double[] expected = new double[bins];
    long[] observed = new long[bins];
    for (int b = 0; b < bins; b++) {
      int from = lo + b * width, to = Math.min(hi, from + width - 1);
      double pFrom = b == 0 ? 0 : pmf.cumulativeProbability(from - 1);
      double pTo = b == bins - 1 ? 1 : pmf.cumulativeProbability(to);
      expected[b] = n * (pTo - pFrom);
    }
    for (int c : counts) {
      int b = Math.min(bins - 1, Math.max(0, (c - lo) / width));
      if (c < lo) b = 0;
      observed[b]++;
    }
    double chi2 = 0;
    for (int b = 0; b < bins; b++) chi2 += Math.pow(observed[b] - expected[b], 2) / expected[b];
    double pValue = 1 - new ChiSquaredDistribution(bins - 1).cumulativeProbability(chi2);
    assertTrue(pValue > 1e-4, "mean " + mean + ": χ² " + chi2 + " on " + (bins - 1)
        + " degrees of freedom, p = " + pValue);
    double m = Arrays.stream(counts).average().orElse(0);
    assertEquals(mean, m, 5 * Math.sqrt(mean / n));
  }

  @Test
  void meanFollowsBeerLambertAndSeedsRepeat() {
    float[] p = new float[50_000];
    Arrays.fill(p, 2f);
    PhotonNoise noise = new PhotonNoise(1e4, 0, 7);
    float[] a = noise.sample(p), b = noise.sample(p);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, new PhotonNoise(1e4, 0, 8).sample(p)));
    double mean = 0, var = 0, expected = 1e4 * Math.exp(-2);
    for (float v : a) mean += v;
    mean /= a.length;
    for (float v : a) var += (v - mean) * (v - mean);
    var /= a.length - 1;
    assertEquals(expected, mean, 5 * Math.sqrt(expected / a.length));
    assertEquals(expected, var, 0.05 * expected);
    // readout noise adds its variance
    float[] c = new PhotonNoise(1e4, 30, 7).sample(p);
    double vc = 0, mc = Arrays.stream(toDouble(c)).average().orElse(0);
    for (float v : c) vc += (v - mc) * (v - mc);
    vc /= c.length - 1;
    assertEquals(expected + 900, vc, 0.05 * (expected + 900));
  }

  @Test
  void badParametersAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PhotonNoise(-5, 0, 0));
    assertTrue(e.getMessage().startsWith("photons must be a number in"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PhotonNoise(100, -1, 0));
    assertTrue(e.getMessage().startsWith("readout sigma must be"), e.getMessage());
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
