package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.CircularOrbit;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/** FDK of a uniform cylinder: the analytic answer is its μ inside. */
class FdkTest {

  static final double MU = 0.02;
  static final double RADIUS = 60, HALF_HEIGHT = 50;
  /** "Away from the edges": within 0.6 of the radius, 12 voxels from the wall (the ram-lak ramp rings inwards from it). */
  static final double INTERIOR = 0.6;

  private final JavaBackend backend = new JavaBackend(2);
  private final VolumeGrid grid = new VolumeGrid(80, 80, 64, 2, 2, 2);

  /**
   * A cylinder about z, μ 0.02/mm; voxels on its wall get the fraction of 8×8 sub-samples inside
   * (a staircase wall would ring inwards by more than the 1 % under test).
   */
  static Volume cylinder(VolumeGrid g) {
    float[] d = new float[g.voxelCount()];
    for (int z = 0; z < g.nz; z++) {
      for (int y = 0; y < g.ny; y++) {
        for (int x = 0; x < g.nx; x++) {
          double wx = g.voxelCentre(0, x), wy = g.voxelCentre(1, y), wz = g.voxelCentre(2, z);
          if (Math.abs(wz) > HALF_HEIGHT) continue;
          int inside = 0;
          for (int a = 0; a < 8; a++) {
            for (int b = 0; b < 8; b++) {
              double px = wx + g.sx * ((a + 0.5) / 8 - 0.5), py = wy + g.sy * ((b + 0.5) / 8 - 0.5);
              if (px * px + py * py <= RADIUS * RADIUS) inside++;
            }
          }
          d[g.index(x, y, z)] = (float) (MU * inside / 64);
        }
      }
    }
    return new Volume(g, d);
  }

  private ReconstructionProblem problem(Detector detector, List<Pose> poses) {
    Volume truth = cylinder(grid);
    List<View> views = new ArrayList<>();
    for (Pose p : poses) views.add(detector.view(p, Orientation.AP));
    float[] targets = DrrRenderer.render(backend, truth, views, ProjectorSettings.siddon());
    return new ReconstructionProblem(grid, views, targets, ProjectorSettings.siddon());
  }

  /** Largest relative error of the central slice's voxels within INTERIOR of the radius. */
  private double interiorError(Volume v) {
    int z = grid.nz / 2;
    double worst = 0, sum = 0;
    int count = 0;
    for (int y = 0; y < grid.ny; y++) {
      for (int x = 0; x < grid.nx; x++) {
        double wx = grid.voxelCentre(0, x), wy = grid.voxelCentre(1, y);
        if (Math.hypot(wx, wy) > INTERIOR * RADIUS) continue;
        worst = Math.max(worst, Math.abs(v.get(x, y, z) / MU - 1));
        sum += v.get(x, y, z) / MU;
        count++;
      }
    }
    assertEquals(1, sum / count, 0.002, "interior mean / μ");
    return worst;
  }

  private Volume fdk(ReconstructionProblem p) {
    ReconstructionResult r = new Fdk(backend).run(p, FdkFilter.RAM_LAK, 1.0, ProgressListener.NONE);
    assertFalse(r.canceled);
    return r.volume;
  }

  @Test
  void fullScanOfACylinderIsWithinOnePercent() {
    Detector d = new Detector(1020, 160, 160, 1.5, 1.5, 0, 0, true);
    double error = interiorError(fdk(problem(d, Orbit.circular(360, 360, 0, 850))));
    assertTrue(error < 0.01, "largest interior error " + error);
  }

  @Test
  void shortScanWithParkerWeightsIsWithinTwoPercent() {
    Detector d = new Detector(1020, 160, 160, 1.5, 1.5, 0, 0, true);
    List<Pose> poses = Orbit.circular(230, 230, 17, 850); // 1° apart, 180° + 2·8.0° fan + margin
    ReconstructionProblem p = problem(d, poses);
    CircularOrbit orbit = CircularOrbit.analyse(p.views);
    assertFalse(orbit.fullScan);
    double error = interiorError(fdk(p));
    assertTrue(error < 0.02, "largest interior error " + error);
  }

