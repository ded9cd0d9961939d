package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.io.ImagePlusVolumes;

/** Reconstruct Volume: the projections' calibration is the pixel size; delx/dely may not contradict it. */
class CalibrationConflictTest {

  private static Context ctx;
  private static ImagePlus projections;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
    projections = Headless.projections(ImagePlusVolumes.toVolume(Headless.phantom(16, 16)),
        new Detector(1020, 16, 16, 16, 16, 0, 0, true), Orbit.circular(4, 360, 0, 850), "p16");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  private static Object[] inputs(double delx, boolean override) {
    return new Object[] {"projections", projections, "delx", delx, "dely", delx,
      "override_metadata", override, "size_x", 8, "size_y", 8, "size_z", 8, "spacing_x", 32.0,
      "spacing_y", 32.0, "spacing_z", 32.0, "recipe", "custom", "iterations", 2, "backend", "java"};
  }

  @Test
  void aContradictingPixelSizeIsRefusedUnlessOverridden() {
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("delx 8 and dely 8 mm disagree "
        + "with the calibration of 'p16', 16 × 16 mm", "override_metadata"), inputs(8, false));
    CommandModule same = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs(16, false));
    assertNotNull(same.getOutput("reconstruction"));
    CommandModule fromImage = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs(0, false));
    assertNotNull(fromImage.getOutput("reconstruction"));
    CommandModule over = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs(8, true));
    assertEquals(8, ((ImagePlus) over.getOutput("reconstruction")).getWidth());
  }
}
