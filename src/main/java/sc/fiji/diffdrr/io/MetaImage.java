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
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

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
    Header h = Header.read(file);
    float[] data = h.readData();
    MetaImage m = new MetaImage(h.dims, h.spacing, h.offset, h.transform, data, h.type.name);
    m.spacingGiven = h.spacingGiven;
    return m;
  }

  /**
   * What a MetaImage header says, read without the data: so a command can plan its memory from a
   * volume's size before it reads a volume that would not fit.
   */
  public static final class Header {

    private static final int CHUNK = 1 << 22;

    private final Path file;
    /** Size per axis (x, y[, z]). */
    public final int[] dims;
    final double[] spacing;
    final boolean spacingGiven;
    final double[] offset;
    final double[] transform;
    private final ElementType type;
    private final boolean msb;
    private final boolean compressed;
    private final Path dataPath;
    /** Where the data begin in {@link #dataPath}. */
    private final long dataStart;
    private final String dimSize;

    /** Reads only the header lines of a .mha or .mhd file (and checks the data file's size). */
    public static Header read(Path file) throws IOException {
      Map<String, String> header = new LinkedHashMap<>();
      long pos = 0;
      String dataFile = null;
      try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean eof = false;
        while (dataFile == null && !eof) {
          line.reset();
          int c;
          while ((c = in.read()) >= 0 && c != '\n') line.write(c);
          eof = c < 0;
          pos += line.size() + (eof ? 0 : 1);
          String text = new String(line.toByteArray(), StandardCharsets.ISO_8859_1).trim();
          if (text.isEmpty()) continue;
          int eq = text.indexOf('=');
          if (eq < 0) {
            throw new IOException(file + ": not a MetaImage header line: '" + abbreviate(text) + "'");
          }
          String key = text.substring(0, eq).trim();
          String value = text.substring(eq + 1).trim();
          header.put(key, value);
          if (key.equals("ElementDataFile")) dataFile = value;
        }
      } catch (NoSuchFileException e) {
        throw new IOException("file not found: " + file);
      }
      if (dataFile == null) throw new IOException(file + ": MetaImage header has no ElementDataFile");
      return new Header(file, header, dataFile, pos);
    }

    private Header(Path file, Map<String, String> header, String dataFile, long headerBytes)
        throws IOException {
      this.file = file;
      int nDims = intValue(file, header, "NDims");
      if (nDims < 2 || nDims > 3) {
        throw new IOException(file + ": NDims must be 2 or 3, got " + nDims);
      }
      this.dims = ints(file, header, "DimSize", nDims);
      this.dimSize = header.get("DimSize");
      long count = 1;
      for (int i = 0; i < nDims; i++) {
        if (dims[i] < 1) throw new IOException(file + ": DimSize must be positive, got " + dimSize);
        count *= dims[i];
      }
      if (count > Integer.MAX_VALUE - 8) throw new IOException(file + ": DimSize too large: " + count + " voxels");
      String spacingKey = header.containsKey("ElementSpacing") ? "ElementSpacing"
          : header.containsKey("ElementSize") ? "ElementSize" : null;
      this.spacingGiven = spacingKey != null;
      this.spacing = spacingKey == null ? ones(nDims) : doubles(file, header, spacingKey, nDims);
      for (double s : spacing) {
        if (!(s > 0) || !Double.isFinite(s)) {
          throw new IOException(file + ": " + spacingKey + " must be finite numbers > 0, got '"
              + header.get(spacingKey) + "'");
        }
      }
      String offsetKey = header.containsKey("Offset") ? "Offset"
          : header.containsKey("Position") ? "Position" : header.containsKey("Origin") ? "Origin" : null;
      this.offset = offsetKey == null ? new double[nDims] : doubles(file, header, offsetKey, nDims);
      String transformKey = header.containsKey("TransformMatrix") ? "TransformMatrix"
          : header.containsKey("Rotation") ? "Rotation"
          : header.containsKey("Orientation") ? "Orientation" : null;
      this.transform = transformKey == null ? null
          : doubles(file, header, transformKey, nDims * nDims);
      String channels = header.get("ElementNumberOfChannels");
      if (channels != null && !channels.equals("1")) {
        throw new IOException(file + ": ElementNumberOfChannels must be 1, got " + channels);
      }
      this.type = ElementType.parse(file, header.get("ElementType"));
      this.msb = bool(file, header, header.containsKey("BinaryDataByteOrderMSB")
          ? "BinaryDataByteOrderMSB" : "ElementByteOrderMSB", false);
      this.compressed = bool(file, header, "CompressedData", false);
      if (header.containsKey("BinaryData") && !bool(file, header, "BinaryData", true)) {
        throw new IOException(file + ": BinaryData = False (text data) is not supported");
      }
      if (dataFile.equalsIgnoreCase("LOCAL")) {
        this.dataPath = file;
        this.dataStart = headerBytes;
      } else if (dataFile.equalsIgnoreCase("LIST") || dataFile.contains("%")) {
        throw new IOException(file + ": ElementDataFile = " + dataFile + " (several data files) is not supported");
      } else {
        this.dataPath = file.toAbsolutePath().getParent().resolve(dataFile);
        this.dataStart = 0;
        if (!Files.exists(dataPath)) throw new IOException(file + ": its data file is missing: " + dataPath);
      }
      long stored = Files.size(dataPath) - dataStart;
      if (!compressed && stored < dataBytes()) truncated(stored);
    }

    /** Voxels (or pixels) the file holds: the product of {@link #dims}. */
    public long count() {
      long n = 1;
      for (int d : dims) n *= d;
      return n;
    }

    private long dataBytes() {
      return count() * type.bytes;
    }

    private void truncated(long found) throws IOException {
      throw new IOException(file + ": data is truncated: expected " + dataBytes() + " bytes for "
          + dimSize + " " + type.name + ", found " + found);
    }

    /**
     * The data as floats, streamed in chunks: the only large array is the result (no copy of the
     * file's bytes, which for a 512³ volume would double or triple the peak).
     */
    float[] readData() throws IOException {
      float[] out = new float[(int) count()];
      try (java.io.InputStream raw = Files.newInputStream(dataPath)) {
        skipFully(raw, dataStart);
        java.io.InputStream in = compressed ? new java.util.zip.InflaterInputStream(raw) : raw;
        ByteBuffer buf = ByteBuffer.allocate((CHUNK / type.bytes) * type.bytes)
            .order(msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long read = 0;
        int done = 0;
        while (done < out.length) {
          int want = (int) Math.min(buf.capacity(), dataBytes() - read);
          int n = readFully(in, buf.array(), want);
          read += n;
          if (n < want) truncated(read);
          buf.position(0).limit(n);
          int values = n / type.bytes;
          type.decode(buf, out, done, values);
          done += values;
        }
      } catch (java.util.zip.ZipException e) {
        throw new IOException(file + ": compressed data is corrupt (" + e.getMessage() + ")");
      }
      return out;
    }

    private static void skipFully(java.io.InputStream in, long n) throws IOException {
      while (n > 0) {
        long k = in.skip(n);
        if (k <= 0) {
          if (in.read() < 0) return;
          k = 1;
        }
        n -= k;
      }
    }

    private static int readFully(java.io.InputStream in, byte[] b, int len) throws IOException {
      int n = 0;
      while (n < len) {
        int k;
        try {
          k = in.read(b, n, len - n);
        } catch (java.io.EOFException e) {
          break; // a zlib stream that ends early: reported as truncated
        }
        if (k < 0) break;
        n += k;
      }
      return n;
    }
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

    /** Decodes {@code n} values from b into out[from …]. */
    void decode(ByteBuffer b, float[] out, int from, int n) {
      for (int i = from; i < from + n; i++) {
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
