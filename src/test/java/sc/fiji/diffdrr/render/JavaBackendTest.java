package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.volume.VolumeGrid;

/** The reference backend's losses and TV against finite differences, and its optimizer steps. */
class JavaBackendTest {

  private final JavaBackend backend = new JavaBackend(2);

  @Test
  void lossGradientsMatchFiniteDifferences() {
    Random rnd = new Random(3);
    int p = 37, views = 3;
    float[] targets = random(rnd, p * views);
    int[] ids = {2, 0};
    for (ImageLoss loss : new ImageLoss[] {ImageLoss.MSE, ImageLoss.NCC}) { // WLS: its own test
      float[] x = random(rnd, p * ids.length);
      float[] g = gradient(loss, x, targets, ids, p);
      for (int i : new int[] {0, 5, 36, 40, 73}) {
        double h = 1e-3;
        float[] up = x.clone(), down = x.clone();
        up[i] += h;
        down[i] -= h;
        double numeric = (loss(loss, up, targets, ids, p) - loss(loss, down, targets, ids, p)) / (2 * h);
        assertEquals(numeric, g[i], 2e-3 * Math.abs(numeric) + 1e-4, loss + " element " + i);
      }
    }
  }

  @Test
  void nccLossIsZeroForAffineCopies() {
    float[] t = random(new Random(4), 50);
    float[] x = new float[50];
    for (int i = 0; i < 50; i++) x[i] = 2.5f * t[i] - 1;
    assertEquals(0, loss(ImageLoss.NCC, x, t, new int[] {0}, 50), 1e-4);
  }

  @Test
  void tvGradientMatchesFiniteDifferences() {
    VolumeGrid grid = new VolumeGrid(5, 4, 3, 1, 1, 1);
    float[] v = random(new Random(5), grid.voxelCount());
    float eps = 0.05f, weight = 2f;
    try (DeviceArray x = backend.upload(v); DeviceArray g = backend.allocate(v.length);
        DeviceArray tv = backend.allocate(1)) {
      backend.addTvGradient(x, grid, weight, eps, g, tv);
      float[] grad = new float[v.length];
      backend.download(g, grad);
      for (int i = 0; i < v.length; i += 7) {
        double h = 1e-3;
        float[] up = v.clone(), down = v.clone();
        up[i] += h;
        down[i] -= h;
        double numeric = weight * (tv(grid, up, eps) - tv(grid, down, eps)) / (2 * h);
        assertEquals(numeric, grad[i], 1e-3 * Math.abs(numeric) + 1e-5, "voxel " + i);
      }
    }
  }

  @Test
  void adamFirstStepMovesEachElementByTheLearningRate() {
    float[] x0 = {1, 2, 3}, g0 = {0.5f, -2, 1e-3f};
    try (DeviceArray x = backend.upload(x0); DeviceArray g = backend.upload(g0);
        DeviceArray m = backend.allocate(3); DeviceArray v = backend.allocate(3)) {
      backend.adamStep(x, g, m, v, 0.1f, 0.9f, 0.999f, 1e-8f, 1);
      float[] out = new float[3];
      backend.download(x, out);
      // After bias correction the first Adam step is lr·sign(g) (up to ε).
      assertEquals(0.9f, out[0], 1e-6);
      assertEquals(2.1f, out[1], 1e-6);
      assertEquals(2.9f, out[2], 1e-5);
    }
  }

  @Test
  void sgdMomentumFollowsTorch() {
    try (DeviceArray x = backend.upload(new float[] {1}); DeviceArray g = backend.upload(new float[] {2});
        DeviceArray buf = backend.allocate(1)) {
      backend.sgdStep(x, g, buf, 0.1f, 0.9f, 1); // buf = 2, x = 0.8
      backend.sgdStep(x, g, buf, 0.1f, 0.9f, 2); // buf = 3.8, x = 0.42
      float[] out = new float[1];
      backend.download(x, out);
      assertEquals(0.42f, out[0], 1e-6);
    }
  }

