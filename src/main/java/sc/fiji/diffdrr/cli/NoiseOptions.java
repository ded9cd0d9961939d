package sc.fiji.diffdrr.cli;

import sc.fiji.diffdrr.io.IntensityCalibration;
import sc.fiji.diffdrr.io.PhotonNoise;

/**
 * What render and simulate write: line integrals (the default), or intensities I0·exp(−p)
 * (--output intensity --i0 N); simulate adds --photons N (Poisson counts of N·exp(−p)),
 * --readout-sigma S (Gaussian, counts) and --seed S.
 */
final class NoiseOptions {

  static final String RENDER_USAGE =
      "  values:    [--output line-integral|intensity (line-integral)]; intensity writes\n"
    + "             I0·exp(−p), a radiograph, with --i0 N\n";
  static final String SIMULATE_USAGE =
      "  noise:     [--photons N (incident photons per pixel, I0)]: Poisson counts of N·exp(−p)\n"
    + "             [--readout-sigma S (Gaussian readout noise, counts; 0)] [--seed S (0)]\n"
    + "             [--output intensity|line-integral (intensity with --photons, else\n"
    + "             line-integral)]: line-integral writes −ln(counts/N), clamped as reconstruct\n"
    + "             --input intensity does; [--i0 N] for noise-free intensities\n";

  static final java.util.List<Option> RENDER = Option.list(
      Option.choice("output", "what the pixels hold", "intensity", "line-integral"),
      Option.positive("i0", 1e12, "photons", "open-beam intensity of --output intensity"));
  static final java.util.List<Option> SIMULATE = Option.list(
      Option.positive("photons", 1e12, "incident photons per pixel", "incident photons per pixel (Poisson noise)"),
      Option.number("readout-sigma", 0, 1e9, "counts", "Gaussian readout noise"),
      Option.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, "noise generator seed"));

  private final boolean intensity;
  private final double i0;
  private final PhotonNoise noise;

  private NoiseOptions(boolean intensity, double i0, PhotonNoise noise) {
    this.intensity = intensity;
    this.i0 = i0;
    this.noise = noise;
  }

  /** @param simulate whether --photons, --readout-sigma and --seed are allowed (simulate) */
  static NoiseOptions parse(Args a, boolean simulate) {
    PhotonNoise noise = null;
    if (simulate && a.has("photons")) {
      if (a.has("i0")) {
        throw new IllegalArgumentException("give --photons N (noisy, I0 = N) or --i0 N (noise-free), not both");
      }
      double photons = a.requiredNumber("photons");
      if (!(photons > 0 && photons <= 1e12)) {
        throw new IllegalArgumentException("--photons must be a number in (0, 1e12] (incident "
            + "photons per pixel), got " + Args.formatNumber(photons));
      }
      double sigma = a.number("readout-sigma", 0);
      if (!(sigma >= 0)) {
        throw new IllegalArgumentException("--readout-sigma must be a number ≥ 0 (counts), got "
            + Args.formatNumber(sigma));
      }
      noise = new PhotonNoise(photons, sigma, a.longInteger("seed", 0));
    } else if (simulate && (a.has("readout-sigma") || a.has("seed"))) {
      throw new IllegalArgumentException("--readout-sigma and --seed need --photons N (the noise model)");
    }
    String output = a.string("output", noise != null ? "intensity" : "line-integral");
    boolean intensity;
    switch (output) {
      case "intensity": intensity = true; break;
      case "line-integral": intensity = false; break;
      default:
        throw new IllegalArgumentException("--output must be intensity or line-integral, got '"
            + output + "'");
    }
    double i0 = 0;
    if (noise == null && a.has("i0")) {
      i0 = a.requiredNumber("i0");
      if (!(i0 > 0)) {
        throw new IllegalArgumentException("--i0 must be a number > 0 (the open-beam intensity), got "
            + Args.formatNumber(i0));
      }
      if (!intensity) throw new IllegalArgumentException("--i0 applies to --output intensity");
    }
    if (intensity && noise == null && i0 == 0) {
      throw new IllegalArgumentException("--output intensity needs --i0 N (the open-beam intensity)"
          + (simulate ? " or --photons N" : ""));
    }
    return new NoiseOptions(intensity, i0, noise);
  }

  /** The images to write, from rendered line integrals. */
  /** How many more stacks {@link #apply} allocates (for the memory plan). */
  int copies() {
    if (noise == null) return intensity ? 1 : 0;
    return intensity ? 1 : 2;
  }

  float[] apply(float[] lineIntegrals, int width, int height, Cli cli) {
    if (noise == null) {
      if (!intensity) return lineIntegrals;
      return IntensityCalibration.incidentPhotons(i0, width, height).toIntensities(lineIntegrals);
    }
    float[] counts = noise.sample(lineIntegrals);
    float max = 0;
    for (float p : lineIntegrals) max = Math.max(max, p);
    cli.notice(String.format(java.util.Locale.ROOT, "%s; largest line integral %.4g (%.4g photons "
        + "on average there)", noise, max, noise.photons * Math.exp(-max)));
    if (intensity) return counts;
    IntensityCalibration.Conversion c = IntensityCalibration.incidentPhotons(noise.photons, width,
        height).toLineIntegrals(new sc.fiji.diffdrr.io.ProjectionStack(counts, width, height,
            counts.length / (width * height), 1, 1));
    cli.notice(c.summary());
    return c.lineIntegrals.data;
  }
}
