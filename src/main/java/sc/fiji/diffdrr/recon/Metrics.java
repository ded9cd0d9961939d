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
    int total = reference.length;
    float[] xx = new float[total], yy = new float[total], xy = new float[total];
    for (int i = 0; i < total; i++) {
      xx[i] = reference[i] * reference[i];
      yy[i] = test[i] * test[i];
      xy[i] = reference[i] * test[i];
    }
    double[] mx = boxMean(reference, n, w), my = boxMean(test, n, w);
    double[] mxx = boxMean(xx, n, w), myy = boxMean(yy, n, w), mxy = boxMean(xy, n, w);
    double c1 = Math.pow(0.01 * dataRange, 2), c2 = Math.pow(0.03 * dataRange, 2);
    double cov = windowSize > 1 ? windowSize / (double) (windowSize - 1) : 1;
    double s = 0;
    for (int i = 0; i < mx.length; i++) {
      double ux = mx[i], uy = my[i];
      double vx = cov * (mxx[i] - ux * ux), vy = cov * (myy[i] - uy * uy);
      double vxy = cov * (mxy[i] - ux * uy);
      s += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }
    return s / mx.length;
  }

  /** Means over every window that fits inside the volume ("valid" positions), separably. */
  private static double[] boxMean(float[] in, int[] n, int[] w) {
    double[] cur = new double[in.length];
    for (int i = 0; i < in.length; i++) cur[i] = in[i];
    int[] size = n.clone();
    for (int axis = 0; axis < 3; axis++) {
      int[] out = size.clone();
      out[axis] = size[axis] - w[axis] + 1;
      double[] next = new double[out[0] * out[1] * out[2]];
      int stride = axis == 0 ? 1 : axis == 1 ? size[0] : size[0] * size[1];
      int outStride = axis == 0 ? 1 : axis == 1 ? out[0] : out[0] * out[1];
      // Walk every line along the axis once, with a running sum.
      int lines = out[0] * out[1] * out[2] / out[axis];
      for (int line = 0; line < lines; line++) {
        int[] pos = linePosition(line, axis, out);
        int src = pos[0] + size[0] * (pos[1] + size[1] * pos[2]);
        int dst = pos[0] + out[0] * (pos[1] + out[1] * pos[2]);
        double run = 0;
        for (int k = 0; k < w[axis]; k++) run += cur[src + k * stride];
        next[dst] = run / w[axis];
        for (int k = 1; k < out[axis]; k++) {
          run += cur[src + (k + w[axis] - 1) * stride] - cur[src + (k - 1) * stride];
          next[dst + k * outStride] = run / w[axis];
        }
      }
      cur = next;
      size = out;
    }
    return cur;
  }

  /** Start (coordinate 0 along axis) of the line-th line of a grid of the given size. */
  private static int[] linePosition(int line, int axis, int[] size) {
    int a = (axis + 1) % 3, b = (axis + 2) % 3;
    int[] pos = new int[3];
    pos[a] = line % size[a];
    pos[b] = line / size[a];
    return pos;
  }

  private static void checkSame(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("cannot compare arrays of " + a.length + " and "
          + b.length + " values");
    }
  }
}
