package sc.fiji.diffdrr.register;

/** Mean squared difference, minimised; only meaningful when DRR and X-ray share one scale. */
public final class Mse implements Similarity {

  @Override public boolean higherIsBetter() { return false; }

  @Override public String name() { return "mse"; }

  @Override
  public double value(float[] x, float[] t, int w, int h, double[] gradient) {
    int n = w * h;
    double s = 0;
    for (int i = 0; i < n; i++) {
      double r = (double) x[i] - t[i];
      s += r * r;
      if (gradient != null) gradient[i] = 2 * r / n;
    }
    return s / n;
  }
}
