package sc.fiji.diffdrr.fiji;

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

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/** Reconstruct Volume from measured intensities with flat and dark fields. */
class ReconstructVolumeIntensityTest {

  private static Context ctx;
  private static final Detector DETECTOR = new Detector(1020, 24, 24, 16, 16, 0, 0, true);
  private static final List<Pose> ORBIT = Orbit.circular(4, 360, 0, 850);
  /** Water-like μ on 16 mm voxels: line integrals up to ≈ 1.5. */
  private static final Volume PHANTOM = scaled(SheppLogan.create(16, 16), 0.005f);
  private static float[] lineIntegrals;
  private static ImagePlus intensities;
  private static float[] flatField;

  private static Volume scaled(Volume v, float f) {
    float[] d = v.data().clone();
    for (int i = 0; i < d.length; i++) d[i] *= f;
    return new Volume(v.grid, d);
  }

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
    lineIntegrals = Headless.render(PHANTOM, DETECTOR, ORBIT);
    int p = DETECTOR.pixelCount();
    flatField = new float[p];
    for (int k = 0; k < p; k++) flatField[k] = 4000 + 10 * (k % 24); // a detector brighter to the right
    float[] i = new float[lineIntegrals.length];
    for (int k = 0; k < i.length; k++) {
      i[k] = (float) (100 + (flatField[k % p] - 100) * Math.exp(-lineIntegrals[k]));
    }
    intensities = ImagePlusProjections.toImagePlus(new ProjectionStack(i, 24, 24, ORBIT.size(), 16,
        16), "counts");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  private static Object[] inputs(Object... more) {
    Object[] base = {"projections", intensities, "input", "intensity", "flat", "", "dark", "100",
      "poses", "orbit", "arc", 360.0, "start", 0.0, "sad", 850.0, "sdd", 1020.0, "size_x", 16,
      "size_y", 16, "size_z", 16, "spacing_x", 16.0, "spacing_y", 16.0, "spacing_z", 16.0,
      "recipe", "custom", "iterations", 12, "lr", 1e-4, "lr_decay", 1.0, "optimizer", "adam",
      "loss", "mse", "tv", 0.0, "nonneg", true, "batch_views", 0, "normalize", "none",
      "backend", "java"};
    List<Object> all = new ArrayList<>(List.of(base));
    for (int k = 0; k < more.length; k += 2) {
      int at = all.indexOf(more[k]);
      all.set(at + 1, more[k + 1]);
    }
    return all.toArray();
  }

  @Test
  void intensitiesWithAFlatImageReconstructAsTheirLineIntegrals(@TempDir Path dir) throws IOException {
    Path flat = dir.resolve("flat.tif");
    // two flat exposures, averaged: ±50 around the field
    float[] two = new float[2 * flatField.length];
    for (int k = 0; k < flatField.length; k++) {
      two[k] = flatField[k] - 50;
      two[flatField.length + k] = flatField[k] + 50;
    }
    ProjectionFiles.write(flat, new ProjectionStack(two, 24, 24, 2, 16, 16));
    CommandModule m = Headless.succeed(ctx, ReconstructVolumeCommand.class,
        inputs("flat", flat.toString()));
    List<View> views = new ArrayList<>();
    for (Pose p : ORBIT) views.add(DETECTOR.view(p, Orientation.AP));
    Volume expected = new Reconstructor(new JavaBackend(1)).run(new ReconstructionProblem(
        PHANTOM.grid, views, lineIntegrals, ProjectorSettings.siddon()),
        new ReconstructionSettings().iterations(12).learningRate(1e-4).nonNegative(true),
        ProgressListener.NONE).volume;
    assertClose(expected.data(),
        ImagePlusVolumes.toVolume((ImagePlus) m.getOutput("reconstruction")).data(), 1e-3);
    // the weighted loss runs on intensities
    Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("flat", flat.toString(), "loss", "wls"));
  }

  /** Simulate Projections with photons, then Reconstruct Volume from its counts with flat = I0. */
  @Test
  void simulatedPhotonsGoStraightIntoReconstructVolume() {
    ImagePlus volume = ImagePlusVolumes.toImagePlus(PHANTOM, "water");
    CommandModule s = Headless.succeed(ctx, SimulateProjectionsCommand.class, "volume", volume,
        "hu", "none", "views", 4, "sad", 850.0, "sdd", 1020.0, "height", 24, "width", 24, "delx",
        16.0, "dely", 16.0, "photons", 1000.0, "seed", 3, "backend", "java");
    ImagePlus counts = (ImagePlus) s.getOutput("projections");
    org.junit.jupiter.api.Assertions.assertTrue(counts.getTitle().endsWith(", 1000 photons)"),
        counts.getTitle());
    float[] c = ImagePlusProjections.fromImagePlus(counts).data;
    double sum = 0, expected = 0;
    for (int k = 0; k < c.length; k++) {
      org.junit.jupiter.api.Assertions.assertEquals(Math.rint(c[k]), c[k], 0, "whole counts");
      sum += c[k];
      expected += 1000 * Math.exp(-lineIntegrals[k]);
    }
    org.junit.jupiter.api.Assertions.assertEquals(expected, sum, 5 * Math.sqrt(expected));
    Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("projections", counts, "flat",
        "1000", "dark", "0", "recipe", "auto"));
    Headless.refuse(ctx, SimulateProjectionsCommand.class, List.of("photons must be a number in [0, 1e12]"),
        "volume", volume, "hu", "none", "photons", -1.0, "backend", "java");
  }

  @Test
  void badIntensityInputIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
    Headless.refuse(ctx, ReconstructVolumeCommand.class,
        List.of("flat must be greater than dark at every pixel", "row 0, column 0"),
        inputs("flat", "100"));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("flat must be a number or an image file"),
        inputs("flat", ""));
    Path small = dir.resolve("small.tif");
    ProjectionFiles.write(small, new ProjectionStack(new float[20 * 24], 20, 24, 1, 16, 16));
    Headless.refuse(ctx, ReconstructVolumeCommand.class,
        List.of("dark (small.tif) is 20×24 pixels but the projections are 24×24"),
        inputs("flat", "5000", "dark", small.toString()));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("loss wls needs input = intensity"),
        inputs("input", "line-integral", "loss", "wls"));
  }
}
