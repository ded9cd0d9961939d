package sc.fiji.diffdrr.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import ij.gui.Plot;
import sc.fiji.diffdrr.io.AtomicFile;

/** PSNR against time of a reconstruction: psnr.csv ({@code seconds,psnr_db}) and psnr.png. */
public final class PsnrTimePlot {

  private PsnrTimePlot() {}

  public static void write(Path dir, String title, double[] seconds, double[] psnr)
      throws IOException {
    StringBuilder b = new StringBuilder("seconds,psnr_db\n");
    for (int i = 0; i < seconds.length; i++) {
      b.append(String.format(Locale.ROOT, "%.4f,%.4f%n", seconds[i], psnr[i]));
    }
    AtomicFile.write(dir.resolve("psnr.csv"), out -> out.write(b.toString().getBytes(StandardCharsets.UTF_8)));
    Plot plot = new Plot(title + ": PSNR against time", "seconds", "PSNR (dB)");
    plot.setColor(Color.BLUE);
    plot.setLineWidth(2);
    plot.add(seconds.length > 1 ? "line" : "circle", seconds, psnr);
    if (seconds.length > 1) plot.add("circle", seconds, psnr);
    Figure.savePng(plot.getImagePlus(), dir.resolve("psnr.png"));
  }
}
