package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The losses: DiffDRR's definitions on known cases, and gradients against differences. */
class SimilarityTest {

  static float[] image(long seed, int n) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (5 + r.nextGaussian());
    return a;
  }

  @Test
  void globalNccOfAnImageWithItselfIsVarOverVarPlusEps() {
    float[] a = image(1, 400);
    double mean = 0, var = 0;
    for (float v : a) mean += v;
    mean /= a.length;
    for (float v : a) var += (v - mean) * (v - mean);
    var /= a.length;
    assertEquals(var / (var + 1e-5), new Ncc(0).value(a, a, 20, 20, null), 1e-12);
    float[] neg = new float[a.length];
    for (int i = 0; i < a.length; i++) neg[i] = 10 - a[i];
    assertEquals(-var / (var + 1e-5), new Ncc(0).value(a, neg, 20, 20, null), 1e-6);
  }

  @Test
  void patchNccIsTheMeanOfWindowNccs() {
    int w = 12, h = 10, p = 5;
    float[] x = image(2, w * h), t = image(3, w * h);
    double sum = 0;
    int count = 0;
    for (int r = 0; r + p <= h; r++) {
      for (int c = 0; c + p <= w; c++) {
        float[] a = new float[p * p], b = new float[p * p];
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            a[i * p + j] = x[(r + i) * w + c + j];
            b[i * p + j] = t[(r + i) * w + c + j];
          }
        }
        sum += new Ncc(0).value(a, b, p, p, null);
        count++;
      }
    }
    assertEquals(sum / count, new Ncc(p).value(x, t, w, h, null), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ncc", "ncc5", "mncc", "gncc", "mse"})
  void gradientsMatchDifferences(String which) {
    int w = 14, h = 11;
    Similarity s = which.equals("ncc5") ? new Ncc(5)
        : Similarity.parse(which, new int[] {5, 0}, new double[] {0.3, 0.7});
    float[] x = image(4, w * h), t = image(5, w * h);
    double[] g = new double[w * h];
    s.value(x, t, w, h, g);
    double norm = 0, err = 0;
    for (int i = 0; i < w * h; i++) {
      float keep = x[i];
      float step = 1e-2f;
      x[i] = keep + step;
      double up = s.value(x, t, w, h, null);
      x[i] = keep - step;
      double down = s.value(x, t, w, h, null);
      x[i] = keep;
      double fd = (up - down) / (2 * step);
      norm += g[i] * g[i];
      err += (g[i] - fd) * (g[i] - fd);
    }
    double rel = Math.sqrt(err / norm);
    assertTrue(rel < 1e-4, which + ": relative error " + rel);
  }

  @Test
  void directionsAndNames() {
    assertTrue(Similarity.parse("ncc", null, null).higherIsBetter());
    assertTrue(!Similarity.parse("mse", null, null).higherIsBetter());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Similarity.parse("mi", null, null));
    assertEquals("loss must be ncc, mncc, gncc or mse, got 'mi'", e.getMessage());
  }
}
