package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.io.CheckpointFolder;
import sc.fiji.diffdrr.io.ImagePlusVolumes;

/**
 * Reconstruct Volume's checkpoint folder: cancelling keeps the state, running again with the same
 * inputs and folder continues from it, and the result equals the uninterrupted run bit for bit
 * (Java backend); other inputs with that folder are refused.
 */
class CheckpointFieldTest {

  @TempDir
  static Path tmp;
  private static Context ctx;
  private static ImagePlus projections;

  @BeforeAll
  static void setUp() {
    ctx = Headless.context();
    projections = Headless.projections(ImagePlusVolumes.toVolume(Headless.phantom(16, 16)),
        new Detector(1020, 16, 16, 16, 16, 0, 0, true), Orbit.circular(6, 360, 0, 850), "p");
  }

  @AfterAll
  static void tearDown() {
    ctx.dispose();
  }

  private static Object[] inputs(String checkpoint, double lr) {
    return new Object[] {"projections", projections, "size_x", 16, "size_y", 16, "size_z", 16,
      "spacing_x", 16.0, "spacing_y", 16.0, "spacing_z", 16.0, "recipe", "custom",
      "iterations", 120, "lr", lr, "batch_views", 2, "tv", 0.01, "backend", "java",
      "checkpoint", checkpoint};
  }

  private static float[] voxels(CommandModule m) {
    return (float[]) ((ImagePlus) m.getOutput("reconstruction")).getStack().getPixels(8);
  }

  @Test
  void cancelKeepsTheCheckpointAndTheNextRunContinuesToTheSameVolume() {
    float[] whole = voxels(Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs("", 0.01)));

    Path dir = tmp.resolve("ckpt");
    Headless.CancelAt stop = new Headless.CancelAt("Reconstruct Volume", 37);
    var subscribers = ctx.service(EventService.class).subscribe(stop);
    try {
      Headless.succeed(ctx, ReconstructVolumeCommand.class, inputs(dir.toString(), 0.01));
    } finally {
      ctx.service(EventService.class).unsubscribe(subscribers);
    }
    assertTrue(stop.canceledAt > 0 && Files.exists(dir.resolve(CheckpointFolder.FILE)),
        "cancel at " + stop.canceledAt + " kept a checkpoint");
    CommandModule resumed = Headless.succeed(ctx, ReconstructVolumeCommand.class,
        inputs(dir.toString(), 0.01));
    assertArrayEquals(whole, voxels(resumed), "resumed equals uninterrupted, bit for bit");

    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("checkpoint " + dir,
        "was made from other inputs"), inputs(dir.toString(), 0.02));
    Headless.refuse(ctx, ReconstructVolumeCommand.class, List.of("checkpoint keeps the state of "
        + "gradient descent"), append(inputs(tmp.resolve("c2").toString(), 0.01), "algorithm", "sirt"));
  }

  private static Object[] append(Object[] a, Object... more) {
    Object[] all = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, all, a.length, more.length);
    return all;
  }
}
