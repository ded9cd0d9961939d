package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.volume.Volume;

/**
 * The gradient-descent loop, written once against {@link Backend}: render the current volume from
 * a batch of views, compare with the targets, backpropagate with Aᵀ, step the optimizer, apply the
 * constraint. Everything stays on the backend; per iteration only the loss (one float) comes back.
 */
public final class Reconstructor {

  private final Backend backend;

  public Reconstructor(Backend backend) {
    this.backend = backend;
  }

  public ReconstructionResult run(ReconstructionProblem problem, ReconstructionSettings s,
      ProgressListener progress) {
    return run(problem, s, progress, null);
  }

  /**
   * As above, keeping the loop's state with {@code checkpoints} every so many iterations and when
   * cancelled, and continuing from its state when it has one (null: no checkpoints).
   */
  public ReconstructionResult run(ReconstructionProblem problem, ReconstructionSettings s,
      ProgressListener progress, Checkpointing checkpoints) {
    LoopState resumed = checkpoints == null ? null : checkpoints.resume();
    long start = System.nanoTime();
    int n = problem.views.size();
    int batch = s.batchViews() <= 0 || s.batchViews() >= n ? n : s.batchViews();
    int p = problem.pixelsPerView();
    int voxels = problem.grid.voxelCount();
    List<DeviceArray> arrays = new ArrayList<>();
    DivergenceGuard guard = null;
    try (ProjectionOperator op = backend.projector(problem.grid, problem.views, problem.projector)) {
      DeviceArray targets = keep(arrays, backend.upload(problem.targets));
      DeviceArray weights = null;
      if (s.loss().weighted()) {
        if (problem.weights == null) {
          throw new IllegalArgumentException("loss wls needs measured intensities (their counts "
              + "weigh each pixel); for line integrals use mse or ncc");
        }
        weights = keep(arrays, backend.upload(problem.weights.weights));
      }
      DeviceArray x;
      if (resumed != null) {
        check(resumed, voxels, n, s);
        x = keep(arrays, backend.upload(resumed.x));
      } else {
        x = keep(arrays, backend.allocate(voxels));
        initialize(x, problem, s, op, targets, arrays, progress);
      }
      DeviceArray g = keep(arrays, backend.allocate(voxels));
      DeviceArray rendered = keep(arrays, backend.allocate((long) batch * p));
      DeviceArray loss = keep(arrays, backend.allocate(1));
      DeviceArray tv = keep(arrays, backend.allocate(1));
      DeviceArray m = keep(arrays, resumed != null ? backend.upload(resumed.m)
          : backend.allocate(voxels));
      DeviceArray v = s.optimizer() != Optimizer.ADAM ? null
          : keep(arrays, resumed != null ? backend.upload(resumed.v) : backend.allocate(voxels));
      if (resumed == null && progress.wantsVolume(0)) progress.volume(0, download(x, voxels));

      guard = new DivergenceGuard(backend, problem.grid, "gradient descent", s.keepLastFinite());
      guard.checkVolume(x, 0, s.iterations(), "the start volume holds NaN or ∞ (check --init-value "
          + "and the projections)");
      Batches batches = new Batches(n, batch, s.seed());
      double[] history = new double[s.iterations()];
      float[] lossHost = new float[1];
      int done = 0;
      boolean canceled = false;
      // the convergence test compares mean losses over whole epochs of at least WINDOW steps, so
      // that small batches of few views do not stop on the noise of one epoch
      int epoch = Math.max(1, (n + batch - 1) / batch);
      epoch *= (WINDOW + epoch - 1) / epoch;
      double epochSum = 0, previousEpoch = Double.NaN;
      if (resumed != null) {
        batches.restore(resumed.order, resumed.position, resumed.random);
        System.arraycopy(resumed.history, 0, history, 0, resumed.iteration);
        done = resumed.iteration;
        epochSum = resumed.epochSum;
        previousEpoch = resumed.previousEpoch;
      }
      int saved = done;
      for (int it = done + 1; it <= s.iterations(); it++) {
        if (progress.isCanceled()) {
          canceled = true;
          break;
        }
        int[] ids = batches.next();
        op.forward(x, ids, rendered);
        backend.imageLoss(s.loss(), rendered, targets, weights, ids, p, rendered, loss);
        // The loss of x before this step: x is finite and so is its loss, or the run stops here.
        backend.download(loss, lossHost);
        guard.checkLoss(lossHost[0], it, s.iterations(), remedy(s, it == 1));
        guard.finite(x, it - 1);
        backend.fill(g, 0);
        op.adjoint(rendered, ids, g);
        if (s.tvWeight() > 0) {
          backend.addTvGradient(x, problem.grid, (float) s.tvWeight(), (float) s.tvEpsilon(), g, tv);
        }
        float lr = (float) s.learningRateAt(it);
        if (s.optimizer() == Optimizer.ADAM) {
          backend.adamStep(x, g, m, v, lr, 0.9f, 0.999f, 1e-8f, it);
        } else {
          backend.sgdStep(x, g, m, lr, (float) s.momentum(), it);
        }
        if (s.nonNegative()) backend.clamp(x, 0, Float.MAX_VALUE);
        guard.checkVolume(x, it, s.iterations(), remedy(s, false));
        history[it - 1] = lossHost[0];
        done = it;
        progress.iterationDone(it, s.iterations(), lossHost[0], seconds(start));
        if (progress.wantsVolume(it)) progress.volume(it, download(x, voxels));
        epochSum += lossHost[0];
        boolean converged = false;
        if (it % epoch == 0) {
          double mean = epochSum / epoch;
          epochSum = 0;
          // only in the second half: before the learning rate has fallen, a stalling (or rising)
          // loss is Adam's step-size noise floor, not convergence
          converged = s.convergence() > 0 && previousEpoch > 0 && 2 * it > s.iterations()
              && (previousEpoch - mean) < s.convergence() * previousEpoch;
          if (!converged) previousEpoch = mean;
        }
        if (converged) break;
        if (checkpoints != null && it % checkpoints.every() == 0) {
          save(checkpoints, it, x, m, v, voxels, batches, epochSum, previousEpoch, history);
          saved = it;
        }
      }
      if (checkpoints != null && canceled && done > saved) {
        save(checkpoints, done, x, m, v, voxels, batches, epochSum, previousEpoch, history);
      }
      Volume result = new Volume(problem.grid, download(x, voxels));
      return new ReconstructionResult(result, Arrays.copyOf(history, done), done, canceled,
          seconds(start), backend.description());
    } finally {
      if (guard != null) guard.close();
      for (DeviceArray a : arrays) a.close();
    }
  }

