package sc.fiji.diffdrr.report;

import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The three central slices of a volume as images, in the volume frame of {@code io} (x to the
 * patient's left, y posterior → anterior, z inferior → superior) shown as radiologists do: the
 * patient's left on the image's right, anterior at the top of axial slices, superior at the top of
 * coronal and sagittal ones, anterior to the left in sagittal ones. Rows are stretched (bilinear)
 * where the voxels are not square in the slice's plane, so anatomy keeps its proportions.
 */
public final class VolumeSlices {

  public enum Plane { AXIAL, CORONAL, SAGITTAL }

  private VolumeSlices() {}

  public static FloatProcessor slice(Volume v, Plane plane) {
    return slice(v, plane, -1);
  }

  /** A slice through index {@code at} (−1 = the central one). */
  public static FloatProcessor slice(Volume v, Plane plane, int at) {
    VolumeGrid g = v.grid;
    float[] d = v.data();
    switch (plane) {
      case AXIAL: {
        int z = at < 0 ? g.nz / 2 : at;
        float[] out = new float[g.nx * g.ny];
        for (int y = 0; y < g.ny; y++) {
          System.arraycopy(d, g.index(0, y, z), out, (g.ny - 1 - y) * g.nx, g.nx);
        }
        return proportional(new FloatProcessor(g.nx, g.ny, out), g.sx, g.sy);
      }
      case CORONAL: {
        int y = at < 0 ? g.ny / 2 : at;
        float[] out = new float[g.nx * g.nz];
        for (int z = 0; z < g.nz; z++) {
          for (int x = 0; x < g.nx; x++) out[(g.nz - 1 - z) * g.nx + x] = d[g.index(x, y, z)];
        }
        return proportional(new FloatProcessor(g.nx, g.nz, out), g.sx, g.sz);
      }
      default: {
        int x = at < 0 ? g.nx / 2 : at;
        float[] out = new float[g.ny * g.nz];
        for (int z = 0; z < g.nz; z++) {
          for (int y = 0; y < g.ny; y++) out[(g.nz - 1 - z) * g.ny + (g.ny - 1 - y)] = d[g.index(x, y, z)];
        }
        return proportional(new FloatProcessor(g.ny, g.nz, out), g.sy, g.sz);
      }
    }
  }

  /** The image with its height scaled by rowSpacing/columnSpacing. */
  static FloatProcessor proportional(FloatProcessor ip, double columnSpacing, double rowSpacing) {
    int height = (int) Math.max(1, Math.round(ip.getHeight() * rowSpacing / columnSpacing));
    if (height == ip.getHeight()) return ip;
    ip.setInterpolationMethod(ImageProcessor.BILINEAR);
    return (FloatProcessor) ip.resize(ip.getWidth(), height);
  }

  /** a − b, pixel by pixel. */
  public static FloatProcessor difference(FloatProcessor a, FloatProcessor b) {
    float[] pa = (float[]) a.getPixels(), pb = (float[]) b.getPixels();
    float[] out = new float[pa.length];
    for (int i = 0; i < out.length; i++) out[i] = pa[i] - pb[i];
    return new FloatProcessor(a.getWidth(), a.getHeight(), out);
  }
}
