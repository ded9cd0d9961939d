package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.Parallel;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.Projector;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Projectors;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The OpenCL projectors against the Java projectors (both renderers, both voxel conventions, the
 * reference poses, phantom128 and the head CT: max |opencl − java| ≤ 1e-4 × max), against
 * DiffDRR's own DRRs (DIFFDRR_V05: Siddon 1e-4, trilinear 1e-3 × max), the adjoint dot-product
 * test, and batching.
 */
class OpenClProjectorTest {

  private static final Map<String, Volume> VOLUMES = new HashMap<>();
  private static OpenClBackend cl;

  @BeforeAll
  static void open() {
    cl = OpenClTestDevice.backend();
  }

  @AfterAll
  static void close() {
    if (cl != null) {
      cl.close();
      assertEquals(0, cl.heldBuffers());
    }
  }

  private static View view(int pose) {
    return Reference.detector().view(Reference.pose(pose), Reference.orientation());
  }

  /** One DRR on the device. */
  private static float[] render(Volume volume, ProjectorSettings settings, View view) {
    try (ProjectionOperator op = cl.projector(volume.grid, List.of(view), settings);
        DeviceArray v = cl.upload(volume.data());
        DeviceArray img = cl.allocate(view.pixelCount())) {
      op.forward(v, new int[] {0}, img);
      float[] out = new float[view.pixelCount()];
      cl.download(img, out);
      return out;
    }
  }

  @ParameterizedTest(name = "{0} {1} {2} pose {3}")
  @CsvSource({
    "phantom128, SIDDON, CENTERED, 0", "phantom128, SIDDON, CENTERED, 1",
    "phantom128, SIDDON, CENTERED, 2", "phantom128, SIDDON, DIFFDRR_V05, 0",
    "phantom128, SIDDON, DIFFDRR_V05, 1", "phantom128, SIDDON, DIFFDRR_V05, 2",
    "phantom128, TRILINEAR, CENTERED, 0", "phantom128, TRILINEAR, CENTERED, 1",
    "phantom128, TRILINEAR, CENTERED, 2", "phantom128, TRILINEAR, DIFFDRR_V05, 0",
    "phantom128, TRILINEAR, DIFFDRR_V05, 1", "phantom128, TRILINEAR, DIFFDRR_V05, 2",
    "head-ct, SIDDON, CENTERED, 0", "head-ct, SIDDON, CENTERED, 1",
    "head-ct, SIDDON, CENTERED, 2", "head-ct, SIDDON, DIFFDRR_V05, 0",
    "head-ct, SIDDON, DIFFDRR_V05, 1", "head-ct, SIDDON, DIFFDRR_V05, 2",
    "head-ct, TRILINEAR, CENTERED, 0", "head-ct, TRILINEAR, CENTERED, 1",
    "head-ct, TRILINEAR, CENTERED, 2", "head-ct, TRILINEAR, DIFFDRR_V05, 0",
    "head-ct, TRILINEAR, DIFFDRR_V05, 1", "head-ct, TRILINEAR, DIFFDRR_V05, 2"})
  void matchesJavaAndDiffDrr(String name, Renderer renderer, VoxelConvention convention,
      int pose) throws IOException {
    Volume volume = volume(name).withConvention(convention);
    ProjectorSettings settings = ProjectorSettings.of(renderer);
    View view = view(pose);
    float[] ours = render(volume, settings, view);
    float[] java = new float[view.pixelCount()];
    Projector projector = Projectors.create(volume.grid, settings, Parallel.defaultThreads());
    projector.forward(volume.data(), view, java, 0);
    String what = name + " " + renderer + " " + convention + " pose " + pose;
    assertCloseToMax(what + " vs Java", java, ours, 1e-4);
    if (convention == VoxelConvention.DIFFDRR_V05) {
      MetaImage diffdrr = MetaImage.read(Reference.diffdrr().resolve(name)
          .resolve("drr_" + renderer.label() + "_pose" + pose + ".mha"));
      assertCloseToMax(what + " vs DiffDRR", diffdrr.data, ours,
          renderer == Renderer.SIDDON ? 1e-4 : 1e-3);
    }
  }

