package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.Parallel;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Projectors;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Parallel-beam views and placed volumes on the device: the Java projector's images (1e-4 of the
 * max, the backends' agreement), box chords and the adjoint's dot test.
 */
class OpenClParallelBeamTest {

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

  static View[] views() {
    Detector d = new Detector(1020, 24, 20, 4.0, 3.0, 1.7, -2.3, true);
    return new View[] {
      d.parallelView(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), Orientation.AP),
      d.parallelView(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP),
      d.parallelView(Pose.eulerDegrees("XYZ", 47, -63, 101, -4, 400, 7), Orientation.PA),
      d.view(Pose.eulerDegrees("ZXY", 31, 22.5, -15, 12.5, 850, -20), Orientation.AP)};
  }

  private static float[][] both(VolumeGrid g, float[] x, float[] y, View v, Renderer r) {
    float[] ax = new float[v.pixelCount()];
    float[] aty = new float[g.voxelCount()];
    try (ProjectionOperator op = cl.projector(g, List.of(v), ProjectorSettings.of(r));
        DeviceArray dx = cl.upload(x); DeviceArray dy = cl.upload(y);
        DeviceArray dax = cl.allocate(ax.length); DeviceArray daty = cl.allocate(aty.length)) {
      op.forward(dx, new int[] {0}, dax);
      op.adjoint(dy, new int[] {0}, daty);
      cl.download(dax, ax);
      cl.download(daty, aty);
    }
    return new float[][] {ax, aty};
  }

  @ParameterizedTest(name = "{0} {1} placed {2}")
  @CsvSource({"SIDDON, CENTERED, false", "TRILINEAR, CENTERED, false",
    "TRILINEAR, DIFFDRR_V05, false", "SIDDON, CENTERED, true", "TRILINEAR, CENTERED, true"})
  void matchesJavaAndPassesTheDotTest(Renderer r, VoxelConvention c, boolean placed) {
    VolumeGrid g = new VolumeGrid(30, 26, 22, 3.0, 3.3, 3.5, c);
    if (placed) {
      g = g.withPlacement(new Placement(new double[] {40, -30, 25},
          new double[][] {{0, -1, 0}, {1, 0, 0}, {0, 0, -1}}));
    }
    float[] x = random(g.voxelCount(), 11, 0);
    float[] y = random(24 * 20, 12, -1);
    int k = 0;
    double[] m = g.worldOfVoxel(14.5, 12.5, 10.5);
    for (View v : views()) {
      // placed: look at the volume where it is
      View view = placed ? v.transformed(new double[][] {{1, 0, 0, m[0]}, {0, 1, 0, m[1]},
        {0, 0, 1, m[2]}}) : v;
      float[][] got = both(g, x, y, view, r);
      float[] java = new float[view.pixelCount()];
      Projectors.create(g, ProjectorSettings.of(r), Parallel.threads(2)).forward(x, view, java, 0);
      double max = 0, worst = 0;
      int nonZero = 0;
      for (int p = 0; p < java.length; p++) {
        max = Math.max(max, Math.abs(java[p]));
        worst = Math.max(worst, Math.abs(java[p] - got[0][p]));
        if (java[p] != 0) nonZero++;
      }
      assertTrue(nonZero > java.length / 3, "view " + k + ": most rays should see the volume");
      assertTrue(worst <= 1e-4 * max, "view " + k + ": OpenCL vs Java " + worst + " of " + max);
      double left = dot(got[0], y), right = dot(x, got[1]);
      double rel = Math.abs(left - right) / Math.abs(left);
      System.out.printf("OpenCL %s %s placed=%b view %d: vs Java %.2e of max, dot test %.2e%n",
          r, c, placed, k, worst / max, rel);
      assertTrue(rel <= 1e-5, "view " + k + ": dot test " + rel);
      k++;
    }
  }

  static float[] random(int n, long seed, float lo) {
    java.util.Random r = new java.util.Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = lo + (1 - lo) * r.nextFloat();
    return a;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }
}
