package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/**
 * The gradient-descent loop interrupted at a chosen iteration (cancelled there, as Fiji's task bar
 * does) keeps its state; continuing from that state, through its serialized form, gives the
 * uninterrupted run's volume and loss history. Bit for bit on the Java backend; {@link #check} is
 * shared with the OpenCL test (1e-6 relative).
 */
class ResumeTest {

  /** Keeps the last state in memory, serialized as on disk. */
  static final class Memory implements Checkpointing {
    final int every;
    final String digest;
    byte[] saved;
    LoopState resume;

    Memory(int every, String digest) {
      this.every = every;
      this.digest = digest;
    }

    @Override public int every() { return every; }
    @Override public String digest() { return digest; }
    @Override public LoopState resume() { return resume; }

    @Override
    public void save(LoopState state) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      state.writeTo(b);
      saved = b.toByteArray();
    }

    LoopState last() throws IOException {
      return LoopState.readFrom(new ByteArrayInputStream(saved));
    }
  }

  static ReconstructionProblem problem(Backend b) {
    Volume phantom = SheppLogan.create(16, 8);
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(9, 360, 0, 850)) {
      views.add(new Detector(1020, 16, 16, 10, 10, 0, 0, true).view(p, Orientation.AP));
    }
    float[] targets = DrrRenderer.render(b, phantom, views, ProjectorSettings.siddon());
    return new ReconstructionProblem(phantom.grid, views, targets, ProjectorSettings.siddon());
  }

  /** Mini-batches (the random generator), lr decay, TV, non-negativity, a backprojection start. */
  static ReconstructionSettings settings() {
    return new ReconstructionSettings().iterations(60).learningRate(0.05)
        .finalLearningRateFactor(0.1).batchViews(2).seed(7).tvWeight(0.5).nonNegative(true)
        .initialization(Initialization.BACKPROJECTION);
  }

  /** Interrupts at {@code stopAt}, resumes, and returns {uninterrupted, resumed} volumes. */
  static float[][] interruptAndResume(Backend b, int stopAt) throws IOException {
    ReconstructionProblem p = problem(b);
    ReconstructionSettings s = settings();
    ReconstructionResult whole = new Reconstructor(b).run(p, s, ProgressListener.NONE);

    Memory m = new Memory(25, Checkpointing.digest(p, s));
    ProgressListener stop = new ProgressListener() {
      int done;
      @Override public void iterationDone(int it, int n, double loss, double t) { done = it; }
      @Override public boolean isCanceled() { return done >= stopAt; }
    };
    ReconstructionResult cut = new Reconstructor(b).run(p, s, stop, m);
    assertTrue(cut.canceled);
    assertEquals(stopAt, cut.iterationsDone);
    assertNotNull(m.saved, "cancelling keeps the state");
    assertEquals(stopAt, m.last().iteration);

    m.resume = m.last();
    ReconstructionResult resumed = new Reconstructor(b).run(p, s, ProgressListener.NONE, m);
    assertEquals(60, resumed.iterationsDone);
    assertEquals(whole.losses.length, resumed.losses.length);
    return new float[][] {whole.volume.data(), resumed.volume.data()};
  }

  @Test
  void interruptedAtAChosenIterationAndResumedEqualsTheUninterruptedRunBitForBit() throws IOException {
    try (Backend b = new JavaBackend(2)) {
      for (int stopAt : new int[] {1, 23, 50}) {
        float[][] r = interruptAndResume(b, stopAt);
        for (int i = 0; i < r[0].length; i++) {
          assertEquals(Float.floatToRawIntBits(r[0][i]), Float.floatToRawIntBits(r[1][i]),
              "stopped at " + stopAt + ", voxel " + i);
        }
      }
    }
  }

  @Test
  void aStateOfAnotherShapeOrOptimizerIsRefused() throws IOException {
    try (Backend b = new JavaBackend(2)) {
      ReconstructionProblem p = problem(b);
      Memory m = new Memory(10, "d");
      new Reconstructor(b).run(p, settings().iterations(10), ProgressListener.NONE, m);
      m.resume = m.last();
      assertThrows(IllegalArgumentException.class, () -> new Reconstructor(b).run(p,
          settings().optimizer(Optimizer.SGD), ProgressListener.NONE, m));
      ByteArrayOutputStream truncated = new ByteArrayOutputStream();
      truncated.write(m.saved, 0, m.saved.length / 2);
      IOException e = assertThrows(IOException.class,
          () -> LoopState.readFrom(new ByteArrayInputStream(truncated.toByteArray())));
      assertEquals("not a complete DiffDRR checkpoint", e.getMessage());
    }
  }
}
