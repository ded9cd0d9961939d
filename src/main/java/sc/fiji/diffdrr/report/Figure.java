package sc.fiji.diffdrr.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import sc.fiji.diffdrr.io.AtomicFile;

/** Grids of labelled panels, drawn with ImageJ's processors and saved as PNG (headless). */
public final class Figure {

  private static final int GAP = 6, LABEL = 18;
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private Figure() {}

  /** Panels in rows of {@code columns}, centred in cells as wide as the widest panel or label. */
  public static ImagePlus grid(String title, List<Panel> panels, int columns) {
    ByteProcessor measure = new ByteProcessor(1, 1);
    measure.setFont(FONT);
    measure.setAntialiasedText(true);
    int cellW = 0, cellH = 0;
    for (Panel p : panels) {
      cellW = Math.max(cellW, Math.max(p.image.getWidth(), measure.getStringWidth(p.label) + 4));
      cellH = Math.max(cellH, p.image.getHeight());
    }
    int rows = (panels.size() + columns - 1) / columns;
    int width = columns * cellW + (columns + 1) * GAP;
    int height = rows * (cellH + LABEL) + (rows + 1) * GAP;
    ByteProcessor canvas = new ByteProcessor(width, height);
    // A java.awt.Color: with setColor(255) ImageJ draws antialiased text in black, i.e. not at all.
    canvas.setColor(Color.WHITE);
    canvas.setFont(FONT);
    canvas.setAntialiasedText(true);
    for (int k = 0; k < panels.size(); k++) {
      Panel p = panels.get(k);
      int x = GAP + (k % columns) * (cellW + GAP);
      int y = GAP + (k / columns) * (cellH + LABEL + GAP);
      canvas.drawString(p.label, x, y + LABEL - 4);
      canvas.insert(toBytes(p), x + (cellW - p.image.getWidth()) / 2, y + LABEL);
    }
    return new ImagePlus(title, canvas);
  }

  /** The panel mapped to 0..255 between its min and max, clipped. */
  static ImageProcessor toBytes(Panel p) {
    FloatProcessor f = p.image;
    ByteProcessor b = new ByteProcessor(f.getWidth(), f.getHeight());
    double scale = p.max > p.min ? 255 / (p.max - p.min) : 0;
    float[] src = (float[]) f.getPixels();
    byte[] dst = (byte[]) b.getPixels();
    for (int i = 0; i < src.length; i++) {
      double v = (src[i] - p.min) * scale;
      dst[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
    return b;
  }

  /** Saves any ImagePlus as PNG; the file appears only once complete. */
  public static void savePng(ImagePlus imp, Path file) throws IOException {
    BufferedImage image = imp.getBufferedImage();
    AtomicFile.write(file, out -> {
      if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
    });
  }
}
