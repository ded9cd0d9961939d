package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.volume.VolumeGrid;

/** The axial fast path of FDK's backprojector against the general one. */
class FdkBackprojectorTest {

  /** Rotation about z with the footprint partly off the panel (columns and rows), a detector offset and a magnification that varies with depth. */
  private static float[] axialMatrices(int views, int nz) {
    float[] matrices = new float[12 * views];
    for (int v = 0; v < views; v++) {
      double a = 0.9 * v + 0.2, c = Math.cos(a), sn = Math.sin(a);
      float[] m = {(float) (0.7 * c), (float) (0.7 * sn), 0, (float) (9.5 - 6 * c - 5 * sn),
        0, 0, 0.85f, 5.3f - 0.85f * nz / 2f,
        (float) (-0.02 * sn), (float) (0.02 * c), 0, 1.05f};
      System.arraycopy(m, 0, matrices, 12 * v, 12);
    }
    return matrices;
  }

  @Test
  void axialPathEqualsTheGeneralOne() {
    int views = 6, h = 11, w = 19;
    VolumeGrid grid = new VolumeGrid(23, 17, 15, 2, 2, 3);
    float[] m = axialMatrices(views, grid.nz);
    assertTrue(FdkBackprojector.axial(m, views, grid.nz));
    float[] img = new float[views * h * w];
    Random r = new Random(7);
    for (int i = 0; i < img.length; i++) img[i] = (float) r.nextGaussian();
    float[] general = new float[grid.voxelCount()], axial = new float[grid.voxelCount()];
    FdkBackprojector.runGeneral(img, views, h, w, m, grid, general, Parallel.threads(2));
    FdkBackprojector.runAxial(img, views, h, w, m, grid, axial, Parallel.threads(3));
    double max = 0;
    int touched = 0, zeros = 0;
    for (int i = 0; i < general.length; i++) {
      max = Math.max(max, Math.abs(general[i]));
      if (general[i] != 0) touched++; else zeros++;
    }
    assertTrue(touched > 0 && zeros > 0, "some voxels project off the panel in every view, others onto it");
    // 1e-4 of the largest value, as between the backends: the general path advances the detector
    // position by adding a matrix column per voxel, so its float position drifts by ~1e-5 pixel,
    // which the random (pixel-to-pixel) images turn into value differences of that order.
    for (int i = 0; i < general.length; i++) {
      assertEquals(general[i], axial[i], 1e-4 * max, "voxel " + i);
    }
  }

  @Test
  void aTiltedAxisTakesTheGeneralPath() {
    int nz = 15;
    float[] m = axialMatrices(3, nz);
    m[12 + 2] = 0.01f; // the column of view 1 depends on z
    assertFalse(FdkBackprojector.axial(m, 3, nz));
    m[12 + 2] = 0;
    m[24 + 10] = 0.001f; // the depth of view 2 depends on z
    assertFalse(FdkBackprojector.axial(m, 3, nz));
  }
}
