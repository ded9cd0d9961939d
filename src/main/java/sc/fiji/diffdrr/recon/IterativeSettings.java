package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.Require;

/**
 * What FDK, SIRT, OS-SART and CGLS need besides the problem: the filter and its cutoff (FDK), the
 * subsets (OS-SART), the iterations and the relative-residual tolerance that stop the loop, the
 * relaxation λ and non-negativity (SIRT, OS-SART).
 */
public final class IterativeSettings {

  public static final int DEFAULT_ITERATIONS_SIRT = 100;
  public static final int DEFAULT_ITERATIONS_OS_SART = 20;
  public static final int DEFAULT_ITERATIONS_CGLS = 20;
  public static final int DEFAULT_SUBSETS = 10;

  private FdkFilter filter = FdkFilter.RAM_LAK;
  private double cutoff = 1.0;
  private int subsets = 1;
  private int iterations = DEFAULT_ITERATIONS_SIRT;
  private double tolerance = 0;
  private double relaxation = 1.0;
  private boolean nonNegative = false;
  private boolean keepLastFinite = false;

  public IterativeSettings filter(FdkFilter f) {
    if (f == null) throw new IllegalArgumentException("--filter must be " + FdkFilter.names());
    filter = f;
    return this;
  }

  public IterativeSettings cutoff(double c) {
    if (!(c > 0 && c <= 1)) {
      throw new IllegalArgumentException("--cutoff must be in (0, 1] (a fraction of Nyquist), got " + c);
    }
    cutoff = c;
    return this;
  }

  public IterativeSettings subsets(int k) {
    subsets = Require.inRange("subsets", k, 1, 1_000_000);
    return this;
  }

  public IterativeSettings iterations(int n) {
    iterations = Require.inRange("iterations", n, 1, 10_000_000);
    return this;
  }

  /** Stop when ‖y − A·x‖/‖y‖ falls below this (0: run all iterations). */
  public IterativeSettings tolerance(double t) {
    tolerance = Require.inRange("tolerance", t, 0, 1);
    return this;
  }

  public IterativeSettings relaxation(double l) {
    relaxation = Require.inRange("relaxation", l, 1e-6, 2);
    return this;
  }

  public IterativeSettings nonNegative(boolean b) {
    nonNegative = b;
    return this;
  }

  /** As {@link ReconstructionSettings#keepLastFinite}. */
  public IterativeSettings keepLastFinite(boolean b) {
    keepLastFinite = b;
    return this;
  }

  public boolean keepLastFinite() { return keepLastFinite; }
  public FdkFilter filter() { return filter; }
  public double cutoff() { return cutoff; }
  public int subsets() { return subsets; }
  public int iterations() { return iterations; }
  public double tolerance() { return tolerance; }
  public double relaxation() { return relaxation; }
  public boolean nonNegative() { return nonNegative; }

  /** A one-line summary for the log. */
  public String describe(Algorithm a) {
    switch (a) {
      case FDK: return "FDK, " + filter.label() + " filter, cutoff " + cutoff;
      case SIRT: return "SIRT, " + iterations + " iterations, λ " + relaxation + tail();
      case OS_SART: return "OS-SART, " + subsets + " subsets, " + iterations + " iterations, λ "
          + relaxation + tail();
      case CGLS: return "CGLS, " + iterations + " iterations" + (tolerance > 0 ? ", tolerance " + tolerance : "");
      default: return a.label();
    }
  }

  private String tail() {
    return (tolerance > 0 ? ", tolerance " + tolerance : "") + (nonNegative ? ", non-negative" : "");
  }
}
