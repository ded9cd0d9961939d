package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.haesleinhuepf.clij.clearcl.ClearCLContext;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Buffers of ours on the device, counted both by the backend and by ClearCL's own allocation
 * report of the context: nothing left behind after many renders or after failing calls, nothing
 * at all after close(); requests larger than the device allows are refused with the sizes.
 */
class OpenClMemoryTest {

  private ContextLease lease;
  private OpenClBackend cl;
  /**
   * The backend's own scratch buffers (the reduction's), held from creation to close(); the losses
   * add two more on first use (view ids and NCC statistics), reused afterwards.
   */
  private int scratch;

  @BeforeEach
  void open() {
    OpenClTestDevice.backend().close(); // skips or fails the test as the helper decides
    lease = OpenClContexts.acquire(System.getenv("DIFFDRR_OPENCL_DEVICE"), notice -> {});
    cl = new OpenClBackend(lease.context);
    scratch = cl.heldBuffers();
    assertEquals(scratch, clearClCount(lease.context));
  }

  @AfterEach
  void close() {
    if (cl == null) return;
    cl.close();
    assertEquals(0, cl.heldBuffers());
    assertEquals(0, clearClCount(lease.context), lease.context.reportAboutAllocatedImages());
    lease.close();
  }

  /** Buffers the context's memory manager still lists ("<device> contains N images."). */
  private static int clearClCount(ClearCLContext context) {
    String report = context.reportAboutAllocatedImages();
    String head = report.substring(0, report.indexOf(" images."));
    return Integer.parseInt(head.substring(head.lastIndexOf(' ') + 1));
  }

