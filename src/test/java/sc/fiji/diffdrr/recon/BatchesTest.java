package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BatchesTest {

  @Test
  void everyEpochVisitsEveryViewOnce() {
    Reconstructor.Batches b = new Reconstructor.Batches(10, 4, 42);
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] seen = new int[10];
      int[] sizes = new int[3];
      for (int k = 0; k < 3; k++) {
        int[] ids = b.next();
        sizes[k] = ids.length;
        for (int id : ids) seen[id]++;
      }
      assertArrayEquals(new int[] {4, 4, 2}, sizes);
      int[] ones = new int[10];
      Arrays.fill(ones, 1);
      assertArrayEquals(ones, seen);
    }
  }

  @Test
  void theSeedFixesTheOrder() {
    int[] a = new Reconstructor.Batches(20, 5, 7).next();
    assertArrayEquals(a, new Reconstructor.Batches(20, 5, 7).next());
    assertNotEquals(Arrays.toString(a), Arrays.toString(new Reconstructor.Batches(20, 5, 8).next()));
  }

  @Test
  void fullBatchIsAllViewsInOrder() {
    assertArrayEquals(new int[] {0, 1, 2}, new Reconstructor.Batches(3, 0 + 3, 1).next());
    assertEquals(3, new Reconstructor.Batches(3, 5, 1).next().length);
  }
}
