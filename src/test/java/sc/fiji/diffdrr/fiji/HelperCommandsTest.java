package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.diffdrr.fiji.Headless.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.GeometryFiles;
import sc.fiji.diffdrr.io.GeometryFormat;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.recon.Metrics;
import sc.fiji.diffdrr.recon.NovelViews;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/** Shepp-Logan Phantom, Simulate Projections and Compare Volumes. */
class HelperCommandsTest {

  private static Context ctx;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  @Test
  void thePhantomIsTheCorePhantomCalibrated() {
    CommandModule m = Headless.succeed(ctx, SheppLoganCommand.class, "size", 20, "spacing", 2.5);
    ImagePlus p = (ImagePlus) m.getOutput("phantom");
    assertEquals("Shepp-Logan phantom (20³ voxels of 2.5 mm)", p.getTitle());
    assertEquals(20, p.getStackSize());
    assertEquals(32, p.getBitDepth());
    assertEquals(2.5, p.getCalibration().pixelDepth, 1e-12);
    assertArrayEquals(SheppLogan.create(20, 2.5).data(), ImagePlusVolumes.toVolume(p).data());
    Headless.refuse(ctx, SheppLoganCommand.class, List.of("phantom size"), "size", 0, "spacing", 2.0);
    Headless.refuse(ctx, SheppLoganCommand.class, List.of("phantom spacing"), "size", 8,
        "spacing", -1.0);
  }

  @Test
  void simulatedProjectionsAreTheOrbitsDrrsAndItsPoseTable(@TempDir Path dir) throws IOException {
    ImagePlus phantom = Headless.phantom(16, 16);
    Path table = dir.resolve("poses.csv");
    CommandModule m = Headless.succeed(ctx, SimulateProjectionsCommand.class, "volume", phantom,
        "views", 5, "arc", 180.0, "start", 10.0, "sad", 850.0, "sdd", 1020.0, "height", 18,
        "width", 22, "delx", 15.0, "dely", 15.0, "backend", "java", "output_table", table.toFile());
    ImagePlus p = (ImagePlus) m.getOutput("projections");
    assertEquals("Projections of phantom (orbit of 5 views over 180° from 10°, sad 850 mm)",
        p.getTitle());
    assertEquals(5, p.getStackSize());
    assertEquals(22, p.getWidth());
    assertEquals(18, p.getHeight());
    assertEquals(15, p.getCalibration().pixelWidth, 1e-12);
    assertEquals("view 3: ZXY 0/0/100°, t 0/850/0 mm", p.getStack().getSliceLabel(3));
    List<Pose> orbit = Orbit.circular(5, 180, 10, 850);
    Detector d = new Detector(1020, 18, 22, 15, 15, 0, 0, true);
    assertClose(Headless.render(ImagePlusVolumes.toVolume(phantom), d, orbit),
        ImagePlusProjections.fromImagePlus(p).data, 1e-6);

    List<Pose> written = PoseTable.read(table, "ZXY");
    assertEquals(5, written.size());
    for (int k = 0; k < 5; k++) {
      assertArrayEquals(orbit.get(k).matrix(), written.get(k).matrix(), 1e-9);
    }

    // The written table drives the same projections back.
    CommandModule again = Headless.succeed(ctx, SimulateProjectionsCommand.class, "volume", phantom,
        "poses", "pose table", "pose_table", table.toFile(), "height", 18, "width", 22,
        "delx", 15.0, "dely", 15.0, "backend", "java");
    assertClose(ImagePlusProjections.fromImagePlus(p).data,
        ImagePlusProjections.fromImagePlus((ImagePlus) again.getOutput("projections")).data, 1e-6);
    assertEquals(List.of("poses.csv"), List.of(dir.toFile().list()), "nothing else written");
  }

  /** poses = geometry file: an ASTRA file of an orbit's views simulates what the orbit does. */
  @Test
  void aGeometryFileSimulatesWhatItsPosesDo(@TempDir Path dir) throws IOException {
    ImagePlus phantom = Headless.phantom(16, 16);
    List<Pose> orbit = Orbit.circular(4, 360, 20, 850);
    Detector d = new Detector(1020, 18, 22, 15, 15, 0, 0, true);
    List<View> views = new ArrayList<>();
    for (Pose p : orbit) views.add(d.view(p, Orientation.AP));
    Path astra = dir.resolve("orbit.astra");
    GeometryFiles.write(astra, GeometryFormat.ASTRA, views);

    CommandModule m = Headless.succeed(ctx, SimulateProjectionsCommand.class, "volume", phantom,
        "poses", "geometry file", "geometry", astra.toString(), "geometry_format", "astra",
        "height", 18, "width", 22, "backend", "java"); // ASTRA rows give no detector size
    ImagePlus p = (ImagePlus) m.getOutput("projections");
    assertEquals("Projections of phantom (4 views from orbit.astra)", p.getTitle());
    assertEquals(4, p.getStackSize());
    assertEquals(22, p.getWidth());
    assertEquals(18, p.getHeight());
    assertEquals(15, p.getCalibration().pixelWidth, 1e-9, "pixel size from the file");
    assertEquals("view 2 of " + astra, p.getStack().getSliceLabel(2));
    assertClose(Headless.render(ImagePlusVolumes.toVolume(phantom), d, orbit),
        ImagePlusProjections.fromImagePlus(p).data, 1e-6);

    // Views from a file have no pose table to save: refused before any rendering, nothing written.
    Path table = dir.resolve("never.csv");
    Headless.refuse(ctx, SimulateProjectionsCommand.class, List.of("output_table", "geometry file"),
        "volume", phantom, "poses", "geometry file", "geometry", astra.toString(),
        "output_table", table.toString());
    Headless.refuse(ctx, SimulateProjectionsCommand.class, List.of("geometry"), "volume", phantom,
        "poses", "geometry file");
    assertTrue(!Files.exists(table));
  }