  @Test
  void aShiftedDetectorIsHandled() {
    // The principal point 30 mm off the panel's centre (the panel still covers the cylinder).
    Detector d = new Detector(1020, 160, 200, 1.5, 1.5, 30, -10, true);
    double error = interiorError(fdk(problem(d, Orbit.circular(360, 360, 0, 850))));
    assertTrue(error < 0.01, "largest interior error " + error);
  }

  @Test
  void parkerWeightsOfConjugateRaysSumToOne() {
    Detector d = new Detector(1020, 8, 120, 2, 2, 0, 0, true);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(230, 230, 0, 850)) views.add(d.view(p, Orientation.AP));
    CircularOrbit orbit = CircularOrbit.analyse(views);
    for (double beta = 0.3; beta < 2.0; beta += 0.1) {
      for (double gamma = -0.12; gamma <= 0.12; gamma += 0.03) {
        double sum = orbit.parkerWeight(beta, gamma)
            + orbit.parkerWeight(beta + Math.PI + 2 * gamma, -gamma);
        assertEquals(1, sum, 1e-9, "β " + beta + " γ " + gamma);
      }
    }
  }

  @Test
  void tooShortAnArcIsRefusedNamingTheIterativeMethods() {
    Detector d = new Detector(1020, 8, 120, 2, 2, 0, 0, true);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(100, 150, 0, 850)) views.add(d.view(p, Orientation.AP));
    IllegalArgumentException e = assertThrows(CircularOrbit.NotCircularException.class,
        () -> CircularOrbit.analyse(views));
    assertTrue(e.getMessage().contains("150.0°") && e.getMessage().contains("sirt"), e.getMessage());
  }

  @Test
  void parallelBeamViewsAreRefused() {
    Detector d = new Detector(1020, 8, 120, 2, 2, 0, 0, true);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(20, 360, 0, 850)) views.add(d.parallelView(p, Orientation.AP));
    IllegalArgumentException e = assertThrows(CircularOrbit.NotCircularException.class,
        () -> CircularOrbit.analyse(views));
    assertTrue(e.getMessage().contains("parallel beam") && e.getMessage().contains("sirt"),
        e.getMessage());
  }

  @Test
  void aChangingSourceDistanceIsRefused() {
    Detector d = new Detector(1020, 8, 120, 2, 2, 0, 0, true);
    List<View> views = new ArrayList<>();
    int k = 0;
    for (Pose p : Orbit.circular(20, 360, 0, 850)) {
      Pose q = k++ == 5 ? Pose.eulerDegrees("ZXY", 18 * 5, 0, 0, 0, 800, 0) : p;
      views.add(d.view(q, Orientation.AP));
    }
    IllegalArgumentException e = assertThrows(CircularOrbit.NotCircularException.class,
        () -> CircularOrbit.analyse(views));
    assertTrue(e.getMessage().contains("distance"), e.getMessage());
  }

  @Test
  void theOrbitsParametersAreFound() {
    Detector d = new Detector(1020, 8, 120, 2, 2, 0, 0, true);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(36, 360, 0, 850)) views.add(d.view(p, Orientation.AP));
    CircularOrbit o = CircularOrbit.analyse(views);
    assertTrue(o.fullScan);
    assertEquals(850, o.sad, 1e-6);
    assertEquals(1020, o.sdd, 1e-6);
    assertEquals(1, Math.abs(o.axis[2]), 1e-9);
    for (double c : o.centre) assertEquals(0, c, 1e-6);
    for (double db : o.deltaBeta) assertEquals(Math.toRadians(10), db, 1e-9);
    assertEquals(59.5, o.principalColumn[3], 1e-6);
  }
}
