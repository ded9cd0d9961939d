package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.PoseParameterization;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.PoseRenderer;
import sc.fiji.diffdrr.volume.Volume;

/**
 * 2D/3D registration by gradient descent through the renderer: render the CT from the current
 * pose (every rig camera), compare with the X-rays, differentiate the DRRs with respect to the
 * six pose parameters (the backend's view gradient, then the rig and the parameterization's
 * exact Jacobian), step the optimizer. Level by level, coarse to fine; at the coarsest level a
 * poor result triggers restarts from perturbed starts. Written once against {@link Backend}.
 */
public final class Registration {

  private final Backend backend;

  public Registration(Backend backend) {
    this.backend = backend;
  }

  public RegistrationResult run(RegistrationProblem problem, RegistrationSettings s, Pose start,
      ProgressListener listener) {
    ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
    long t0 = System.nanoTime();
    PoseParameterization param = s.parameterization;
    Similarity similarity = s.similarity(problem.pixelPitch());
    double[] p = param.parameters(start);
    History history = new History();
    int evaluations = 0;
    int restartsTried = 0;
    boolean canceled = false;
    int total = 0;
    int[] scales = usableScales(problem.height, problem.width, s.scales);
    for (int level = 0; level < scales.length; level++) total += s.iterationsAt(level);
    double[] levelSeconds = new double[scales.length];
    int[] levelEvaluations = new int[scales.length];
    for (int level = 0; level < scales.length && !canceled; level++) {
      long tl = System.nanoTime();
      int e0 = evaluations;
      Similarity levelLoss = level == 0 && scales.length > 1 && s.coarseLoss != null
          ? Similarity.parse(s.coarseLoss, new int[] {0}, null) : similarity;
      Level lv = new Level(backend, problem, scales[level], levelLoss, param);
      try {
        int budget = s.iterationsAt(level);
        History mine = new History();
        double[] q = p.clone();
        PoseOptimizer opt = s.newOptimizer();
        canceled = lv.optimize(q, opt, budget, s, mine, history.size(), total, progress, t0);
        evaluations += opt.evaluations();
        if (level == 0 && !canceled && s.restarts > 0 && mine.lastNcc() < s.restartBelow) {
          double best = mine.lastObjective();
          for (double[] candidate : restartStarts(param, start, s.restarts)) {
            if (progress.isCanceled()) {
              canceled = true;
              break;
            }
            restartsTried++;
            History trial = new History();
            PoseOptimizer o = s.newOptimizer();
            lv.optimize(candidate, o, budget, s, trial, history.size(), total, ProgressListener.NONE, t0);
            evaluations += o.evaluations();
            if (trial.lastObjective() < best) {
              best = trial.lastObjective();
              q = candidate;
              mine = trial;
            }
            if (trial.lastNcc() >= s.restartBelow) break;
          }
        }
        p = q;
        history.append(mine);
      } finally {
        lv.close();
      }
      levelSeconds[level] = (System.nanoTime() - tl) / 1e9;
      levelEvaluations[level] = evaluations - e0;
    }
    Pose pose = param.pose(p);
    double finalNcc = globalNcc(problem, pose);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new RegistrationResult(pose, start, history.ncc(), history.objective(), history.scales(),
        history.poses(param), evaluations, restartsTried, finalNcc, canceled, seconds,
        backend.description(), s.toString(), scales, levelSeconds, levelEvaluations);
  }

  /**
   * The objective at full resolution with a recipe's loss (one evaluation = one DRR and one pose
   * gradient per view: one iteration of DiffDRR's tutorial loop), for timing; close it after use.
   */
  public Objective fullResolution(RegistrationProblem problem, RegistrationSettings s) {
    return new Level(backend, problem, 1, s.similarity(problem.pixelPitch()), s.parameterization);
  }

  /** The DRR of each rig camera at a pose, full resolution. */
  public List<float[]> render(RegistrationProblem problem, Pose pose) {
    List<float[]> out = new ArrayList<>();
    RigViews views = problem.views(1);
    try (PoseRenderer r = backend.poseRenderer(problem.volume.grid, problem.volume.data(), problem.renderer)) {
      for (int k = 0; k < views.count(); k++) {
        float[] img = new float[problem.pixelCount()];
        r.render(views.view(k, pose), img);
        out.add(img);
      }
    }
    return out;
  }

