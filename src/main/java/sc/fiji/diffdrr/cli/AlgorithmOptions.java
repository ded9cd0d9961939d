package sc.fiji.diffdrr.cli;

import sc.fiji.diffdrr.geometry.CircularOrbit;
import sc.fiji.diffdrr.recon.Algorithm;
import sc.fiji.diffdrr.recon.FdkFilter;
import sc.fiji.diffdrr.recon.IterativeSettings;
import sc.fiji.diffdrr.recon.ReconstructionProblem;

/**
 * {@code reconstruct}'s choice of algorithm and the options of FDK, SIRT, OS-SART and CGLS:
 * --algorithm --filter --cutoff --subsets --iterations --tolerance (--nonneg for SIRT/OS-SART).
 * Gradient descent keeps its own options (the recipe).
 */
final class AlgorithmOptions {

  static final String USAGE =
      "  algorithm: [--algorithm gd|fdk|sirt|os-sart|cgls (gd)]\n"
    + "             fdk: [--filter ram-lak|shepp-logan|cosine|hamming|hann (ram-lak)]\n"
    + "                  [--cutoff F (1.0, fraction of Nyquist, in (0, 1])]; circular orbits only\n"
    + "             sirt, os-sart, cgls: [--iterations N (sirt " + IterativeSettings.DEFAULT_ITERATIONS_SIRT
    + ", os-sart " + IterativeSettings.DEFAULT_ITERATIONS_OS_SART + ", cgls "
    + IterativeSettings.DEFAULT_ITERATIONS_CGLS + ")]\n"
    + "                  [--tolerance T (stop when ‖y − Ax‖/‖y‖ < T; 0)] [--subsets K (os-sart: "
    + IterativeSettings.DEFAULT_SUBSETS + ")]\n"
    + "                  [--relaxation L (sirt, os-sart: 1)] [--nonneg (sirt, os-sart)]\n";

  static final java.util.List<Option> OPTIONS = Option.list(
      Option.choice("algorithm", "reconstruction method", "gd", "fdk", "sirt", "os-sart", "cgls"),
      Option.choice("filter", "FDK ramp window", "ram-lak", "shepp-logan", "cosine", "hamming", "hann"),
      Option.range("cutoff", 0, 1, true, false, null, "FDK cutoff, a fraction of Nyquist"),
      Option.integer("subsets", 1, 1_000_000, "OS-SART subsets (at most the views)"),
      Option.belowMax("tolerance", 0, 1, "stop at this relative residual"),
      Option.number("relaxation", 1e-6, 2, null, "SIRT/OS-SART step λ"));

  final Algorithm algorithm;
  final IterativeSettings settings;

  private AlgorithmOptions(Algorithm algorithm, IterativeSettings settings) {
    this.algorithm = algorithm;
    this.settings = settings;
  }

  /** Reads and checks the options against a problem of {@code views} views. */
  static AlgorithmOptions parse(Args a, int views) {
    Algorithm algorithm = Algorithm.parse(a.string("algorithm", "gd"));
    IterativeSettings s = new IterativeSettings();
    if (a.has("filter")) s.filter(FdkFilter.parse(a.string("filter", null)));
    if (a.has("cutoff")) s.cutoff(a.requiredNumber("cutoff"));
    int subsets = algorithm == Algorithm.OS_SART ? Math.min(IterativeSettings.DEFAULT_SUBSETS, views) : 1;
    if (a.has("subsets")) {
      subsets = a.requiredInteger("subsets");
      if (subsets < 1 || subsets > views) {
        throw new IllegalArgumentException("--subsets must be in [1, " + views + "] (the number of "
            + "views), got " + subsets);
      }
    }
    s.subsets(subsets);
    s.iterations(algorithm == Algorithm.OS_SART ? IterativeSettings.DEFAULT_ITERATIONS_OS_SART
        : algorithm == Algorithm.CGLS ? IterativeSettings.DEFAULT_ITERATIONS_CGLS
        : IterativeSettings.DEFAULT_ITERATIONS_SIRT);
    if (algorithm != Algorithm.GD && a.has("iterations")) s.iterations(a.requiredInteger("iterations"));
    if (a.has("tolerance")) {
      double t = a.requiredNumber("tolerance");
      if (!(t >= 0 && t < 1)) {
        throw new IllegalArgumentException("--tolerance must be in [0, 1) (a relative residual), got " + t);
      }
      s.tolerance(t);
    }
    if (a.has("relaxation")) s.relaxation(a.requiredNumber("relaxation"));
    if (algorithm != Algorithm.GD && a.flag("nonneg")) s.nonNegative(true);
    return new AlgorithmOptions(algorithm, s);
  }

  /** Refuses what the algorithm cannot do with these views before any work (FDK: a circular orbit). */
  void check(ReconstructionProblem problem) {
    if (algorithm == Algorithm.FDK) CircularOrbit.analyse(problem.views);
  }

  String describe() {
    return settings.describe(algorithm);
  }
}
