package sc.fiji.diffdrr.render;

/**
 * A float array that lives where a {@link Backend} computes: a Java array, or an OpenCL buffer.
 * Close it when done (try-with-resources); closing twice is harmless.
 */
public interface DeviceArray extends AutoCloseable {

  long length();

  @Override
  void close();
}
