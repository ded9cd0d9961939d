package sc.fiji.diffdrr.opencl;

/**
 * Plain Java loops in double for the optimizer and loss operations, straight from the formulas in
 * the {@code Backend} and {@code ImageLoss} javadoc: what the OpenCL kernels are checked against.
 */
final class ReferenceOps {

  private ReferenceOps() {}

  static void adam(float[] x, float[] g, float[] m, float[] v, double lr, double b1, double b2,
      double eps, int t) {
    double bc1 = 1 - Math.pow(b1, t);
    double bc2 = 1 - Math.pow(b2, t);
    for (int i = 0; i < x.length; i++) {
      double mi = b1 * m[i] + (1 - b1) * g[i];
      double vi = b2 * v[i] + (1 - b2) * g[i] * (double) g[i];
      m[i] = (float) mi;
      v[i] = (float) vi;
      x[i] = (float) (x[i] - lr / bc1 * mi / (Math.sqrt(vi) / Math.sqrt(bc2) + eps));
    }
  }

  static void sgd(float[] x, float[] g, float[] buf, double lr, double momentum, int t) {
    for (int i = 0; i < x.length; i++) {
      double b = g[i];
      if (momentum != 0) {
        b = t == 1 ? g[i] : momentum * buf[i] + g[i];
        buf[i] = (float) b;
      }
      x[i] = (float) (x[i] - lr * b);
    }
  }

  /** MSE loss; gradient filled. */
  static double mse(float[] rendered, float[] targets, int[] ids, int p, double[] gradient) {
    int n = ids.length * p;
    double sum = 0;
    for (int k = 0; k < ids.length; k++) {
      for (int i = 0; i < p; i++) {
        double r = rendered[k * p + i] - (double) targets[ids[k] * p + i];
        sum += r * r;
        gradient[k * p + i] = 2 * r / n;
      }
    }
    return sum / n;
  }

  /** DiffDRR's NCC loss 1 − mean NCC; gradient filled. */
  static double ncc(float[] rendered, float[] targets, int[] ids, int p, double[] gradient) {
    int b = ids.length;
    double meanNcc = 0;
    for (int k = 0; k < b; k++) {
      double mx = 0;
      double my = 0;
      for (int i = 0; i < p; i++) {
        mx += rendered[k * p + i];
        my += targets[ids[k] * p + i];
      }
      mx /= p;
      my /= p;
      double xx = 0;
      double yy = 0;
      double xy = 0;
      for (int i = 0; i < p; i++) {
        double dx = rendered[k * p + i] - mx;
        double dy = targets[ids[k] * p + i] - my;
        xx += dx * dx;
        yy += dy * dy;
        xy += dx * dy;
      }
      double sx = Math.sqrt(xx / p + 1e-5);
      double sy = Math.sqrt(yy / p + 1e-5);
      double ncc = xy / (p * sx * sy);
      meanNcc += ncc / b;
      for (int i = 0; i < p; i++) {
        double zx = (rendered[k * p + i] - mx) / sx;
        double zy = (targets[ids[k] * p + i] - my) / sy;
        gradient[k * p + i] = -(zy - zx * ncc) / ((double) b * p * sx);
      }
    }
    return 1 - meanNcc;
  }

  /** Smoothed isotropic TV (mean over voxels); adds weight·∂TV/∂x to gradient. */
  static double tv(float[] x, int nx, int ny, int nz, double eps, double weight,
      double[] gradient) {
    int n = nx * ny * nz;
    double total = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int xx = 0; xx < nx; xx++) {
          int i = xx + nx * (y + ny * z);
          double dx = xx + 1 < nx ? x[i + 1] - (double) x[i] : 0;
          double dy = y + 1 < ny ? x[i + nx] - (double) x[i] : 0;
          double dz = z + 1 < nz ? x[i + nx * ny] - (double) x[i] : 0;
          double s = Math.sqrt(dx * dx + dy * dy + dz * dz + eps * eps);
          total += s;
          // s depends on x[i] (−d/s per axis) and on each forward neighbour (+d_a/s)
          gradient[i] -= weight / n * (dx + dy + dz) / s;
          if (xx + 1 < nx) gradient[i + 1] += weight / n * dx / s;
          if (y + 1 < ny) gradient[i + nx] += weight / n * dy / s;
          if (z + 1 < nz) gradient[i + nx * ny] += weight / n * dz / s;
        }
      }
    }
    return total / n;
  }
}
