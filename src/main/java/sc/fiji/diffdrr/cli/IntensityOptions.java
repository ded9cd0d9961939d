package sc.fiji.diffdrr.cli;

import java.io.IOException;

import sc.fiji.diffdrr.io.IntensityCalibration;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.recon.StatisticalWeights;

/**
 * What the projections of {@code reconstruct} are: --input line-integral (as they are) or
 * intensity, with --flat FILE|VALUE --dark FILE|VALUE (or --i0 N for flat = N, dark = 0) and
 * optionally --readout-sigma S (counts) for the weights.
 */
final class IntensityOptions {

  static final String USAGE =
      "  values:    [--input line-integral|intensity (line-integral)]; intensities I become\n"
    + "             p = −ln((I − dark)/(flat − dark)) with --flat FILE|VALUE [--dark FILE|VALUE (0)]\n"
    + "             (images of the projections' size, stacks averaged, or one number), or\n"
    + "             --i0 N (flat = N photons, dark = 0); pixels with I − dark under half a count\n"
    + "             (or 1e-3 of flat − dark) are clamped to it and counted. [--readout-sigma S]\n"
    + "             (counts) refines the Poisson weights of the intensity recipe\n";

  static final java.util.List<Option> OPTIONS = Option.list(
      Option.choice("input", "what the projections hold", "line-integral", "intensity"),
      Option.fileOrNumber("flat", 0, 1e12, "open beam: an image file or counts"),
      Option.fileOrNumber("dark", 0, 1e12, "dark field: an image file or counts"),
      Option.positive("i0", 1e12, "photons", "flat = N, dark = 0"),
      Option.number("readout-sigma", 0, 1e9, "counts", "readout noise for the weights"));

  final boolean intensities;
  private final IntensityCalibration.Field flat, dark;
  private final double readoutSigma;

  private IntensityOptions(boolean intensities, IntensityCalibration.Field flat,
      IntensityCalibration.Field dark, double readoutSigma) {
    this.intensities = intensities;
    this.flat = flat;
    this.dark = dark;
    this.readoutSigma = readoutSigma;
  }

  static IntensityOptions parse(Args a) throws IOException {
    String input = a.string("input", "line-integral");
    boolean intensity;
    switch (input) {
      case "line-integral": intensity = false; break;
      case "intensity": intensity = true; break;
      default:
        throw new IllegalArgumentException("--input must be line-integral or intensity, got '"
            + input + "'");
    }
    boolean fields = a.has("flat") || a.has("dark") || a.has("i0") || a.has("readout-sigma");
    if (!intensity) {
      if (fields) {
        throw new IllegalArgumentException("--flat, --dark, --i0 and --readout-sigma apply to "
            + "--input intensity; the projections are read as line integrals (--input line-integral)");
      }
      return new IntensityOptions(false, null, null, 0);
    }
    IntensityCalibration.Field flat, dark;
    if (a.has("i0")) {
      if (a.has("flat") || a.has("dark")) {
        throw new IllegalArgumentException("give --i0 N (flat = N, dark = 0) or --flat/--dark, not both");
      }
      flat = IntensityCalibration.Field.constant("--i0", positive("i0", a.requiredNumber("i0")));
      dark = IntensityCalibration.Field.constant("--dark", 0);
    } else {
      if (!a.has("flat")) {
        throw new IllegalArgumentException("--input intensity needs the open beam: --flat FILE|VALUE "
            + "[--dark FILE|VALUE] or --i0 N (incident photons per pixel)");
      }
      flat = field(a, "flat");
      dark = a.has("dark") ? field(a, "dark") : IntensityCalibration.Field.constant("--dark", 0);
    }
    double sigma = a.number("readout-sigma", 0);
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("--readout-sigma must be a number ≥ 0 (counts), got " + sigma);
    }
    return new IntensityOptions(true, flat, dark, sigma);
  }

  private static double positive(String name, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("--" + name + " must be a number > 0 (incident photons "
          + "per pixel), got " + Args.formatNumber(v));
    }
    return v;
  }

  /** FILE|VALUE: a number, else an image file (a stack is averaged). */
  private static IntensityCalibration.Field field(Args a, String name) throws IOException {
    String v = a.required(name);
    try {
      Double.parseDouble(v.trim());
      Args.parseNumber(name, v); // finite, named as an option
    } catch (NumberFormatException e) {
      // a file name
    }
    return InputFiles.read(name, v, () -> IntensityCalibration.Field.parse("--" + name, v));
  }

  /** The projections as line integrals (intensities converted, clamping logged), and their weights. */
  Converted convert(ProjectionStack projections, Cli cli) {
    if (!intensities) return new Converted(projections, null);
    IntensityCalibration calibration = IntensityCalibration.of(flat, dark, projections.width,
        projections.height);
    IntensityCalibration.Conversion c = calibration.toLineIntegrals(projections);
    cli.notice(c.summary());
    return new Converted(c.lineIntegrals, StatisticalWeights.poisson(c.counts, c.lineIntegrals.data, readoutSigma));
  }

  /** WLS weighs pixels by their counts: refused, before any work, for line integrals. */
  static void checkLoss(sc.fiji.diffdrr.recon.ReconstructionSettings s, Converted c) {
    if (s.loss().weighted() && c.weights == null) {
      throw new IllegalArgumentException("--loss wls needs --input intensity (the counts weigh "
          + "each pixel); for line integrals use mse or ncc");
    }
  }

  static final class Converted {
    final ProjectionStack lineIntegrals;
    /** Null for line-integral input. */
    final StatisticalWeights weights;

    Converted(ProjectionStack lineIntegrals, StatisticalWeights weights) {
      this.lineIntegrals = lineIntegrals;
      this.weights = weights;
    }
  }
}
