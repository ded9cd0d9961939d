package sc.fiji.diffdrr.register;

/** Checks of per-parameter learning rates. */
final class Learning {

  private Learning() {}

  static double[] rates(double[] lr) {
    if (lr == null || lr.length == 0) throw new IllegalArgumentException("learning rates must be given");
    for (double v : lr) {
      if (!(v > 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + v);
      }
    }
    return lr.clone();
  }
}