  /** max |actual − expected| ≤ tol × max |expected|. */
  private static void assertCloseToMax(String what, float[] expected, float[] actual,
      double tol) {
    double max = 0;
    double worst = 0;
    for (int p = 0; p < expected.length; p++) {
      max = Math.max(max, Math.abs(expected[p]));
      worst = Math.max(worst, Math.abs(actual[p] - expected[p]));
    }
    System.out.printf("%s: max error %.3g = %.2e of max %.5g%n", what, worst, worst / max, max);
    assertTrue(max > 0, what + ": empty reference");
    assertTrue(worst <= tol * max, what + ": max error " + worst + " > " + tol + " × " + max);
  }

  @ParameterizedTest(name = "{0} {1} pose {2}")
  @CsvSource({
    "SIDDON, CENTERED, 0", "SIDDON, CENTERED, 1", "SIDDON, CENTERED, 2",
    "SIDDON, DIFFDRR_V05, 0", "SIDDON, DIFFDRR_V05, 1", "SIDDON, DIFFDRR_V05, 2",
    "TRILINEAR, CENTERED, 0", "TRILINEAR, CENTERED, 1", "TRILINEAR, CENTERED, 2",
    "TRILINEAR, DIFFDRR_V05, 0", "TRILINEAR, DIFFDRR_V05, 1", "TRILINEAR, DIFFDRR_V05, 2"})
  void adjointPassesTheDotProductTest(Renderer renderer, VoxelConvention convention, int pose) {
    VolumeGrid grid = new VolumeGrid(48, 44, 40, 2.0, 2.2, 2.5, convention);
    View view = new Detector(1020, 32, 4.0).view(Reference.pose(pose), Reference.orientation());
    float[] x = random(grid.voxelCount(), 1 + pose, -1);
    float[] y = random(view.pixelCount(), 100 + pose, -1);
    float[] ax = new float[view.pixelCount()];
    float[] aty = new float[grid.voxelCount()];
    try (ProjectionOperator op = cl.projector(grid, List.of(view), ProjectorSettings.of(renderer));
        DeviceArray dx = cl.upload(x); DeviceArray dy = cl.upload(y);
        DeviceArray dax = cl.allocate(ax.length); DeviceArray daty = cl.allocate(aty.length)) {
      op.forward(dx, new int[] {0}, dax);
      op.adjoint(dy, new int[] {0}, daty);
      cl.download(dax, ax);
      cl.download(daty, aty);
    }
    double left = dot(ax, y);
    double right = dot(x, aty);
    double relative = Math.abs(left - right) / Math.abs(left);
    System.out.printf("OpenCL adjoint %s %s pose %d: <Ax,y> = %.9g, <x,ATy> = %.9g, "
        + "relative error %.2e%n", renderer, convention, pose, left, right, relative);
    long nonZero = 0;
    for (float v : ax) if (v != 0) nonZero++;
    assertTrue(nonZero > ax.length / 2, "most pixels should see the volume");
    assertTrue(relative <= 1e-5, "relative error " + relative);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"SIDDON, CENTERED", "TRILINEAR, CENTERED", "TRILINEAR, DIFFDRR_V05"})
  void batchesEqualSingleViews(Renderer renderer, VoxelConvention convention) {
    VolumeGrid grid = new VolumeGrid(30, 26, 22, 3.0, 3.0, 3.5, convention);
    Detector detector = new Detector(1020, 21, 17, 5.0, 5.0, 0, 0, true);
    List<View> views = List.of(detector.view(Reference.pose(0), Reference.orientation()),
        detector.view(Reference.pose(1), Reference.orientation()),
        detector.view(Reference.pose(2), Reference.orientation()));
    int p = detector.pixelCount();
    float[] x = random(grid.voxelCount(), 3, 0);
    int[] ids = {2, 0, 2, 1};
    try (ProjectionOperator op = cl.projector(grid, views, ProjectorSettings.of(renderer));
        DeviceArray dx = cl.upload(x); DeviceArray batch = cl.allocate(ids.length * p);
        DeviceArray single = cl.allocate(p); DeviceArray back = cl.allocate(grid.voxelCount());
        DeviceArray backSingle = cl.allocate(grid.voxelCount())) {
      op.forward(dx, ids, batch);
      float[] all = new float[ids.length * p];
      cl.download(batch, all);
      float[] one = new float[p];
      for (int k = 0; k < ids.length; k++) {
        op.forward(dx, new int[] {ids[k]}, single);
        cl.download(single, one);
        assertArrayEquals(one, Arrays.copyOfRange(all, k * p, (k + 1) * p), "slot " + k);
      }
      // the adjoint of a batch is the sum of the single-view adjoints
      op.adjoint(batch, ids, back);
      for (int k = 0; k < ids.length; k++) {
        try (DeviceArray slot = cl.upload(Arrays.copyOfRange(all, k * p, (k + 1) * p))) {
          op.adjoint(slot, new int[] {ids[k]}, backSingle);
        }
      }
      float[] b = new float[grid.voxelCount()];
      float[] s = new float[grid.voxelCount()];
      cl.download(back, b);
      cl.download(backSingle, s);
      double max = 0;
      double worst = 0;
      for (int i = 0; i < b.length; i++) {
        max = Math.max(max, Math.abs(s[i]));
        worst = Math.max(worst, Math.abs(b[i] - s[i]));
      }
      // atomic float adds land in any order: equal up to float rounding of the sums
      assertTrue(max > 0 && worst <= 1e-5 * max, "batch adjoint differs by " + worst
          + " of max " + max);
    }
  }

  @Test
  void rejectsBadArguments() {
    VolumeGrid grid = new VolumeGrid(8, 8, 8, 1, 1, 1);
    View view = new Detector(100, 4, 1.0).view(Reference.pose(0), Reference.orientation());
    try (ProjectionOperator op = cl.projector(grid, List.of(view), ProjectorSettings.siddon());
        DeviceArray v = cl.allocate(grid.voxelCount()); DeviceArray small = cl.allocate(7);
        DeviceArray img = cl.allocate(16)) {
      assertThrows("view id must be in [0, 0], got 1", () -> op.forward(v, new int[] {1}, img));
      assertThrows("images has 16 floats but 2 views of 4×4 need 32",
          () -> op.forward(v, new int[] {0, 0}, img));
      assertThrows("volume has 7 floats but the grid 8×8×8 needs 512",
          () -> op.forward(small, new int[] {0}, img));
    }
  }

  private static void assertThrows(String message, Runnable r) {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(message, e.getMessage());
  }

  static float[] random(int n, long seed, float lo) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (1 - lo) * r.nextFloat();
    return a;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * (double) b[i];
    return s;
  }

  static synchronized Volume volume(String name) throws IOException {
    Volume v = VOLUMES.get(name);
    if (v != null) return v;
    Path file = name.equals("phantom128") ? Reference.diffdrr().resolve("phantom128.mha")
        : Reference.headCt().resolve("head-ct.mha");
    MetaImage m = MetaImage.read(file);
    VolumeGrid grid = new VolumeGrid(m.dims[0], m.dims[1], m.dims[2], m.spacing[0], m.spacing[1],
        m.spacing[2], VoxelConvention.DIFFDRR_V05);
    v = new Volume(grid, m.data);
    if (name.equals("head-ct")) v = HuConversion.DIFFDRR.apply(v);
    VOLUMES.put(name, v);
    return v;
  }
}
