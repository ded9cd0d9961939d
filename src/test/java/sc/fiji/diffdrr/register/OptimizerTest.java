package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** torch semantics of SGD (momentum, dampening) and Adam; L-BFGS + strong Wolfe converges. */
class OptimizerTest {

  /** f(p) = Σ a_i (p_i − c_i)², a = 1..6. */
  static final Objective QUADRATIC = (p, g) -> {
    double f = 0;
    for (int i = 0; i < p.length; i++) {
      double a = i + 1, r = p[i] - i;
      f += a * r * r;
      g[i] = 2 * a * r;
    }
    return f;
  };

  @Test
  void sgdWithMomentumAndDampeningAsTorch() {
    double[] lr = {0.1, 0.1, 0.1, 0.01, 0.01, 0.01};
    Sgd sgd = new Sgd(lr, 0.5, 0.25);
    double[] p = new double[6];
    // by hand for parameter 0 (a = 1, c = 0, p0 = 0: g = 0 always) and 3 (a = 4, c = 3)
    double x = 0, b = 0;
    for (int n = 1; n <= 3; n++) {
      double g = 2 * 4 * (x - 3);
      b = n == 1 ? g : 0.5 * b + 0.75 * g;
      x -= 0.01 * b;
      sgd.step(p, QUADRATIC);
      assertEquals(x, p[3], 1e-12);
    }
    assertEquals(0, p[0], 0);
  }

  @Test
  void adamFirstStepMovesEveryParameterByItsLearningRate() {
    double[] lr = {0.1, 0.2, 0.3, 5, 5, 5};
    Adam adam = new Adam(lr);
    double[] p = {1, 0, 0, 0, 0, 0}; // parameter 0 at its minimum... not quite: c_0 = 0
    double[] start = p.clone();
    adam.step(p, QUADRATIC);
    for (int i = 0; i < 6; i++) {
      double g = 2 * (i + 1) * (start[i] - i);
      if (g != 0) assertEquals(lr[i], Math.abs(p[i] - start[i]), 1e-6 * lr[i], "parameter " + i);
    }
  }

  @Test
  void lbfgsWithStrongWolfeSolvesRosenbrockPairs() {
    Objective rosen = (p, g) -> {
      double f = 0;
      java.util.Arrays.fill(g, 0);
      for (int i = 0; i < 6; i += 2) {
        double a = p[i], b = p[i + 1];
        f += 100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a);
        g[i] += -400 * a * (b - a * a) - 2 * (1 - a);
        g[i + 1] += 200 * (b - a * a);
      }
      return f;
    };
    Lbfgs l = new Lbfgs(1, 20, true, new double[] {1, 1, 1, 1, 1, 1});
    double[] p = {-1.2, 1, -1.2, 1, 0, 0};
    for (int k = 0; k < 20; k++) l.step(p, rosen);
    for (double v : p) assertEquals(1, v, 1e-5);
    assertTrue(l.evaluations() < 200, "evaluations " + l.evaluations());
  }

  @Test
  void learningRatesMustBePositive() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Sgd(new double[] {0.1, 0, 1, 1, 1, 1}, 0, 0));
    assertEquals("learning rate must be a finite number > 0, got 0.0", e.getMessage());
  }
}
