package sc.fiji.diffdrr.io;

import java.util.Locale;

/** Millimetres per unit of the length units ImageJ calibrations use. */
final class LengthUnit {

  private LengthUnit() {}

  /** mm per unit, or NaN when the unit is not a length (pixel, blank, unknown). */
  static double millimetres(String unit) {
    String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
    switch (u) {
      case "mm": case "millimeter": case "millimeters": case "millimetre": case "millimetres":
        return 1;
      case "cm": case "centimeter": case "centimeters": case "centimetre": case "centimetres":
        return 10;
      case "m": case "meter": case "meters": case "metre": case "metres":
        return 1000;
      case "um": case "µm": case "\u03bcm": case "micron": case "microns": case "micrometer":
      case "micrometers": case "micrometre": case "micrometres":
        return 1e-3;
      case "nm": case "nanometer": case "nanometers": case "nanometre": case "nanometres":
        return 1e-6;
      case "in": case "inch": case "inches":
        return 25.4;
      default:
        return Double.NaN;
    }
  }
}
