package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Trilinear samples along one ray, in box coordinates, with voxel i's value at i + ½ and zero
 * outside the volume (grid_sample with align_corners=False and zero padding). Sample k sits at
 * α_k = a + (k + offset)·h, computed as s + (a + offset·h)·d + k·(h·d). Mutable per-thread
 * scratch: plan a ray with {@link #centered} or {@link #shared}, then {@link #integrate} or
 * {@link #scatter}; both compute every sample position and corner weight with the same
 * expressions, so the adjoint scatters the forward's weights.
 */
final class TrilinearSamples {

  private final int nx, ny, nz, strideY, strideZ;

  private double sx, sy, sz, dx, dy, dz;
  private double a, offset, h;
  private double supportLo, supportHi;
  /** The axis whose support plane sets supportLo (supportHi); −1 when the given bound does. */
  private int loAxis, hiAxis;
  private boolean centeredPlan;
  /** Sample k's position minus ½ (the voxel-centre offset) is base + k·step on each axis. */
  private double baseX, baseY, baseZ, stepX, stepY, stepZ;
  /** Samples [kLo, kHi) may be non-zero; the others lie outside the interpolation support. */
  private int kLo, kHi;
  /** mm of ray per sample: the pixel is weight × Σ_k ρ(x_k). */
  double weight;

  // Corner index bounds [lo, hi) per axis for the current scatter.
  private int loX, hiX, loY, hiY, loZ, hiZ;

  TrilinearSamples(VolumeGrid grid) {
    nx = grid.nx;
    ny = grid.ny;
    nz = grid.nz;
    strideY = nx;
    strideZ = nx * ny;
  }

  /**
   * Plans m = ceil(length/step) samples at the midpoints of m equal parts of the ray's own stretch
   * through the interpolation support [−½, n + ½]³, within α ∈ [0, 1]. False if there is none.
   */
  boolean centered(Ray r, double stepMm) {
    if (!setRay(r) || !support(0, 1)) return false;
    double lo = supportLo;
    double hi = supportHi;
    double length = (hi - lo) * r.length;
    // The slack keeps a length that is a whole number of steps up to rounding at that number.
    long m = (long) Math.ceil(length / stepMm * (1 - 1e-12));
    if (m < 1) m = 1;
    if (m > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("trilinear step " + stepMm + " mm is too small: a ray of "
          + length + " mm would need " + m + " samples");
    }
    centeredPlan = true;
    a = lo;
    offset = 0.5;
    h = (hi - lo) / m;
    kLo = 0;
    kHi = (int) m;
    weight = length / m;
    setLattice();
    return true;
  }

  /**
   * Plans DiffDRR's samples α_k = aLo + k·h, k = 0 … n − 1, shared by every ray of an image, each
   * worth length·h mm; only those that can touch the volume are kept. False if none can.
   */
  boolean shared(Ray r, double aLo, double step, int n) {
    if (!setRay(r) || !support(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)) return false;
    centeredPlan = false;
    a = aLo;
    offset = 0;
    h = step;
    kLo = (int) Math.max(0, Math.floor((supportLo - aLo) / step) - 1);
    kHi = (int) Math.min(n, Math.ceil((supportHi - aLo) / step) + 2);
    weight = r.length * step;
    setLattice();
    return kHi > kLo;
  }

  private void setLattice() {
    double a0 = a + offset * h;
    baseX = sx + a0 * dx - 0.5;
    baseY = sy + a0 * dy - 0.5;
    baseZ = sz + a0 * dz - 0.5;
    stepX = h * dx;
    stepY = h * dy;
    stepZ = h * dz;
  }

  /** α of the first planned sample. */
  double firstAlpha() {
    return a + (kLo + offset) * h;
  }

  /** α of the last planned sample. */
  double lastAlpha() {
    return a + (kHi - 1 + offset) * h;
  }

  private boolean setRay(Ray r) {
    sx = r.sx;
    sy = r.sy;
    sz = r.sz;
    dx = r.dx;
    dy = r.dy;
    dz = r.dz;
    return Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz))) > 0;
  }

  /** Sets [supportLo, supportHi], the α range inside [−½, n + ½]³ and [lo, hi]; false if empty. */
  private boolean support(double lo, double hi) {
    double tiny = SiddonWalk.PARALLEL
        * Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz)));
    supportLo = lo;
    supportHi = hi;
    loAxis = -1;
    hiAxis = -1;
    return clipAxis(0, sx, dx, nx, tiny) && clipAxis(1, sy, dy, ny, tiny)
        && clipAxis(2, sz, dz, nz, tiny)
        && supportHi > supportLo;
  }

  private boolean clipAxis(int axis, double s, double d, int n, double tiny) {
    if (Math.abs(d) > tiny) {
      double inv = 1.0 / d;
      double a0 = (-0.5 - s) * inv;
      double a1 = (n + 0.5 - s) * inv;
      double near = Math.min(a0, a1), far = Math.max(a0, a1);
      if (near > supportLo) {
        supportLo = near;
        loAxis = axis;
      }
      if (far < supportHi) {
        supportHi = far;
        hiAxis = axis;
      }
      return true;
    }
    return s > -0.5 && s < n + 0.5;
  }

  /** Σ_k ρ(x_k) over the planned samples. */
  double integrate(float[] volume) {
    double sum = 0;
    for (int k = kLo; k < kHi; k++) {
      double ux = baseX + k * stepX;
      double uy = baseY + k * stepY;
      double uz = baseZ + k * stepZ;
      int x0 = (int) Math.floor(ux);
      int y0 = (int) Math.floor(uy);
      int z0 = (int) Math.floor(uz);
      double fx = ux - x0;
      double fy = uy - y0;
      double fz = uz - z0;
      double gx = 1 - fx;
      double gy = 1 - fy;
      double gz = 1 - fz;
      double w00 = gy * gz, w10 = fy * gz, w01 = gy * fz, w11 = fy * fz;
      if (x0 >= 0 && x0 < nx - 1 && y0 >= 0 && y0 < ny - 1 && z0 >= 0 && z0 < nz - 1) {
        int i = x0 + strideY * y0 + strideZ * z0;
        int j = i + strideY;
        int l = i + strideZ;
        int m = l + strideY;
        sum += w00 * (gx * volume[i] + fx * volume[i + 1])
            + w10 * (gx * volume[j] + fx * volume[j + 1])
            + w01 * (gx * volume[l] + fx * volume[l + 1])
            + w11 * (gx * volume[m] + fx * volume[m + 1]);
      } else {
        sum += edge(volume, x0, y0, z0, gx, fx, w00, w10, w01, w11);
      }
    }
    return sum;
  }

  /**
   * Σ_k ρ(x_k) and its derivatives with respect to the ray (box coordinates): the gradient of the
   * interpolant at every sample, moved with the sample. In the centered plan the samples also
   * follow the support ends: α_k = lo + (k + ½)(hi − lo)/m and the weight (hi − lo)·L/m, with
   * lo, hi set by a support plane (or fixed at 0, 1); m is a whole number and held fixed. The
   * shared (DiffDRR) plan holds its image-wide α grid fixed. Returns Σ; adds ∂(weight·Σ)/∂s to
   * ds, ∂(weight·Σ)/∂d to dd; the caller adds the ray length's own term (pixel/L·∂L).
   */
  double integrateWithDerivative(float[] volume, double[] ds, double[] dd) {
    double sum = 0;
    double g0x = 0, g0y = 0, g0z = 0, g1x = 0, g1y = 0, g1z = 0;
    double[] grad = new double[3];
    for (int k = kLo; k < kHi; k++) {
      double ux = baseX + k * stepX;
      double uy = baseY + k * stepY;
      double uz = baseZ + k * stepZ;
      sum += valueAndGradient(volume, ux, uy, uz, grad);
      double c = k + offset;
      g0x += grad[0]; g0y += grad[1]; g0z += grad[2];
      g1x += c * grad[0]; g1y += c * grad[1]; g1z += c * grad[2];
    }
    // x_k = s + α_k·d with α_k = a + (k + offset)·h: ∂/∂s = Σ G, ∂/∂d (α fixed) = Σ α_k G.
    double w = weight;
    ds[0] += w * g0x; ds[1] += w * g0y; ds[2] += w * g0z;
    dd[0] += w * (a * g0x + h * g1x);
    dd[1] += w * (a * g0y + h * g1y);
    dd[2] += w * (a * g0z + h * g1z);
    if (centeredPlan) {
      int m = kHi - kLo;
      double span = supportHi - supportLo;
      // ∂I/∂lo and ∂I/∂hi: the samples slide (c_k = (k + ½)/m of the way) and the weight changes.
      double gdS0 = g0x * dx + g0y * dy + g0z * dz;
      double gdS1 = (g1x * dx + g1y * dy + g1z * dz) / m;
      double perLength = span > 0 ? w / span : 0; // L/m
      double dLo = w * (gdS0 - gdS1) - perLength * sum;
      double dHi = w * gdS1 + perLength * sum;
      boundTerm(loAxis, supportLo, dLo, ds, dd);
      boundTerm(hiAxis, supportHi, dHi, ds, dd);
    }
    return sum;
  }

  /** A bound α = (q − s_a)/d_a: ∂α/∂s_a = −1/d_a, ∂α/∂d_a = −α/d_a. */
  private void boundTerm(int axis, double alpha, double dI, double[] ds, double[] dd) {
    if (axis < 0) return;
    double d = axis == 0 ? dx : axis == 1 ? dy : dz;
    ds[axis] -= dI / d;
    dd[axis] -= dI * alpha / d;
  }

  /** ρ at lattice point u (voxel i at i, zero outside) and its gradient into g. */
  private double valueAndGradient(float[] volume, double ux, double uy, double uz, double[] g) {
    int x0 = (int) Math.floor(ux);
    int y0 = (int) Math.floor(uy);
    int z0 = (int) Math.floor(uz);
    double fx = ux - x0, fy = uy - y0, fz = uz - z0;
    double v000 = at(volume, x0, y0, z0), v100 = at(volume, x0 + 1, y0, z0);
    double v010 = at(volume, x0, y0 + 1, z0), v110 = at(volume, x0 + 1, y0 + 1, z0);
    double v001 = at(volume, x0, y0, z0 + 1), v101 = at(volume, x0 + 1, y0, z0 + 1);
    double v011 = at(volume, x0, y0 + 1, z0 + 1), v111 = at(volume, x0 + 1, y0 + 1, z0 + 1);
    double c00 = v000 + fx * (v100 - v000), c10 = v010 + fx * (v110 - v010);
    double c01 = v001 + fx * (v101 - v001), c11 = v011 + fx * (v111 - v011);
    double c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
    double dx00 = v100 - v000, dx10 = v110 - v010, dx01 = v101 - v001, dx11 = v111 - v011;
    double dx0 = dx00 + fy * (dx10 - dx00), dx1 = dx01 + fy * (dx11 - dx01);
    g[0] = dx0 + fz * (dx1 - dx0);
    g[1] = (c10 - c00) + fz * ((c11 - c01) - (c10 - c00));
    g[2] = c1 - c0;
    return c0 + fz * (c1 - c0);
  }

  private double at(float[] volume, int x, int y, int z) {
    if (x < 0 || x >= nx || y < 0 || y >= ny || z < 0 || z >= nz) return 0;
    return volume[x + strideY * y + strideZ * z];
  }

  /** A sample with corners outside the volume: those read as zero. */
  private double edge(float[] volume, int x0, int y0, int z0, double gx, double fx, double w00,
      double w10, double w01, double w11) {
    double sum = 0;
    sum += w00 * row(volume, x0, y0, z0, gx, fx);
    sum += w10 * row(volume, x0, y0 + 1, z0, gx, fx);
    sum += w01 * row(volume, x0, y0, z0 + 1, gx, fx);
    sum += w11 * row(volume, x0, y0 + 1, z0 + 1, gx, fx);
    return sum;
  }

  private double row(float[] volume, int x0, int y, int z, double gx, double fx) {
    if (y < 0 || y >= ny || z < 0 || z >= nz) return 0;
    int i = strideY * y + strideZ * z;
    double v = 0;
    if (x0 >= 0 && x0 < nx) v += gx * volume[i + x0];
    if (x0 + 1 >= 0 && x0 + 1 < nx) v += fx * volume[i + x0 + 1];
    return v;
  }

  /**
   * volume += value × (corner weight) for the planned samples, writing only voxels whose index
   * along {@code axis} lies in [k0, k1).
   */
  void scatter(float[] volume, double value, int axis, int k0, int k1) {
    loX = 0;
    hiX = nx;
    loY = 0;
    hiY = ny;
    loZ = 0;
    hiZ = nz;
    double s, d;
    if (axis == 0) {
      loX = k0;
      hiX = k1;
      s = sx;
      d = dx;
    } else if (axis == 1) {
      loY = k0;
      hiY = k1;
      s = sy;
      d = dy;
    } else {
      loZ = k0;
      hiZ = k1;
      s = sz;
      d = dz;
    }
    // Samples whose corners can reach the slab have x_axis − ½ ∈ [k0 − 1, k1): a superset of them,
    // one sample wider on each side; the corner bounds below make the exact choice.
    int first = kLo;
    int last = kHi;
    double tiny = SiddonWalk.PARALLEL
        * Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz)));
    if (Math.abs(d) > tiny) {
      double inv = 1.0 / d;
      double a0 = (k0 - 0.5 - s) * inv;
      double a1 = (k1 + 0.5 - s) * inv;
      double kA = (Math.min(a0, a1) - a) / h - offset;
      double kB = (Math.max(a0, a1) - a) / h - offset;
      first = (int) Math.max(first, Math.floor(kA) - 1);
      last = (int) Math.min(last, Math.ceil(kB) + 2);
    } else {
      double c = Math.floor(s - 0.5);
      if (c + 2 < k0 || c - 1 >= k1) return;
    }
    for (int k = first; k < last; k++) {
      double ux = baseX + k * stepX;
      double uy = baseY + k * stepY;
      double uz = baseZ + k * stepZ;
      int x0 = (int) Math.floor(ux);
      int y0 = (int) Math.floor(uy);
      int z0 = (int) Math.floor(uz);
      double fx = ux - x0;
      double fy = uy - y0;
      double fz = uz - z0;
      double gx = 1 - fx;
      double gy = 1 - fy;
      double gz = 1 - fz;
      double w00 = gy * gz, w10 = fy * gz, w01 = gy * fz, w11 = fy * fz;
      if (x0 >= loX && x0 < hiX - 1 && y0 >= loY && y0 < hiY - 1 && z0 >= loZ && z0 < hiZ - 1) {
        int i = x0 + strideY * y0 + strideZ * z0;
        int j = i + strideY;
        int l = i + strideZ;
        int m = l + strideY;
        double v00 = value * w00, v10 = value * w10, v01 = value * w01, v11 = value * w11;
        volume[i] += (float) (v00 * gx);
        volume[i + 1] += (float) (v00 * fx);
        volume[j] += (float) (v10 * gx);
        volume[j + 1] += (float) (v10 * fx);
        volume[l] += (float) (v01 * gx);
        volume[l + 1] += (float) (v01 * fx);
        volume[m] += (float) (v11 * gx);
        volume[m + 1] += (float) (v11 * fx);
      } else {
        scatterRow(volume, x0, y0, z0, gx, fx, value * w00);
        scatterRow(volume, x0, y0 + 1, z0, gx, fx, value * w10);
        scatterRow(volume, x0, y0, z0 + 1, gx, fx, value * w01);
        scatterRow(volume, x0, y0 + 1, z0 + 1, gx, fx, value * w11);
      }
    }
  }

  private void scatterRow(float[] volume, int x0, int y, int z, double gx, double fx, double v) {
    if (y < loY || y >= hiY || z < loZ || z >= hiZ) return;
    int i = strideY * y + strideZ * z;
    if (x0 >= loX && x0 < hiX) volume[i + x0] += (float) (v * gx);
    if (x0 + 1 >= loX && x0 + 1 < hiX) volume[i + x0 + 1] += (float) (v * fx);
  }
}
