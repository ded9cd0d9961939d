package sc.fiji.diffdrr.recon;

import java.io.IOException;

import sc.fiji.diffdrr.render.Backend;

/** {@link ResumeTest}'s scenario for the OpenCL test in another package. */
public final class ResumeAccess {

  private ResumeAccess() {}

  public static float[][] interruptAndResume(Backend b, int stopAt) throws IOException {
    return ResumeTest.interruptAndResume(b, stopAt);
  }
}
