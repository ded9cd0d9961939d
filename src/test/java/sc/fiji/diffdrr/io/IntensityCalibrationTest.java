package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Intensities with flat and dark fields → line integrals: p = −ln((I − dark)/(flat − dark)). */
class IntensityCalibrationTest {

  private static final int W = 7, H = 5, P = W * H;

  /** Synthetic intensities of known line integrals, non-uniform fields: recovered to 1e-5. */
  @Test
  void syntheticIntensitiesGiveTheirLineIntegrals() {
    Random r = new Random(1);
    int n = 3;
    float[] p = new float[n * P], flat = new float[P], dark = new float[P];
    for (int k = 0; k < P; k++) {
      dark[k] = 80 + 40 * r.nextFloat();
      flat[k] = 3000 + 2000 * r.nextFloat();
    }
    float[] intensities = new float[n * P];
    for (int i = 0; i < p.length; i++) {
      p[i] = 4 * r.nextFloat();
      int k = i % P;
      intensities[i] = (float) (dark[k] + (flat[k] - dark[k]) * Math.exp(-p[i]));
    }
    IntensityCalibration c = IntensityCalibration.of(field("flat", flat), field("dark", dark), W, H);
    IntensityCalibration.Conversion out = c.toLineIntegrals(stack(intensities, n));
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i], out.lineIntegrals.data[i], 1e-5, "pixel " + i);
      int k = i % P;
      assertEquals(intensities[i] - dark[k], out.counts[i], 1e-3);
    }
    assertEquals(0, out.clamped);
    // and back: the noise-free intensities of those line integrals
    float[] again = c.toIntensities(out.lineIntegrals.data);
    for (int i = 0; i < p.length; i++) assertEquals(intensities[i], again[i], 1e-6 * intensities[i] + 1e-3);
  }

  /** A stack of flat (or dark) exposures is averaged pixel by pixel. */
  @Test
  void fieldStacksAreAveraged() {
    float[] flats = new float[3 * P];
    for (int i = 0; i < flats.length; i++) flats[i] = 900 + 100 * (i / P); // 900, 1000, 1100
    IntensityCalibration c = IntensityCalibration.of(
        IntensityCalibration.Field.images("--flat", stack(flats, 3)),
        IntensityCalibration.Field.constant("--dark", 0), W, H);
    float[] i = new float[P];
    java.util.Arrays.fill(i, (float) (1000 * Math.exp(-2)));
    IntensityCalibration.Conversion out = c.toLineIntegrals(stack(i, 1));
    for (float v : out.lineIntegrals.data) assertEquals(2, v, 1e-5);
  }

  /** Non-positive I − dark is clamped to half a count and counted; nothing non-finite comes out. */
  @Test
  void nonPositivePixelsAreClampedAndCounted() {
    float[] i = new float[2 * P];
    java.util.Arrays.fill(i, 500);
    i[0] = 10;    // = dark: zero counts
    i[3] = -5;    // below dark (readout noise)
    i[P + 1] = 10.2f; // 0.2 counts, under the floor
    i[P + 2] = 10.5f; // exactly half a count: the floor itself, not clamped below it
    i[P + 4] = 1500;  // brighter than the flat field: kept, negative
    IntensityCalibration c = IntensityCalibration.of(IntensityCalibration.Field.constant("--flat", 1010),
        IntensityCalibration.Field.constant("--dark", 10), W, H);
    IntensityCalibration.Conversion out = c.toLineIntegrals(stack(i, 2));
    assertEquals(3, out.clamped);
    assertEquals(1, out.brighter);
    double floor = -Math.log(0.5 / 1000);
    assertEquals(floor, out.lineIntegrals.data[0], 1e-5);
    assertEquals(floor, out.lineIntegrals.data[3], 1e-5);
    assertEquals(floor, out.lineIntegrals.data[P + 1], 1e-5);
    assertEquals(floor, out.lineIntegrals.data[P + 2], 1e-4);
    assertEquals(-Math.log(1490 / 1000.0), out.lineIntegrals.data[P + 4], 1e-5);
    for (float v : out.lineIntegrals.data) assertTrue(Float.isFinite(v));
    for (float v : out.counts) assertTrue(v > 0);
    assertTrue(out.summary().contains("3 of 70 pixels"), out.summary());
  }

  /** Fields in other units than counts (flat = 1): the floor is 1e-3 of the open beam. */
  @Test
  void normalisedFieldsClampAtOneThousandth() {
    float[] i = new float[P];
    java.util.Arrays.fill(i, 0.5f);
    i[2] = 0;
    IntensityCalibration.Conversion out = IntensityCalibration.incidentPhotons(1, W, H)
        .toLineIntegrals(stack(i, 1));
    assertEquals(1, out.clamped);
    assertEquals(-Math.log(1e-3), out.lineIntegrals.data[2], 1e-5);
  }

  @Test
  void flatNotAboveDarkIsRefusedNamingThePixel() {
    float[] flat = new float[P], dark = new float[P];
    java.util.Arrays.fill(flat, 100);
    java.util.Arrays.fill(dark, 10);
    dark[2 * W + 3] = 100;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IntensityCalibration.of(field("--flat", flat), field("--dark", dark), W, H));
    assertTrue(e.getMessage().contains("--flat must be greater than --dark at every pixel")
        && e.getMessage().contains("row 2, column 3"), e.getMessage());
  }

  @Test
  void imagesOfTheWrongSizeAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IntensityCalibration.of(IntensityCalibration.Field.images("--flat",
            new ProjectionStack(new float[W * (H + 1)], W, H + 1, 1, 1, 1)),
            IntensityCalibration.Field.constant("--dark", 0), W, H));
    assertTrue(e.getMessage().contains("--flat is 7×6 pixels but the projections are 7×5"),
        e.getMessage());
    IntensityCalibration c = IntensityCalibration.incidentPhotons(100, W, H);
    e = assertThrows(IllegalArgumentException.class,
        () -> c.toLineIntegrals(new ProjectionStack(new float[4], 2, 2, 1, 1, 1)));
    assertTrue(e.getMessage().contains("must be the same size"), e.getMessage());
  }

  private static IntensityCalibration.Field field(String name, float[] image) {
    return IntensityCalibration.Field.images(name, stack(image, 1));
  }

  private static ProjectionStack stack(float[] data, int n) {
    return new ProjectionStack(data, W, H, n, 1, 1);
  }
}
