package sc.fiji.diffdrr.report;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** A small JSON writer for metrics files: maps, lists, numbers, strings, booleans. */
public final class Json {

  private Json() {}

  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(value, b, "");
    return b.append('\n').toString();
  }

  private static void write(Object v, StringBuilder b, String indent) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        b.append("{}");
        return;
      }
      b.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(indent).append("  ");
        string(String.valueOf(e.getKey()), b);
        b.append(": ");
        write(e.getValue(), b, indent + "  ");
        b.append(++i < m.size() ? ",\n" : "\n");
      }
      b.append(indent).append('}');
    } else if (v instanceof Collection || v instanceof double[]) {
      Iterable<?> items = v instanceof double[] ? toList((double[]) v) : (Collection<?>) v;
      b.append('[');
      boolean first = true;
      for (Object o : items) {
        if (!first) b.append(", ");
        first = false;
        write(o, b, indent);
      }
      b.append(']');
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        b.append(Double.isNaN(d) ? "null" : d > 0 ? "1e999" : "-1e999");
      } else if (v instanceof Integer || v instanceof Long) {
        b.append(v);
      } else {
        b.append(String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
            .replace(".e", "e").replaceAll("\\.$", ""));
      }
    } else if (v instanceof Boolean) {
      b.append(v);
    } else {
      string(v.toString(), b);
    }
  }

  private static java.util.List<Double> toList(double[] a) {
    java.util.List<Double> l = new java.util.ArrayList<>(a.length);
    for (double d : a) l.add(d);
    return l;
  }

  private static void string(String s, StringBuilder b) {
    b.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
      }
    }
    b.append('"');
  }
}
