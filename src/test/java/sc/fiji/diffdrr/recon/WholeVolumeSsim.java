package sc.fiji.diffdrr.recon;

/**
 * SSIM as Metrics computed it before it streamed plane by plane: five whole-volume box means in
 * double. The streaming one must equal it bit for bit.
 */
final class WholeVolumeSsim {

  private WholeVolumeSsim() {}

  static double volumeSsim(float[] reference, float[] test, int nx, int ny, int nz,
      double dataRange) {
    int[] n = {nx, ny, nz};
    int[] w = new int[3];
    long windowSize = 1;
    for (int a = 0; a < 3; a++) {
      w[a] = Math.min(Metrics.SSIM_WINDOW, n[a] % 2 == 1 ? n[a] : n[a] - 1);
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
  static double[] boxMean(float[] in, int[] n, int[] w) {
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
  static int[] linePosition(int line, int axis, int[] size) {
    int a = (axis + 1) % 3, b = (axis + 2) % 3;
    int[] pos = new int[3];
    pos[a] = line % size[a];
    pos[b] = line / size[a];
    return pos;
  }
}
