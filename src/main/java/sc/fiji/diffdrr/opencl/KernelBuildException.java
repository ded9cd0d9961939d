package sc.fiji.diffdrr.opencl;

/**
 * An OpenCL kernel did not compile on the device. ClearCL's executor only prints the build log and
 * returns no kernel; this exception carries the log instead, so the failure is seen where it
 * happens.
 */
public final class KernelBuildException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String buildLog;

  KernelBuildException(String file, String kernel, String device, String buildLog) {
    super("OpenCL kernel '" + kernel + "' (" + file + ") failed to build on " + device + ":\n"
        + buildLog);
    this.buildLog = buildLog;
  }

  /** The compiler's log, as the OpenCL driver gave it. */
  public String buildLog() {
    return buildLog;
  }
}
