package sc.fiji.diffdrr;

/**
 * Argument checks that fail with one clear line naming the parameter and what is allowed.
 * Every user-facing input goes through these, so the shells (CLI, Fiji) can show the message
 * as it is.
 */
public final class Require {

  private Require() {}

  /** A finite number strictly greater than zero. */
  public static double positive(String name, double value, String unit) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0" + unitSuffix(unit)
          + ", got " + format(value));
    }
    return value;
  }

  /** A finite number (NaN and infinities rejected). */
  public static double finite(String name, double value, String unit) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number" + unitSuffix(unit)
          + ", got " + format(value));
    }
    return value;
  }

  /** An integer in [min, max]. */
  public static int inRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be an integer in [" + min + ", " + max
          + "], got " + value);
    }
    return (int) value;
  }

  /** A finite number in [min, max]. */
  public static double inRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be a number in [" + format(min) + ", "
          + format(max) + "], got " + format(value));
    }
    return value;
  }

  private static String unitSuffix(String unit) {
    return unit == null || unit.isEmpty() ? "" : " (" + unit + ")";
  }

  public static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }
}