  private void save(Checkpointing c, int iteration, DeviceArray x, DeviceArray m, DeviceArray v,
      int voxels, Batches batches, double epochSum, double previousEpoch, double[] history) {
    try {
      c.save(new LoopState(c.digest(), iteration, download(x, voxels), download(m, voxels),
          v == null ? null : download(v, voxels), batches.order.clone(), batches.position,
          LoopState.save(batches.random), epochSum, previousEpoch,
          Arrays.copyOf(history, iteration)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the checkpoint: " + e.getMessage(), e);
    }
  }

  /** A state to resume from must fit this problem and these settings. */
  private static void check(LoopState r, int voxels, int views, ReconstructionSettings s) {
    if (r.x.length != voxels || r.m.length != voxels || r.order.length != views
        || (s.optimizer() == Optimizer.ADAM) != (r.v != null) || r.iteration > s.iterations()) {
      throw new IllegalArgumentException("the checkpoint (iteration " + r.iteration + ") does not "
          + "fit this reconstruction (grid, views, optimizer or iterations differ)");
    }
  }

  /** The likely cause of a NaN or ∞ at this iteration, and what to change. */
  private static String remedy(ReconstructionSettings s, boolean startVolume) {
    String lr = ReconstructionSettings.g(s.learningRate());
    if (startVolume) {
      return "likely cause: the start volume or the targets are too large for single precision; "
          + "check --init and the projections' values (or use --normalize minmax)";
    }
    return "likely cause: the learning rate " + lr + " is too large for these data; give a "
        + "smaller --lr (lr in Fiji), e.g. " + ReconstructionSettings.g(s.learningRate() / 100)
        + (s.tvWeight() > 0 ? ", or a smaller --tv" : "");
  }

  private void initialize(DeviceArray x, ReconstructionProblem problem, ReconstructionSettings s,
      ProjectionOperator op, DeviceArray targets, List<DeviceArray> arrays,
      ProgressListener progress) {
    switch (s.initialization()) {
      case CONSTANT:
        backend.fill(x, (float) s.initialValue());
        break;
      case BACKPROJECTION: {
        int[] all = DrrRenderer.allViews(problem.views.size());
        op.adjoint(targets, all, x);
        DeviceArray projected = keep(arrays, backend.allocate(targets.length()));
        op.forward(x, all, projected);
        double ab = backend.dot(projected, targets), aa = backend.sumOfSquares(projected);
        backend.scale(x, aa > 0 ? (float) (ab / aa) : 0f);
        if (s.nonNegative()) backend.clamp(x, 0, Float.MAX_VALUE);
        break;
      }
      case FDK: {
        // the start has its own progress and stops when the run is cancelled
        ReconstructionResult start = Initialization.circular(problem)
            ? new Fdk(backend).run(problem, FdkFilter.RAM_LAK, 1.0, progress.stage("fdk start"))
            : new Cgls(backend).run(problem, new IterativeSettings().iterations(CGLS_START),
                progress.stage("cgls start"));
        try (DeviceArray host = backend.upload(start.volume.data())) {
          backend.copy(host, x);
        }
        if (s.nonNegative()) backend.clamp(x, 0, Float.MAX_VALUE);
        break;
      }
      default:
        break;
    }
  }

  /** The fewest steps over which the convergence test averages the loss. */
  static final int WINDOW = 50;

  /** What {@link #run} holds at its peak (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem, ReconstructionSettings s) {
    int n = problem.views.size();
    int batch = s.batchViews() <= 0 || s.batchViews() >= n ? n : s.batchViews();
    long p = problem.pixelsPerView(), all = n * p, voxels = problem.grid.voxelCount();
    MemoryPlan plan = new MemoryPlan().backend("targets", all);
    if (s.loss().weighted()) plan.backend("weights", all);
    plan.backend("volume", voxels);
    // kept to the end of the run
    if (s.initialization() == Initialization.BACKPROJECTION) plan.backend("start projections", all);
    MemoryPlan loop = new MemoryPlan().backend("gradient", voxels)
        .backend("rendered batch", batch * p)
        .backend(s.optimizer() == Optimizer.ADAM ? "Adam moments" : "momentum",
            s.optimizer() == Optimizer.ADAM ? 2 : 1, voxels);
    if (s.tvWeight() > 0) loop.backend("TV terms", voxels);
    loop.host("result", voxels);
    if (s.initialization() != Initialization.FDK) return plan.add(loop);
    // The FDK (or CGLS) start runs and releases its arrays before the loop allocates its own.
    return plan.addLargerOf(Initialization.circular(problem) ? Fdk.workingSet(problem)
        : Cgls.workingSet(problem), loop);
  }

  /** CGLS iterations of the {@link Initialization#FDK} start where FDK does not apply. */
  static final int CGLS_START = 8;

  private float[] download(DeviceArray a, int length) {
    float[] host = new float[length];
    backend.download(a, host);
    return host;
  }

  private static DeviceArray keep(List<DeviceArray> arrays, DeviceArray a) {
    if (!arrays.contains(a)) arrays.add(a);
    return a;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Views in mini-batches, reshuffled every epoch from a seeded generator. */
  static final class Batches {
    private final int views, size;
    private Random random;
    private final int[] order;
    private int position;

    /** Continues from a checkpoint's order, position and generator. */
    void restore(int[] savedOrder, int savedPosition, byte[] savedRandom) {
      System.arraycopy(savedOrder, 0, order, 0, views);
      position = savedPosition;
      random = LoopState.restore(savedRandom);
    }

    Batches(int views, int size, long seed) {
      this.views = views;
      this.size = size;
      this.random = new Random(seed);
      this.order = new int[views];
      for (int i = 0; i < views; i++) order[i] = i;
      this.position = size >= views ? 0 : views; // shuffle before the first batch
    }

    int[] next() {
      if (size >= views) return order;
      if (position >= views) {
        for (int i = views - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        position = 0;
      }
      int end = Math.min(views, position + size);
      int[] ids = Arrays.copyOfRange(order, position, end);
      position = end;
      return ids;
    }
  }
}
