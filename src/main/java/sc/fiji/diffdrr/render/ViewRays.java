package sc.fiji.diffdrr.render;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The rays of one view on one grid, from their ends in the grid's centred frame ({@link RayEnds}).
 * Ray ends go to box coordinates through {@link VolumeGrid#toBox}, the one place the voxel
 * convention enters. Forward and adjoint build
 * their rays here, so both see bit-identical geometry.
 */
final class ViewRays {

  final int height;
  final int width;
  private final VolumeGrid grid;
  private final double srcX, srcY, srcZ;
  private final double boxSrcX, boxSrcY, boxSrcZ;
  private final double ox, oy, oz, ux, uy, uz, vx, vy, vz;
  /** Parallel beam: the start moves with the pixel. */
  private final boolean moving;

  ViewRays(VolumeGrid grid, View view) {
    this.grid = grid;
    this.height = view.height;
    this.width = view.width;
    double[] g = RayEnds.of(grid, view);
    moving = g[12] != 0;
    srcX = g[0];
    srcY = g[1];
    srcZ = g[2];
    ox = g[3];
    oy = g[4];
    oz = g[5];
    ux = g[6];
    uy = g[7];
    uz = g[8];
    vx = g[9];
    vy = g[10];
    vz = g[11];
    boxSrcX = grid.toBox(0, srcX);
    boxSrcY = grid.toBox(1, srcY);
    boxSrcZ = grid.toBox(2, srcZ);
  }

  int pixelCount() {
    return height * width;
  }

  /** The ray of pixel p = row·width + column. */
  void set(Ray ray, int p) {
    int row = p / width;
    int column = p - row * width;
    double px = ox + column * ux + row * vx;
    double py = oy + column * uy + row * vy;
    double pz = oz + column * uz + row * vz;
    if (moving) {
      setMoving(ray, column, row, px, py, pz);
      return;
    }
    ray.sx = boxSrcX;
    ray.sy = boxSrcY;
    ray.sz = boxSrcZ;
    ray.dx = grid.toBox(0, px) - boxSrcX;
    ray.dy = grid.toBox(1, py) - boxSrcY;
    ray.dz = grid.toBox(2, pz) - boxSrcZ;
    double wx = px - srcX;
    double wy = py - srcY;
    double wz = pz - srcZ;
    ray.length = Math.sqrt(wx * wx + wy * wy + wz * wz);
  }

  private void setMoving(Ray ray, int column, int row, double px, double py, double pz) {
    double qx = srcX + column * ux + row * vx;
    double qy = srcY + column * uy + row * vy;
    double qz = srcZ + column * uz + row * vz;
    ray.sx = grid.toBox(0, qx);
    ray.sy = grid.toBox(1, qy);
    ray.sz = grid.toBox(2, qz);
    ray.dx = grid.toBox(0, px) - ray.sx;
    ray.dy = grid.toBox(1, py) - ray.sy;
    ray.dz = grid.toBox(2, pz) - ray.sz;
    double wx = px - qx;
    double wy = py - qy;
    double wz = pz - qz;
    ray.length = Math.sqrt(wx * wx + wy * wy + wz * wz);
  }

  /**
   * The axis the rays move along least, relative to the volume's extent: for the ray to the
   * detector centre, the axis with the smallest |d_a| / (n_a·s_a). Slabs across this axis are
   * crossed by few rays each.
   */
  int slabAxis() {
    double r = (height - 1) / 2.0;
    double c = (width - 1) / 2.0;
    double m = moving ? 1 : 0;
    double[] d = {ox + c * ux + r * vx - (srcX + m * (c * ux + r * vx)),
      oy + c * uy + r * vy - (srcY + m * (c * uy + r * vy)),
      oz + c * uz + r * vz - (srcZ + m * (c * uz + r * vz))};
    int best = 0;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int a = 0; a < 3; a++) {
      double score = Math.abs(d[a]) / (grid.size(a) * grid.spacing(a));
      if (score < bestScore) {
        bestScore = score;
        best = a;
      }
    }
    return best;
  }
}
