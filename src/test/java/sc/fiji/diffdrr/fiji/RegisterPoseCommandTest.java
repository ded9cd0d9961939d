package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.register.PoseErrors;
import sc.fiji.diffdrr.register.Rig;
import sc.fiji.diffdrr.register.RegisterTestAccess;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Register Pose headless: on the head CT (averaged to 2 mm voxels, the tutorial’s 100×100 detector of 4 mm, to
 * keep the suite fast) it recovers the pose from a start 6°/12 mm away; it can be cancelled; it
 * refuses a stack without a rig.
 */
class RegisterPoseCommandTest {

  private static Context ctx;
  private static ImagePlus ct;
  private static Volume density;
  private static final Detector DETECTOR = new Detector(1020, 100, 4.0);

  @BeforeAll
  static void setUp() throws IOException {
    ctx = Headless.context();
    LoadedVolume lv = VolumeFiles.read(Reference.headCt().resolve("head-ct.mha"));
    density = RegisterTestAccess.downsample(lv.defaultHu().apply(lv.volume, 1.0,
        HuConversion.DEFAULT_MU_WATER).withPlacement(null), 2);
    ct = ImagePlusVolumes.toImagePlus(density, "head");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  static Pose truth() {
    return Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
  }

  private static Object[] inputs(ImagePlus xray, Object... more) {
    Object[] d = {"volume", ct, "xray", xray, "sdd", 1020.0, "delx", 4.0, "dely", 4.0,
      "rotation_x", 4.0, "rotation_y", -3.0, "rotation_z", 6.0, "translation_x", 8.0,
      "translation_y", 841.0, "translation_z", -6.0, "hu", "none", "backend", "java"};
    Object[] all = new Object[d.length + more.length];
    System.arraycopy(d, 0, all, 0, d.length);
    System.arraycopy(more, 0, all, d.length, more.length);
    return all;
  }

  @Test
  void findsThePoseAndShowsDrrTableValuesAndPlot() {
    ImagePlus xray = Headless.projections(density, DETECTOR, List.of(truth()), "ap");
    CommandModule m = Headless.succeed(ctx, RegisterPoseCommand.class, inputs(xray));
    Pose found = Pose.eulerDegrees("ZXY", (Double) m.getOutput("registered_rotation_z"),
        (Double) m.getOutput("registered_rotation_x"), (Double) m.getOutput("registered_rotation_y"),
        (Double) m.getOutput("registered_translation_x"), (Double) m.getOutput("registered_translation_y"),
        (Double) m.getOutput("registered_translation_z"));
    PoseErrors e = PoseErrors.of(found, truth(), Rig.single(), density.grid);
    System.out.println("register pose: " + m.getOutput("final_ncc") + " " + m.getOutput("iterations") + " " + e);
    assertTrue(e.rotationDeg <= 0.5 && e.translationMm <= 1, e.toString());
    assertTrue((Double) m.getOutput("final_ncc") > 0.999);
    assertTrue((Integer) m.getOutput("iterations") > 0);
    ImagePlus r = (ImagePlus) m.getOutput("registered");
    assertNotNull(r);
    assertEquals(2, r.getStackSize());
    assertEquals("X-ray", r.getStack().getSliceLabel(1));
    assertTrue(r.getStack().getSliceLabel(2).matches("registered DRR \\(NCC (0\\.99|1\\.00)\\d+\\)"), r.getStack().getSliceLabel(2));
    assertEquals(4.0, r.getCalibration().pixelWidth);
    assertNotNull(m.getOutput("ncc_plot"));
  }

  /**
   * With a geometry file (ASTRA vectors of a camera 4°/8 mm off the X-ray's), the pose is a motion
   * of that camera from where the file puts it: the start-pose fields (here a source inside the
   * head) are not used, and the registered DRR matches the X-ray.
   */
  @Test
  void aGeometryFilesCamerasAreTheStart(@TempDir Path dir) throws IOException {
    ImagePlus xray = Headless.projections(density, DETECTOR, List.of(truth()), "ap");
    Pose off = Pose.eulerDegrees("ZXY", 4, -2, 1, 6, 846, -5);
    Path file = dir.resolve("camera.astra");
    Files.writeString(file, sc.fiji.diffdrr.io.AstraVectors.text(List.of(DETECTOR.view(off,
        sc.fiji.diffdrr.geometry.Orientation.AP))));
    CommandModule m = Headless.succeed(ctx, RegisterPoseCommand.class, inputs(xray, "geometry",
        file.toString(), "translation_y", 0.0));
    assertTrue((Double) m.getOutput("final_ncc") > 0.999, "final NCC " + m.getOutput("final_ncc"));
    double moved = Math.hypot(Math.hypot((Double) m.getOutput("registered_translation_x"),
        (Double) m.getOutput("registered_translation_y")), (Double) m.getOutput("registered_translation_z"));
    assertTrue(moved > 2 && moved < 40, "a motion of the file's camera of a few mm: " + moved);
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("rig", "geometry file"), inputs(xray,
        "geometry", file.toString(), "rig", file.toString()));
  }

