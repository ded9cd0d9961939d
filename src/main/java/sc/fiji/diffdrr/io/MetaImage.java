package sc.fiji.diffdrr.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * MetaImage (.mha with the data inline, .mhd with a separate data file) for 2-D images and 3-D
 * volumes or stacks: one channel of MET_UCHAR, CHAR, SHORT, USHORT, INT, UINT, FLOAT or DOUBLE, raw
 * or zlib-compressed, either byte order. Values are read into floats, x fastest. Written files are
 * MET_FLOAT, little-endian, and appear under their final name only once complete.
 */
public final class MetaImage {

  /** Size per axis (x, y[, z]). */
  public final int[] dims;
  /** Spacing per axis, mm. */
  public final double[] spacing;
  /** Whether the file gave ElementSpacing (or ElementSize); without it the spacing is 1. */
  private boolean spacingGiven = true;
  /** World position of the first voxel's centre, mm (MetaImage "Offset"). */
  public final double[] offset;
  public final float[] data;
  /**
   * TransformMatrix (also Rotation or Orientation): nDims × nDims numbers, the world direction of
   * index axis a in numbers a·n … a·n + n − 1 (ITK's reading); identity when absent.
   */
  public final double[] transform;
  /** How the values were stored (MET_SHORT, MET_FLOAT, ...); MET_FLOAT for images built here. */
  public final String elementType;

  public MetaImage(int[] dims, double[] spacing, double[] offset, float[] data) {
    this(dims, spacing, offset, data, "MET_FLOAT");
  }

  private MetaImage(int[] dims, double[] spacing, double[] offset, float[] data,
      String elementType) {
    this(dims, spacing, offset, null, data, elementType);
  }

  private MetaImage(int[] dims, double[] spacing, double[] offset, double[] transform,
      float[] data, String elementType) {
    this.elementType = elementType;
    this.transform = transform == null ? identity(dims.length) : transform.clone();
    this.dims = dims.clone();
    this.spacing = spacing.clone();
    this.offset = offset.clone();
    this.data = data;
    long n = 1;
    for (int d : dims) n *= d;
    if (n != data.length) {
      throw new IllegalArgumentException("MetaImage: " + data.length + " values for size " + n);
    }
  }

  /** Whether the spacing came from the file (ElementSpacing or ElementSize), not the default 1. */
  public boolean hasSpacing() {
    return spacingGiven;
  }

