package sc.fiji.diffdrr.report;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.Plot;

/** The loss history as an ImageJ plot with a logarithmic loss axis. */
public final class LossPlot {

  private LossPlot() {}

  /** One or more named curves (iteration 1..n each). */
  public static Plot create(String title, String[] names, double[][] losses) {
    Plot plot = new Plot(title, "iteration", "loss (log scale)");
    Color[] colors = {Color.BLUE, new Color(0xD0, 0x50, 0x00), new Color(0x00, 0x80, 0x40),
      Color.MAGENTA};
    double lo = Double.MAX_VALUE, hi = 0;
    int longest = 1;
    for (int c = 0; c < losses.length; c++) {
      double[] y = losses[c];
      double[] x = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        x[i] = i + 1;
        if (y[i] > 0 && Double.isFinite(y[i])) {
          lo = Math.min(lo, y[i]);
          hi = Math.max(hi, y[i]);
        }
      }
      longest = Math.max(longest, y.length);
      plot.setColor(colors[c % colors.length]);
      plot.setLineWidth(2);
      plot.add("line", x, y);
    }
    if (hi > 0) plot.setLimits(1, Math.max(2, longest), lo * 0.8, hi * 1.25);
    plot.setLogScaleY();
    if (names.length > 1) {
      plot.setColor(Color.BLACK);
      plot.addLegend(String.join("\n", names));
    }
    return plot;
  }

  public static ImagePlus image(String title, double[] losses) {
    return create(title, new String[] {"loss"}, new double[][] {losses}).getImagePlus();
  }
}
