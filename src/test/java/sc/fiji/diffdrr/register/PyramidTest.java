package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Coarse copies of a volume: block means, and a placed grid's blocks stay where they were. */
class PyramidTest {

  @Test
  void aPlacedVolumesCoarseCopyIsPlacedWhereItsBlocksAre() {
    double c = Math.cos(0.3), s = Math.sin(0.3);
    Placement p = new Placement(new double[] {-40, 17, 5},
        new double[][] {{c, 0, s}, {0, -1, 0}, {s, 0, -c}});
    VolumeGrid g = new VolumeGrid(9, 8, 7, 1.0, 1.5, 2.0, VoxelConvention.CENTERED).withPlacement(p);
    float[] data = new float[g.voxelCount()];
    for (int i = 0; i < data.length; i++) data[i] = i % 13;
    Volume coarse = Pyramid.volume(new Volume(g, data), 2);
    VolumeGrid cg = coarse.grid;
    assertEquals(4, cg.nx);
    assertEquals(4, cg.ny);
    assertEquals(3, cg.nz);
    // 9 = 2·4 + 1, 7 = 2·3 + 1: blocks start at fine index 0 along x, z and 0 along y
    for (int[] ijk : new int[][] {{0, 0, 0}, {3, 2, 1}, {1, 3, 2}}) {
      int i = ijk[0], j = ijk[1], k = ijk[2];
      double[] want = g.worldOfVoxel(2 * i + 0.5, 2 * j + 0.5, 2 * k + 0.5);
      assertArrayEquals(want, cg.worldOfVoxel(i, j, k), 1e-9);
      double mean = 0;
      for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
          for (int d = 0; d < 2; d++) mean += data[g.index(2 * i + a, 2 * j + b, 2 * k + d)];
        }
      }
      assertEquals(mean / 8, coarse.get(i, j, k), 1e-5);
    }
  }

  @Test
  void aCentredVolumeStaysCentred() {
    VolumeGrid g = new VolumeGrid(8, 8, 8, 1.0, 1.0, 1.0, VoxelConvention.CENTERED);
    assertNull(Pyramid.volume(new Volume(g, new float[g.voxelCount()]), 2).grid.placement);
  }
}
