package sc.fiji.diffdrr.report;

import ij.process.FloatProcessor;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The three central slices of a volume as images, in the volume frame of {@code io} (x to the
 * patient's left, y posterior → anterior, z inferior → superior) shown as radiologists do: the
 * patient's left on the image's right, anterior at the top of axial slices, superior at the top of
 * coronal and sagittal ones, anterior to the left in sagittal ones. Images are in voxels; non-cubic
 * voxels are not resampled.
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
        return new FloatProcessor(g.nx, g.ny, out);
      }
      case CORONAL: {
        int y = at < 0 ? g.ny / 2 : at;
        float[] out = new float[g.nx * g.nz];
        for (int z = 0; z < g.nz; z++) {
          for (int x = 0; x < g.nx; x++) out[(g.nz - 1 - z) * g.nx + x] = d[g.index(x, y, z)];
        }
        return new FloatProcessor(g.nx, g.nz, out);
      }
      default: {
        int x = at < 0 ? g.nx / 2 : at;
        float[] out = new float[g.ny * g.nz];
        for (int z = 0; z < g.nz; z++) {
          for (int y = 0; y < g.ny; y++) out[(g.nz - 1 - z) * g.ny + (g.ny - 1 - y)] = d[g.index(x, y, z)];
        }
        return new FloatProcessor(g.ny, g.nz, out);
      }
    }
  }

  /** a − b, pixel by pixel. */
  public static FloatProcessor difference(FloatProcessor a, FloatProcessor b) {
    float[] pa = (float[]) a.getPixels(), pb = (float[]) b.getPixels();
    float[] out = new float[pa.length];
    for (int i = 0; i < out.length; i++) out[i] = pa[i] - pb[i];
    return new FloatProcessor(a.getWidth(), a.getHeight(), out);
  }
}
