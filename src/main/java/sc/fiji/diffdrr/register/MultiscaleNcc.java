package sc.fiji.diffdrr.register;

import java.util.Arrays;

/**
 * DiffDRR's multiscale NCC: Σ wᵢ·NCC_pᵢ over patch sizes pᵢ (0 = global), weights not
 * normalised (default: equal weights 1/k, e.g. 9,0 with ½, ½).
 */
public final class MultiscaleNcc implements Similarity {

  private final Ncc[] parts;
  private final double[] weights;

  public MultiscaleNcc(int[] patchSizes, double[] weights) {
    if (patchSizes == null || patchSizes.length == 0) {
      throw new IllegalArgumentException("multiscale NCC needs at least one patch size");
    }
    if (weights != null && weights.length != patchSizes.length) {
      throw new IllegalArgumentException("multiscale NCC: " + patchSizes.length
          + " patch sizes but " + weights.length + " weights");
    }
    parts = new Ncc[patchSizes.length];
    this.weights = new double[patchSizes.length];
    for (int i = 0; i < patchSizes.length; i++) {
      parts[i] = new Ncc(patchSizes[i]);
      this.weights[i] = weights == null ? 1.0 / patchSizes.length : weights[i];
    }
  }

  public int[] patchSizes() {
    int[] p = new int[parts.length];
    for (int i = 0; i < p.length; i++) p[i] = parts[i].patchSize();
    return p;
  }

  @Override public boolean higherIsBetter() { return true; }

  @Override
  public String name() {
    return "mncc(patches " + Arrays.toString(patchSizes()) + ", weights " + Arrays.toString(weights) + ")";
  }

  @Override
  public double value(float[] x, float[] t, int w, int h, double[] gradient) {
    double total = 0;
    double[] part = gradient == null ? null : new double[w * h];
    if (gradient != null) Arrays.fill(gradient, 0);
    for (int i = 0; i < parts.length; i++) {
      total += weights[i] * parts[i].value(x, t, w, h, part);
      if (gradient != null) {
        for (int q = 0; q < w * h; q++) gradient[q] += weights[i] * part[q];
      }
    }
    return total;
  }
}
