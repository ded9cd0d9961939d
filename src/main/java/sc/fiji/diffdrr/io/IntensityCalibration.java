package sc.fiji.diffdrr.io;

import java.util.Locale;

/**
 * The flat (open beam) and dark (no beam) fields of a detector, one value per pixel, that turn
 * measured intensities I into line integrals by Beer–Lambert: p = −ln((I − dark)/(flat − dark)).
 *
 * <p>A pixel whose I − dark is not positive (or below the floor) has no finite line integral: it
 * is clamped to the floor and counted, so no NaN or ∞ ever reaches a reconstruction. The floor is
 * half a count of the open beam, (flat − dark)·t_min with t_min = min(0.5/(flat − dark), 1e-3):
 * with fields in photon counts, a zero-count pixel reads as half a photon; with fields in other
 * units (flat = 1) transmissions below 1e-3 are clamped. Pixels brighter than the flat field
 * (noise in air) keep their small negative line integral, so air stays unbiased; they are counted
 * too.
 */
public final class IntensityCalibration {

  /** The largest transmission floor (for fields that are not photon counts). */
  public static final double MAX_FLOOR = 1e-3;

  public final int width;
  public final int height;
  private final float[] flat;
  private final float[] dark;

  private IntensityCalibration(int width, int height, float[] flat, float[] dark) {
    this.width = width;
    this.height = height;
    this.flat = flat;
    this.dark = dark;
  }

  /** Uniform fields: flat = i0, dark = 0 (photon counts of the open beam). */
  public static IntensityCalibration incidentPhotons(double i0, int width, int height) {
    return of(Field.constant("i0", i0), Field.constant("dark", 0), width, height);
  }

  /** Fields as scalars or images of the detector's size; flat > dark at every pixel. */
  public static IntensityCalibration of(Field flat, Field dark, int width, int height) {
    float[] f = flat.image(width, height), d = dark.image(width, height);
    for (int i = 0; i < f.length; i++) {
      if (!(f[i] > d[i])) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%s must be greater than %s at every pixel; at row %d, column %d it is %s ≤ %s",
            flat.name, dark.name, i / width, i % width, f[i], d[i]));
      }
    }
    return new IntensityCalibration(width, height, f, d);
  }

  /** Line integrals of a stack of intensity images of this detector's size. */
  public Conversion toLineIntegrals(ProjectionStack intensities) {
    if (intensities.width != width || intensities.height != height) {
      throw new IllegalArgumentException("the flat and dark fields are " + width + "×" + height
          + " pixels but the projections are " + intensities.width + "×" + intensities.height
          + "; they must be the same size");
    }
    int p = width * height;
    float[] in = intensities.data;
    float[] lineIntegrals = new float[in.length], counts = new float[in.length];
    long clamped = 0, brighter = 0;
    double maxP = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < in.length; i++) {
      int k = i % p;
      double open = (double) flat[k] - dark[k];
      double floor = open * Math.min(0.5 / open, MAX_FLOOR);
      double c = (double) in[i] - dark[k];
      if (c < floor) {
        c = floor;
        clamped++;
      } else if (c > open) {
        brighter++;
      }
      double li = -Math.log(c / open);
      lineIntegrals[i] = (float) li;
      counts[i] = (float) c;
      maxP = Math.max(maxP, li);
    }
    return new Conversion(new ProjectionStack(lineIntegrals, width, height, intensities.count,
        intensities.delx, intensities.dely), counts, clamped, brighter, maxP);
  }

  /** Noise-free intensities of line integrals: I = dark + (flat − dark)·exp(−p). */
  public float[] toIntensities(float[] lineIntegrals) {
    int p = width * height;
    if (lineIntegrals.length % p != 0) {
      throw new IllegalArgumentException("line integrals hold " + lineIntegrals.length
          + " values, not a whole number of " + width + "×" + height + " images");
    }
    float[] out = new float[lineIntegrals.length];
    for (int i = 0; i < out.length; i++) {
      int k = i % p;
      out[i] = (float) (dark[k] + ((double) flat[k] - dark[k]) * Math.exp(-lineIntegrals[i]));
    }
    return out;
  }

  /** What {@link #toLineIntegrals} made, and what it had to clamp. */
  public static final class Conversion {
    public final ProjectionStack lineIntegrals;
    /** I − dark per pixel after clamping (photon counts when the fields are): the data's weight. */
    public final float[] counts;
    /** Pixels with I − dark below the floor, set to the floor. */
    public final long clamped;
    /** Pixels brighter than the flat field (negative line integrals, kept). */
    public final long brighter;
    public final double maxLineIntegral;

    Conversion(ProjectionStack lineIntegrals, float[] counts, long clamped, long brighter,
        double maxLineIntegral) {
      this.lineIntegrals = lineIntegrals;
      this.counts = counts;
      this.clamped = clamped;
      this.brighter = brighter;
      this.maxLineIntegral = maxLineIntegral;
    }

    /** One line for the log. */
    public String summary() {
      long n = counts.length;
      return String.format(Locale.ROOT, "intensities → line integrals: max %.4g; %d of %d pixels "
          + "(%.3g%%) had I − dark at or below the floor and were clamped to it; %d (%.3g%%) were "
          + "brighter than the flat field (kept, p < 0)", maxLineIntegral, clamped, n,
          100.0 * clamped / n, brighter, 100.0 * brighter / n);
    }
  }

  /** A flat or dark field: one value for every pixel, or an image (a stack is averaged). */
  public static final class Field {
    final String name;
    private final double value;
    private final ProjectionStack images;

    private Field(String name, double value, ProjectionStack images) {
      this.name = name;
      this.value = value;
      this.images = images;
    }

    public static Field constant(String name, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(name + " must be a finite number, got " + value);
      }
      return new Field(name, value, null);
    }

    /**
     * FILE|VALUE as users write it: a number, else an image file (.mha .mhd .tif; a stack is
     * averaged).
     */
    public static Field parse(String name, String spec) throws java.io.IOException {
      String v = spec == null ? "" : spec.trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException(name + " must be a number or an image file, got nothing");
      }
      try {
        return constant(name, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        java.nio.file.Path file = java.nio.file.Paths.get(v);
        return images(name + " (" + file.getFileName() + ")", ProjectionFiles.read(file));
      }
    }

    /** The average of the images of a stack (e.g. repeated flat exposures). */
    public static Field images(String name, ProjectionStack images) {
      return new Field(name, 0, images);
    }

    float[] image(int width, int height) {
      float[] out = new float[width * height];
      if (images == null) {
        java.util.Arrays.fill(out, (float) value);
        return out;
      }
      if (images.width != width || images.height != height) {
        throw new IllegalArgumentException(name + " is " + images.width + "×" + images.height
            + " pixels but the projections are " + width + "×" + height
            + "; give an image of the projections' size or one number");
      }
      int p = width * height;
      double[] sum = new double[p];
      for (int i = 0; i < images.data.length; i++) sum[i % p] += images.data[i];
      for (int k = 0; k < p; k++) out[k] = (float) (sum[k] / images.count);
      return out;
    }
  }
}
