package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.testutil.Reference;

class MetaImageTest {

  @TempDir
  Path tmp;

  @Test
  void readsTheCompressedHeadCt() throws IOException {
    MetaImage m = MetaImage.read(Reference.headCt().resolve("head-ct.mha"));
    assertArrayEquals(new int[] {256, 256, 108}, m.dims);
    assertArrayEquals(new double[] {0.9570312, 0.9570312, 1.5}, m.spacing, 1e-9);
    float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
    for (float v : m.data) { min = Math.min(min, v); max = Math.max(max, v); }
    assertTrue(min >= -1025 && min <= -1000, "min HU " + min);
    assertTrue(max > 2000 && max < 4000, "max HU " + max);
  }

  @Test
  void readsAReferenceDrr() throws IOException {
    MetaImage m = MetaImage.read(Reference.diffdrr().resolve("phantom128/drr_siddon_pose0.mha"));
    assertArrayEquals(new int[] {200, 200}, m.dims);
    double sum = 0;
    for (float v : m.data) sum += v;
    assertEquals(490913.63, sum, 0.5);
  }

  @Test
  void roundTripsRawAndCompressed() throws IOException {
    float[] data = new float[4 * 3 * 2];
    for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 3;
    for (boolean compress : new boolean[] {false, true}) {
      Path f = tmp.resolve("v" + compress + ".mha");
      MetaImage.write(f, new int[] {4, 3, 2}, new double[] {1, 2, 3}, new double[] {-1, 0, 1}, data, compress);
      MetaImage m = MetaImage.read(f);
      assertArrayEquals(data, m.data);
      assertArrayEquals(new double[] {1, 2, 3}, m.spacing);
      assertArrayEquals(new double[] {-1, 0, 1}, m.offset);
    }
    try (var s = Files.list(tmp)) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".part")), "temporary file left behind");
    }
  }

  @Test
  void readsSeparateDataFileAndOtherTypes() throws IOException {
    Files.write(tmp.resolve("v.raw"), new byte[] {0, 1, 0, 2, (byte) 0xff, (byte) 0xff});
    Files.write(tmp.resolve("v.mhd"), String.join("\n", "ObjectType = Image", "NDims = 3",
        "BinaryDataByteOrderMSB = True", "DimSize = 3 1 1", "ElementSpacing = 1 1 1",
        "ElementType = MET_SHORT", "ElementDataFile = v.raw", "").getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(new float[] {1, 2, -1}, MetaImage.read(tmp.resolve("v.mhd")).data);
  }

  @Test
  void errorsNameTheProblem() throws IOException {
    Path missing = tmp.resolve("nope.mha");
    assertTrue(assertThrows(IOException.class, () -> MetaImage.read(missing)).getMessage()
        .contains("file not found: " + missing));

    Path bad = tmp.resolve("bad.mha");
    Files.write(bad, "NDims = 3\nDimSize = 4 x 2\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n"
        .getBytes(StandardCharsets.US_ASCII));
    assertTrue(assertThrows(IOException.class, () -> MetaImage.read(bad)).getMessage()
        .contains("DimSize must have 3 integer(s), got '4 x 2'"));

    Path truncated = tmp.resolve("short.mha");
    byte[] header = "NDims = 3\nDimSize = 4 4 4\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] file = Arrays.copyOf(header, header.length + 100);
    Files.write(truncated, file);
    String msg = assertThrows(IOException.class, () -> MetaImage.read(truncated)).getMessage();
    assertTrue(msg.contains("truncated: expected 256 bytes") && msg.contains("found 100"), msg);
  }
}
