package sc.fiji.diffdrr.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One row of {@code check}: how far a result lies from what it is checked against, relative to a
 * scale, and whether that is within the limit. A case that threw records the reason and fails.
 */
final class Agreement {

  private static final String ROW = "%-40s  %-11s  %11s  %5s  %s";

  final String what;
  final String against;
  /** The largest absolute difference (images) or |⟨Ax,y⟩ − ⟨x,Aᵀy⟩| (dot-product test). */
  final double error;
  /** The scale: max |expected| (images) or |⟨Ax,y⟩|. */
  final double scale;
  final double limit;
  /** Why the case could not be measured, or null. */
  final String problem;

  private Agreement(String what, String against, double error, double scale, double limit,
      String problem) {
    this.what = what;
    this.against = against;
    this.error = error;
    this.scale = scale;
    this.limit = limit;
    this.problem = problem;
  }

  /** max |actual − expected| against limit × max |expected|; an all-zero expected image fails. */
  static Agreement images(String what, String against, float[] expected, float[] actual,
      double limit) {
    if (expected.length != actual.length) {
      return failed(what, against, limit, "sizes differ: " + expected.length + " and "
          + actual.length + " pixels");
    }
    double max = 0;
    double worst = 0;
    for (int p = 0; p < expected.length; p++) {
      max = Math.max(max, Math.abs(expected[p]));
      double d = Math.abs(actual[p] - expected[p]);
      // NaN compares false everywhere: make it the worst error rather than lose it
      worst = Double.isNaN(d) || Double.isNaN(worst) ? Double.NaN : Math.max(worst, d);
    }
    if (max == 0) return failed(what, against, limit, "the expected image is all zero");
    return new Agreement(what, against, worst, max, limit, null);
  }

  /** The adjoint's dot-product test: |left − right| against limit × |left|. */
  static Agreement dotProduct(String what, double left, double right, double limit) {
    return new Agreement(what, "dot product", Math.abs(left - right), Math.abs(left), limit,
        left == 0 ? "<Ax,y> is zero: the rays miss the volume" : null);
  }

  static Agreement failed(String what, String against, double limit, String problem) {
    return new Agreement(what, against, Double.NaN, Double.NaN, limit, problem);
  }

  /** A case whose device call threw (a kernel that does not build, a failed enqueue). */
  static Agreement threw(String what, String against, double limit, RuntimeException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().split("\\R", 2)[0];
    return failed(what, against, limit, e.getClass().getSimpleName()
        + (message.isEmpty() ? "" : ": " + message));
  }

  double relative() {
    return error / scale;
  }

  boolean passed() {
    return problem == null && relative() <= limit; // NaN fails
  }

  /** One line of the table, printed as soon as the case is done (a crash keeps what ran). */
  String line() {
    String rel = problem != null ? "-" : String.format(Locale.ROOT, "%.2e", relative());
    String result = passed() ? "pass" : "FAIL" + (problem == null ? "" : " (" + problem + ")");
    return String.format(Locale.ROOT, ROW, what, against, rel,
        String.format(Locale.ROOT, "%.0e", limit), result);
  }

  static String header() {
    return String.format(Locale.ROOT, ROW, "case", "against", "error/scale", "limit", "result");
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", what);
    m.put("against", against);
    m.put("error", error);
    m.put("scale", scale);
    m.put("relative", relative());
    m.put("limit", limit);
    m.put("pass", passed());
    if (problem != null) m.put("problem", problem);
    return m;
  }
}
