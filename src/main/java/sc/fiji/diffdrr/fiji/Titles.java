package sc.fiji.diffdrr.fiji;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Short numbers for titles and labels, so a user can tell what an image is. */
final class Titles {

  private Titles() {}

  /**
   * At most 4 decimals and 6 significant digits, no trailing zeros, no "-0": 850, 0.001, 12.5 —
   * so a value that went through a rotation matrix (849.9999999999) reads as typed.
   */
  static String number(double v) {
    if (!Double.isFinite(v)) return Double.toString(v);
    BigDecimal d = new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).round(new MathContext(6));
    String s = d.stripTrailingZeros().toPlainString();
    return d.signum() == 0 ? "0" : s;
  }

  /** "a/b/c". */
  static String triple(double a, double b, double c) {
    return number(a) + "/" + number(b) + "/" + number(c);
  }
}
