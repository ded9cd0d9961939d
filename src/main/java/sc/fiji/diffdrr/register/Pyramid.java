package sc.fiji.diffdrr.register;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Coarser copies for coarse-to-fine registration. A detector of factor f has ⌊H/f⌋×⌊W/f⌋ pixels
 * f times larger, each the mean of an f×f block of the X-ray (a remainder of rows or columns is
 * split between the two edges and the principal point moved so the blocks' centres stay where
 * they were). A volume of factor f averages f×f×f voxel blocks (the blocks' centres may sit up to
 * half a fine voxel from the coarse grid's centred placement; coarse levels only steer the pose;
 * a placed grid's coarse copy is placed where its blocks are).
 */
final class Pyramid {

  private Pyramid() {}

  static Detector detector(Detector d, int f) {
    if (f == 1) return d;
    int h = Math.max(1, d.height / f), w = Math.max(1, d.width / f);
    int r0 = (d.height - h * f) / 2, c0 = (d.width - w * f) / 2;
    double shiftY = d.dely * ((d.height - h * f) - 2.0 * r0) / 2;
    double shiftX = d.delx * ((d.width - w * f) - 2.0 * c0) / 2;
    return new Detector(d.sdd, h, w, d.delx * f, d.dely * f,
        d.x0 + (d.reverseXAxis ? shiftX : -shiftX), d.y0 + shiftY, d.reverseXAxis);
  }

  /**
   * A view's coarse copy for {@link #image}'s blocks: each coarse pixel at its block's centre,
   * pixel steps f times longer; the source stays.
   */
  static View view(View v, int f) {
    if (f == 1) return v;
    int h = Math.max(1, v.height / f), w = Math.max(1, v.width / f);
    int fh = Math.min(f, v.height), fw = Math.min(f, v.width);
    double r = (v.height - h * fh) / 2 + (fh - 1) / 2.0, c = (v.width - w * fw) / 2 + (fw - 1) / 2.0;
    double[] o = v.origin(), u = v.columnStep(), s = v.rowStep();
    double[] origin = new double[3], cu = new double[3], cv = new double[3];
    for (int a = 0; a < 3; a++) {
      origin[a] = o[a] + c * u[a] + r * s[a];
      cu[a] = fw * u[a];
      cv[a] = fh * s[a];
    }
    return new View(v.source(), origin, cu, cv, h, w);
  }

  /** The X-ray (H×W, row-major) averaged over f×f blocks, as {@link #detector} lays them. */
  static float[] image(float[] image, int height, int width, int f) {
    if (f == 1) return image.clone();
    int h = Math.max(1, height / f), w = Math.max(1, width / f);
    int fh = Math.min(f, height), fw = Math.min(f, width);
    int r0 = (height - h * fh) / 2, c0 = (width - w * fw) / 2;
    float[] out = new float[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        double s = 0;
        for (int a = 0; a < fh; a++) {
          int row = (r0 + i * fh + a) * width + c0 + j * fw;
          for (int b = 0; b < fw; b++) s += image[row + b];
        }
        out[i * w + j] = (float) (s / (fh * fw));
      }
    }
    return out;
  }

  /** The volume averaged over f×f×f blocks (an axis shorter than f stays one block). */
  static Volume volume(Volume v, int f) {
    if (f == 1) return v;
    VolumeGrid g = v.grid;
    int[] n = {g.nx, g.ny, g.nz}, fa = new int[3], m = new int[3], o = new int[3];
    for (int a = 0; a < 3; a++) {
      fa[a] = Math.min(f, n[a]);
      m[a] = n[a] / fa[a];
      o[a] = (n[a] - m[a] * fa[a]) / 2;
    }
    VolumeGrid cg = new VolumeGrid(m[0], m[1], m[2], g.sx * fa[0], g.sy * fa[1], g.sz * fa[2],
        g.convention);
    float[] src = v.data(), dst = new float[cg.voxelCount()];
    double norm = 1.0 / (fa[0] * fa[1] * fa[2]);
    for (int z = 0; z < m[2]; z++) {
      for (int y = 0; y < m[1]; y++) {
        for (int x = 0; x < m[0]; x++) {
          double s = 0;
          for (int c = 0; c < fa[2]; c++) {
            for (int b = 0; b < fa[1]; b++) {
              int base = g.index(o[0] + x * fa[0], o[1] + y * fa[1] + b, o[2] + z * fa[2] + c);
              for (int a = 0; a < fa[0]; a++) s += src[base + a];
            }
          }
          dst[cg.index(x, y, z)] = (float) (s * norm);
        }
      }
    }
    if (g.placement != null) {
      double[] c0 = g.worldOfVoxel(o[0] + (fa[0] - 1) / 2.0, o[1] + (fa[1] - 1) / 2.0,
          o[2] + (fa[2] - 1) / 2.0);
      cg = cg.withPlacement(new Placement(c0, new double[][] {g.placement.axis(0),
        g.placement.axis(1), g.placement.axis(2)}));
    }
    return new Volume(cg, dst);
  }
}
