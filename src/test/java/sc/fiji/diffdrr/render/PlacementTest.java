package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** A volume placed by its file renders what the same voxels render centred, seen alike. */
class PlacementTest {

  @ParameterizedTest
  @EnumSource(Renderer.class)
  void translatedVolumeSeenFromTranslatedViews(Renderer r) {
    VolumeGrid centred = new VolumeGrid(30, 26, 22, 3.0, 3.3, 3.5);
    double[] shift = {120.5, -40.25, 300};
    double[] o = centred.offset();
    VolumeGrid placed = centred.withPlacement(Placement.translated(
        new double[] {o[0] + shift[0], o[1] + shift[1], o[2] + shift[2]}));
    float[] x = AdjointTest.random(centred.voxelCount(), 3, 0);
    View view = new Detector(1020, 20, 18, 5, 5, 0, 0, true)
        .view(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP);
    View moved = view.transformed(new double[][] {{1, 0, 0, shift[0]}, {0, 1, 0, shift[1]},
      {0, 0, 1, shift[2]}});
    float[] a = render(centred, x, view, r);
    float[] b = render(placed, x, moved, r);
    assertClose(a, b, 1e-5);
  }

  /**
   * Axes permuted and flipped: index axis 0 along world −y, axis 1 along +x. The voxels, stored in
   * that order, are the same object as the centred volume, so the DRRs agree.
   */
  @ParameterizedTest
  @EnumSource(Renderer.class)
  void permutedAndFlippedAxes(Renderer r) {
    VolumeGrid a = new VolumeGrid(30, 26, 22, 3.0, 3.3, 3.5);
    float[] va = AdjointTest.random(a.voxelCount(), 4, 0);
    VolumeGrid bare = new VolumeGrid(26, 30, 22, 3.3, 3.0, 3.5);
    float[] vb = new float[bare.voxelCount()];
    for (int k = 0; k < 22; k++) {
      for (int j = 0; j < 30; j++) {
        for (int i = 0; i < 26; i++) vb[bare.index(i, j, k)] = va[a.index(j, 25 - i, k)];
      }
    }
    double[] off = {a.voxelCentre(0, 0), a.voxelCentre(1, 25), a.voxelCentre(2, 0)};
    VolumeGrid b = bare.withPlacement(new Placement(off,
        new double[][] {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}));
    assertArrayEquals(new double[] {a.voxelCentre(0, 7), a.voxelCentre(1, 25 - 5),
      a.voxelCentre(2, 3)}, b.worldOfVoxel(5, 7, 3), 1e-9);
    Detector d = new Detector(1020, 20, 18, 5, 5, 0, 0, true);
    for (View view : new View[] {
        d.view(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP),
        d.parallelView(Pose.eulerDegrees("ZXY", 77, -21, 33, 0, 850, 0), Orientation.AP)}) {
      assertClose(render(a, va, view, r), render(b, vb, view, r), 1e-5);
    }
  }

  static float[] render(VolumeGrid g, float[] v, View view, Renderer r) {
    float[] image = new float[view.pixelCount()];
    Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(2)).forward(v, view, image, 0);
    return image;
  }

  static void assertClose(float[] a, float[] b, double tol) {
    double max = 0;
    for (float x : a) max = Math.max(max, Math.abs(x));
    for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol * max, "pixel " + i);
  }
}
