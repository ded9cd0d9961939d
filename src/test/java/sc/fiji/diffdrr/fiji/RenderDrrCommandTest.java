package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.fiji.Headless.assertClose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import ij.gui.NewImage;
import ij.process.FloatProcessor;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;

class RenderDrrCommandTest {

  private static Context ctx;
  private static ImagePlus phantom;
  private static final Detector DETECTOR = new Detector(1020, 16, 20, 16, 14, 5, -3, true);

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
    phantom = Headless.phantom(24, 10);
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  private static Object[] detector(Object... more) {
    Object[] d = {"sdd", 1020.0, "height", 16, "width", 20, "delx", 16.0, "dely", 14.0, "x0", 5.0,
      "y0", -3.0, "backend", "java"};
    Object[] all = new Object[d.length + more.length];
    System.arraycopy(d, 0, all, 0, d.length);
    System.arraycopy(more, 0, all, d.length, more.length);
    return all;
  }

  @Test
  void aSinglePoseGivesTheCoreApisDrrCalibratedAndTitled() {
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, detector("volume", phantom,
        "rotation_x", 10.0, "rotation_y", -5.0, "rotation_z", 30.0, "translation_y", 850.0,
        "translation_z", 12.0));
    ImagePlus drr = (ImagePlus) m.getOutput("drr");
    assertEquals(20, drr.getWidth());
    assertEquals(16, drr.getHeight());
    assertEquals(1, drr.getStackSize());
    assertEquals(32, drr.getBitDepth());
    assertEquals("mm", drr.getCalibration().getUnit());
    assertEquals(16, drr.getCalibration().pixelWidth, 1e-12);
    assertEquals(14, drr.getCalibration().pixelHeight, 1e-12);
    assertEquals("DRR of phantom (siddon, ZXY 10/-5/30°, t 0/850/12 mm)", drr.getTitle());