  /** Reads a .mha or .mhd file. Errors name the file and what is wrong with it. */
  public static MetaImage read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("file not found: " + file);
    }
    Map<String, String> header = new LinkedHashMap<>();
    int pos = 0;
    String dataFile = null;
    while (dataFile == null) {
      int end = pos;
      while (end < bytes.length && bytes[end] != '\n') end++;
      if (end >= bytes.length && pos >= bytes.length) break;
      String line = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1).trim();
      pos = Math.min(end + 1, bytes.length);
      if (line.isEmpty()) {
        if (end >= bytes.length) break;
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IOException(file + ": not a MetaImage header line: '" + abbreviate(line) + "'");
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      header.put(key, value);
      if (key.equals("ElementDataFile")) dataFile = value;
      if (end >= bytes.length) break;
    }
    if (dataFile == null) throw new IOException(file + ": MetaImage header has no ElementDataFile");

    int nDims = intValue(file, header, "NDims");
    if (nDims < 2 || nDims > 3) {
      throw new IOException(file + ": NDims must be 2 or 3, got " + nDims);
    }
    int[] dims = ints(file, header, "DimSize", nDims);
    long count = 1;
    for (int i = 0; i < nDims; i++) {
      if (dims[i] < 1) throw new IOException(file + ": DimSize must be positive, got " + header.get("DimSize"));
      count *= dims[i];
    }
    if (count > Integer.MAX_VALUE - 8) throw new IOException(file + ": DimSize too large: " + count + " voxels");
    String spacingKey = header.containsKey("ElementSpacing") ? "ElementSpacing"
        : header.containsKey("ElementSize") ? "ElementSize" : null;
    double[] spacing = spacingKey == null ? ones(nDims) : doubles(file, header, spacingKey, nDims);
    for (double s : spacing) {
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IOException(file + ": " + spacingKey + " must be finite numbers > 0, got '"
            + header.get(spacingKey) + "'");
      }
    }
    String offsetKey = header.containsKey("Offset") ? "Offset"
        : header.containsKey("Position") ? "Position" : header.containsKey("Origin") ? "Origin" : null;
    double[] offset = offsetKey == null ? new double[nDims] : doubles(file, header, offsetKey, nDims);
    String transformKey = header.containsKey("TransformMatrix") ? "TransformMatrix"
        : header.containsKey("Rotation") ? "Rotation"
        : header.containsKey("Orientation") ? "Orientation" : null;
    double[] transform = transformKey == null ? null
        : doubles(file, header, transformKey, nDims * nDims);
    String channels = header.get("ElementNumberOfChannels");
    if (channels != null && !channels.equals("1")) {
      throw new IOException(file + ": ElementNumberOfChannels must be 1, got " + channels);
    }
    ElementType type = ElementType.parse(file, header.get("ElementType"));
    boolean msb = bool(file, header, header.containsKey("BinaryDataByteOrderMSB")
        ? "BinaryDataByteOrderMSB" : "ElementByteOrderMSB", false);
    boolean compressed = bool(file, header, "CompressedData", false);
    if (header.containsKey("BinaryData") && !bool(file, header, "BinaryData", true)) {
      throw new IOException(file + ": BinaryData = False (text data) is not supported");
    }

    long expected = count * type.bytes;
    byte[] raw;
    if (dataFile.equalsIgnoreCase("LOCAL")) {
      raw = java.util.Arrays.copyOfRange(bytes, pos, bytes.length);
    } else if (dataFile.equalsIgnoreCase("LIST") || dataFile.contains("%")) {
      throw new IOException(file + ": ElementDataFile = " + dataFile + " (several data files) is not supported");
    } else {
      Path dataPath = file.toAbsolutePath().getParent().resolve(dataFile);
      try {
        raw = Files.readAllBytes(dataPath);
      } catch (NoSuchFileException e) {
        throw new IOException(file + ": its data file is missing: " + dataPath);
      }
    }
    if (compressed) raw = inflate(file, raw, expected);
    if (raw.length < expected) {
      throw new IOException(file + ": data is truncated: expected " + expected + " bytes for "
          + header.get("DimSize") + " " + type.name + ", found " + raw.length);
    }
    float[] data = new float[(int) count];
    ByteBuffer buf = ByteBuffer.wrap(raw, 0, (int) expected)
        .order(msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    type.decode(buf, data);
    MetaImage m = new MetaImage(dims, spacing, offset, transform, data, type.name);
    m.spacingGiven = spacingKey != null;
    return m;
  }

  private static double[] identity(int n) {
    double[] m = new double[n * n];
    for (int i = 0; i < n; i++) m[i * n + i] = 1;
    return m;
  }

  /** Writes MET_FLOAT, zlib-compressed if asked; the file appears only once complete. */
  public static void write(Path file, int[] dims, double[] spacing, double[] offset, float[] data,
      boolean compress) throws IOException {
    write(file, dims, spacing, offset, null, data, compress);
  }

  /** As {@link #write(Path, int[], double[], double[], float[], boolean)}, with a TransformMatrix. */
  public static void write(Path file, int[] dims, double[] spacing, double[] offset,
      double[] transform, float[] data, boolean compress) throws IOException {
    long n = 1;
    for (int d : dims) n *= d;
    if (n != data.length) {
      throw new IllegalArgumentException("MetaImage: " + data.length + " values for size " + n);
    }
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    byte[] plain = buf.array();
    byte[] payload = plain;
    if (compress) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
      try (OutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED))) {
        z.write(plain);
      }
      payload = out.toByteArray();
    }
    final byte[] body = payload;
    StringBuilder h = new StringBuilder();
    h.append("ObjectType = Image\n");
    h.append("NDims = ").append(dims.length).append('\n');
    h.append("BinaryData = True\nBinaryDataByteOrderMSB = False\n");
    h.append("CompressedData = ").append(compress ? "True" : "False").append('\n');
    if (compress) h.append("CompressedDataSize = ").append(payload.length).append('\n');
    h.append("TransformMatrix = ").append(transform != null ? join(transform)
        : dims.length == 3 ? "1 0 0 0 1 0 0 0 1" : "1 0 0 1").append('\n');
    h.append("Offset = ").append(join(offset)).append('\n');
    h.append("ElementSpacing = ").append(join(spacing)).append('\n');
    h.append("DimSize = ");
    for (int i = 0; i < dims.length; i++) h.append(i > 0 ? " " : "").append(dims[i]);
    h.append("\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n");
    AtomicFile.write(file, out -> {
      out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
    });
  }

  public void write(Path file, boolean compress) throws IOException {
    write(file, dims, spacing, offset, data, compress);
  }

  private static byte[] inflate(Path file, byte[] raw, long expected) throws IOException {
    Inflater inf = new Inflater();
    inf.setInput(raw);
    byte[] out = new byte[(int) Math.min(expected, Integer.MAX_VALUE - 8)];
    int n = 0;
    try {
      while (n < out.length && !inf.finished()) {
        int k = inf.inflate(out, n, out.length - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
        n += k;
      }
    } catch (DataFormatException e) {
      throw new IOException(file + ": compressed data is corrupt (" + e.getMessage() + ")");
    } finally {
      inf.end();
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static String join(double[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) b.append(' ');
      double x = v[i];
      b.append(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x));
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  private static String required(Path file, Map<String, String> h, String key) throws IOException {
    String v = h.get(key);
    if (v == null) throw new IOException(file + ": MetaImage header has no " + key);
    return v;
  }

  private static int intValue(Path file, Map<String, String> h, String key) throws IOException {
    return ints(file, h, key, 1)[0];
  }

  private static int[] ints(Path file, Map<String, String> h, String key, int n) throws IOException {
    String v = required(file, h, key);
    String[] parts = v.trim().split("\\s+");
    if (parts.length != n) {
      throw new IOException(file + ": " + key + " must have " + n + " integer(s), got '" + v + "'");
    }
    int[] r = new int[n];
    try {
      for (int i = 0; i < n; i++) r[i] = Integer.parseInt(parts[i]);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": " + key + " must have " + n + " integer(s), got '" + v + "'");
    }
    return r;
  }

  private static double[] doubles(Path file, Map<String, String> h, String key, int n)
      throws IOException {
    String v = required(file, h, key);
    String[] parts = v.trim().split("\\s+");
    if (parts.length < n) {
      throw new IOException(file + ": " + key + " must have " + n + " numbers, got '" + v + "'");
    }
    double[] r = new double[n];
    try {
      for (int i = 0; i < n; i++) r[i] = Double.parseDouble(parts[i]);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": " + key + " must have " + n + " numbers, got '" + v + "'");
    }
    return r;
  }

  private static boolean bool(Path file, Map<String, String> h, String key, boolean dflt)
      throws IOException {
    String v = h.get(key);
    if (v == null) return dflt;
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default: throw new IOException(file + ": " + key + " must be True or False, got '" + v + "'");
    }
  }

  private static double[] ones(int n) {
    double[] r = new double[n];
    java.util.Arrays.fill(r, 1);
    return r;
  }

  /** MetaImage element types and how to decode them into floats. */
  private enum ElementType {
    MET_UCHAR(1), MET_CHAR(1), MET_SHORT(2), MET_USHORT(2), MET_INT(4), MET_UINT(4), MET_FLOAT(4),
    MET_DOUBLE(8);

    final int bytes;
    final String name;

    ElementType(int bytes) {
      this.bytes = bytes;
      this.name = name();
    }

    static ElementType parse(Path file, String s) throws IOException {
      if (s == null) throw new IOException(file + ": MetaImage header has no ElementType");
      for (ElementType t : values()) {
        if (t.name().equalsIgnoreCase(s.trim())) return t;
      }
      throw new IOException(file + ": ElementType must be one of MET_UCHAR, MET_CHAR, MET_SHORT, "
          + "MET_USHORT, MET_INT, MET_UINT, MET_FLOAT, MET_DOUBLE, got '" + s + "'");
    }

    void decode(ByteBuffer b, float[] out) {
      for (int i = 0; i < out.length; i++) {
        switch (this) {
          case MET_UCHAR: out[i] = b.get() & 0xff; break;
          case MET_CHAR: out[i] = b.get(); break;
          case MET_SHORT: out[i] = b.getShort(); break;
          case MET_USHORT: out[i] = b.getShort() & 0xffff; break;
          case MET_INT: out[i] = b.getInt(); break;
          case MET_UINT: out[i] = b.getInt() & 0xffffffffL; break;
          case MET_FLOAT: out[i] = b.getFloat(); break;
          default: out[i] = (float) b.getDouble(); break;
        }
      }
    }
  }
}
