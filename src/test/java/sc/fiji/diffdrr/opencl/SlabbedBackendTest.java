package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    float[] ours = forward(split, grid, views, s, x);
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
}
