package sc.fiji.diffdrr.report;

import ij.process.FloatProcessor;

/** One labelled grey image in a figure, shown linearly between min (black) and max (white). */
public final class Panel {

  final FloatProcessor image;
  final String label;
  final double min;
  final double max;

  public Panel(FloatProcessor image, String label, double min, double max) {
    this.image = image;
    this.label = label;
    this.min = min;
    this.max = max;
  }

  /** A panel of a row-major image of width × height floats starting at offset. */
  public static Panel of(float[] data, int offset, int width, int height, String label, double min,
      double max) {
    float[] copy = new float[width * height];
    System.arraycopy(data, offset, copy, 0, copy.length);
    return new Panel(new FloatProcessor(width, height, copy), label, min, max);
  }
}
