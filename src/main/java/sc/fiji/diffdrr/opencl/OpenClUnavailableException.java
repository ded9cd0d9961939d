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

  /** A throwable as one line: its simple class name and the first line of its message. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
