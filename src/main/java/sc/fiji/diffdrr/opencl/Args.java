package sc.fiji.diffdrr.opencl;

import java.util.LinkedHashMap;
import java.util.Map;

/** Kernel parameter maps from name/value pairs: {@code Args.of("dst", buffer, "value", 1f)}. */
final class Args {

  private Args() {}

  static Map<String, Object> of(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }
}