  @Test
  void simulateRefusesBadInputWithoutWritingThePoseTable(@TempDir Path dir) {
    Path table = dir.resolve("never.csv");
    Headless.refuse(ctx, SimulateProjectionsCommand.class, List.of("volume", "no image"),
        "output_table", table.toFile());
    Headless.refuse(ctx, SimulateProjectionsCommand.class, List.of("views"), "volume",
        Headless.phantom(8, 10), "views", 0, "output_table", table.toFile());
    assertTrue(!Files.exists(table));
  }

  @Test
  void compareGivesTheCoreMetricsSlicesAndNovelViews() {
    Volume truth = SheppLogan.create(16, 16);
    float[] noisy = truth.data().clone();
    for (int i = 0; i < noisy.length; i++) noisy[i] += 0.05f * (float) Math.sin(i * 0.37);
    ImagePlus reference = ImagePlusVolumes.toImagePlus(truth, "truth");
    ImagePlus rec = ImagePlusVolumes.toImagePlus(new Volume(truth.grid, noisy), "rec");

    CommandModule plain = Headless.succeed(ctx, CompareVolumesCommand.class, "reconstruction", rec,
        "reference", reference);
    double range = truth.max() - truth.min();
    assertEquals(Metrics.psnr(truth.data(), noisy, range), (double) plain.getOutput("psnr"), 1e-9);
    assertEquals(Metrics.ssim(truth.data(), noisy, truth.grid, range),
        (double) plain.getOutput("ssim"), 1e-9);
    ImagePlus slices = (ImagePlus) plain.getOutput("slices");
    assertEquals("Slices of rec vs truth", slices.getTitle());
    assertTrue(slices.getWidth() >= 3 * 16 && slices.getHeight() >= 3 * 16, "3 planes × 3 panels");
    assertTrue(labelled(slices), "the panels are labelled");
    assertNull(plain.getOutput("view_comparison"));
    assertNull(plain.getOutput("novel_ncc"));

    CommandModule views = Headless.succeed(ctx, CompareVolumesCommand.class, "reconstruction", rec,
        "reference", reference, "novel", true, "views", 1, "height", 20, "width", 20,
        "delx", 16.0, "dely", 16.0, "backend", "java");
    ImagePlus figure = (ImagePlus) views.getOutput("view_comparison");
    assertNotNull(figure);
    assertTrue(figure.getHeight() >= 3 * 20, "one training and two novel rows");
    double novel = (Double) views.getOutput("novel_ncc");
    // The seed's novel views: 1° rotated and 10 mm closer than the one training pose.
    Detector d = new Detector(1020, 20, 20, 16, 16, 0, 0, true);
    List<NovelViews.Labelled> n = NovelViews.around(Orbit.circular(1, 360, 0, 850), 4);
    assertEquals(2, n.size());
    double expected = 0;
    for (NovelViews.Labelled l : n) {
      expected += Metrics.ncc(Headless.render(truth, d, List.of(l.pose)),
          Headless.render(new Volume(truth.grid, noisy), d, List.of(l.pose))) / 2;
    }
    assertEquals(expected, novel, 1e-6);
    assertTrue((Double) views.getOutput("training_ncc") > 0.9);
  }

  /** Whether the strip above the first panel (where Figure writes its label) has any ink. */
  private static boolean labelled(ImagePlus figure) {
    ij.process.ImageProcessor ip = figure.getProcessor();
    for (int y = 6; y < 6 + 18; y++) {
      for (int x = 6; x < figure.getWidth() - 6; x++) {
        if (ip.get(x, y) > 0) return true;
      }
    }
    return false;
  }

  @Test
  void compareRefusesVolumesOnDifferentGrids() {
    ImagePlus a = Headless.phantom(12, 10);
    a.setTitle("small");
    ImagePlus b = Headless.phantom(16, 10);
    b.setTitle("large");
    Headless.refuse(ctx, CompareVolumesCommand.class, List.of("small", "large", "must match"),
        "reconstruction", a, "reference", b);
    Headless.refuse(ctx, CompareVolumesCommand.class, List.of("reference", "no image"),
        "reconstruction", a);
  }
}
