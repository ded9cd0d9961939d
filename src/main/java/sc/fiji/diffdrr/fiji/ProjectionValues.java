package sc.fiji.diffdrr.fiji;

import java.io.IOException;
import java.util.function.Consumer;

import sc.fiji.diffdrr.io.IntensityCalibration;
import sc.fiji.diffdrr.io.ProjectionStack;

/**
 * The "input", "flat" and "dark" fields of the commands that take X-ray images: line integrals as
 * they are, or measured intensities turned into −ln((I − dark)/(flat − dark)).
 */
final class ProjectionValues {

  static final String LINE_INTEGRAL = "line-integral", INTENSITY = "intensity";

  private ProjectionValues() {}

  /**
   * The conversion of measured intensities, or null for line integrals (the images as they are).
   *
   * @param log where the conversion's summary goes (clamped pixels, the largest line integral)
   */
  static IntensityCalibration.Conversion convert(ProjectionStack images, String input, String flat,
      String dark, Consumer<String> log) throws IOException {
    if (LINE_INTEGRAL.equals(input)) return null;
    if (!INTENSITY.equals(input)) {
      throw new IllegalArgumentException("input must be " + LINE_INTEGRAL + " or " + INTENSITY
          + ", got '" + input + "'");
    }
    IntensityCalibration.Conversion c = IntensityCalibration.of(
        IntensityCalibration.Field.parse("flat", flat), IntensityCalibration.Field.parse("dark", dark),
        images.width, images.height).toLineIntegrals(images);
    log.accept(c.summary());
    return c;
  }
}