  /**
   * A reconstruction cancelled in the middle stops within one iteration and, like one that fails,
   * leaves only the backend's scratch buffers (the losses' two are made on first use).
   */
  @Test
  void aCancelledOrFailedReconstructionLeavesNoBuffers() {
    Volume phantom = SheppLogan.create(16, 16);
    List<View> views = List.of(new Detector(1020, 16, 16.0).view(Reference.pose(0), Reference.orientation()),
        new Detector(1020, 16, 16.0).view(Reference.pose(1), Reference.orientation()));
    float[] targets = DrrRenderer.render(cl, phantom, views, ProjectorSettings.siddon());
    ReconstructionProblem problem = new ReconstructionProblem(phantom.grid, views, targets,
        ProjectorSettings.siddon());
    ReconstructionSettings settings = new ReconstructionSettings().iterations(50).tvWeight(1)
        .nonNegative(true);
    int[] done = {0};
    ReconstructionResult r = new Reconstructor(cl).run(problem, settings, new ProgressListener() {
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
    int afterLoop = cl.heldBuffers();
    assertTrue(afterLoop <= scratch + 2, "held " + afterLoop + ", scratch " + scratch);
    assertEquals(afterLoop, clearClCount(lease.context), lease.context.reportAboutAllocatedImages());
    assertThrows(IllegalStateException.class, () -> new Reconstructor(cl).run(problem, settings,
        (iteration, iterations, loss, seconds) -> {
          throw new IllegalStateException("a listener that fails at iteration " + iteration);
        }));
    assertEquals(afterLoop, cl.heldBuffers());
    assertEquals(afterLoop, clearClCount(lease.context), lease.context.reportAboutAllocatedImages());
  }

  private void assertOnlyScratchHeld() {
    assertEquals(scratch, cl.heldBuffers());
    assertEquals(scratch, clearClCount(lease.context), lease.context.reportAboutAllocatedImages());
  }

  @Test
  void hundredRendersLeaveNothingBehind() {
    VolumeGrid grid = new VolumeGrid(24, 20, 16, 2, 2, 2, VoxelConvention.DIFFDRR_V05);
    View view = new Detector(1020, 16, 6.0).view(Reference.pose(2), Reference.orientation());
    float[] x = OpenClProjectorTest.random(grid.voxelCount(), 1, 0);
    float[] image = new float[view.pixelCount()];
    int afterFirst = 0;
    for (int i = 0; i < 100; i++) {
      ProjectorSettings s = i % 2 == 0 ? ProjectorSettings.siddon()
          : ProjectorSettings.trilinear();
      try (ProjectionOperator op = cl.projector(grid, List.of(view), s);
          DeviceArray v = cl.upload(x); DeviceArray img = cl.allocate(image.length);
          DeviceArray loss = cl.allocate(1)) {
        op.forward(v, new int[] {0}, img);
        cl.imageLoss(ImageLoss.NCC, img, img, new int[] {0}, image.length, img, loss);
        op.adjoint(img, new int[] {0}, v);
        cl.download(img, image);
      }
      // the first NCC loss adds the backend's loss scratch (view ids, statistics); no growth after
      if (i == 0) afterFirst = cl.heldBuffers();
      assertEquals(afterFirst, cl.heldBuffers(), "render " + i);
      assertEquals(afterFirst, clearClCount(lease.context), "render " + i);
    }
    assertTrue(afterFirst <= scratch + 2, afterFirst + " buffers held");
  }

  @Test
  void failedBuildThrowsWithTheLogAndLeavesNothingBehind() {
    try (DeviceArray a = cl.allocate(10); ClKernel broken = new ClKernel(cl.executor(),
        "broken_kernel", Args.of())) {
      KernelBuildException e = assertThrows(KernelBuildException.class,
          () -> broken.run(Args.of("dst", ((ClArray) a).buffer), 64, 64));
      assertTrue(e.buildLog().contains("undeclared_identifier"), e.buildLog());
      assertTrue(e.getMessage().startsWith("OpenCL kernel 'broken_kernel' (broken_kernel_x.cl) "
          + "failed to build on "), e.getMessage());
    }
    assertOnlyScratchHeld();
  }

  @Test
  void oversizedRequestsAreRefusedWithTheSizes() {
    long max = lease.context.getDevice().getMaxMemoryAllocationSizeInBytes();
    String device = lease.context.getDevice().getName();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cl.allocate(max / 4 + 1));
    assertEquals("array of " + (max / 4 + 1) + " floats (" + DeviceMemory.mib(max + 4)
        + ") exceeds the device's largest allocation (" + DeviceMemory.mib(max) + ") on "
        + device, e.getMessage());
    // A volume one plane of 1024² floats beyond the largest allocation (PoCL's depends on the
    // machine's memory: 4096 MiB on a 24 GB one, so 1024³ floats would just fit).
    int nz = (int) Math.min(2047, max / 4 / (1024 * 1024) + 1);
    VolumeGrid huge = new VolumeGrid(1024, 1024, nz, 1, 1, 1);
    org.junit.jupiter.api.Assumptions.assumeTrue(4L * huge.voxelCount() > max,
        "the device allows more than one volume can hold; nothing to refuse");
    View view = new Detector(1020, 16, 6.0).view(Reference.pose(0), Reference.orientation());
    e = assertThrows(IllegalArgumentException.class,
        () -> cl.projector(huge, List.of(view), ProjectorSettings.siddon()));
    assertTrue(e.getMessage().startsWith("volume 1024×1024×" + nz + " floats ("
        + DeviceMemory.mib(4L * huge.voxelCount()) + ") exceeds the device's largest allocation"),
        e.getMessage());
    assertOnlyScratchHeld();
  }

  @Test
  void failingCallsLeaveNothingBehind() {
    VolumeGrid grid = new VolumeGrid(8, 8, 8, 1, 1, 1);
    View view = new Detector(100, 4, 1.0).view(Reference.pose(0), Reference.orientation());
    try (ProjectionOperator op = cl.projector(grid, List.of(view), ProjectorSettings.siddon());
        DeviceArray v = cl.allocate(grid.voxelCount()); DeviceArray img = cl.allocate(16)) {
      DeviceArray closed = cl.allocate(16);
      closed.close();
      assertThrows(IllegalArgumentException.class, () -> op.forward(v, new int[] {0}, closed));
      assertThrows(IllegalArgumentException.class, () -> op.forward(v, new int[] {3}, img));
      assertThrows(IllegalArgumentException.class,
          () -> cl.projector(grid, List.of(), ProjectorSettings.siddon()));
    }
    assertOnlyScratchHeld();
  }

  @Test
  void closeReleasesWhatTheCallerForgot() {
    VolumeGrid grid = new VolumeGrid(8, 8, 8, 1, 1, 1);
    View view = new Detector(100, 4, 1.0).view(Reference.pose(0), Reference.orientation());
    cl.allocate(100);
    cl.upload(new float[] {1, 2, 3});
    cl.projector(grid, List.of(view), ProjectorSettings.trilinear());
    assertTrue(cl.heldBuffers() > scratch);
    // close() in close() must leave the context empty
  }

  @Test
  void refusalMessagesNameTheSizes() {
    assertNull(DeviceMemory.refusal("array of 10", 10, 0, 1 << 20, 1 << 30, "gpu"));
    assertEquals("volume 512×512×512 floats (512 MiB) exceeds the device's largest allocation "
        + "(256 MiB) on gpu", DeviceMemory.refusal("volume 512×512×512", 1L << 27, 0, 1L << 28,
            1L << 32, "gpu"));
    assertEquals("images 200×200×10 floats (1.5 MiB) would bring this backend's buffers to "
        + "1025.5 MiB, more than the device's global memory (1024 MiB) on gpu",
        DeviceMemory.refusal("images 200×200×10", 400_000, 1L << 30, 1L << 30, 1L << 30, "gpu"));
  }
}
