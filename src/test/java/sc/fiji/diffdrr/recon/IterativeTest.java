package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** SIRT, OS-SART and CGLS against dense linear algebra on a small system, and on the phantom. */
class IterativeTest {

  private final JavaBackend backend = new JavaBackend(2);

  private static List<View> views(Detector d, int n) {
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(n, 360, 0, 850)) views.add(d.view(p, Orientation.AP));
    return views;
  }

  /** A small system: 6×6×3 voxels of 8 mm, 24 views of 12×12 pixels of 6 mm. */
  private final VolumeGrid small = new VolumeGrid(6, 6, 3, 8, 8, 8);
  private final List<View> smallViews = views(new Detector(1020, 12, 12, 6, 6, 0, 0, true), 24);

  /** The dense matrix of A (rows: pixels of all views, columns: voxels), column by column. */
  private double[][] dense() {
    int voxels = small.voxelCount(), rows = smallViews.size() * smallViews.get(0).pixelCount();
    double[][] a = new double[rows][voxels];
    try (ProjectionOperator op = backend.projector(small, smallViews, ProjectorSettings.siddon());
        DeviceArray x = backend.allocate(voxels); DeviceArray y = backend.allocate(rows)) {
      float[] unit = new float[voxels], out = new float[rows];
      for (int c = 0; c < voxels; c++) {
        java.util.Arrays.fill(unit, 0);
        unit[c] = 1;
        try (DeviceArray u = backend.upload(unit)) {
          op.forward(u, DrrRenderer.allViews(smallViews.size()), y);
        }
        backend.download(y, out);
        for (int r = 0; r < rows; r++) a[r][c] = out[r];
      }
    }
    return a;
  }

  private float[] randomTargets(int rows, long seed) {
    Random r = new Random(seed);
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) y[i] = (float) (10 + 40 * r.nextDouble());
    return y;
  }

  @Test
  void cglsReachesTheDenseLeastSquaresSolution() {
    double[][] a = dense();
    float[] y = randomTargets(a.length, 1); // inconsistent data: a true least-squares problem
    RealVector ls = new QRDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
        .solve(new ArrayRealVector(toDouble(y)));
    ReconstructionProblem p = new ReconstructionProblem(small, smallViews, y, ProjectorSettings.siddon());
    ReconstructionResult r = new Cgls(backend).run(p, new IterativeSettings().iterations(200),
        ProgressListener.NONE);
    double err = 0, norm = 0;
    for (int i = 0; i < small.voxelCount(); i++) {
      err = Math.max(err, Math.abs(r.volume.data()[i] - ls.getEntry(i)));
      norm = Math.max(norm, Math.abs(ls.getEntry(i)));
    }
    assertTrue(err <= 1e-4 * norm, "CGLS vs dense least squares: max error " + err + " of " + norm
        + " after " + r.iterationsDone + " iterations");
  }

  @Test
  void sirtIsLandweberWithBothNormalisations() {
    double[][] a = dense();
    float[] y = randomTargets(a.length, 2);
    int rows = a.length, cols = small.voxelCount();
    double[] rowSum = new double[rows], colSum = new double[cols], x = new double[cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        rowSum[i] += a[i][j];
        colSum[j] += a[i][j];
      }
    }
    int iterations = 15;
    for (int it = 0; it < iterations; it++) {
      double[] res = new double[rows];
      for (int i = 0; i < rows; i++) {
        double ax = 0;
        for (int j = 0; j < cols; j++) ax += a[i][j] * x[j];
        res[i] = rowSum[i] > 1e-6 ? (y[i] - ax) / rowSum[i] : 0;
      }
      for (int j = 0; j < cols; j++) {
        double g = 0;
        for (int i = 0; i < rows; i++) g += a[i][j] * res[i];
        x[j] += colSum[j] > 1e-6 ? g / colSum[j] : 0;
      }
    }
    ReconstructionProblem p = new ReconstructionProblem(small, smallViews, y, ProjectorSettings.siddon());
    ReconstructionResult r = Algorithms.run(backend, p, Algorithm.SIRT,
        new IterativeSettings().iterations(iterations), null, ProgressListener.NONE);
    double err = 0, norm = 0;
    for (int j = 0; j < cols; j++) {
      err = Math.max(err, Math.abs(r.volume.data()[j] - x[j]));
      norm = Math.max(norm, Math.abs(x[j]));
    }
    assertTrue(err <= 1e-4 * norm, "SIRT vs dense Landweber: " + err + " of " + norm);
  }

  private ReconstructionProblem phantom(int views) {
    Volume truth = SheppLogan.create(32, 8);
    List<View> v = views(new Detector(1020, 48, 8.0), views);
    float[] targets = DrrRenderer.render(backend, truth, v, ProjectorSettings.siddon());
    return new ReconstructionProblem(truth.grid, v, targets, ProjectorSettings.siddon());
  }

  @Test
  void residualsFallMonotonically() {
    ReconstructionProblem p = phantom(20);
    for (Algorithm a : new Algorithm[] {Algorithm.SIRT, Algorithm.CGLS, Algorithm.OS_SART}) {
      ReconstructionResult r = Algorithms.run(backend, p, a,
          new IterativeSettings().iterations(15).subsets(4), null, ProgressListener.NONE);
      assertEquals(15, r.losses.length);
      for (int i = 1; i < r.losses.length; i++) {
        assertTrue(r.losses[i] < r.losses[i - 1], a + " residual rose at iteration " + (i + 1)
            + ": " + r.losses[i - 1] + " → " + r.losses[i]);
      }
      assertTrue(r.losses[14] < 0.5 * r.losses[0], a + ": " + r.losses[0] + " → " + r.losses[14]);
    }
  }

  @Test
  void osSartWithOneSubsetIsSirt() {
    ReconstructionProblem p = phantom(12);
    IterativeSettings s = new IterativeSettings().iterations(5).subsets(1).nonNegative(true);
    ReconstructionResult sirt = Algorithms.run(backend, p, Algorithm.SIRT, s, null, ProgressListener.NONE);
    ReconstructionResult os = Algorithms.run(backend, p, Algorithm.OS_SART, s, null, ProgressListener.NONE);
    assertArrayEquals(sirt.volume.data(), os.volume.data());
    assertArrayEquals(sirt.losses, os.losses);
  }

  @Test
  void theToleranceStopsEarlyAndTooManySubsetsAreRefused() {
    ReconstructionProblem p = phantom(12);
    ReconstructionResult r = Algorithms.run(backend, p, Algorithm.CGLS,
        new IterativeSettings().iterations(100).tolerance(0.05), null, ProgressListener.NONE);
    assertTrue(r.iterationsDone < 100 && r.lastLoss() < 0.05, r.iterationsDone + ": " + r.lastLoss());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Algorithms.run(backend, p, Algorithm.OS_SART, new IterativeSettings().subsets(13),
            null, ProgressListener.NONE));
    assertTrue(e.getMessage().startsWith("--subsets must be in [1, 12]"), e.getMessage());
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }
}
