package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.Backend;

/** Runs the chosen algorithm on a backend: the one entry the CLI and Fiji dispatch through. */
public final class Algorithms {

  private Algorithms() {}

  /**
   * @param classic the settings of FDK, SIRT, OS-SART and CGLS
   * @param gd the settings of gradient descent (used by {@link Algorithm#GD} only)
   */
  public static ReconstructionResult run(Backend backend, ReconstructionProblem problem,
      Algorithm algorithm, IterativeSettings classic, ReconstructionSettings gd,
      ProgressListener progress) {
    switch (algorithm) {
      case FDK: return new Fdk(backend).run(problem, classic.filter(), classic.cutoff(), progress);
      case SIRT: return new Sart(backend).run(problem, copyWithSubsets(classic, 1), progress);
      case OS_SART: return new Sart(backend).run(problem, classic, progress);
      case CGLS: return new Cgls(backend).run(problem, classic, progress);
      default: return new Reconstructor(backend).run(problem, gd, progress);
    }
  }

  /** What {@link #run} holds at its peak (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem, Algorithm algorithm,
      IterativeSettings classic, ReconstructionSettings gd) {
    switch (algorithm) {
      case FDK: return Fdk.workingSet(problem);
      case SIRT: return Sart.workingSet(problem, 1);
      case OS_SART: return Sart.workingSet(problem, classic.subsets());
      case CGLS: return Cgls.workingSet(problem);
      default: return Reconstructor.workingSet(problem, gd);
    }
  }

  private static IterativeSettings copyWithSubsets(IterativeSettings s, int k) {
    return new IterativeSettings().filter(s.filter()).cutoff(s.cutoff()).subsets(k)
        .iterations(s.iterations()).tolerance(s.tolerance()).relaxation(s.relaxation())
        .nonNegative(s.nonNegative()).keepLastFinite(s.keepLastFinite());
  }
}
