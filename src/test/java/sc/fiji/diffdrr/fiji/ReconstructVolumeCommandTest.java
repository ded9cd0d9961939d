package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.fiji.Headless.assertClose;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import ij.gui.Plot;
import ij.measure.Calibration;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.recon.Algorithm;
import sc.fiji.diffdrr.recon.Algorithms;
import sc.fiji.diffdrr.recon.FdkFilter;
import sc.fiji.diffdrr.recon.IterativeSettings;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.AutoRecipe;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

class ReconstructVolumeCommandTest {

  private static Context ctx;
  private static final Volume PHANTOM = SheppLogan.create(16, 16);
  private static final Detector DETECTOR = new Detector(1020, 24, 24, 16, 16, 0, 0, true);
  private static final List<Pose> ORBIT = Orbit.circular(4, 360, 0, 850);
  private static ImagePlus projections;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
    projections = Headless.projections(PHANTOM, DETECTOR, ORBIT, "orbit");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  /** A custom recipe on the phantom's grid, orbit poses. */
  private static Object[] inputs(Object... more) {
    Object[] base = {"projections", projections, "poses", "orbit", "arc", 360.0, "start", 0.0,
      "sad", 850.0, "sdd", 1020.0, "size_x", 16, "size_y", 16, "size_z", 16, "spacing_x", 16.0,
      "spacing_y", 16.0, "spacing_z", 16.0, "recipe", "custom", "iterations", 12, "lr", 0.01,
      "lr_decay", 1.0, "optimizer", "adam", "loss", "mse", "tv", 0.0, "nonneg", true,
      "batch_views", 0, "normalize", "none", "backend", "java"};
    Object[] all = new Object[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static ReconstructionResult core(ReconstructionSettings s) {
    List<View> views = new ArrayList<>();
    for (Pose p : ORBIT) views.add(DETECTOR.view(p, Orientation.AP));
    float[] targets = Headless.render(PHANTOM, DETECTOR, ORBIT);
    return new Reconstructor(new JavaBackend(1)).run(new ReconstructionProblem(PHANTOM.grid,
        views, targets, ProjectorSettings.siddon()), s, ProgressListener.NONE);
  }

  private static ReconstructionSettings customSettings(int iterations) {
    return new ReconstructionSettings().iterations(iterations).learningRate(0.01).nonNegative(true);
  }

  @Test
  void reconstructsTheCoreApisVolumeCalibratedWithItsLossPlot() {
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs());
    ImagePlus rec = (ImagePlus) m.getOutput("reconstruction");
    assertEquals(16, rec.getWidth());
    assertEquals(16, rec.getHeight());
    assertEquals(16, rec.getStackSize());
    assertEquals(32, rec.getBitDepth());
    Calibration c = rec.getCalibration();
    assertEquals("mm", c.getUnit());
    assertEquals(16, c.pixelWidth, 1e-12);
    assertEquals(16, c.pixelDepth, 1e-12);
    assertEquals("Reconstruction of orbit (4 views, custom recipe)", rec.getTitle());

    ReconstructionResult expected = core(customSettings(12));
    assertClose(expected.volume.data(), ImagePlusVolumes.toVolume(rec).data(), 1e-4);

    ImagePlus lossImage = (ImagePlus) m.getOutput("loss_plot");
    Plot plot = (Plot) lossImage.getProperty(Plot.PROPERTY_KEY);
    assertNotNull(plot, "the loss output is a live plot (a PlotWindow in Fiji)");
    float[] y = plot.getYValues();
    assertEquals(12, y.length);
    for (int i = 0; i < 12; i++) assertEquals(expected.losses[i], y[i], 1e-4 * expected.losses[0]);
    assertTrue(y[11] < 0.5 * y[0], "the loss falls");
    assertTrue(lossImage.getTitle().startsWith("Loss of Reconstruction of orbit"));
  }

  @Test
  void theClassicAlgorithmsRunFromTheirFields() {
    List<View> views = new ArrayList<>();
    for (Pose p : ORBIT) views.add(DETECTOR.view(p, Orientation.AP));
    ReconstructionProblem problem = new ReconstructionProblem(PHANTOM.grid, views,
        Headless.render(PHANTOM, DETECTOR, ORBIT), ProjectorSettings.siddon());
    for (String name : new String[] {"cgls", "fdk", "os-sart"}) {
      CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("algorithm",
          name, "filter", "hann", "cutoff", 0.8, "subsets", 2, "iterations", 5));
      Algorithm a = Algorithm.parse(name);
      IterativeSettings s = new IterativeSettings().filter(FdkFilter.HANN).cutoff(0.8)
          .subsets(a == Algorithm.OS_SART ? 2 : 1).iterations(5).nonNegative(true);
      ReconstructionResult expected = Algorithms.run(new JavaBackend(1), problem, a, s, null,
          ProgressListener.NONE);
      ImagePlus rec = (ImagePlus) m.getOutput("reconstruction");
      assertEquals("Reconstruction of orbit (4 views, " + name + ")", rec.getTitle());
      assertClose(expected.volume.data(), ImagePlusVolumes.toVolume(rec).data(), 1e-4);
    }
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("subsets", "[1, 4]"),
        inputs("algorithm", "os-sart", "subsets", 5));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("filter", "ram-lak"),
        inputs("algorithm", "fdk", "filter", "box"));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("cutoff", "(0, 1]"),
        inputs("algorithm", "fdk", "cutoff", 0.0));
  }

  @Test
  void theTutorialRecipeFitsOneViewAsDiffDrrsTutorial() {
    ImagePlus one = Headless.projections(PHANTOM, DETECTOR, ORBIT.subList(0, 1), "ap");
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("projections",
        one, "recipe", "tutorial", "normalize", "minmax"));
    ImagePlus rec = (ImagePlus) m.getOutput("reconstruction");
    assertEquals("Reconstruction of ap (1 view, tutorial recipe)", rec.getTitle());
    float[] loss = ((Plot) ((ImagePlus) m.getOutput("loss_plot")).getProperty(Plot.PROPERTY_KEY))
        .getYValues();
    assertEquals(101, loss.length, "DiffDRR's 101 iterations");
    assertTrue(loss[100] < 1e-2 * loss[0], "the one view is fitted: " + loss[0] + " → " + loss[100]);
  }

  @Test
  void cancellingStopsWithinOneIterationAndKeepsThePartialVolume() {
    Headless.CancelAt cancel = new Headless.CancelAt("Reconstruct Volume", 3);
    List<EventSubscriber<?>> subscribers = ctx.service(EventService.class).subscribe(cancel);
    CommandModule m;
    try {
      m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("iterations", 50));
    } finally {
      ctx.service(EventService.class).unsubscribe(subscribers);
    }
    assertEquals(3, cancel.canceledAt);
    ImagePlus rec = (ImagePlus) m.getOutput("reconstruction");
    assertEquals("Reconstruction of orbit (4 views, custom recipe, cancelled at iteration 3 of 50)",
        rec.getTitle());
    float[] loss = ((Plot) ((ImagePlus) m.getOutput("loss_plot")).getProperty(Plot.PROPERTY_KEY))
        .getYValues();
    assertEquals(3, loss.length, "stopped before iteration 4");
    // The partial volume is the one three iterations give.
    assertClose(core(customSettings(3)).volume.data(), ImagePlusVolumes.toVolume(rec).data(), 1e-4);
  }

  @Test
  void aPoseTableAndATemplateGiveTheSameAsOrbitAndSizes(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("orbit.csv");
    PoseTable.write(table, ORBIT, "ZXY");
    ImagePlus template = ImagePlusVolumes.toImagePlus(PHANTOM, "template");
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("poses",
        "pose table", "pose_table", table.toFile(), "grid", "template image", "template", template,
        "size_x", 3));
    assertClose(core(customSettings(12)).volume.data(),
        ImagePlusVolumes.toVolume((ImagePlus) m.getOutput("reconstruction")).data(), 1e-4);
  }

  @Test
  void delxAndDelyGiveThePixelSizeOfUncalibratedImages() {
    ImagePlus bare = projections.duplicate();
    bare.setTitle("bare");
    bare.setCalibration(new Calibration());
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("bare", "calibration"),
        inputs("projections", bare));
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("projections",
        bare, "delx", 16.0, "dely", 16.0));
    assertClose(core(customSettings(12)).volume.data(),
        ImagePlusVolumes.toVolume((ImagePlus) m.getOutput("reconstruction")).data(), 1e-4);
    assertEquals("pixel", bare.getCalibration().getUnit(), "the input is left as it was");
  }

  @Test
  void badInputIsRefusedWithAMessageNamingTheProblem(@TempDir Path dir) throws IOException {
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("projections", "no image"),
        inputs("projections", null));
    ImagePlus rgb = NewImage.createRGBImage("colour", 8, 8, 2, NewImage.FILL_BLACK);
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("colour", "RGB"),
        inputs("projections", rgb));

    Path three = dir.resolve("three.csv");
    PoseTable.write(three, Orbit.circular(3, 360, 0, 850), "ZXY");
    Headless.refuse(ctx, ReconstructVolumeCommand.class,
        List.of("three.csv", "3 poses", "'orbit' has 4 images"),
        inputs("poses", "pose table", "pose_table", three.toFile()));

    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("template", "no image"),
        inputs("grid", "template image"));
    ImagePlus flat = projections.crop("1-1");
    flat.setTitle("flat");
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("flat", "single 2-D image"),
        inputs("grid", "template image", "template", flat));

    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("delx", "dely"),
        inputs("delx", 2.0));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("lr"), inputs("lr", 0.0));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("recipe"),
        inputs("recipe", "magic"));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("size_x must be an integer ≥ 1 (voxels), got 0"),
        inputs("size_x", 0));
  }

  @Test
  void autoIsTheMultiViewRecipe() {
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("recipe", "auto",
        "iterations", 7, "lr", 123.0, "backend", "auto"));
    float[] loss = ((Plot) ((ImagePlus) m.getOutput("loss_plot")).getProperty(Plot.PROPERTY_KEY))
        .getYValues();
    // the custom fields (7 iterations) are ignored: the recipe runs up to its 500 steps, or stops
    // when the loss stalls, which it compares over two windows of 50 steps at least
    assertTrue(loss.length >= 100 && loss.length <= AutoRecipe.ITERATIONS,
        "the custom fields are ignored: " + loss.length + " iterations");
    VolumeGrid g = ImagePlusVolumes.toVolume((ImagePlus) m.getOutput("reconstruction")).grid;
    assertTrue(g.sameShape(PHANTOM.grid));
  }
}
