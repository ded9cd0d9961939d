package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Aᵀ is the adjoint of A (dot-product test), and both are deterministic. */
class AdjointTest {

  /** 48³ voxels of 2 mm, seen whole by a 32×32 detector of 4 mm pixels at the reference poses. */
  static VolumeGrid grid(VoxelConvention c) {
    return new VolumeGrid(48, 44, 40, 2.0, 2.2, 2.5, c);
  }

  static View view(int pose) {
    return new Detector(1020, 32, 4.0).view(Reference.pose(pose), Reference.orientation());
  }

  static float[] random(int n, long seed, float lo) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (1 - lo) * r.nextFloat();
    return a;
  }

  @ParameterizedTest(name = "{0} {1} pose {2}")
  @CsvSource({
    "SIDDON, CENTERED, 0", "SIDDON, CENTERED, 1", "SIDDON, CENTERED, 2",
    "SIDDON, DIFFDRR_V05, 0", "SIDDON, DIFFDRR_V05, 1", "SIDDON, DIFFDRR_V05, 2",
    "TRILINEAR, CENTERED, 0", "TRILINEAR, CENTERED, 1", "TRILINEAR, CENTERED, 2",
    "TRILINEAR, DIFFDRR_V05, 0", "TRILINEAR, DIFFDRR_V05, 1", "TRILINEAR, DIFFDRR_V05, 2"})
  void dotProductTest(Renderer renderer, VoxelConvention convention, int pose) {
    VolumeGrid grid = grid(convention);
    Projector a = Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(2));
    View view = view(pose);
    float[] x = random(grid.voxelCount(), 1 + pose, -1);
    float[] y = random(view.pixelCount(), 100 + pose, -1);
    float[] ax = new float[view.pixelCount()];
    a.forward(x, view, ax, 0);
    float[] aty = new float[grid.voxelCount()];
    a.adjoint(y, 0, view, aty);
    double left = dot(ax, y);
    double right = dot(x, aty);
    double relative = Math.abs(left - right) / Math.abs(left);
    System.out.printf("adjoint %s %s pose %d: <Ax,y> = %.9g, <x,ATy> = %.9g, relative error %.2e%n",
        renderer, convention, pose, left, right, relative);
    assertTrue(countNonZero(ax) > view.pixelCount() / 2, "most pixels should see the volume");
    assertTrue(relative <= 1e-5, "relative error " + relative);
  }

  /** A detector twice as wide as the volume's shadow: rays that miss lie between rays that hit. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"SIDDON, CENTERED", "SIDDON, DIFFDRR_V05", "TRILINEAR, CENTERED",
    "TRILINEAR, DIFFDRR_V05"})
  void dotProductTestWithRaysThatMiss(Renderer renderer, VoxelConvention convention) {
    VolumeGrid grid = grid(convention);
    for (int pose = 0; pose < 3; pose++) {
      View view = new Detector(1020, 24, 10.0).view(Reference.pose(pose), Reference.orientation());
      Projector a = Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(2));
      float[] x = random(grid.voxelCount(), 21 + pose, -1);
      float[] y = random(view.pixelCount(), 31 + pose, -1);
      float[] ax = new float[view.pixelCount()];
      a.forward(x, view, ax, 0);
      float[] aty = new float[grid.voxelCount()];
      a.adjoint(y, 0, view, aty);
      int hits = countNonZero(ax);
      assertTrue(hits > 50 && hits < view.pixelCount() / 2, hits + " rays hit");
      double left = dot(ax, y);
      double right = dot(x, aty);
      double relative = Math.abs(left - right) / Math.abs(left);
      assertTrue(relative <= 1e-5, "pose " + pose + ": relative error " + relative);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"SIDDON, CENTERED", "SIDDON, DIFFDRR_V05", "TRILINEAR, CENTERED",
    "TRILINEAR, DIFFDRR_V05"})
  void forwardIsTheSameForAnyThreadCount(Renderer renderer, VoxelConvention convention) {
    VolumeGrid grid = grid(convention);
    float[] x = random(grid.voxelCount(), 7, 0);
    for (int pose = 0; pose < 3; pose++) {
      View view = view(pose);
      float[] one = new float[view.pixelCount()];
      Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(1))
          .forward(x, view, one, 0);
      for (int threads : new int[] {2, 3}) {
        float[] many = new float[view.pixelCount()];
        Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(threads))
            .forward(x, view, many, 0);
        assertArrayEquals(one, many, "pose " + pose + ", " + threads + " threads");
      }
    }
  }

  /** Slabs hand each voxel its contributions in pixel order, whatever the thread count. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"SIDDON, CENTERED", "SIDDON, DIFFDRR_V05", "TRILINEAR, CENTERED",
    "TRILINEAR, DIFFDRR_V05"})
  void adjointIsTheSameOnEveryRunAndForAnyThreadCount(Renderer renderer,
      VoxelConvention convention) {
    VolumeGrid grid = grid(convention);
    for (int pose = 0; pose < 3; pose++) {
      View view = view(pose);
      float[] y = random(view.pixelCount(), 11 + pose, -1);
      float[] one = new float[grid.voxelCount()];
      Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(1))
          .adjoint(y, 0, view, one);
      assertTrue(countNonZero(one) > 0);
      for (int threads : new int[] {3, 3, 2}) {
        float[] many = new float[grid.voxelCount()];
        Projectors.create(grid, ProjectorSettings.of(renderer), Parallel.threads(threads))
            .adjoint(y, 0, view, many);
        assertArrayEquals(one, many, "pose " + pose + ", " + threads + " threads");
      }
    }
  }

  @Test
  void adjointAccumulatesAndHonoursTheImageOffset() {
    VolumeGrid grid = grid(VoxelConvention.CENTERED);
    View view = view(2);
    int pixels = view.pixelCount();
    float[] y = random(pixels, 5, -1);
    float[] stack = new float[3 * pixels];
    System.arraycopy(y, 0, stack, pixels, pixels);
    for (Renderer r : Renderer.values()) {
      Projector a = Projectors.create(grid, ProjectorSettings.of(r), Parallel.threads(2));
      float[] fromZero = new float[grid.voxelCount()];
      a.adjoint(y, 0, view, fromZero);
      float[] start = random(grid.voxelCount(), 6, 0);
      float[] accumulated = start.clone();
      a.adjoint(stack, pixels, view, accumulated);
      for (int i = 0; i < start.length; i++) {
        assertEquals(start[i] + fromZero[i], accumulated[i], 1e-5f * (1 + Math.abs(fromZero[i])),
            r + " voxel " + i);
      }
      float[] image = new float[3 * pixels];
      image[0] = 42;
      a.forward(start, view, image, pixels);
      assertEquals(42, image[0], r + " wrote before its slot");
      float[] alone = new float[pixels];
      a.forward(start, view, alone, 0);
      for (int p = 0; p < pixels; p++) assertEquals(alone[p], image[pixels + p]);
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  static int countNonZero(float[] a) {
    int n = 0;
    for (float v : a) {
      if (v != 0) n++;
    }
    return n;
  }
}