  /** Global NCC at a pose, full resolution, mean over the views. */
  public double globalNcc(RegistrationProblem problem, Pose pose) {
    List<float[]> drrs = render(problem, pose);
    double s = 0;
    for (int k = 0; k < drrs.size(); k++) {
      s += Ncc.global(drrs.get(k), problem.targets.get(k), drrs.get(k).length, null);
    }
    return s / drrs.size();
  }

  /** Factors that leave at least 8 pixels per side; the last (1) always stays. */
  static int[] usableScales(int height, int width, int[] scales) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < scales.length; i++) {
      if (i == scales.length - 1 || Math.min(height, width) / scales[i] >= 8) keep.add(scales[i]);
    }
    int[] out = new int[keep.size()];
    for (int i = 0; i < out.length; i++) out[i] = keep.get(i);
    return out;
  }

  /**
   * Starts around a poor one: the start with each Euler ZXY angle moved ±0.25 rad (14°), its
   * depth ±30 mm, each angle ±0.5 rad (29°), then pairs of angles; in the run's
   * parameterization.
   */
  static List<double[]> restartStarts(PoseParameterization param, Pose start, int n) {
    PoseParameterization e = PoseParameterization.euler("ZXY");
    double[] base = e.parameters(start);
    List<double[]> out = new ArrayList<>();
    double d = 0.25, big = 0.5;
    double[][] offsets = {
      {d, 0, 0, 0, 0, 0}, {-d, 0, 0, 0, 0, 0}, {0, d, 0, 0, 0, 0}, {0, -d, 0, 0, 0, 0},
      {0, 0, d, 0, 0, 0}, {0, 0, -d, 0, 0, 0}, {0, 0, 0, 0, 30, 0}, {0, 0, 0, 0, -30, 0},
      {big, 0, 0, 0, 0, 0}, {-big, 0, 0, 0, 0, 0}, {0, big, 0, 0, 0, 0}, {0, -big, 0, 0, 0, 0},
      {0, 0, big, 0, 0, 0}, {0, 0, -big, 0, 0, 0},
      {d, d, 0, 0, 0, 0}, {-d, -d, 0, 0, 0, 0}, {d, 0, d, 0, 0, 0}, {-d, 0, -d, 0, 0, 0}};
    for (int k = 0; k < Math.min(n, offsets.length); k++) {
      double[] q = base.clone();
      for (int i = 0; i < 6; i++) q[i] += offsets[k][i];
      out.add(param.parameters(e.pose(q)));
    }
    return out;
  }

  /** One resolution level: coarse detector, targets and volume, and the objective on them. */
  static final class Level implements Objective, AutoCloseable {
    final int factor;
    final RigViews views;
    final List<float[]> targets = new ArrayList<>();
    final PoseRenderer renderer;
    final Similarity similarity;
    final PoseParameterization param;
    final int pixels, width, height;
    final float[] image;
    final double[] dImage;
    final float[] dImageF;
    double lastNcc;
    boolean stepStart;
    double stepNcc;

    Level(Backend backend, RegistrationProblem problem, int factor, Similarity similarity,
        PoseParameterization param) {
      this.factor = factor;
      this.views = problem.views(factor);
      for (float[] t : problem.targets) {
        targets.add(Pyramid.image(t, problem.height, problem.width, factor));
      }
      Volume v = Pyramid.volume(problem.volume, factor);
      this.renderer = backend.poseRenderer(v.grid, v.data(), problem.renderer);
      this.similarity = similarity;
      this.param = param;
      this.width = views.width;
      this.height = views.height;
      this.pixels = views.pixelCount();
      this.image = new float[pixels];
      this.dImage = new double[pixels];
      this.dImageF = new float[pixels];
    }

    @Override
    public double evaluate(double[] p, double[] gradient) {
      double[] rm = new double[12];
      double[][] jac = new double[12][6];
      param.evaluate(p, rm, jac);
      double[] dRm = new double[12];
      double objective = 0;
      double ncc = 0;
      int n = views.count();
      for (int k = 0; k < n; k++) {
        sc.fiji.diffdrr.geometry.View view = views.view(k, rm);
        renderer.render(view, image);
        float[] target = targets.get(k);
        double score = similarity.value(image, target, width, height, dImage);
        objective += similarity.objective(score) / n;
        ncc += (similarity instanceof Ncc && ((Ncc) similarity).patchSize() == 0 ? score
            : Ncc.global(image, target, pixels, null)) / n;
        double sign = (similarity.higherIsBetter() ? -1.0 : 1.0) / n;
        for (int i = 0; i < pixels; i++) dImageF[i] = (float) (sign * dImage[i]);
        views.chain(k, renderer.viewGradient(view, dImageF), dRm);
      }
      for (int j = 0; j < 6; j++) {
        double g = 0;
        for (int i = 0; i < 12; i++) g += dRm[i] * jac[i][j];
        gradient[j] = g;
      }
      lastNcc = ncc;
      if (stepStart) {
        stepNcc = ncc;
        stepStart = false;
      }
      return objective;
    }

    /** Runs the optimizer on p in place; true when canceled. */
    boolean optimize(double[] p, PoseOptimizer opt, int budget, RegistrationSettings s,
        History h, int done, int total, ProgressListener progress, long t0) {
      double[] rates = s.rates();
      for (int it = 0; it < budget; it++) {
        if (progress.isCanceled()) return true;
        double[] before = p.clone();
        stepStart = true;
        double f = opt.step(p, this);
        if (!Double.isFinite(f) || !allFinite(p)) {
          throw sc.fiji.diffdrr.recon.Divergence.of("registration", done + h.size() + 1, total,
              Double.isFinite(f) ? "the pose update" : "the loss",
              Double.isFinite(f) ? firstNonFinite(p) : f, REMEDY);
        }
        h.add(stepNcc, f, factor, before);
        progress.iterationDone(done + h.size(), total, f, (System.nanoTime() - t0) / 1e9);
        if (!Double.isNaN(s.stopNcc) && stepNcc > s.stopNcc) break;
        if (s.tolerance > 0 && h.size() > 3
            && h.objectiveAt(h.size() - 4) - f < s.tolerance) break;
        if (s.stepTolerance > 0 && h.size() > 3 && moved(h.paramsAt(h.size() - 3), p, rates)
            < s.stepTolerance * factor) break;
      }
      // the objective and NCC at the final p, for comparisons between restarts
      double[] g = new double[6];
      stepStart = true;
      double f = evaluate(p, g);
      h.finish(stepNcc, f);
      return false;
    }

    @Override
    public void close() {
      renderer.close();
    }
  }

  /** The largest parameter change, in units of each parameter's learning rate. */
  private static double moved(double[] a, double[] b, double[] rates) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / rates[i]);
    return m;
  }

  private static final String REMEDY = "likely cause: learning rates too large for this "
      + "X-ray; give smaller --lr-rotation and --lr-translation (or the diffdrr recipe's defaults), "
      + "or a start pose nearer the X-ray";

  private static double firstNonFinite(double[] p) {
    for (double v : p) if (!Double.isFinite(v)) return v;
    return 0;
  }

  private static boolean allFinite(double[] p) {
    for (double v : p) if (!Double.isFinite(v)) return false;
    return true;
  }

  /** Per-iteration records, and the objective/NCC where a level ended. */
  private static final class History {
    final List<Double> ncc = new ArrayList<>(), objective = new ArrayList<>();
    final List<Integer> scale = new ArrayList<>();
    final List<double[]> params = new ArrayList<>();
    double endNcc = Double.NaN, endObjective = Double.POSITIVE_INFINITY;

    void add(double n, double f, int s, double[] p) {
      ncc.add(n);
      objective.add(f);
      scale.add(s);
      params.add(p);
    }

    void finish(double n, double f) {
      endNcc = n;
      endObjective = f;
    }

    void append(History o) {
      ncc.addAll(o.ncc);
      objective.addAll(o.objective);
      scale.addAll(o.scale);
      params.addAll(o.params);
    }

    int size() { return ncc.size(); }

    double objectiveAt(int i) { return objective.get(i); }

    double[] paramsAt(int i) { return params.get(i); }

    double lastNcc() { return endNcc; }

    double lastObjective() { return endObjective; }

    double[] ncc() { return ncc.stream().mapToDouble(Double::doubleValue).toArray(); }

    double[] objective() { return objective.stream().mapToDouble(Double::doubleValue).toArray(); }

    int[] scales() { return scale.stream().mapToInt(Integer::intValue).toArray(); }

    List<Pose> poses(PoseParameterization param) {
      List<Pose> out = new ArrayList<>();
      for (double[] p : params) out.add(param.pose(p));
      return out;
    }
  }
}
