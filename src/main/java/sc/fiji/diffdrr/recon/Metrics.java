package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Image and volume quality against a reference. PSNR over the whole array with a given data range;
 * SSIM in 3-D as scikit-image computes it (7-voxel uniform window per axis, K1 0.01, K2 0.03, sample
 * covariance, the mean over positions whose window lies inside the volume); DiffDRR's NCC per image.
 */
public final class Metrics {

  public static final int SSIM_WINDOW = 7;

  private Metrics() {}

  public static double mse(float[] reference, float[] test) {
    checkSame(reference, test);
    double s = 0;
    for (int i = 0; i < reference.length; i++) {
      double d = (double) test[i] - reference[i];
      s += d * d;
    }
    return s / reference.length;
  }

  /** 10·log10(range² / MSE) in dB (infinite for identical arrays). */
  public static double psnr(float[] reference, float[] test, double dataRange) {
    double mse = mse(reference, test);
    return 10 * Math.log10(dataRange * dataRange / mse);
  }

  /** DiffDRR's NCC of two images (z-scores with the population variance + 1e-5). */
  public static double ncc(float[] a, int aOffset, float[] b, int bOffset, int pixels) {
    double sa = 0, saa = 0, sb = 0, sbb = 0;
    for (int i = 0; i < pixels; i++) {
      double x = a[aOffset + i], y = b[bOffset + i];
      sa += x; saa += x * x; sb += y; sbb += y * y;
    }
    double ma = sa / pixels, mb = sb / pixels;
    double da = Math.sqrt(Math.max(0, saa / pixels - ma * ma) + ImageLoss.NCC_EPS);
    double db = Math.sqrt(Math.max(0, sbb / pixels - mb * mb) + ImageLoss.NCC_EPS);
    double c = 0;
    for (int i = 0; i < pixels; i++) c += (a[aOffset + i] - ma) * (b[bOffset + i] - mb);
    return c / (pixels * da * db);
  }

  public static double ncc(float[] a, float[] b) {
    checkSame(a, b);
    return ncc(a, 0, b, 0, a.length);
  }

  /** Mean structural similarity of two volumes on the same grid. */
  public static double ssim(float[] reference, float[] test, VolumeGrid grid, double dataRange) {
    return ssim(reference, test, grid.nx, grid.ny, grid.nz, dataRange);
  }

  /**
   * The mean over every 7³ window that fits inside the volume ("valid" positions), as scikit-image
   * with uniform windows. Streams the volume plane by plane: the box means along x and y of each
   * plane, and a running sum along z over a ring of {@code w} planes, so it holds a few planes,
   * not five volumes of doubles (a 512³ volume would need 5 GiB).
   */
  public static double ssim(float[] reference, float[] test, int nx, int ny, int nz,
      double dataRange) {
    checkSame(reference, test);
    int[] n = {nx, ny, nz};
    int[] w = new int[3];
    long windowSize = 1;
    for (int a = 0; a < 3; a++) {
      w[a] = Math.min(SSIM_WINDOW, n[a] % 2 == 1 ? n[a] : n[a] - 1);
      windowSize *= w[a];
    }
    int ox = nx - w[0] + 1, oy = ny - w[1] + 1, oz = nz - w[2] + 1, out = ox * oy;
    double c1 = Math.pow(0.01 * dataRange, 2), c2 = Math.pow(0.03 * dataRange, 2);
    double cov = windowSize > 1 ? windowSize / (double) (windowSize - 1) : 1;
    // quantities: x, y, x², y², xy (the squares and product in float, as the data)
    double[][][] ring = new double[w[2]][QUANTITIES][out];
    double[][] run = new double[QUANTITIES][out], fresh = new double[QUANTITIES][out];
    double[] line = new double[Math.max(nx, ny)];
    double[] rows = new double[ox * ny];
    double s = 0;
    for (int z = 0; z < nz; z++) {
      for (int q = 0; q < QUANTITIES; q++) {
        planeMean(reference, test, q, z, nx, ny, w, rows, line, fresh[q]);
      }
      double[][] slot = ring[z % w[2]];
      for (int q = 0; q < QUANTITIES; q++) {
        double[] r = run[q], f = fresh[q], old = slot[q];
        if (z < w[2]) {
          for (int i = 0; i < out; i++) r[i] += f[i];
        } else {
          for (int i = 0; i < out; i++) r[i] += f[i] - old[i];
        }
        System.arraycopy(f, 0, old, 0, out);
      }
      if (z < w[2] - 1) continue;
      for (int i = 0; i < out; i++) {
        double ux = run[0][i] / w[2], uy = run[1][i] / w[2];
        double vx = cov * (run[2][i] / w[2] - ux * ux), vy = cov * (run[3][i] / w[2] - uy * uy);
        double vxy = cov * (run[4][i] / w[2] - ux * uy);
        s += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
      }
    }
    return s / ((double) out * oz);
  }

  private static final int QUANTITIES = 5;

  private static double quantity(float[] x, float[] y, int q, int i) {
    switch (q) {
      case 0: return x[i];
      case 1: return y[i];
      case 2: return x[i] * x[i];
      case 3: return y[i] * y[i];
      default: return x[i] * y[i];
    }
  }

  /**
   * Box means along x, then y, of one quantity in plane z: running sums along each line, divided
   * by the window at each stage.
   */
  private static void planeMean(float[] x, float[] y, int q, int z, int nx, int ny, int[] w,
      double[] rows, double[] line, double[] out) {
    int ox = nx - w[0] + 1, oy = ny - w[1] + 1, base = z * nx * ny;
    for (int j = 0; j < ny; j++) {
      int src = base + j * nx;
      double run = 0;
      for (int k = 0; k < w[0]; k++) run += quantity(x, y, q, src + k);
      rows[j * ox] = run / w[0];
      for (int k = 1; k < ox; k++) {
        run += quantity(x, y, q, src + k + w[0] - 1) - quantity(x, y, q, src + k - 1);
        rows[j * ox + k] = run / w[0];
      }
    }
    for (int i = 0; i < ox; i++) {
      for (int j = 0; j < ny; j++) line[j] = rows[j * ox + i];
      double run = 0;
      for (int k = 0; k < w[1]; k++) run += line[k];
      out[i] = run / w[1];
      for (int k = 1; k < oy; k++) {
        run += line[k + w[1] - 1] - line[k - 1];
        out[k * ox + i] = run / w[1];
      }
    }
  }

  private static void checkSame(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("cannot compare arrays of " + a.length + " and "
          + b.length + " values");
    }
  }
}
