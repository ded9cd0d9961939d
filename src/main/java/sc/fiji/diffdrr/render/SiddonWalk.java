package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The voxels one ray crosses, walked incrementally (Amanatides–Woo) in box coordinates. Mutable
 * per-thread scratch: {@link #clip} a ray, then {@link #integrate} or {@link #scatter} over any α
 * sub-interval of [{@link #entry}, {@link #exit}].
 *
 * <p>Every breakpoint of the walk is f(a, k) = (k − s_a)·(1/d_a) for an integer plane k, or 0, or
 * 1, computed by the same expression wherever it is needed, never by accumulating steps. So a
 * walk over a sub-interval whose ends are breakpoints (the slab planes of the adjoint) produces
 * exactly the segments, bit for bit, that the full walk produces there. An axis with |d_a| tiny
 * next to the other components has no crossings: it is skipped, never divided by; its voxel index
 * is floor(s_a), and voxel i of an axis is the half-open [i, i+1).
 */
final class SiddonWalk {

  /** An axis whose direction component is below this fraction of the largest is parallel. */
  static final double PARALLEL = 1e-12;

  private final int nx, ny, nz, strideY, strideZ;

  private double sx, sy, sz, dx, dy, dz, ix, iy, iz;
  private boolean ax, ay, az;
  /** Voxel index along a parallel axis. */
  private int fx, fy, fz;
  /** The α range of the ray inside the volume box [0, n_a]³ and inside [0, 1]. */
  double entry, exit;
  /** The axis whose boundary plane sets entry (exit); −1 when α = 0 (1) does. */
  int entryAxis, exitAxis;
  /** Where the walk starts: see {@link #begin}. */
  private int startX, startY, startZ, stepX, stepY, stepZ, startIndex;
  private double firstX, firstY, firstZ;

  SiddonWalk(VolumeGrid grid) {
    nx = grid.nx;
    ny = grid.ny;
    nz = grid.nz;
    strideY = nx;
    strideZ = nx * ny;
  }

  /** Sets up a ray; false when it crosses no voxel (then entry and exit mean nothing). */
  boolean clip(Ray r) {
    sx = r.sx;
    sy = r.sy;
    sz = r.sz;
    dx = r.dx;
    dy = r.dy;
    dz = r.dz;
    double big = Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz)));
    if (!(big > 0)) return false;
    double tiny = PARALLEL * big;
    double lo = 0;
    double hi = 1;
    entryAxis = -1;
    exitAxis = -1;
    ax = Math.abs(dx) > tiny;
    if (ax) {
      ix = 1.0 / dx;
      double a0 = (0 - sx) * ix;
      double a1 = (nx - sx) * ix;
      double near = Math.min(a0, a1), far = Math.max(a0, a1);
      if (near > lo) {
        lo = near;
        entryAxis = 0;
      }
      if (far < hi) {
        hi = far;
        exitAxis = 0;
      }
    } else {
      if (!(sx >= 0 && sx < nx)) return false;
      fx = (int) sx;
    }
    ay = Math.abs(dy) > tiny;
    if (ay) {
      iy = 1.0 / dy;
      double a0 = (0 - sy) * iy;
      double a1 = (ny - sy) * iy;
      double near = Math.min(a0, a1), far = Math.max(a0, a1);
      if (near > lo) {
        lo = near;
        entryAxis = 1;
      }
      if (far < hi) {
        hi = far;
        exitAxis = 1;
      }
    } else {
      if (!(sy >= 0 && sy < ny)) return false;
      fy = (int) sy;
    }
    az = Math.abs(dz) > tiny;
    if (az) {
      iz = 1.0 / dz;
      double a0 = (0 - sz) * iz;
      double a1 = (nz - sz) * iz;
      double near = Math.min(a0, a1), far = Math.max(a0, a1);
      if (near > lo) {
        lo = near;
        entryAxis = 2;
      }
      if (far < hi) {
        hi = far;
        exitAxis = 2;
      }
    } else {
      if (!(sz >= 0 && sz < nz)) return false;
      fz = (int) sz;
    }
    entry = lo;
    exit = hi;
    return hi > lo;
  }

  /**
   * The α range [lo, hi] in which the ray lies between planes k0 ≤ k1 of an axis (lo &gt; hi when
   * it never does), intersected with [entry, exit]; written to range[0], range[1].
   */
  void restrict(int axis, int k0, int k1, double[] range) {
    double s = axis == 0 ? sx : axis == 1 ? sy : sz;
    boolean active = axis == 0 ? ax : axis == 1 ? ay : az;
    double lo = entry;
    double hi = exit;
    if (active) {
      double inv = axis == 0 ? ix : axis == 1 ? iy : iz;
      double a0 = (k0 - s) * inv;
      double a1 = (k1 - s) * inv;
      lo = Math.max(lo, Math.min(a0, a1));
      hi = Math.min(hi, Math.max(a0, a1));
    } else {
      int f = axis == 0 ? fx : axis == 1 ? fy : fz;
      if (f < k0 || f >= k1) hi = Double.NEGATIVE_INFINITY;
    }
    range[0] = lo;
    range[1] = hi;
  }

  /**
   * Where a walk from α = a0 starts. Per axis: the next plane crossed (start…), its α (first…),
   * the step of the plane index; and the voxel's linear index. A parallel axis never wins the
   * minimum (its next α is +∞).
   */
  private void begin(double a0) {
    startX = startY = startZ = stepX = stepY = stepZ = 0;
    int vx = fx, vy = fy, vz = fz;
    firstX = firstY = firstZ = Double.POSITIVE_INFINITY;
    if (ax) {
      startX = firstPlaneAfter(sx, dx, ix, a0);
      stepX = dx > 0 ? 1 : -1;
      vx = dx > 0 ? startX - 1 : startX;
      firstX = (startX - sx) * ix;
    }
    if (ay) {
      startY = firstPlaneAfter(sy, dy, iy, a0);
      stepY = dy > 0 ? 1 : -1;
      vy = dy > 0 ? startY - 1 : startY;
      firstY = (startY - sy) * iy;
    }
    if (az) {
      startZ = firstPlaneAfter(sz, dz, iz, a0);
      stepZ = dz > 0 ? 1 : -1;
      vz = dz > 0 ? startZ - 1 : startZ;
      firstZ = (startZ - sz) * iz;
    }
    startIndex = vx + strideY * vy + strideZ * vz;
  }

  // integrate and scatter are twins: one loop each, so the per-voxel work stays free of calls.

  /** Σ (segment Δα) × voxel over the segments in [a0, a1] ⊆ [entry, exit], a0 &lt; a1. */
  double integrate(float[] volume, double a0, double a1) {
    // The loop's state in locals (the JIT keeps them in registers); see begin().
    begin(a0);
    int px = startX, py = startY, pz = startZ, idx = startIndex;
    int stepX = this.stepX, stepY = this.stepY, stepZ = this.stepZ;
    int strideStepY = stepY * strideY, strideStepZ = stepZ * strideZ;
    double nextX = firstX, nextY = firstY, nextZ = firstZ;
    double alpha = a0;
    double sum = 0;
    while (true) {
      if (nextX <= nextY && nextX <= nextZ) {
        if (nextX >= a1) break;
        sum += (nextX - alpha) * volume[idx];
        alpha = nextX;
        px += stepX;
        idx += stepX;
        nextX = (px - sx) * ix;
      } else if (nextY <= nextZ) {
        if (nextY >= a1) break;
        sum += (nextY - alpha) * volume[idx];
        alpha = nextY;
        py += stepY;
        idx += strideStepY;
        nextY = (py - sy) * iy;
      } else {
        if (nextZ >= a1) break;
        sum += (nextZ - alpha) * volume[idx];
        alpha = nextZ;
        pz += stepZ;
        idx += strideStepZ;
        nextZ = (pz - sz) * iz;
      }
    }
    return sum + (a1 - alpha) * volume[idx];
  }

  /** volume[v] += value × (segment Δα) for the segments in [a0, a1], the walk of integrate. */
  void scatter(float[] volume, double a0, double a1, double value) {
    begin(a0);
    int px = startX, py = startY, pz = startZ, idx = startIndex;
    int stepX = this.stepX, stepY = this.stepY, stepZ = this.stepZ;
    int strideStepY = stepY * strideY, strideStepZ = stepZ * strideZ;
    double nextX = firstX, nextY = firstY, nextZ = firstZ;
    double alpha = a0;
    while (true) {
      if (nextX <= nextY && nextX <= nextZ) {
        if (nextX >= a1) break;
        volume[idx] += (float) ((nextX - alpha) * value);
        alpha = nextX;
        px += stepX;
        idx += stepX;
        nextX = (px - sx) * ix;
      } else if (nextY <= nextZ) {
        if (nextY >= a1) break;
        volume[idx] += (float) ((nextY - alpha) * value);
        alpha = nextY;
        py += stepY;
        idx += strideStepY;
        nextY = (py - sy) * iy;
      } else {
        if (nextZ >= a1) break;
        volume[idx] += (float) ((nextZ - alpha) * value);
        alpha = nextZ;
        pz += stepZ;
        idx += strideStepZ;
        nextZ = (pz - sz) * iz;
      }
    }
    volume[idx] += (float) ((a1 - alpha) * value);
  }

  /**
   * Σ (segment Δα) × voxel over [entry, exit], and its derivative with voxel values held fixed
   * (DiffDRR's Siddon pose derivative): every breakpoint α_b = (k − s_a)/d_a, a plane crossing or
   * the box entry/exit, moves the boundary between the voxel before it and the one after it, so
   * ∂Σ/∂α_b = v_before − v_after (zero outside the box), with ∂α_b/∂s_a = −1/d_a and
   * ∂α_b/∂d_a = −α_b/d_a. Adds ∂Σ/∂s into ds[0..2] and ∂Σ/∂d into dd[0..2] (box coordinates);
   * ends at α = 0 or 1 are fixed. Call after a successful {@link #clip}.
   */
  double integrateWithDerivative(float[] volume, double[] ds, double[] dd) {
    double a0 = entry, a1 = exit;
    begin(a0);
    int px = startX, py = startY, pz = startZ, idx = startIndex;
    double nextX = firstX, nextY = firstY, nextZ = firstZ;
    double alpha = a0;
    double sum = 0;
    double before = 0;
    double gsx = 0, gsy = 0, gsz = 0, gdx = 0, gdy = 0, gdz = 0;
    double current = volume[idx];
    if (entryAxis >= 0) {
      double w = -current; // 0 before the box
      if (entryAxis == 0) { gsx -= w * ix; gdx -= w * a0 * ix; }
      else if (entryAxis == 1) { gsy -= w * iy; gdy -= w * a0 * iy; }
      else { gsz -= w * iz; gdz -= w * a0 * iz; }
    }
    while (true) {
      if (nextX <= nextY && nextX <= nextZ) {
        if (nextX >= a1) break;
        sum += (nextX - alpha) * current;
        alpha = nextX;
        px += stepX;
        idx += stepX;
        before = current;
        current = volume[idx];
        double w = before - current;
        gsx -= w * ix;
        gdx -= w * alpha * ix;
        nextX = (px - sx) * ix;
      } else if (nextY <= nextZ) {
        if (nextY >= a1) break;
        sum += (nextY - alpha) * current;
        alpha = nextY;
        py += stepY;
        idx += stepY * strideY;
        before = current;
        current = volume[idx];
        double w = before - current;
        gsy -= w * iy;
        gdy -= w * alpha * iy;
        nextY = (py - sy) * iy;
      } else {
        if (nextZ >= a1) break;
        sum += (nextZ - alpha) * current;
        alpha = nextZ;
        pz += stepZ;
        idx += stepZ * strideZ;
        before = current;
        current = volume[idx];
        double w = before - current;
        gsz -= w * iz;
        gdz -= w * alpha * iz;
        nextZ = (pz - sz) * iz;
      }
    }
    if (exitAxis >= 0) {
      double w = current; // 0 after the box
      if (exitAxis == 0) { gsx -= w * ix; gdx -= w * a1 * ix; }
      else if (exitAxis == 1) { gsy -= w * iy; gdy -= w * a1 * iy; }
      else { gsz -= w * iz; gdz -= w * a1 * iz; }
    }
    ds[0] += gsx; ds[1] += gsy; ds[2] += gsz;
    dd[0] += gdx; dd[1] += gdy; dd[2] += gdz;
    return sum + (a1 - alpha) * current;
  }

  /**
   * The first plane k of an axis that the ray crosses strictly after α: the smallest k with
   * f(k) &gt; α when d &gt; 0, the largest when d &lt; 0. The guess from the position is corrected
   * with f itself, so the answer agrees with every other use of f.
   */
  private static int firstPlaneAfter(double s, double d, double inv, double alpha) {
    double x = s + alpha * d;
    if (d > 0) {
      int k = (int) Math.floor(x) + 1;
      while ((k - s) * inv <= alpha) k++;
      while ((k - 1 - s) * inv > alpha) k--;
      return k;
    }
    int k = (int) Math.ceil(x) - 1;
    while ((k - s) * inv <= alpha) k--;
    while ((k + 1 - s) * inv > alpha) k++;
    return k;
  }
}
