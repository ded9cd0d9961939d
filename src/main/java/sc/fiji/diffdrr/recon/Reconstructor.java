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
    long start = System.nanoTime();
    int n = problem.views.size();
    int batch = s.batchViews() <= 0 || s.batchViews() >= n ? n : s.batchViews();
    int p = problem.pixelsPerView();
    int voxels = problem.grid.voxelCount();
    List<DeviceArray> arrays = new ArrayList<>();
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
      DeviceArray x = keep(arrays, backend.allocate(voxels));
      initialize(x, problem, s, op, targets, arrays);
      DeviceArray g = keep(arrays, backend.allocate(voxels));
      DeviceArray rendered = keep(arrays, backend.allocate((long) batch * p));
      DeviceArray loss = keep(arrays, backend.allocate(1));
      DeviceArray tv = keep(arrays, backend.allocate(1));
      DeviceArray m = keep(arrays, backend.allocate(voxels));
      DeviceArray v = s.optimizer() == Optimizer.ADAM ? keep(arrays, backend.allocate(voxels)) : null;
      if (progress.wantsVolume(0)) progress.volume(0, download(x, voxels));

      Batches batches = new Batches(n, batch, s.seed());
      double[] history = new double[s.iterations()];
      float[] lossHost = new float[1];
      int done = 0;
      boolean canceled = false;
      int epoch = Math.max(1, (n + batch - 1) / batch);
      double epochSum = 0, previousEpoch = Double.NaN;
      for (int it = 1; it <= s.iterations(); it++) {
        if (progress.isCanceled()) {
          canceled = true;
          break;
        }
        int[] ids = batches.next();
        op.forward(x, ids, rendered);
        backend.imageLoss(s.loss(), rendered, targets, weights, ids, p, rendered, loss);
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
        backend.download(loss, lossHost);
        history[it - 1] = lossHost[0];
        done = it;
        progress.iterationDone(it, s.iterations(), lossHost[0], seconds(start));
        if (progress.wantsVolume(it)) progress.volume(it, download(x, voxels));
        epochSum += lossHost[0];
        if (it % epoch == 0) {
          double mean = epochSum / epoch;
          epochSum = 0;
          if (s.convergence() > 0 && previousEpoch > 0
              && (previousEpoch - mean) < s.convergence() * previousEpoch) {
            break;
          }
          previousEpoch = mean;
        }
      }
      Volume result = new Volume(problem.grid, download(x, voxels));
      return new ReconstructionResult(result, Arrays.copyOf(history, done), done, canceled,
          seconds(start), backend.description());
    } finally {
      for (DeviceArray a : arrays) a.close();
    }
  }

  private void initialize(DeviceArray x, ReconstructionProblem problem, ReconstructionSettings s,
      ProjectionOperator op, DeviceArray targets, List<DeviceArray> arrays) {
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
        ReconstructionResult start = Initialization.circular(problem)
            ? new Fdk(backend).run(problem, FdkFilter.RAM_LAK, 1.0, ProgressListener.NONE)
            : new Cgls(backend).run(problem, new IterativeSettings().iterations(CGLS_START),
                ProgressListener.NONE);
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

  /** What {@link #run} holds at its peak (see {@link MemoryPlan}). */
  public static MemoryPlan workingSet(ReconstructionProblem problem, ReconstructionSettings s) {
    int n = problem.views.size();
    int batch = s.batchViews() <= 0 || s.batchViews() >= n ? n : s.batchViews();
    long p = problem.pixelsPerView(), all = n * p, voxels = problem.grid.voxelCount();
    MemoryPlan plan = new MemoryPlan().backend("targets", all);
    if (s.loss().weighted()) plan.backend("weights", all);
    plan.backend("volume", voxels).backend("gradient", voxels).backend("rendered batch", batch * p)
        .backend(s.optimizer() == Optimizer.ADAM ? "Adam moments" : "momentum",
            s.optimizer() == Optimizer.ADAM ? 2 : 1, voxels);
    if (s.tvWeight() > 0) plan.backend("TV terms", voxels);
    switch (s.initialization()) {
      case BACKPROJECTION:
        plan.backend("start projections", all);
        break;
      case FDK:
        // Transient, while the loop's arrays are not yet allocated; counted whole to stay safe.
        plan.add(Initialization.circular(problem) ? Fdk.workingSet(problem)
            : Cgls.workingSet(problem));
        break;
      default:
        break;
    }
    return plan.host("result", voxels);
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
    private final Random random;
    private final int[] order;
    private int position;

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
