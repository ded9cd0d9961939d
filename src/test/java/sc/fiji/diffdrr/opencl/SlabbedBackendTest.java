package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.recon.Algorithm;
import sc.fiji.diffdrr.recon.Algorithms;
import sc.fiji.diffdrr.recon.IterativeSettings;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * A volume streamed through the device in z-slabs gives what the whole volume on the device gives
 * (max |split − whole| ≤ 1e-5 × max |whole|): DRRs, adjoints, reconstructions and FDK, on a
 * 48×40×37 grid cut into slabs of 10 planes (the last of 7) and projections in batches of 2
 * views, with cone rays crossing the slab planes obliquely; and no device buffer is left after a
 * split run, a failing one or a cancelled one.
 */
class SlabbedBackendTest {

  private static final int PLANES = 10;
  private static OpenClBackend cl;
  private static int scratch;
  private SlabbedBackend split;

  @BeforeAll
  static void open() {
    cl = OpenClTestDevice.backend();
    scratch = cl.heldBuffers();
  }

  @AfterAll
  static void close() {
    if (cl != null) {
      cl.close();
      assertEquals(0, cl.heldBuffers());
    }
  }

  /** A slab of 10 planes of the grid, projections 2 views of 32² at a time. */
  private static SlabbedBackend split(VolumeGrid grid) {
    return new SlabbedBackend(cl, 4L * PLANES * grid.nx * grid.ny, 4L * 2 * 32 * 32);
  }

  @AfterEach
  void noBuffersLeft() {
    if (split != null) split.close();
    // the losses of the whole-volume runs may have made the backend's loss scratch (2 buffers)
    assertTrue(cl.heldBuffers() <= scratch + 2, "held " + cl.heldBuffers() + ": "
        + cl.memory().liveNames());
  }

  private static VolumeGrid grid(VoxelConvention convention) {
    return new VolumeGrid(48, 40, 37, 2.0, 2.2, 2.5, convention);
  }

  /** Five cone views, three of them oblique to the z planes, one looking along z. */
  private static List<View> views() {
    Detector d = new Detector(1020, 32, 4.0);
    List<View> views = new ArrayList<>();
    for (int k = 0; k < 3; k++) views.add(d.view(Reference.pose(k), Orientation.AP));
    views.add(d.view(Pose.eulerDegrees("ZXY", 0, 90, 0, 0, 850, 0), Orientation.AP));
    views.add(d.view(Pose.eulerDegrees("ZXY", 20, 50, -35, 5, 850, 10), Orientation.AP));
    return views;
  }

  static float[] random(int n, long seed) {
    return OpenClProjectorTest.random(n, seed, 0);
  }

  private static int[] ids(int n) {
    return DrrRenderer.allViews(n);
  }

  private static float[] forward(Backend b, VolumeGrid grid, List<View> views,
      ProjectorSettings s, float[] volume) {
    float[] out = new float[views.size() * views.get(0).pixelCount()];
    try (ProjectionOperator op = b.projector(grid, views, s); DeviceArray v = b.upload(volume);
        DeviceArray img = b.allocate(out.length)) {
      op.forward(v, ids(views.size()), img);
      b.download(img, out);
    }
    return out;
  }

  /** start + Aᵀ images: the adjoint accumulates. */
  private static float[] adjoint(Backend b, VolumeGrid grid, List<View> views,
      ProjectorSettings s, float[] images, float[] start) {
    float[] out = new float[grid.voxelCount()];
    try (ProjectionOperator op = b.projector(grid, views, s); DeviceArray v = b.upload(start);
        DeviceArray img = b.upload(images)) {
      op.adjoint(img, ids(views.size()), v);
      b.download(v, out);
    }
    return out;
  }

