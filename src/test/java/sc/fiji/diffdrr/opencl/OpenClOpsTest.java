package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The reduction, element-wise, optimizer, loss and TV kernels against the Java backend (the
 * reference), to 1e-5 relative on random data, at sizes below, at and off the work-group sizes
 * (64, 256) and past one reduction grid (1024 groups of 256).
 */
class OpenClOpsTest {

  private static final double TOL = 1e-5;
  private static OpenClBackend cl;
  private static final JavaBackend JAVA = new JavaBackend(2);

  @BeforeAll
  static void open() {
    cl = OpenClTestDevice.backend();
  }

  @AfterAll
  static void close() {
    if (cl != null) cl.close();
  }

  private static float[] random(int n, long seed, float lo, float hi) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.nextFloat();
    return a;
  }

  private static float[] download(Backend b, DeviceArray a) {
    float[] h = new float[(int) a.length()];
    b.download(a, h);
    return h;
  }

  /** The same operation on both backends, from the same host inputs; outputs compared. */
  private static void both(String what, float[][] inputs, int[] compared, Consumer<Run> op) {
    both(what, inputs, compared, op, TOL);
  }

  private static void both(String what, float[][] inputs, int[] compared, Consumer<Run> op,
      double tol) {
    float[][] java = run(JAVA, inputs, compared, op);
    float[][] ours = run(cl, inputs, compared, op);
    for (int k = 0; k < compared.length; k++) {
      assertClose(what + ", array " + compared[k], java[k], ours[k], tol);
    }
  }

  private static float[][] run(Backend b, float[][] inputs, int[] compared, Consumer<Run> op) {
    DeviceArray[] arrays = new DeviceArray[inputs.length];
    try {
      for (int i = 0; i < inputs.length; i++) arrays[i] = b.upload(inputs[i]);
      op.accept(new Run(b, arrays));
      float[][] out = new float[compared.length][];
      for (int k = 0; k < compared.length; k++) out[k] = download(b, arrays[compared[k]]);
      return out;
    } finally {
      for (DeviceArray a : arrays) if (a != null) a.close();
    }
  }

  /** One backend and its arrays, for an operation under test. */
  private static final class Run {
    final Backend b;
    final DeviceArray[] a;

    Run(Backend b, DeviceArray[] a) {
      this.b = b;
      this.a = a;
    }
  }

  /** max |actual − expected| ≤ tol · max |expected|. */
  private static void assertClose(String what, float[] expected, float[] actual, double tol) {
    double scale = 0;
    double err = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      err = Math.max(err, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(err <= tol * scale, what + ": max error " + err + " > " + tol + " × " + scale);
  }

  private static void assertRelative(String what, double expected, double actual) {
    assertTrue(Math.abs(expected - actual) <= TOL * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 63, 64, 65, 257, 1000, 262_144 + 17, 1_000_003})
  void reductionsMatch(int n) {
    float[] a = random(n, n, -1, 2);
    float[] b = random(n, n + 1, -1, 1);
    try (DeviceArray ja = JAVA.upload(a); DeviceArray jb = JAVA.upload(b);
        DeviceArray ca = cl.upload(a); DeviceArray cb = cl.upload(b)) {
      assertRelative("sum", JAVA.sum(ja), cl.sum(ca));
      assertRelative("sum of squares", JAVA.sumOfSquares(ja), cl.sumOfSquares(ca));
      assertRelative("dot", JAVA.dot(ja, jb), cl.dot(ca, cb));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 63, 65, 100_003})
  void fillScaleClampMatch(int n) {
    float[][] in = {random(n, 7, -3, 3)};
    both("scale, clamp", in, new int[] {0}, r -> {
      r.b.scale(r.a[0], -1.5f);
      r.b.clamp(r.a[0], -2f, 1f);
    });
    both("fill", in, new int[] {0}, r -> r.b.fill(r.a[0], 0.25f));
    try (DeviceArray z = cl.allocate(n)) {
      float[] zeros = download(cl, z);
      for (float v : zeros) assertTrue(v == 0, "allocate gives zeros");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65, 10_007})
  void adamMatches(int n) {
    float[][] in = {random(n, 1, -1, 1), random(n, 11, -2, 2), random(n, 12, -2, 2),
      random(n, 13, -2, 2), new float[n], new float[n]};
    both("adam x, m, v", in, new int[] {0, 4, 5}, r -> {
      for (int t = 1; t <= 3; t++) {
        r.b.adamStep(r.a[0], r.a[t], r.a[4], r.a[5], 1e-2f, 0.9f, 0.999f, 1e-8f, t);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.9f})
  void sgdMatches(float momentum) {
    int n = 1001;
    float[][] in = {random(n, 2, -1, 1), random(n, 21, -2, 2), random(n, 22, -2, 2),
      random(n, 23, -2, 2), new float[n]};
    both("sgd x, momentum buffer", in, new int[] {0, 4}, r -> {
      for (int t = 1; t <= 3; t++) {
        r.b.sgdStep(r.a[0], r.a[t], r.a[4], 0.1f, momentum, t);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"MSE", "NCC"})
  void lossesAndGradientsMatch(String name) {
    ImageLoss loss = ImageLoss.valueOf(name);
    int p = 37 * 41; // not a multiple of any work-group size
    int[] ids = {3, 0, 3, 4};
    float[] targets = random(5 * p, 5, 0, 10);
    float[] rendered = random(ids.length * p, 6, 0, 8);
    for (int i = 0; i < rendered.length; i++) rendered[i] += 0.5f * targets[ids[i / p] * p + i % p];
    float[][] in = {rendered, targets, new float[rendered.length], new float[1]};
    both(name + " gradient and loss", in, new int[] {2, 3},
        r -> r.b.imageLoss(loss, r.a[0], r.a[1], ids, p, r.a[2], r.a[3]));
    // in place, as the loop calls it: the gradient overwrites the rendered images
    both(name + " in place", in, new int[] {0, 3},
        r -> r.b.imageLoss(loss, r.a[0], r.a[1], ids, p, r.a[0], r.a[3]));
  }

  /** Weighted least squares (weights of a Poisson noise model) on both backends, to 1e-4. */
  @ParameterizedTest
  @ValueSource(ints = {1, 37 * 41, 70_001})
  void weightedLossAndGradientMatch(int p) {
    int[] ids = {3, 0, 3, 4};
    float[] targets = random(5 * p, 15, 0, 4);
    float[] weights = random(5 * p, 16, 0.05f, 3);
    float[] rendered = random(ids.length * p, 17, 0, 3);
    float[][] in = {rendered, targets, weights, new float[rendered.length], new float[1]};
    float[][] java = run(JAVA, in, new int[] {3, 4}, r -> r.b.imageLoss(ImageLoss.WLS, r.a[0],
        r.a[1], r.a[2], ids, p, r.a[3], r.a[4]));
    float[][] ours = run(cl, in, new int[] {3, 4}, r -> r.b.imageLoss(ImageLoss.WLS, r.a[0],
        r.a[1], r.a[2], ids, p, r.a[3], r.a[4]));
    assertCloseTo("WLS gradient", java[0], ours[0], 1e-4);
    assertTrue(Math.abs(java[1][0] - ours[1][0]) <= 1e-4 * Math.abs(java[1][0]),
        "WLS loss: Java " + java[1][0] + ", OpenCL " + ours[1][0]);
    // in place, as the loop calls it
    float[][] inPlace = run(cl, in, new int[] {0}, r -> r.b.imageLoss(ImageLoss.WLS, r.a[0],
        r.a[1], r.a[2], ids, p, r.a[0], r.a[4]));
    assertCloseTo("WLS in place", java[0], inPlace[0], 1e-4);
  }

  private static void assertCloseTo(String what, float[] expected, float[] actual, double tol) {
    double scale = 0, err = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      err = Math.max(err, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(err <= tol * scale, what + ": max error " + err + " > " + tol + " × " + scale);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17})
  void tvValueAndGradientMatch(int nz) {
    VolumeGrid grid = new VolumeGrid(13, 9, nz, 1, 1, 1);
    int n = grid.voxelCount();
    float[][] in = {random(n, nz, 0, 1), random(n, nz + 1, -1, 1), new float[1]};
    both("TV gradient and value", in, new int[] {1, 2},
        r -> r.b.addTvGradient(r.a[0], grid, 0.7f, 1e-3f, r.a[1], r.a[2]));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 63, 65, 100_003})
  void axpyMultiplyReciprocalMatch(int n) {
    float[][] in = {random(n, 31, -2, 2), random(n, 32, -1, 3)};
    both("axpy, multiply", in, new int[] {0, 1}, r -> {
      r.b.axpy(-0.75f, r.a[0], r.a[1]);
      r.b.multiply(r.a[1], r.a[0]);
    });
    both("reciprocal", in, new int[] {1}, r -> r.b.reciprocal(r.a[1], 0.2f));
    both("copy", in, new int[] {1}, r -> r.b.copy(r.a[0], r.a[1]));
  }

  /**
   * FDK's backprojector to the backends' 1e-4 (1/w under fast-math, and the Java side adds view by
   * view where the kernel sums first), with views whose footprint leaves the detector. */
  @ParameterizedTest
  @ValueSource(ints = {1, 7})
  void fdkBackprojectionMatches(int nz) {
    VolumeGrid grid = new VolumeGrid(21, 18, nz, 2, 2, 3);
    int views = 5, h = 13, w = 17;
    float[] matrices = new float[12 * views];
    for (int v = 0; v < views; v++) {
      double a = 0.7 * v, c = Math.cos(a), sn = Math.sin(a);
      // column ≈ 8 + 0.6·(rotated x), row ≈ 6 + 0.8·z, w ≈ 1 + 0.01·(rotated y): some voxels project off the panel.
      float[] m = {(float) (0.6 * c), (float) (0.6 * sn), 0, (float) (8 - 6 * c - 5 * sn),
        0, 0, 0.8f, 6 - 0.8f * nz / 2f,
        (float) (-0.01 * sn), (float) (0.01 * c), 0, 1};
      System.arraycopy(m, 0, matrices, 12 * v, 12);
    }
    float[][] in = {random(views * h * w, 41, -1, 1), random(grid.voxelCount(), 42, 0, 1)};
    both("FDK backprojection", in, new int[] {1},
        r -> r.b.fdkBackproject(r.a[0], views, h, w, matrices, grid, r.a[1]), 1e-4);
  }
}
