package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Geometry at the edges: misses, a detector or source inside the volume, flat volumes, zeros. */
class EdgeCaseTest {

  static float[] ones(VolumeGrid g) {
    float[] v = new float[g.voxelCount()];
    Arrays.fill(v, 1f);
    return v;
  }

  /** World box of the whole volume. */
  static double[][] volumeBox(VolumeGrid g) {
    double[] lo = new double[3];
    double[] hi = new double[3];
    for (int a = 0; a < 3; a++) {
      lo[a] = g.voxelCentre(a, 0) - g.spacing(a) / 2;
      hi[a] = g.voxelCentre(a, g.size(a) - 1) + g.spacing(a) / 2;
    }
    return new double[][] {lo, hi};
  }

  static float[] render(Renderer r, VolumeGrid g, float[] volume, View view) {
    float[] image = new float[view.pixelCount()];
    Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(2)).forward(volume, view, image,
        0);
    for (float v : image) assertTrue(Float.isFinite(v), r + ": non-finite pixel");
    return image;
  }

  /** Siddon equals the chord through the volume box for every pixel; both renderers finite. */
  static void assertSiddonChords(VolumeGrid g, View view) {
    float[] image = render(Renderer.SIDDON, g, ones(g), view);
    double[][] box = volumeBox(g);
    double[] s = view.source();
    for (int i = 0; i < view.height; i++) {
      for (int j = 0; j < view.width; j++) {
        double chord = AnalyticTest.boxChord(s, view.pixelCentre(i, j), box[0], box[1]);
        assertEquals(chord, image[i * view.width + j], 1e-5 * chord + 1e-6,
            g + ", pixel " + i + "," + j);
      }
    }
    render(Renderer.TRILINEAR, g, ones(g), view);
  }

  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void aDetectorThatSeesNoVolumeGivesZerosAndAddsNothing(VoxelConvention c) {
    VolumeGrid g = new VolumeGrid(20, 24, 16, 2, 2, 2, c);
    // The source 300 mm to the side, looking away from the volume; and a detector beside it.
    View[] views = {
      new Detector(1020, 8, 6, 2.0, 2.0, 0, 0, true).view(
          Pose.eulerDegrees("ZXY", 180, 0, 0, 300, 850, 0), Orientation.AP),
      new Detector(1020, 8, 6, 2.0, 2.0, 400, 0, true).view(tutorialPose(), Orientation.AP)};
    for (View view : views) {
      for (Renderer r : Renderer.values()) {
        float[] image = render(r, g, ones(g), view);
        for (float v : image) assertEquals(0f, v, r + " " + c);
        float[] volume = new float[g.voxelCount()];
        float[] y = new float[view.pixelCount()];
        Arrays.fill(y, 1f);
        Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(2)).adjoint(y, 0, view,
            volume);
        for (float v : volume) assertEquals(0f, v, r + " " + c + " adjoint");
      }
    }
  }

  /** Some rays of a view hit, some miss: misses are exactly 0 and hits are chords. */
  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void raysThatMissGiveZero(VoxelConvention c) {
    VolumeGrid g = new VolumeGrid(20, 24, 16, 2, 2, 2, c);
    View view = new Detector(1020, 30, 30, 2.0, 2.0, 0, 0, true).view(tutorialPose(),
        Orientation.AP);
    assertSiddonChords(g, view);
    float[] tri = render(Renderer.TRILINEAR, g, ones(g), view);
    assertEquals(0f, tri[0], "corner ray misses");
    assertTrue(tri[15 * 30 + 15] > 0, "central ray hits");
  }

  /** The detector plane cuts through the volume, and in another view the source is inside it. */
  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void detectorOrSourceInsideTheVolume(VoxelConvention c) {
    VolumeGrid g = new VolumeGrid(30, 30, 30, 2, 2, 2, c);
    // Source at y = 200, detector plane at y = 200 − 190 = 10 (inside: the volume spans ±30).
    View detectorInside = new Detector(190, 9, 9, 1.5, 1.5, 0.3, -0.2, true).view(
        Pose.eulerDegrees("ZXY", 3, -2, 1, 0, 200, 0), Orientation.AP);
    // Source at y = 12 inside the volume, detector at y = −500.
    View sourceInside = new Detector(512, 9, 9, 3, 3, 0.3, -0.2, true).view(
        Pose.eulerDegrees("ZXY", 3, -2, 1, 0, 12, 0), Orientation.AP);
    assertSiddonChords(g, detectorInside);
    assertSiddonChords(g, sourceInside);
    if (c == VoxelConvention.CENTERED) {
      // Trilinear, uniform volume, rays crossing one face: the face's ramp integrates to the
      // chord, up to the midpoint rule at the ramp's inner kink, ≤ s²/32 mm for step s/2.
      for (View view : new View[] {detectorInside, sourceInside}) {
        float[] tri = render(Renderer.TRILINEAR, g, ones(g), view);
        double[][] box = volumeBox(g);
        for (int p = 0; p < view.pixelCount(); p++) {
          double[] px = view.pixelCentre(p / view.width, p % view.width);
          double chord = AnalyticTest.boxChord(view.source(), px, box[0], box[1]);
          assertEquals(chord, tri[p], 2.0 * 2.0 / 32 + 1e-6, "trilinear pixel " + p);
        }
      }
    }
  }

  /** A volume one voxel thick along an axis, crossed along that axis and lying in a ray fan. */
  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void oneVoxelThickVolumes(VoxelConvention c) {
    View ap = new Detector(1020, 11, 13, 1.0, 1.0, 0, 0, true).view(tutorialPose(),
        Orientation.AP);
    VolumeGrid thinAlongRays = new VolumeGrid(20, 1, 16, 2, 3, 2.5, c);
    VolumeGrid thinAcross = new VolumeGrid(20, 16, 1, 2, 2, 2.5, c);
    assertSiddonChords(thinAlongRays, ap);
    assertSiddonChords(thinAcross, ap);
    // Central ray (exactly along −y): the hat of the single voxel integrates to its thickness.
    float[] tri = render(Renderer.TRILINEAR, thinAlongRays, ones(thinAlongRays), ap);
    if (c == VoxelConvention.CENTERED) assertEquals(3.0, tri[5 * 13 + 6], 1e-6);
    float[] sid = render(Renderer.SIDDON, thinAlongRays, ones(thinAlongRays), ap);
    assertEquals(3.0, sid[5 * 13 + 6], 1e-6);
  }

  /**
   * Rays with direction components exactly 0, one of them running exactly on a voxel face
   * (CENTERED, even size: world 0 is box n/2). Siddon puts a ray on a face into the voxel above
   * it (voxel i is [i, i+1)); trilinear averages the two.
   */
  @Test
  void axisAlignedRaysAndRaysOnVoxelFaces() {
    VolumeGrid g = new VolumeGrid(20, 24, 16, 2, 2, 2, VoxelConvention.CENTERED);
    float[] volume = new float[g.voxelCount()];
    for (int i = 0; i < volume.length; i++) volume[i] = i % g.nx; // value = x index
    // 3×3 pixels 2 mm apart around (0, −170, 0): rays from (0, 850, 0), three with d_x = 0.
    View view = new View(new double[] {0, 850, 0}, new double[] {2, -170, 2},
        new double[] {-2, 0, 0}, new double[] {0, 0, -2}, 3, 3);
    float[] sid = render(Renderer.SIDDON, g, volume, view);
    float[] tri = render(Renderer.TRILINEAR, g, volume, view);
    double length = 24 * 2.0;
    assertEquals(10 * length, sid[4], 1e-4, "central ray on the face x = box 10: voxel 10");
    assertEquals(9.5 * length, tri[4], 1e-4, "trilinear on the face: mean of voxels 9 and 10");
    // Column 1 rays (d_x = 0, d_z = ±2): still in the x = 10 column.
    assertEquals(sid[4], sid[1], 1e-3 * sid[4]);
    assertEquals(sid[4], sid[7], 1e-3 * sid[4]);
    // A uniform volume: the axis-aligned ray gives exactly the volume's depth.
    float[] uniform = render(Renderer.SIDDON, g, ones(g), view);
    assertEquals(length, uniform[4], 1e-9);
  }

  /**
   * The adjoint of views whose rays hit, miss, or run exactly parallel to an axis outside the
   * volume (column 4: d_x = 0 at x = 25) passes the dot-product test.
   */
  @ParameterizedTest
  @EnumSource(VoxelConvention.class)
  void adjointOfAxisParallelMisses(VoxelConvention c) {
    VolumeGrid g = new VolumeGrid(20, 24, 16, 2, 2, 2, c);
    View view = new View(new double[] {25, 100, 0}, new double[] {-95, -100, 40},
        new double[] {30, 0, 0}, new double[] {0, 0, -20}, 5, 5);
    for (Renderer r : Renderer.values()) {
      Projector a = Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(1));
      float[] x = AdjointTest.random(g.voxelCount(), 3, 0);
      float[] y = AdjointTest.random(view.pixelCount(), 4, 0);
      float[] ax = new float[view.pixelCount()];
      a.forward(x, view, ax, 0);
      float[] aty = new float[g.voxelCount()];
      a.adjoint(y, 0, view, aty);
      assertTrue(AdjointTest.countNonZero(ax) >= 8, r + ": too few rays cross the volume");
      for (int row = 0; row < 5; row++) {
        assertEquals(0f, ax[row * 5 + 4], r + ": column 4 runs beside the volume");
      }
      double left = AdjointTest.dot(ax, y);
      double right = AdjointTest.dot(x, aty);
      assertEquals(left, right, 1e-5 * Math.abs(left), r + " " + c);
    }
  }

  @Test
  void badArgumentsAreRejectedWithOneLine() {
    VolumeGrid g = new VolumeGrid(8, 8, 8, 1, 1, 1);
    View view = new Detector(1020, 4, 2.0).view(tutorialPose(), Orientation.AP);
    Projector p = Projectors.create(g, ProjectorSettings.siddon(), Parallel.threads(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.forward(new float[7], view, new float[16], 0));
    assertTrue(e.getMessage().startsWith("volume must hold 512 voxels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> p.forward(new float[512], view, new float[16], 1));
    assertTrue(e.getMessage().startsWith("image must hold 16 pixels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> p.adjoint(new float[16], -1, view, new float[512]));
    assertTrue(e.getMessage().startsWith("image must hold 16 pixels"), e.getMessage());
  }

  /** The tutorial pose: source at (0, 850, 0), rays along −y. */
  static Pose tutorialPose() {
    return Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
  }
}