  @Test
  void cancellingStopsAndShowsNothing() {
    ImagePlus xray = Headless.projections(density, DETECTOR, List.of(truth()), "ap");
    Headless.CancelAt cancel = new Headless.CancelAt("Register Pose", 2);
    List<EventSubscriber<?>> subscribers = ctx.service(EventService.class).subscribe(cancel);
    try {
      CommandModule m = Headless.run(ctx, RegisterPoseCommand.class, inputs(xray));
      assertTrue(cancel.canceledAt >= 2);
      assertTrue(m.isCanceled());
      assertEquals("cancelled", m.getCancelReason());
      assertEquals(null, m.getOutput("registered"));
    } finally {
      ctx.service(EventService.class).unsubscribe(subscribers);
    }
  }

  @Test
  void aStackNeedsARigWithOneRowPerSlice(@TempDir Path dir) throws IOException {
    ImagePlus two = Headless.projections(density, DETECTOR,
        List.of(truth(), Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0)), "ap+lat");
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("rig", "2 slices"), inputs(two));
    Path rig = dir.resolve("rig.csv");
    Files.writeString(rig, "rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm\n0,0,0,0,850,0\n");
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("rig.csv", "1 row(s)", "2 slice(s)"),
        inputs(two, "rig", rig.toString()));
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("loss must be"),
        inputs(Headless.projections(density, DETECTOR, List.of(truth()), "ap"), "loss", "mi"));
  }

  /**
   * Measured intensities I0·exp(−p) with flat = I0 register as their line integrals do.
   */
  @Test
  void intensitiesAreConvertedFirst() {
    ImagePlus lines = Headless.projections(density, DETECTOR, List.of(truth()), "ap");
    float[] p = (float[]) lines.getProcessor().convertToFloatProcessor().getPixels();
    // Attenuation scaled to a largest line integral of 5 (this test CT's rays reach far more);
    // NCC does not see the scale.
    float max = 0;
    for (float v : p) max = Math.max(max, v);
    float[] counts = new float[p.length];
    for (int i = 0; i < p.length; i++) counts[i] = (float) (1e5 * Math.exp(-5.0 * p[i] / max));
    ImagePlus xray = new ImagePlus("ap counts", new ij.process.FloatProcessor(lines.getWidth(),
        lines.getHeight(), counts));
    xray.setCalibration(lines.getCalibration().copy());
    CommandModule m = Headless.succeed(ctx, RegisterPoseCommand.class, inputs(xray, "input",
        "intensity", "flat", "1e5", "dark", "0"));
    Pose found = Pose.eulerDegrees("ZXY", (Double) m.getOutput("registered_rotation_z"),
        (Double) m.getOutput("registered_rotation_x"), (Double) m.getOutput("registered_rotation_y"),
        (Double) m.getOutput("registered_translation_x"), (Double) m.getOutput("registered_translation_y"),
        (Double) m.getOutput("registered_translation_z"));
    PoseErrors e = PoseErrors.of(found, truth(), Rig.single(), density.grid);
    assertTrue(e.rotationDeg <= 0.5 && e.translationMm <= 1, e.toString());
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("flat"), inputs(xray, "input",
        "intensity", "flat", ""));
    Headless.refuse(ctx, RegisterPoseCommand.class, List.of("input"), inputs(xray, "input", "counts"));
  }
}
