package sc.fiji.diffdrr.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Portable float maps, grey ("Pf"): a text header (Pf, width height, scale whose sign gives the
 * byte order: negative little-endian), then width × height float32 with the rows stored bottom to
 * top. Read and written here with row 0 at the top (our layout); plastimatch writes its DRRs so.
 */
public final class Pfm {

  public final int width;
  public final int height;
  /** Row 0 at the top. */
  public final float[] data;

  private Pfm(int width, int height, float[] data) {
    this.width = width;
    this.height = height;
    this.data = data;
  }

  public static Pfm read(Path file) throws IOException {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("file not found: " + file);
    }
    int[] pos = {0};
    String magic = token(b, pos, file);
    if (magic.equals("PF")) throw new IOException(file + ": colour PFM (PF) is not supported; grey (Pf) only");
    if (!magic.equals("Pf")) throw new IOException(file + ": not a PFM file (no 'Pf' header)");
    int w, h;
    double scale;
    try {
      w = Integer.parseInt(token(b, pos, file));
      h = Integer.parseInt(token(b, pos, file));
      scale = Double.parseDouble(token(b, pos, file));
    } catch (NumberFormatException e) {
      throw new IOException(file + ": PFM header must be 'Pf', width height, scale");
    }
    pos[0]++; // the single whitespace after the scale
    if (w < 1 || h < 1 || scale == 0 || !Double.isFinite(scale)) {
      throw new IOException(file + ": PFM header has size " + w + "×" + h + " and scale " + scale);
    }
    long need = (long) w * h * 4;
    if (b.length - pos[0] < need) {
      throw new IOException(file + ": PFM data is truncated: " + (b.length - pos[0]) + " bytes for "
          + w + "×" + h + " floats (" + need + ")");
    }
    FloatBuffer buf = ByteBuffer.wrap(b, pos[0], (int) need)
        .order(scale < 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).asFloatBuffer();
    float[] data = new float[w * h];
    // a row at a time in bulk (not a float at a time: hundreds of projections are read at start)
    for (int stored = 0; stored < h; stored++) buf.get(data, (h - 1 - stored) * w, w);
    return new Pfm(w, h, data);
  }

  /** Writes one image (row 0 at the top), little-endian, through {@link AtomicFile}. */
  public static void write(Path file, int width, int height, float[] data, int offset)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(width * height * 4 + 32);
    out.write(("Pf\n" + width + " " + height + "\n-1.0\n").getBytes(StandardCharsets.US_ASCII));
    ByteBuffer buf = ByteBuffer.allocate(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int stored = 0; stored < height; stored++) {
      int row = height - 1 - stored;
      for (int j = 0; j < width; j++) buf.putFloat(data[offset + row * width + j]);
    }
    out.write(buf.array());
    byte[] bytes = out.toByteArray();
    AtomicFile.write(file, o -> o.write(bytes));
  }

  private static String token(byte[] b, int[] pos, Path file) throws IOException {
    while (pos[0] < b.length && Character.isWhitespace(b[pos[0]])) pos[0]++;
    int start = pos[0];
    while (pos[0] < b.length && !Character.isWhitespace(b[pos[0]])) pos[0]++;
    if (start == pos[0]) throw new IOException(file + ": PFM header is truncated");
    return new String(b, start, pos[0] - start, StandardCharsets.US_ASCII);
  }
}
