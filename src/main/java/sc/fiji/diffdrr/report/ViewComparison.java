package sc.fiji.diffdrr.report;

import sc.fiji.diffdrr.recon.Metrics;

/** One view rendered from the truth and from a reconstruction, with their similarity. */
public final class ViewComparison {

  public final String label;
  public final float[] truth;
  public final float[] ours;
  public final int width;
  public final int height;
  /** DiffDRR's NCC (1 = identical up to brightness and contrast). */
  public final double ncc;
  /** Mean squared difference. */
  public final double mse;

  public ViewComparison(String label, float[] truth, float[] ours, int width, int height) {
    this.label = label;
    this.truth = truth;
    this.ours = ours;
    this.width = width;
    this.height = height;
    this.ncc = Metrics.ncc(truth, ours);
    this.mse = Metrics.mse(truth, ours);
  }
}