  /** max |actual − expected| / max |expected|, printed. */
  static double relative(String what, float[] expected, float[] actual) {
    double max = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    System.out.printf("%s: max |split − whole| %.3g of max %.4g (%.2e)%n", what, worst, max,
        worst / max);
    assertTrue(max > 0, what + ": nothing to compare");
    return worst / max;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"SIDDON, CENTERED", "SIDDON, DIFFDRR_V05", "TRILINEAR, CENTERED",
    "TRILINEAR, DIFFDRR_V05"})
  void drrsAndAdjointsEqualTheWholeVolumes(Renderer renderer, VoxelConvention convention) {
    VolumeGrid grid = grid(convention);
    split = split(grid);
    assertEquals(PLANES, split.planes(grid));
    List<View> views = views();
    ProjectorSettings s = ProjectorSettings.of(renderer);
    float[] x = random(grid.voxelCount(), 7);
    float[] whole = forward(cl, grid, views, s, x);
    List<Integer> slabs = new ArrayList<>();
    split.slabDone = slabs::add;
    float[] ours = forward(split, grid, views, s, x);
    // 5 views in batches of 2, 2 and 1; each batch through the slabs from planes 0, 10, 20, 30
    assertEquals(List.of(0, 10, 20, 30, 0, 10, 20, 30, 0, 10, 20, 30), slabs);
    String what = renderer + " " + convention;
    assertTrue(relative(what + " DRRs", whole, ours) <= 1e-5);
    // every view sees the volume, and rays cross slab planes: the z-sum of a view looking along
    // z spans several slabs
    for (int k = 0; k < views.size(); k++) {
      double sum = 0;
      for (int p = 0; p < 32 * 32; p++) sum += whole[k * 32 * 32 + p];
      assertTrue(sum > 0, "view " + k + " sees nothing");
    }
    float[] y = random(whole.length, 11);
    float[] start = random(grid.voxelCount(), 13);
    float[] wholeT = adjoint(cl, grid, views, s, y, start);
    float[] oursT = adjoint(split, grid, views, s, y, start);
    assertTrue(relative(what + " adjoint", wholeT, oursT) <= 1e-5);
    float[] diff = new float[start.length];
    for (int i = 0; i < diff.length; i++) diff[i] = wholeT[i] - start[i];
    float[] oursDiff = new float[start.length];
    for (int i = 0; i < diff.length; i++) oursDiff[i] = oursT[i] - start[i];
    assertTrue(relative(what + " adjoint increment", diff, oursDiff) <= 1e-5);
  }

  /** A Shepp–Logan problem on the test grid from a circular orbit of 12 views (FDK's too). */
  private static ReconstructionProblem problem(Renderer renderer) {
    VolumeGrid grid = grid(VoxelConvention.CENTERED);
    float[] cube = SheppLogan.create(48, 2.0).data();
    float[] data = new float[grid.voxelCount()];
    for (int z = 0; z < grid.nz; z++) {
      for (int y = 0; y < grid.ny; y++) {
        System.arraycopy(cube, 48 * ((y + 4) + 48 * (z + 5)), data, grid.nx * (y + grid.ny * z),
            grid.nx);
      }
    }
    Volume phantom = new Volume(grid, data);
    Detector d = new Detector(1020, 32, 4.0);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(12, 360, 0, 850)) views.add(d.view(p, Orientation.AP));
    ProjectorSettings s = ProjectorSettings.of(renderer);
    return new ReconstructionProblem(grid, views, DrrRenderer.render(cl, phantom, views, s), s);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SIDDON", "TRILINEAR"})
  void twentyIterationsOfGradientDescentEqualTheWholeVolumes(Renderer renderer) {
    ReconstructionProblem problem = problem(renderer);
    split = split(problem.grid);
    ReconstructionSettings s = new ReconstructionSettings().iterations(20).learningRate(1e-2)
        .batchViews(5).tvWeight(0.1).nonNegative(true);
    ReconstructionResult whole = new Reconstructor(cl).run(problem, s, ProgressListener.NONE);
    ReconstructionResult ours = new Reconstructor(split).run(problem, s, ProgressListener.NONE);
    assertEquals(20, ours.iterationsDone);
    for (int i = 0; i < 20; i++) {
      double rel = Math.abs(ours.losses[i] - whole.losses[i]) / Math.abs(whole.losses[i]);
      assertTrue(rel <= 1e-5, "iteration " + (i + 1) + ": loss " + ours.losses[i] + " vs "
          + whole.losses[i]);
    }
    assertTrue(relative(renderer + " GD (Adam, TV)", whole.volume.data(), ours.volume.data())
        <= 1e-5);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"FDK", "CGLS", "SIRT"})
  void classicReconstructionsEqualTheWholeVolumes(Algorithm algorithm) {
    ReconstructionProblem problem = problem(Renderer.SIDDON);
    split = split(problem.grid);
    IterativeSettings s = new IterativeSettings().iterations(10);
    ReconstructionSettings gd = new ReconstructionSettings();
    ReconstructionResult whole = Algorithms.run(cl, problem, algorithm, s, gd,
        ProgressListener.NONE);
    ReconstructionResult ours = Algorithms.run(split, problem, algorithm, s, gd,
        ProgressListener.NONE);
    assertTrue(relative(algorithm.label(), whole.volume.data(), ours.volume.data()) <= 1e-5);
  }

  /**
   * A projection or FDK call that fails between two slabs, and a reconstruction cancelled after 3
   * iterations or failing in the middle, leave no device buffer: only the backend's own scratch.
   */
  @Test
  void failingAndCancelledSplitRunsLeaveNoBuffers() {
    int before = cl.heldBuffers();
    ReconstructionProblem problem = problem(Renderer.TRILINEAR);
    split = split(problem.grid);
    split.slabDone = z -> {
      if (z == 20) throw new IllegalStateException("failure in slab " + z);
    };
    try (ProjectionOperator op = split.projector(problem.grid, problem.views, problem.projector);
        DeviceArray v = split.allocate(problem.grid.voxelCount());
        DeviceArray img = split.allocate(problem.targets.length)) {
      int[] all = ids(problem.views.size());
      assertThrows(IllegalStateException.class, () -> op.forward(v, all, img));
      // the projector's view geometry and view ids only, no slab, no images
      assertEquals(before + 2, cl.heldBuffers(), cl.memory().liveNames().toString());
      assertTrue(cl.memory().liveNames().stream().noneMatch(n -> n.contains("slab")
          || n.contains("batch")), cl.memory().liveNames().toString());
      assertThrows(IllegalStateException.class, () -> op.adjoint(img, all, v));
      assertThrows(IllegalStateException.class, () -> Algorithms.run(split, problem,
          Algorithm.FDK, new IterativeSettings(), new ReconstructionSettings(),
          ProgressListener.NONE));
    }
    assertEquals(before, cl.heldBuffers(), cl.memory().liveNames().toString());
    assertThrows(IllegalStateException.class, () -> new Reconstructor(split).run(problem,
        new ReconstructionSettings().iterations(5).tvWeight(0.1), ProgressListener.NONE));
    assertEquals(before, cl.heldBuffers(), cl.memory().liveNames().toString());
    split.slabDone = z -> {};
    int[] done = {0};
    ReconstructionResult r = new Reconstructor(split).run(problem,
        new ReconstructionSettings().iterations(50).tvWeight(0.1).nonNegative(true),
        new ProgressListener() {
          @Override
          public void iterationDone(int iteration, int iterations, double loss, double seconds) {
            done[0] = iteration;
          }

          @Override
          public boolean isCanceled() {
            return done[0] >= 3;
          }
        });
    assertTrue(r.canceled);
    assertEquals(3, r.iterationsDone);
    assertEquals(before, cl.heldBuffers(), cl.memory().liveNames().toString());
    split.close();
    assertEquals(before, cl.heldBuffers());
  }

  /**
   * Backends.fit keeps the OpenCL backend for a plan that fits the device and splits one that does
   * not, saying so in one line; a device with no room for one plane refuses with the sizes.
   */
  @Test
  void theChoiceFollowsThePlan() {
    VolumeGrid grid = new VolumeGrid(1024, 1024, 1024, 1, 1, 1);
    List<String> notices = new ArrayList<>();
    MemoryPlan small = new MemoryPlan().backend("volume", grid(VoxelConvention.CENTERED)
        .voxelCount());
    assertSame(cl, Backends.fit(cl, small, grid, notices::add));
    assertTrue(notices.isEmpty(), notices.toString());
    JavaBackend java = new JavaBackend(1);
    assertSame(java, Backends.fit(java, new MemoryPlan().backend("volume", 1L << 40), grid,
        notices::add));
    long global = cl.deviceLimits().globalBytes;
    MemoryPlan large = new MemoryPlan().backend("volume", global / 4 + 1);
    try (Backend b = Backends.fit(cl, large, grid, notices::add)) {
      split = (SlabbedBackend) b;
      int planes = split.planes(grid);
      assertEquals(1, notices.size());
      assertEquals("opencl: this run's arrays (" + MemoryPlan.size(global + 4) + ") exceed the "
          + "global memory of " + cl.deviceName() + " (" + MemoryPlan.size(global) + "): the "
          + "arrays stay on the Java heap and the volume passes through the device in "
          + (1024 + planes - 1) / planes + " z-slab" + (planes == 1024 ? "" : "s") + " of "
          + planes + " planes (" + MemoryPlan.size(4L * planes << 20) + " each)", notices.get(0));
      assertTrue(split.slabBytes() <= cl.deviceLimits().maxAllocationBytes);
      assertNull(split.deviceLimits(), "its arrays are on the heap");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SlabbedBackend(cl, 1000, 1000).planes(grid(VoxelConvention.CENTERED)));
    assertEquals("one plane of the volume (48×40 floats, 8 KiB) does not fit the room for a "
        + "slab on " + cl.deviceName() + " (1 KiB); use --backend java", e.getMessage());
  }
}
