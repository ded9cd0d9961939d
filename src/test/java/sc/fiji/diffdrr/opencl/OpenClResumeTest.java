package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A resumed gradient-descent run on OpenCL matches the uninterrupted one to 1e-6 relative. */
class OpenClResumeTest {

  @Test
  void resumedMatchesUninterruptedToOneInAMillion() throws Exception {
    try (OpenClBackend cl = OpenClTestDevice.backend()) {
      float[][] r = sc.fiji.diffdrr.recon.ResumeAccess.interruptAndResume(cl, 23);
      double max = 0, diff = 0;
      for (int i = 0; i < r[0].length; i++) {
        max = Math.max(max, Math.abs(r[0][i]));
        diff = Math.max(diff, Math.abs(r[0][i] - r[1][i]));
      }
      assertTrue(diff <= 1e-6 * max, "max |uninterrupted − resumed| = " + diff + ", max " + max);
    }
  }
}
