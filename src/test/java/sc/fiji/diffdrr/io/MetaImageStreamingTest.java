package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MetaImage's data are streamed into the float array (no copy of the file's bytes), and its
 * header alone tells how many values it holds.
 */
class MetaImageStreamingTest {

  @TempDir
  Path tmp;

  @Test
  void readingAllocatesLittleMoreThanTheResult() throws IOException {
    int[] dims = {256, 256, 128}; // 32 MiB of floats
    float[] data = new float[dims[0] * dims[1] * dims[2]];
    for (int i = 0; i < data.length; i++) data[i] = (i % 1013) * 0.5f - 7;
    for (boolean compress : new boolean[] {false, true}) {
      Path f = tmp.resolve(compress ? "c.mha" : "r.mha");
      MetaImage.write(f, dims, new double[] {1, 1, 1}, new double[3], data, compress);
      long before = allocated();
      MetaImage m = MetaImage.read(f);
      long bytes = allocated() - before;
      assertArrayEquals(data, m.data);
      // the result (32 MiB) plus a 4 MiB chunk and change; the old reader took 3× the result
      assertTrue(bytes < 4L * data.length + (6 << 20), (compress ? "compressed: " : "raw: ")
          + (bytes >> 20) + " MiB allocated to read 32 MiB");
    }
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void theHeaderAloneGivesTheSizeOfAHugeSparseFile() throws IOException {
    Path f = tmp.resolve("huge.mha");
    byte[] header = ("NDims = 3\nDimSize = 1200 1200 1200\nElementType = MET_UCHAR\n"
        + "ElementDataFile = LOCAL\n").getBytes(StandardCharsets.US_ASCII);
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.write(header);
      r.setLength(header.length + 1200L * 1200 * 1200); // sparse: nothing written
    }
    assertEquals(1200L * 1200 * 1200, FileHeaders.values(f));
    assertEquals(1200, VolumeFiles.grid(f).nz);
  }

  @Test
  void aTruncatedFileIsToldFromItsHeaderAndACompressedOneWhileReading() throws IOException {
    Path raw = tmp.resolve("short.mha");
    byte[] header = "NDims = 3\nDimSize = 8 8 8\nElementType = MET_SHORT\nElementDataFile = LOCAL\n"
        .getBytes(StandardCharsets.US_ASCII);
    Files.write(raw, Arrays.copyOf(header, header.length + 1000));
    String m = assertThrows(IOException.class, () -> MetaImage.Header.read(raw)).getMessage();
    assertTrue(m.contains("truncated: expected 1024 bytes for 8 8 8 MET_SHORT, found 1000"), m);

    Path c = tmp.resolve("c.mha");
    MetaImage.write(c, new int[] {16, 16, 16}, new double[] {1, 1, 1}, new double[3],
        new float[4096], true);
    byte[] bytes = Files.readAllBytes(c);
    Files.write(c, Arrays.copyOf(bytes, bytes.length - 10));
    m = assertThrows(IOException.class, () -> MetaImage.read(c)).getMessage();
    assertTrue(m.contains("truncated: expected 16384 bytes"), m);
  }
}
