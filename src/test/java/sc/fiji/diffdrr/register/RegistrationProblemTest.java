package sc.fiji.diffdrr.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.PoseRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.ViewGradientTestAccess;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Cameras given as views (a geometry file's): on a volume placed with rotated, flipped axes the
 * identity pose renders exactly the given views, the registered views come back in world mm, and
 * the errors' source term is the rig's when the cameras come from a detector.
 */
class RegistrationProblemTest {

  @Test
  void viewsOnAPlacedVolumeRenderAsGivenAndComeBackInWorldMm() {
    VolumeGrid placed = ViewGradientTestAccess.placed();
    Volume v = new Volume(placed, ViewGradientTestAccess.blobs(placed));
    Detector d = new Detector(1020, 32, 4.0);
    List<View> world = List.of(d.view(Pose.eulerDegrees("ZXY", 10, -5, 3, 4, 850, -2), Orientation.AP),
        d.view(Pose.eulerDegrees("ZXY", 95, 2, 0, -3, 840, 5), Orientation.AP));
    List<float[]> blank = List.of(new float[d.pixelCount()], new float[d.pixelCount()]);
    RegistrationProblem problem = RegistrationProblem.ofViews(v, world, blank, ProjectorSettings.siddon());
    assertTrue(problem.recentred());
    try (JavaBackend java = new JavaBackend(2);
        PoseRenderer direct = java.poseRenderer(placed, v.data(), ProjectorSettings.siddon())) {
      List<float[]> drrs = new Registration(java).render(problem, Pose.identity());
      for (int k = 0; k < 2; k++) {
        float[] want = new float[d.pixelCount()];
        direct.render(world.get(k), want);
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) {
          num += Math.pow(drrs.get(k)[i] - want[i], 2);
          den += Math.pow(want[i], 2);
        }
        assertTrue(den > 0 && Math.sqrt(num / den) < 1e-5, "view " + k + ": " + Math.sqrt(num / den));
        assertTrue(problem.worldViews(Pose.identity()).get(k).distance(world.get(k)) < 1e-9);
      }
      // a pose moves the cameras in the CT's centred frame: the volume's centre stays where the
      // rotation leaves it, so a pure rotation keeps each source's distance to the CT's centre
      double[] centre = placed.worldOfVoxel((placed.nx - 1) / 2.0, (placed.ny - 1) / 2.0,
          (placed.nz - 1) / 2.0);
      List<View> moved = problem.worldViews(Pose.eulerDegrees("ZXY", 20, -10, 15, 0, 0, 0));
      for (int k = 0; k < 2; k++) {
        assertEquals(distance(world.get(k).source(), centre), distance(moved.get(k).source(), centre), 1e-6);
        assertTrue(distance(world.get(k).source(), moved.get(k).source()) > 100);
      }
    }
  }

  @Test
  void sourceErrorsOfADetectorProblemAreTheRigs() {
    VolumeGrid g = ViewGradientTestAccess.grid();
    Volume v = new Volume(g, ViewGradientTestAccess.blobs(g));
    Detector d = new Detector(1020, 16, 8.0);
    Rig rig = Rig.of(List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Pose.eulerDegrees("ZXY", 0, 0, 90, 0, 850, 0)));
    List<float[]> blank = new ArrayList<>(List.of(new float[d.pixelCount()], new float[d.pixelCount()]));
    RegistrationProblem p = new RegistrationProblem(v, d, Orientation.AP, rig, blank, null);
    Pose truth = Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
    Pose estimate = Pose.eulerDegrees("ZXY", 3, -2, 4, 5, 840, -6);
    PoseErrors a = PoseErrors.of(estimate, truth, p), b = PoseErrors.of(estimate, truth, rig, g);
    assertEquals(b.sourceMm, a.sourceMm, 1e-9);
    assertEquals(b.mtreMm, a.mtreMm, 1e-12);
    assertTrue(a.sourceMm > 10);
  }

  private static double distance(double[] a, double[] b) {
    return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }
}
