package sc.fiji.diffdrr.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small single-slice CT DICOM files (explicit VR little endian, 16-bit), so tests can build
 * series that go wrong in one way each. Fields are public and set before {@link #write}.
 */
final class TestDicom {

  int rows = 4, columns = 3;
  /** Row-major stored values (before rescale). */
  short[] pixels;
  boolean signed = true;
  double[] position = {0, 0, 0};
  double[] orientation = {1, 0, 0, 0, 1, 0};
  double rowSpacing = 0.5, columnSpacing = 0.5;
  double intercept = 0, slope = 1;
  String modality = "CT";
  String series = "1.2.3.4";
  int instance = 1;
  /** Frames of a multi-frame file (NumberOfFrames written when > 1); pixels cover them all. */
  int frames = 1;
  String sopClass = "1.2.840.10008.5.1.4.1.1.2";
  /** Extra group-0018 elements: {"gggg,eeee", VR, value}, written in this order. */
  java.util.List<String[]> extra = new java.util.ArrayList<>();

  TestDicom() {}

  TestDicom copy() {
    TestDicom d = new TestDicom();
    d.rows = rows;
    d.columns = columns;
    d.pixels = pixels == null ? null : pixels.clone();
    d.signed = signed;
    d.position = position.clone();
    d.orientation = orientation.clone();
    d.rowSpacing = rowSpacing;
    d.columnSpacing = columnSpacing;
    d.intercept = intercept;
    d.slope = slope;
    d.modality = modality;
    d.series = series;
    d.instance = instance;
    return d;
  }

  void write(Path file) throws IOException {
    String sopInstance = series + "." + instance;
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
    element(meta, 0x0002, 0x0002, "UI", ui(sopClass));
    element(meta, 0x0002, 0x0003, "UI", ui(sopInstance));
    element(meta, 0x0002, 0x0010, "UI", ui("1.2.840.10008.1.2.1"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[128]);
    out.write("DICM".getBytes(StandardCharsets.US_ASCII));
    element(out, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
    out.write(meta.toByteArray());
    element(out, 0x0008, 0x0016, "UI", ui(sopClass));
    element(out, 0x0008, 0x0018, "UI", ui(sopInstance));
    element(out, 0x0008, 0x0060, "CS", text(modality));
    for (String[] e : extra) {
      String[] tag = e[0].split(",");
      element(out, Integer.parseInt(tag[0], 16), Integer.parseInt(tag[1], 16), e[1], text(e[2]));
    }
    element(out, 0x0020, 0x000E, "UI", ui(series));
    element(out, 0x0020, 0x0013, "IS", text(Integer.toString(instance)));
    element(out, 0x0020, 0x0032, "DS", text(ds(position)));
    element(out, 0x0020, 0x0037, "DS", text(ds(orientation)));
    element(out, 0x0028, 0x0002, "US", us(1));
    if (frames > 1) element(out, 0x0028, 0x0008, "IS", text(Integer.toString(frames)));
    element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
    element(out, 0x0028, 0x0010, "US", us(rows));
    element(out, 0x0028, 0x0011, "US", us(columns));
    element(out, 0x0028, 0x0030, "DS", text(ds(new double[] {rowSpacing, columnSpacing})));
    element(out, 0x0028, 0x0100, "US", us(16));
    element(out, 0x0028, 0x0101, "US", us(16));
    element(out, 0x0028, 0x0102, "US", us(15));
    element(out, 0x0028, 0x0103, "US", us(signed ? 1 : 0));
    element(out, 0x0028, 0x1052, "DS", text(ds(new double[] {intercept})));
    element(out, 0x0028, 0x1053, "DS", text(ds(new double[] {slope})));
    ByteBuffer px = le(2 * rows * columns * frames);
    for (int i = 0; i < rows * columns * frames; i++) {
      px.putShort(pixels == null ? (short) i : pixels[i]);
    }
    element(out, 0x7FE0, 0x0010, "OW", px.array());
    Files.write(file, out.toByteArray());
  }

  private static void element(ByteArrayOutputStream out, int group, int elem, String vr,
      byte[] value) throws IOException {
    boolean longForm = vr.equals("OB") || vr.equals("OW");
    ByteBuffer b = le(longForm ? 12 : 8);
    b.putShort((short) group).putShort((short) elem);
    b.put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) b.putShort((short) 0).putInt(value.length);
    else b.putShort((short) value.length);
    out.write(b.array());
    out.write(value);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] us(int v) {
    return le(2).putShort((short) v).array();
  }

  private static byte[] ui(String s) {
    return pad(s, (byte) 0);
  }

  private static byte[] text(String s) {
    return pad(s, (byte) ' ');
  }

  private static byte[] pad(String s, byte with) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length % 2 == 0) return b;
    byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
    p[b.length] = with;
    return p;
  }

  private static String ds(double[] v) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) s.append('\\');
      s.append(v[i] == Math.rint(v[i]) ? Long.toString((long) v[i]) : Double.toString(v[i]));
    }
    return s.toString();
  }
}
