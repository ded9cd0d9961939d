package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device of the tests: a backend on it, or, when none is found, a skipped test with the
 * reason on a developer machine and a failed one where the environment says CI=true (CI installs
 * PoCL, so its OpenCL tests must run). DIFFDRR_OPENCL_DEVICE picks a device by name.
 */
final class OpenClTestDevice {

  private OpenClTestDevice() {}

  static OpenClBackend backend() {
    try {
      return OpenClBackend.open(System.getenv("DIFFDRR_OPENCL_DEVICE"), notice -> {});
    } catch (OpenClUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but no OpenCL device was found: " + e.getMessage());
      }
      Assumptions.abort("no OpenCL device, OpenCL test skipped: " + e.getMessage());
      throw e;
    }
  }
}
