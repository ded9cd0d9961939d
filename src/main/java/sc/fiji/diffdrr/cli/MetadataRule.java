package sc.fiji.diffdrr.cli;

import java.util.Locale;

/**
 * Where an input file carries a value that an option also gives (the pixel spacing of
 * projections, the voxel spacing of a template volume, the number of views), the file's value is
 * the default; an option that disagrees with it by more than 1e-6 relative is refused with both
 * values named, unless {@code --override-metadata} is given.
 */
final class MetadataRule {

  static final Option OVERRIDE = Option.flag("override-metadata", "let options override what the "
      + "input files say (pixel spacing of the projections, voxel spacing of --like)");

  private MetadataRule() {}

  static boolean agree(double a, double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  }

  /**
   * The value to use for {@code --option}: the file's when the option is not given, the option's
   * when it agrees or --override-metadata is given; otherwise refused.
   *
   * @param what e.g. "p.mha's pixel width"
   */
  static double resolve(Args a, String option, double fileValue, String unit, String what, Cli cli) {
    if (!a.has(option)) return fileValue;
    double given = a.requiredNumber(option);
    if (agree(given, fileValue)) return given;
    String g = Option.format(given) + " " + unit, f = Option.format(fileValue) + " " + unit;
    if (a.flag(OVERRIDE.name)) {
      cli.notice(String.format(Locale.ROOT, "note: --%s %s overrides %s, %s (--override-metadata)",
          option, g, what, f));
      return given;
    }
    throw new IllegalArgumentException("--" + option + " " + g + " disagrees with " + what + ", "
        + f + "; leave --" + option + " out to use the file's value, or add --override-metadata to "
        + "use " + g);
  }
}
