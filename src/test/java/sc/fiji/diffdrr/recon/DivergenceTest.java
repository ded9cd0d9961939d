package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Every algorithm stops at the first NaN or ∞ of its loss or its update, says where and why, and
 * hands out the last finite iterate only when asked to. A real divergence (Adam with lr 1e30), and
 * NaN injected into one backend operation at a chosen call (a proxy around the Java backend), so
 * each algorithm's guard is exercised where it matters.
 */
class DivergenceTest {

  private static final Volume PHANTOM = SheppLogan.create(16, 8);
  private static final Detector DETECTOR = new Detector(1020, 16, 16, 10, 10, 0, 0, true);

  private static ReconstructionProblem problem(Backend b) {
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(8, 360, 0, 850)) views.add(DETECTOR.view(p, Orientation.AP));
    float[] targets = DrrRenderer.render(b, PHANTOM, views, ProjectorSettings.siddon());
    return new ReconstructionProblem(PHANTOM.grid, views, targets, ProjectorSettings.siddon());
  }

  /**
   * The Java backend, except that the n-th call of {@code method} fills its argument number
   * {@code arg} (a device array) with NaN.
   */
  private static Backend poisoned(String method, int n, int arg) {
    return intercepted(method, n, (real, args, result) -> {
      real.fill((DeviceArray) args[arg], Float.NaN);
      return result;
    });
  }

  /** The Java backend, except that the n-th call of {@code method} returns NaN. */
  private static Backend poisonedScalar(String method, int n) {
    return intercepted(method, n, (real, args, result) -> Double.NaN);
  }

  private interface After {
    Object apply(JavaBackend real, Object[] args, Object result);
  }

  /** The Java backend, with {@code after} applied to the n-th call of {@code method}. */
  private static Backend intercepted(String method, int n, After after) {
    JavaBackend real = new JavaBackend(2);
    int[] calls = {0};
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
        new Class<?>[] {Backend.class}, (proxy, m, args) -> {
          Object r;
          try {
            r = m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return m.getName().equals(method) && ++calls[0] == n ? after.apply(real, args, r) : r;
        });
  }

  @Test
  void gradientDescentWithAHugeLearningRateStopsAtTheFirstInfiniteLoss() {
    try (Backend b = new JavaBackend(2)) {
      ReconstructionSettings s = ReconstructionSettings.tutorial().learningRate(1e30);
      Divergence d = assertThrows(Divergence.class,
          () -> new Reconstructor(b).run(problem(b), s, ProgressListener.NONE));
      assertEquals(2, d.iteration, d.getMessage());
      assertTrue(d.getMessage().startsWith("gradient descent diverged at iteration 2 of 101: the "
          + "loss became Infinity; likely cause: the learning rate 1E+30 is too large"), d.getMessage());
      assertTrue(d.getMessage().contains("give a smaller --lr"), d.getMessage());
      assertNull(d.lastFinite, "no iterate unless asked for");

      Divergence kept = assertThrows(Divergence.class, () -> new Reconstructor(b).run(problem(b),
          ReconstructionSettings.tutorial().learningRate(1e30).keepLastFinite(true),
          ProgressListener.NONE));
      assertEquals(0, kept.lastFiniteIteration, "iterate 1 has an infinite loss, so the start is kept");
      for (float v : kept.lastFinite.data()) assertEquals(0f, v, "zeros, the tutorial's start");
    }
  }

  @Test
  void gradientDescentStopsAtANaNUpdateAndKeepsTheIterateBefore() {
    try (Backend b = poisoned("adamStep", 5, 0)) {
      Divergence d = assertThrows(Divergence.class, () -> new Reconstructor(b).run(problem(b),
          ReconstructionSettings.tutorial().keepLastFinite(true), ProgressListener.NONE));
      assertEquals(5, d.iteration);
      assertTrue(d.getMessage().contains("the update (the sum of the voxels) became NaN"), d.getMessage());
      assertEquals(4, d.lastFiniteIteration);
      assertNotNull(d.lastFinite);
      double sum = 0;
      for (float v : d.lastFinite.data()) {
        assertTrue(Float.isFinite(v));
        sum += v;
      }
      assertTrue(sum != 0, "four Adam steps moved the volume");
    }
  }

  @Test
  void sirtAndOsSartStopAtANaNUpdate() {
    for (int subsets : new int[] {1, 4}) {
      // multiply is called twice per subset (row weights into r, column weights into g): call
      // 4k + 2 puts NaN into g of the first subset of iteration 3, and so into x
      try (Backend b = poisoned("multiply", 4 * subsets + 2, 1)) {
        IterativeSettings s = new IterativeSettings().subsets(subsets).iterations(10)
            .keepLastFinite(true);
        Divergence d = assertThrows(Divergence.class,
            () -> new Sart(b).run(problem(b), s, ProgressListener.NONE));
        assertEquals(3, d.iteration, d.getMessage());
        assertTrue(d.getMessage().startsWith((subsets == 1 ? "SIRT" : "OS-SART")
            + " diverged at iteration 3 of 10"), d.getMessage());
        assertTrue(d.getMessage().contains("--relaxation"), d.getMessage());
        assertEquals(2, d.lastFiniteIteration);
      }
    }
  }

  @Test
  void cglsStopsAtANaNResidual() {
    // sumOfSquares: ‖y‖ and ‖Aᵀy‖ before the loop, then three per iteration (‖Ap‖², ‖Aᵀr‖², ‖r‖):
    // call 6 is ‖Ap‖² of iteration 2
    try (Backend b = poisonedScalar("sumOfSquares", 2 + 3 + 1)) {
      Divergence d = assertThrows(Divergence.class, () -> new Cgls(b).run(problem(b),
          new IterativeSettings().iterations(10), ProgressListener.NONE));
      assertEquals(2, d.iteration, d.getMessage());
      assertTrue(d.getMessage().startsWith("CGLS diverged at iteration 2 of 10: the loss became NaN"),
          d.getMessage());
      assertNull(d.lastFinite);
    }
  }

  @Test
  void fdkRefusesANonFiniteVolume() {
    try (Backend b = poisoned("fdkBackproject", 1, 6)) {
      Divergence d = assertThrows(Divergence.class, () -> new Fdk(b).run(problem(b),
          FdkFilter.RAM_LAK, 1, ProgressListener.NONE));
      assertTrue(d.getMessage().startsWith("FDK produced a non-finite voxel (NaN"), d.getMessage());
    }
  }

}
