package sc.fiji.diffdrr.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.testutil.Reference;

class SheppLoganTest {

  @Test
  void matchesTheReferenceChecksumAt128() throws NoSuchAlgorithmException {
    Volume v = SheppLogan.create(128, 2.0);
    int n = 128;
    // The reference hashes the array in (x, y, z) C order: z fastest; ours is x fastest.
    ByteBuffer buf = ByteBuffer.allocate(n * n * n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++) buf.putFloat(v.get(i, j, k));
      }
    }
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(buf.array());
    StringBuilder hex = new StringBuilder();
    for (byte b : digest) hex.append(String.format("%02x", b));
    assertEquals("82e37a52091dc568de7fac1a39caaaa63317f123dff6e318ecb1da26c8e9ecc5", hex.toString());
  }

  @Test
  void equalsTheReferenceVolumeVoxelForVoxel() throws IOException {
    MetaImage ref = MetaImage.read(Reference.diffdrr().resolve("phantom128.mha"));
    Volume v = SheppLogan.create(128, 2.0);
    assertArrayEquals(ref.data, v.data());
    assertArrayEquals(ref.spacing, new double[] {v.grid.sx, v.grid.sy, v.grid.sz});
    assertEquals(VoxelConvention.CENTERED, v.grid.convention);
  }

  @Test
  void smallPhantomHasTheExpectedValues() {
    // At n = 1 the single voxel centre is the origin: inside ellipsoids 1 and 2 only.
    assertEquals((float) (1.0 - 0.8), SheppLogan.create(1, 1).get(0, 0, 0));
    Volume v = SheppLogan.create(9, 1);
    assertEquals(0f, v.get(0, 0, 0)); // a corner is outside everything
    assertEquals((float) (1.0 - 0.8), v.get(4, 4, 4));
  }

  @Test
  void rejectsBadArguments() {
    assertEquals("phantom size must be an integer in [1, 1290], got 0",
        assertThrows(IllegalArgumentException.class, () -> SheppLogan.create(0, 1)).getMessage());
    assertEquals("phantom spacing must be a finite number > 0 (mm), got NaN",
        assertThrows(IllegalArgumentException.class, () -> SheppLogan.create(8, Double.NaN))
            .getMessage());
  }
}