  @Test
  void reductionsAreExactEnough() {
    float[] a = random(new Random(6), 200_001), b = random(new Random(7), 200_001);
    double s = 0, ss = 0, d = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i];
      ss += (double) a[i] * a[i];
      d += (double) a[i] * b[i];
    }
    try (DeviceArray x = backend.upload(a); DeviceArray y = backend.upload(b)) {
      assertEquals(s, backend.sum(x), 1e-9 * Math.abs(s) + 1e-9);
      assertEquals(ss, backend.sumOfSquares(x), 1e-9 * ss);
      assertEquals(d, backend.dot(x, y), 1e-9 * Math.abs(d) + 1e-9);
    }
  }

  @Test
  void allocationBeyondAJavaArrayIsRefusedClearly() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> backend.allocate(3_000_000_000L));
    assertTrue(e.getMessage().contains("larger than a Java array"), e.getMessage());
  }

  /** WLS by its definition (Σ w r² / (B·P)) and its gradient by central differences. */
  @Test
  void weightedLeastSquaresIsItsDefinition() {
    int p = 50;
    int[] ids = {2, 0};
    Random rnd = new Random(11);
    float[] targets = random(rnd, 3 * p), weights = random(rnd, 3 * p), x = random(rnd, 2 * p);
    double expected = 0;
    for (int k = 0; k < ids.length; k++) {
      for (int i = 0; i < p; i++) {
        double r = x[k * p + i] - targets[ids[k] * p + i];
        expected += weights[ids[k] * p + i] * r * r;
      }
    }
    expected /= ids.length * p;
    try (DeviceArray r = backend.upload(x); DeviceArray t = backend.upload(targets);
        DeviceArray w = backend.upload(weights); DeviceArray g = backend.allocate(x.length);
        DeviceArray l = backend.allocate(1)) {
      backend.imageLoss(ImageLoss.WLS, r, t, w, ids, p, g, l);
      float[] loss = new float[1], grad = new float[x.length];
      backend.download(l, loss);
      backend.download(g, grad);
      assertEquals(expected, loss[0], 1e-6 * expected);
      for (int i : new int[] {0, 17, p + 3, 2 * p - 1}) {
        double h = 1e-3;
        double[] f = new double[2];
        for (int s = 0; s < 2; s++) {
          float[] y = x.clone();
          y[i] += (float) (s == 0 ? h : -h);
          double v = 0;
          for (int k = 0; k < ids.length; k++) {
            for (int j = 0; j < p; j++) {
              double rr = y[k * p + j] - targets[ids[k] * p + j];
              v += weights[ids[k] * p + j] * rr * rr;
            }
          }
          f[s] = v / (ids.length * p);
        }
        double numeric = (f[0] - f[1]) / (2 * h);
        assertEquals(numeric, grad[i], 1e-3 * Math.abs(numeric) + 1e-7, "∂L/∂x at " + i);
      }
      // without weights the loss is refused with one line
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> backend.imageLoss(ImageLoss.WLS, r, t, ids, p, g, l));
      assertTrue(e.getMessage().contains("weights"), e.getMessage());
    }
  }

  private float[] gradient(ImageLoss loss, float[] x, float[] targets, int[] ids, int p) {
    try (DeviceArray r = backend.upload(x); DeviceArray t = backend.upload(targets);
        DeviceArray g = backend.allocate(x.length); DeviceArray l = backend.allocate(1)) {
      backend.imageLoss(loss, r, t, ids, p, g, l);
      float[] out = new float[x.length];
      backend.download(g, out);
      return out;
    }
  }

  private double loss(ImageLoss loss, float[] x, float[] targets, int[] ids, int p) {
    try (DeviceArray r = backend.upload(x); DeviceArray t = backend.upload(targets);
        DeviceArray g = backend.allocate(x.length); DeviceArray l = backend.allocate(1)) {
      backend.imageLoss(loss, r, t, ids, p, g, l);
      float[] out = new float[1];
      backend.download(l, out);
      return out[0];
    }
  }

  /** TV by its definition, in double. */
  private static double tv(VolumeGrid g, float[] v, float eps) {
    double s = 0;
    for (int z = 0; z < g.nz; z++) {
      for (int y = 0; y < g.ny; y++) {
        for (int x = 0; x < g.nx; x++) {
          double c = v[g.index(x, y, z)];
          double dx = x + 1 < g.nx ? v[g.index(x + 1, y, z)] - c : 0;
          double dy = y + 1 < g.ny ? v[g.index(x, y + 1, z)] - c : 0;
          double dz = z + 1 < g.nz ? v[g.index(x, y, z + 1)] - c : 0;
          s += Math.sqrt(dx * dx + dy * dy + dz * dz + (double) eps * eps);
        }
      }
    }
    return s / g.voxelCount();
  }

  private static float[] random(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = rnd.nextFloat();
    return a;
  }
}
