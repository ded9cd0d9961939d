package sc.fiji.diffdrr.opencl;

/**
 * No OpenCL backend can be opened here: no OpenCL library, no platform or no device. The message
 * is one line for users. Deliberately free of ClearCL/JOCL types, so that {@link Backends} can
 * catch it where clij-clearcl is missing.
 */
public final class OpenClUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OpenClUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
