package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {

  /** Values computed by scikit-image 0.19 (Debian python3-skimage) on the same arrays. */
  @Test
  void ssimAndPsnrMatchScikitImage() {
    int nx = 12, ny = 10, nz = 9;
    float[] ref = new float[nx * ny * nz], test = new float[ref.length];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          int i = x + nx * (y + ny * z);
          ref[i] = (float) (((x * 7 + y * 13 + z * 17) % 11) / 10.0);
          test[i] = (float) (ref[i] + 0.1 * Math.sin(x + 2 * y + 3 * z));
        }
      }
    }
    // structural_similarity(ref, test, data_range=1.0, win_size=7), peak_signal_noise_ratio(...)
    assertEquals(0.9757153651296816, Metrics.ssim(ref, test, nx, ny, nz, 1.0), 1e-6);
    assertEquals(23.02635129047129, Metrics.psnr(ref, test, 1.0), 1e-5);
    assertEquals(1.0, Metrics.ssim(ref, ref, nx, ny, nz, 1.0), 1e-12);
  }

  @Test
  void nccIsInvariantToBrightnessAndContrast() {
    float[] a = new float[100], b = new float[100];
    for (int i = 0; i < 100; i++) {
      a[i] = (float) Math.sin(i * 0.3);
      b[i] = 3 * a[i] + 7;
    }
    assertEquals(1.0, Metrics.ncc(a, b), 1e-4);
    for (int i = 0; i < 100; i++) b[i] = -a[i];
    assertEquals(-1.0, Metrics.ncc(a, b), 1e-4);
  }

  /** The streaming SSIM equals the whole-volume one bit for bit, windows smaller than 7 too. */
  @Test
  void streamingSsimEqualsTheWholeVolumeOne() {
    java.util.Random r = new java.util.Random(5);
    int[][] sizes = {{12, 9, 10}, {7, 7, 7}, {20, 16, 5}, {3, 4, 2}, {9, 13, 8}};
    for (int[] n : sizes) {
      int total = n[0] * n[1] * n[2];
      float[] a = new float[total], b = new float[total];
      for (int i = 0; i < total; i++) {
        a[i] = r.nextFloat();
        b[i] = a[i] + 0.2f * (float) r.nextGaussian();
      }
      assertEquals(WholeVolumeSsim.volumeSsim(a, b, n[0], n[1], n[2], 1.0),
          Metrics.ssim(a, b, n[0], n[1], n[2], 1.0), 0.0, java.util.Arrays.toString(n));
    }
  }
}
