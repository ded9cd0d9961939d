package sc.fiji.diffdrr.opencl;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Timings of the OpenCL projectors against the Java projectors, printed (never asserted): ms per
 * DRR and per forward+adjoint pair, min/median/max of REPS after a warm-up, Java and OpenCL runs
 * interleaved (the machine may be shared). Runs only when asked:
 * {@code mvn test -Dtest=OpenClBench -Ddiffdrr.bench=true}.
 */
class OpenClBench {

  private static final int REPS = 9;

  @Test
  void projectorTimings() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("diffdrr.bench"), "set -Ddiffdrr.bench=true");
    MetaImage m = MetaImage.read(Reference.diffdrr().resolve("phantom128.mha"));
    VolumeGrid g128 = new VolumeGrid(128, 128, 128, 2, 2, 2, VoxelConvention.CENTERED);
    float[] v128 = m.data;
    // the same phantom at 1 mm: 256³, nearest-neighbour upsampling
    VolumeGrid g256 = new VolumeGrid(256, 256, 256, 1, 1, 1, VoxelConvention.CENTERED);
    float[] v256 = new float[g256.voxelCount()];
    for (int z = 0; z < 256; z++) {
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          v256[x + 256 * (y + 256 * z)] = v128[x / 2 + 128 * (y / 2 + 128 * (z / 2))];
        }
      }
    }
    View v200 = Reference.detector().view(Reference.pose(2), Reference.orientation());
    View v512 = new Detector(1020, 512, 400.0 / 512).view(Reference.pose(2),
        Reference.orientation());
    try (OpenClBackend cl = OpenClTestDevice.backend()) {
      System.out.println("device: " + cl.description() + "; Java: "
          + Parallel.defaultThreads().threadCount() + " threads; machine shared");
      for (Renderer r : Renderer.values()) {
        ProjectorSettings s = ProjectorSettings.of(r);
        run(cl, "200×200 DRR, phantom 128³", g128, v128, v200, s);
        run(cl, "512×512 DRR, phantom 256³", g256, v256, v512, s);
      }
    }
  }

  /** Java and OpenCL, forward and forward+adjoint, interleaved so both see the same load. */
  private void run(OpenClBackend cl, String label, VolumeGrid grid, float[] vol, View view,
      ProjectorSettings s) {
    Projector java = Projectors.create(grid, s, Parallel.defaultThreads());
    float[] img = new float[view.pixelCount()];
    float[] back = new float[grid.voxelCount()];
    int[] ids = {0};
    try (ProjectionOperator op = cl.projector(grid, List.of(view), s);
        DeviceArray dv = cl.upload(vol); DeviceArray di = cl.allocate(view.pixelCount());
        DeviceArray db = cl.allocate(grid.voxelCount())) {
      Runnable[] work = {
        () -> java.forward(vol, view, img, 0),
        () -> {
          java.forward(vol, view, img, 0);
          java.adjoint(img, 0, view, back);
        },
        () -> {
          op.forward(dv, ids, di);
          cl.context().getDefaultQueue().waitToFinish();
        },
        () -> {
          op.forward(dv, ids, di);
          op.adjoint(di, ids, db);
          cl.context().getDefaultQueue().waitToFinish();
        }};
      String[] names = {"java   forward", "java   forward+adjoint", "opencl forward",
        "opencl forward+adjoint"};
      double[][] t = new double[work.length][REPS];
      for (Runnable w : work) {
        w.run();
        w.run();
      }
      for (int i = 0; i < REPS; i++) {
        for (int k = 0; k < work.length; k++) {
          long t0 = System.nanoTime();
          work[k].run();
          t[k][i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      for (int k = 0; k < work.length; k++) {
        Arrays.sort(t[k]);
        print(names[k] + " " + s.renderer.label() + ", " + label, t[k]);
      }
    }
  }

  private static void print(String label, double[] t) {
    System.out.printf(Locale.ROOT, "%-64s min %8.1f  median %8.1f  max %8.1f ms%n", label, t[0],
        t[t.length / 2], t[t.length - 1]);
  }
}
