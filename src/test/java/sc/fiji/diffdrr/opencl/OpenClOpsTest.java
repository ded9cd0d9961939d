package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The optimizer, reduction, loss and TV kernels against plain Java loops in double, on random
 * data, at sizes below, at and off the work-group sizes (64, 256) and past one reduction grid.
 */
class OpenClOpsTest {

  private static final double TOL = 1e-5;
  private static OpenClBackend cl;

  @BeforeAll
  static void open() {
    cl = OpenClTestDevice.backend();
  }

  @AfterAll
  static void close() {
    if (cl != null) {
      cl.close();
      assertEquals(0, cl.heldBuffers());
    }
  }

  private static float[] random(int n, long seed, float lo, float hi) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
    return a;
  }

  private static float[] download(DeviceArray a) {
    float[] h = new float[(int) a.length()];
    cl.download(a, h);
    return h;
  }

  /** max |a − b| ≤ tol · max |b|. */
  private static void assertClose(String what, double[] expected, float[] actual, double tol) {
    double scale = 0;
    double err = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      err = Math.max(err, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(err <= tol * scale, what + ": max error " + err + " > " + tol + " × " + scale);
  }

  private static void assertClose(String what, float[] expected, float[] actual, double tol) {
    double[] e = new double[expected.length];
    for (int i = 0; i < e.length; i++) e[i] = expected[i];
    assertClose(what, e, actual, tol);
  }

  private static void assertRelative(String what, double expected, double actual, double tol) {
    assertTrue(Math.abs(expected - actual) <= tol * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 63, 64, 65, 257, 1000, 262_144 + 17, 1_000_003})
  void reductionsMatchDoubleSums(int n) {
    float[] a = random(n, n, -1, 2);
    float[] b = random(n, n + 1, -1, 1);
    double s = 0;
    double ss = 0;
    double d = 0;
    for (int i = 0; i < n; i++) {
      s += a[i];
      ss += a[i] * (double) a[i];
      d += a[i] * (double) b[i];
    }
    try (DeviceArray da = cl.upload(a); DeviceArray db = cl.upload(b)) {
      assertRelative("sum", s, cl.sum(da), TOL);
      assertRelative("sum of squares", ss, cl.sumOfSquares(da), TOL);
      assertRelative("dot", d, cl.dot(da, db), TOL);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 63, 65, 100_003})
  void fillScaleClamp(int n) {
    float[] a = random(n, 7, -3, 3);
    try (DeviceArray da = cl.upload(a); DeviceArray z = cl.allocate(n)) {
      assertClose("allocate is zero", new float[n], download(z), 0);
      cl.scale(da, -1.5f);
      cl.clamp(da, -2f, 1f);
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) expected[i] = Math.min(Math.max(-1.5f * a[i], -2f), 1f);
      assertClose("scale then clamp", expected, download(da), 0);
      cl.fill(da, 0.25f);
      float[] q = new float[n];
      java.util.Arrays.fill(q, 0.25f);
      assertClose("fill", q, download(da), 0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65, 10_007})
  void adamMatchesTorchFormula(int n) {
    float[] x = random(n, 1, -1, 1);
    float[] m = new float[n];
    float[] v = new float[n];
    try (DeviceArray dx = cl.upload(x); DeviceArray dm = cl.allocate(n);
        DeviceArray dv = cl.allocate(n)) {
      for (int t = 1; t <= 3; t++) {
        float[] g = random(n, 10 + t, -2, 2);
        try (DeviceArray dg = cl.upload(g)) {
          cl.adamStep(dx, dg, dm, dv, 1e-2f, 0.9f, 0.999f, 1e-8f, t);
        }
        ReferenceOps.adam(x, g, m, v, 1e-2f, 0.9f, 0.999f, 1e-8f, t);
      }
      assertClose("x", x, download(dx), TOL);
      assertClose("m", m, download(dm), TOL);
      assertClose("v", v, download(dv), TOL);
    }
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.9f})
  void sgdMatchesTorchFormula(float momentum) {
    int n = 1001;
    float[] x = random(n, 2, -1, 1);
    float[] buf = new float[n];
    try (DeviceArray dx = cl.upload(x); DeviceArray db = cl.allocate(n)) {
      for (int t = 1; t <= 3; t++) {
        float[] g = random(n, 20 + t, -2, 2);
        try (DeviceArray dg = cl.upload(g)) {
          cl.sgdStep(dx, dg, momentum == 0 ? null : db, 0.1f, momentum, t);
        }
        ReferenceOps.sgd(x, g, buf, 0.1f, momentum, t);
      }
      assertClose("x", x, download(dx), TOL);
      if (momentum != 0) assertClose("momentum buffer", buf, download(db), TOL);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"MSE", "NCC"})
  void lossesAndGradientsMatch(String name) {
    ImageLoss loss = ImageLoss.valueOf(name);
    int p = 37 * 41; // not a multiple of any work-group size
    int views = 5;
    int[] ids = {3, 0, 3, 4};
    float[] targets = random(views * p, 5, 0, 10);
    float[] rendered = random(ids.length * p, 6, 0, 8);
    for (int i = 0; i < rendered.length; i++) rendered[i] += 0.5f * targets[ids[i / p] * p + i % p];
    double[] grad = new double[rendered.length];
    double expected = loss == ImageLoss.MSE ? ReferenceOps.mse(rendered, targets, ids, p, grad)
        : ReferenceOps.ncc(rendered, targets, ids, p, grad);
    try (DeviceArray r = cl.upload(rendered); DeviceArray t = cl.upload(targets);
        DeviceArray g = cl.allocate(rendered.length); DeviceArray out = cl.allocate(1)) {
      cl.imageLoss(loss, r, t, ids, p, g, out);
      assertRelative(name + " loss", expected, download(out)[0], TOL);
      assertClose(name + " gradient", grad, download(g), TOL);
      // in place: the gradient overwrites the rendered images
      cl.imageLoss(loss, r, t, ids, p, r, out);
      assertRelative(name + " loss in place", expected, download(out)[0], TOL);
      assertClose(name + " gradient in place", grad, download(r), TOL);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17})
  void tvValueAndGradientMatch(int nz) {
    int nx = 13;
    int ny = 9;
    VolumeGrid grid = new VolumeGrid(nx, ny, nz, 1, 1, 1);
    float[] x = random(grid.voxelCount(), nz, 0, 1);
    float[] g0 = random(grid.voxelCount(), nz + 1, -1, 1);
    double[] grad = new double[g0.length];
    for (int i = 0; i < g0.length; i++) grad[i] = g0[i];
    double expected = ReferenceOps.tv(x, nx, ny, nz, 1e-3, 0.7, grad);
    try (DeviceArray dx = cl.upload(x); DeviceArray dg = cl.upload(g0);
        DeviceArray out = cl.allocate(1)) {
      cl.addTvGradient(dx, grid, 0.7f, 1e-3f, dg, out);
      assertRelative("TV", expected, download(out)[0], TOL);
      assertClose("TV gradient", grad, download(dg), TOL);
    }
  }
}
