package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.volume.Volume;

/**
 * A run stopped because its loss or its update became NaN or ∞: where (the iteration), what (the
 * value), the likely cause and what to change, on one line. Carries the last iterate whose voxels
 * and loss were finite when the run was asked to keep it, else null.
 */
public final class Divergence extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public final int iteration;
  public final int iterations;
  public final double value;
  /** The last finite iterate (null unless asked for) and its iteration (0: the start volume). */
  public final transient Volume lastFinite;
  public final int lastFiniteIteration;

  /**
   * For other iterative loops (registration): "ALGORITHM diverged at iteration k of n: WHAT
   * became VALUE; REMEDY"; no iterate to hand out.
   */
  public static Divergence of(String algorithm, int iteration, int iterations, String what,
      double value, String remedy) {
    return new Divergence(algorithm, iteration, iterations, what, value, remedy, null, -1);
  }

  /** A non-iterative method (FDK): the whole message, no iterate to hand out. */
  Divergence(String message, double value) {
    super(message);
    this.iteration = 1;
    this.iterations = 1;
    this.value = value;
    this.lastFinite = null;
    this.lastFiniteIteration = -1;
  }

  Divergence(String algorithm, int iteration, int iterations, String what, double value,
      String remedy, Volume lastFinite, int lastFiniteIteration) {
    super(algorithm + " diverged at iteration " + iteration + " of " + iterations + ": " + what
        + " became " + value + "; " + remedy);
    this.iteration = iteration;
    this.iterations = iterations;
    this.value = value;
    this.lastFinite = lastFinite;
    this.lastFiniteIteration = lastFiniteIteration;
  }
}
