package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @TempDir
  Path tmp;

  @Test
  void writtenFileHasTheUsualPermissions() throws IOException {
    Path f = tmp.resolve("a.bin");
    AtomicFile.write(f, out -> out.write(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Path plain = Files.write(tmp.resolve("plain.bin"), new byte[] {1});
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }
  }

  @Test
  void aFailedWriteLeavesNeitherTheFileNorATemporary() throws IOException {
    Path f = tmp.resolve("b.bin");
    assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
      out.write(new byte[100]);
      throw new IOException("disk full");
    }));
    try (Stream<Path> s = Files.list(tmp)) {
      assertFalse(s.findAny().isPresent(), "nothing left in the folder");
    }
  }
}