    // ZXY: R = Rz(30°)·Rx(10°)·Ry(−5°), the pose-table meaning of rotation_x/y/z.
    Pose pose = Pose.eulerDegrees("ZXY", 30, 10, -5, 0, 850, 12);
    float[] expected = Headless.render(ImagePlusVolumes.toVolume(phantom), DETECTOR, List.of(pose));
    assertClose(expected, (float[]) drr.getProcessor().getPixels(), 1e-6);
    assertTrue(max(expected) > 20, "the phantom is in view: max " + max(expected));
  }

  @Test
  void aPoseTableGivesOneLabelledSlicePerPose(@TempDir Path dir) throws IOException {
    List<Pose> poses = List.of(Pose.eulerDegrees("ZYX", 0, 0, 0, 0, 850, 0),
        Pose.eulerDegrees("ZYX", 90, 0, 0, 0, 850, 0), Pose.eulerDegrees("ZYX", 10, 20, 30, 4, 800, -6));
    Path table = dir.resolve("poses.csv");
    PoseTable.write(table, poses, "ZYX");
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, detector("volume", phantom,
        "poses", "pose table", "pose_table", table.toFile(), "convention", "ZYX",
        "renderer", "siddon"));
    ImagePlus drr = (ImagePlus) m.getOutput("drr");
    assertEquals(3, drr.getStackSize());
    assertEquals("DRR of phantom (siddon, 3 poses from poses.csv)", drr.getTitle());
    assertEquals("pose 2: ZYX 0/0/90°, t 0/850/0 mm", drr.getStack().getSliceLabel(2));
    float[] expected = Headless.render(ImagePlusVolumes.toVolume(phantom), DETECTOR, poses);
    assertClose(expected, ImagePlusProjections.fromImagePlus(drr).data, 1e-6);
  }

  @Test
  void autoAppliesDiffDrrsRuleToHounsfieldUnits() {
    ImagePlus ct = NewImage.createShortImage("ct", 12, 12, 12, NewImage.FILL_BLACK);
    ct.getCalibration().setSigned16BitCalibration();
    ct.getCalibration().setUnit("mm");
    ct.getCalibration().pixelWidth = ct.getCalibration().pixelHeight = 20;
    ct.getCalibration().pixelDepth = 20;
    // Air (−1000 HU) around a block of soft tissue (40 HU) with a bone core (1000 HU).
    for (int z = 1; z <= 12; z++) {
      short[] px = (short[]) ct.getStack().getPixels(z);
      for (int i = 0; i < px.length; i++) {
        int x = i % 12, y = i / 12;
        boolean inside = x > 2 && x < 9 && y > 2 && y < 9 && z > 3 && z < 10;
        boolean core = x > 4 && x < 7 && y > 4 && y < 7;
        px[i] = (short) (32768 + (inside ? (core ? 1000 : 40) : -1000));
      }
    }
    assertTrue(ImagePlusVolumes.hounsfield(ct));
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, detector("volume", ct,
        "hu", "auto"));
    Volume hu = ImagePlusVolumes.toVolume(ct);
    float[] expected = Headless.render(HuConversion.DIFFDRR.apply(hu), DETECTOR,
        List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)));
    float[] actual = (float[]) ((ImagePlus) m.getOutput("drr")).getProcessor().getPixels();
    assertClose(expected, actual, 1e-6);
    float[] raw = Headless.render(hu, DETECTOR, List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)));
    assertTrue(Math.abs(max(raw) - max(actual)) > 1, "the rule changed the values");
  }

  @Test
  void cancellingStopsBetweenViewsAndShowsNothing(@TempDir Path dir) throws IOException {
    List<Pose> poses = new java.util.ArrayList<>();
    for (int k = 0; k < 6; k++) poses.add(Pose.eulerDegrees("ZXY", 15 * k, 0, 0, 0, 850, 0));
    Path table = dir.resolve("six.csv");
    PoseTable.write(table, poses, "ZXY");
    Headless.CancelAt cancel = new Headless.CancelAt("Render DRR", 2);
    List<EventSubscriber<?>> subscribers = ctx.service(EventService.class).subscribe(cancel);
    try {
      CommandModule m = Headless.run(ctx, RenderDrrCommand.class, detector("volume", phantom,
          "poses", "pose table", "pose_table", table.toFile()));
      assertEquals(2, cancel.canceledAt);
      assertTrue(m.isCanceled());
      assertEquals("cancelled", m.getCancelReason());
      assertEquals(null, m.getOutput("drr"));
    } finally {
      ctx.service(EventService.class).unsubscribe(subscribers);
    }
  }

  @Test
  void badInputIsRefusedWithAMessageNamingTheProblem(@TempDir Path dir) throws IOException {
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("volume", "no image"), detector());

    ImagePlus rgb = NewImage.createRGBImage("photo", 8, 8, 4, NewImage.FILL_BLACK);
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("photo", "RGB"), detector("volume", rgb));

    ImagePlus flat = new ImagePlus("xray", new FloatProcessor(8, 8));
    flat.getCalibration().setUnit("mm");
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("xray", "single 2-D image"),
        detector("volume", flat));

    ImagePlus uncalibrated = NewImage.createFloatImage("raw", 8, 8, 8, NewImage.FILL_BLACK);
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("raw", "calibration"),
        detector("volume", uncalibrated));

    Path wrong = dir.resolve("wrong.csv");
    Files.write(wrong, "angle,distance\n0,850\n".getBytes(StandardCharsets.UTF_8));
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("wrong.csv", "header"),
        detector("volume", phantom, "poses", "pose table", "pose_table", wrong.toFile()));
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("pose_table"),
        detector("volume", phantom, "poses", "pose table"));

    Headless.refuse(ctx, RenderDrrCommand.class, List.of("sdd", "> 0"),
        detector("volume", phantom, "sdd", -5.0));
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("renderer", "siddon or trilinear"),
        detector("volume", phantom, "renderer", "nearest"));
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("hu"),
        detector("volume", phantom, "hu", "bone"));
  }

  @Test
  void openClAndAutoGiveTheJavaBackendsDrr() {
    // On OpenCL where a device exists (PoCL in CI), else through the Java fallback: the backends
    // agree to 1e-4 relative.
    float[] expected = Headless.render(ImagePlusVolumes.toVolume(phantom), DETECTOR,
        List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)));
    for (String backend : new String[] {"opencl", "auto"}) {
      CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, detector("volume", phantom,
          "backend", backend));
      assertClose(expected, (float[]) ((ImagePlus) m.getOutput("drr")).getProcessor().getPixels(),
          1e-4);
    }
    Headless.refuse(ctx, RenderDrrCommand.class, List.of("backend", "cuda"),
        detector("volume", phantom, "backend", "cuda"));
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : a) m = Math.max(m, v);
    return m;
  }

  /**
   * A detector whose stack cannot fit the heap (the tests' 6 GB: 30000² pixels are 3.4 GiB, held
   * twice) is refused before any rendering, in Fiji's words for more memory.
   */
  @Test
  void aStackTooLargeForTheHeapIsRefusedWithFijisMemoryAdvice() {
    CommandModule m = Headless.refuse(ctx, RenderDrrCommand.class, List.of("not enough Java "
        + "memory", "images 3.4 GiB", "Edit › Options › Memory & Threads", "or fewer views or a "
        + "smaller detector"), "volume", phantom, "sdd", 1020.0, "height", 30000, "width", 30000,
        "delx", 0.01, "dely", 0.01, "backend", "java");
    assertEquals(null, m.getOutput("drr"));
  }

  /** poses = geometry file: the views of an ASTRA file render what the poses they came from do. */
  @Test
  void aGeometryFileGivesTheSameDrrsAsItsPoses(@TempDir Path dir) throws IOException {
    List<Pose> poses = List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Pose.eulerDegrees("ZXY", 30, 10, -5, 0, 850, 12));
    List<sc.fiji.diffdrr.geometry.View> views = new java.util.ArrayList<>();
    for (Pose p : poses) views.add(DETECTOR.view(p, sc.fiji.diffdrr.geometry.Orientation.AP));
    Path astra = dir.resolve("views.astra");
    sc.fiji.diffdrr.io.GeometryFiles.write(astra, sc.fiji.diffdrr.io.GeometryFormat.ASTRA, views);
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, detector("volume", phantom,
        "poses", "geometry file", "geometry", astra.toString(), "geometry_format", "auto"));
    ImagePlus drr = (ImagePlus) m.getOutput("drr");
    assertEquals(2, drr.getStackSize());
    assertEquals("view 2 of " + astra, drr.getStack().getSliceLabel(2));
    float[] expected = Headless.render(ImagePlusVolumes.toVolume(phantom), DETECTOR, poses);
    float[] got = new float[expected.length];
    for (int k = 0; k < 2; k++) {
      System.arraycopy((float[]) drr.getStack().getPixels(k + 1), 0, got, k * 320, 320);
    }
    assertClose(expected, got, 1e-6);
  }
}
