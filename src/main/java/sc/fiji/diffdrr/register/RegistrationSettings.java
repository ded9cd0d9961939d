package sc.fiji.diffdrr.register;

import java.util.Arrays;
import java.util.Locale;

import sc.fiji.diffdrr.Require;
import sc.fiji.diffdrr.geometry.PoseParameterization;

/**
 * How to register: the recipe's choices, each overridable. {@link #diffdrr()} is DiffDRR's
 * registration tutorial exactly; {@link #auto()} is this project's default (README:
 * Registration, with the measurements behind it).
 */
public final class RegistrationSettings {

  public enum Recipe {
    AUTO, DIFFDRR;

    public static Recipe parse(String s) {
      String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "auto": return AUTO;
        case "diffdrr": return DIFFDRR;
        default: throw new IllegalArgumentException("recipe must be auto or diffdrr, got '" + s + "'");
      }
    }

    @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
  }

  Recipe recipe;
  PoseParameterization parameterization = PoseParameterization.euler("ZXY");
  String loss = "ncc";
  int[] patchSizes = {0};
  double[] patchWeights;
  /**
   * The first patch's width on the detector in mm, its pixel count following the detector's
   * pitch (auto: 36 mm, 9 pixels of 4 mm, 17 of 2 mm); NaN: {@link #patchSizes} are pixels.
   */
  double patchMm = Double.NaN;
  /** The coarsest level's loss when several levels run (null: the loss). */
  String coarseLoss;
  PoseOptimizer.Kind optimizer = PoseOptimizer.Kind.SGD;
  double lrRotation = 5e-2;
  double lrTranslation = 1e2;
  double momentum = 0;
  double dampening = 0;
  /** L-BFGS: learning rate, inner iterations per step, strong-Wolfe line search. */
  double lbfgsLr = 1;
  int lbfgsInner = 20;
  boolean lineSearch = true;
  /** Most iterations at each level (the last level's value when fewer are given). */
  int[] iterations = {500};
  int[] scales = {1};
  /** Stop when the global NCC before a step exceeds this (NaN: never). */
  double stopNcc = 0.999;
  /** Stop a level when the objective improved by less than this over the last 3 iterations. */
  double tolerance = 0;
  /**
   * Stop a level when no parameter moved more than this many learning-rate units (× the level's
   * detector factor) over the last 3 iterations; 0: never.
   */
  double stepTolerance = 0;
  /** Restarts from perturbed starts when the coarsest level ends with a global NCC below this. */
  double restartBelow = Double.NaN;
  int restarts = 0;

  private RegistrationSettings(Recipe r) {
    this.recipe = r;
  }

  /**
   * DiffDRR's tutorial: Euler ZXY, global NCC (maximised), SGD lr 5e-2 (rotation, rad) and 1e2
   * (translation, mm), no momentum, stop after the step whose NCC exceeds 0.999, at most 500
   * iterations, full resolution.
   */
  public static RegistrationSettings diffdrr() {
    return new RegistrationSettings(Recipe.DIFFDRR);
  }

  /**
   * Coarse to fine over detectors and volumes downsampled 4, 2, 1 times; multiscale NCC (patches
   * 36 mm wide on the full detector — 9×9 pixels of 4 mm, 17×17 of 2 mm — and global, ½ each); L-BFGS with a strong-Wolfe line search, one quasi-Newton
   * iteration per step, in units of 0.01 rad and 1 mm; each level stops when the objective
   * gains less than 1e-4 over 3 iterations (at most 40, 25, 15); when the coarsest level ends
   * below NCC 0.98, up to 18 restarts from perturbed starts (the first to pass 0.98, or the
   * best, is kept).
   */
  public static RegistrationSettings auto() {
    RegistrationSettings s = new RegistrationSettings(Recipe.AUTO);
    s.loss = "mncc";
    s.patchSizes = new int[] {9, 0};
    // measured on the head CT: 9×9 patches of 2 mm pixels (18 mm) left 7 of 10 starts at the
    // 20°/40 mm level in one false minimum (0.25°, 5 mm), 17×17 (34 mm) none
    s.patchMm = 36;
    s.optimizer = PoseOptimizer.Kind.LBFGS;
    s.lrRotation = 0.01;
    s.lrTranslation = 1;
    s.lbfgsInner = 1;
    s.iterations = new int[] {100, 60, 100};
    s.scales = new int[] {4, 2, 1};
    s.stopNcc = Double.NaN;
    s.tolerance = 1e-8;
    s.stepTolerance = 0.01;
    s.restartBelow = 0.98;
    s.restarts = 18;
    return s;
  }

  public static RegistrationSettings of(Recipe r) {
    return r == Recipe.AUTO ? auto() : diffdrr();
  }

  public Recipe recipe() { return recipe; }
  public PoseParameterization parameterization() { return parameterization; }
  public PoseOptimizer.Kind optimizer() { return optimizer; }
  public int[] scales() { return scales.clone(); }
  public double stopNcc() { return stopNcc; }

  public RegistrationSettings parameterization(PoseParameterization p) {
    parameterization = p;
    return this;
  }

  /** ncc | mncc | gncc | mse. */
  public RegistrationSettings loss(String name) {
    Similarity.parse(name, patchSizes, null); // checks the name
    loss = name.trim().toLowerCase(Locale.ROOT);
    return this;
  }

  public RegistrationSettings patchSizes(int[] sizes, double[] weights) {
    if (sizes == null || sizes.length == 0) throw new IllegalArgumentException("patch sizes must name at least one size");
    for (int p : sizes) Require.inRange("patch size", p, 0, 4096);
    patchSizes = sizes.clone();
    patchWeights = weights == null ? null : weights.clone();
    patchMm = Double.NaN;
    return this;
  }

  public RegistrationSettings optimizer(PoseOptimizer.Kind k) {
    optimizer = k;
    if (k == PoseOptimizer.Kind.ADAM && recipe == Recipe.DIFFDRR) {
      // the tutorial's Adam rates
      lrRotation = 1e-1;
      lrTranslation = 5;
    }
    if (k == PoseOptimizer.Kind.LBFGS && recipe == Recipe.DIFFDRR) {
      lrRotation = 1;
      lrTranslation = 1;
    }
    return this;
  }

  public RegistrationSettings lrRotation(double v) {
    lrRotation = Require.positive("lr-rotation", v, null);
    return this;
  }

  public RegistrationSettings lrTranslation(double v) {
    lrTranslation = Require.positive("lr-translation", v, null);
    return this;
  }

  public RegistrationSettings momentum(double v) {
    momentum = Require.inRange("momentum", v, 0, 1);
    return this;
  }

  public RegistrationSettings dampening(double v) {
    dampening = Require.inRange("dampening", v, 0, 1);
    return this;
  }

  public RegistrationSettings iterations(int n) {
    Require.inRange("iterations", n, 1, 1_000_000);
    int[] it = new int[scales.length];
    Arrays.fill(it, n);
    iterations = it;
    return this;
  }

  public RegistrationSettings scales(int[] s) {
    if (s == null || s.length == 0) throw new IllegalArgumentException("scales must name at least one factor");
    for (int f : s) Require.inRange("scale factor", f, 1, 64);
    if (s[s.length - 1] != 1) {
      throw new IllegalArgumentException("scales must end at 1 (full resolution), got " + Arrays.toString(s));
    }
    int[] it = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      it[i] = iterations[Math.max(0, iterations.length - s.length + i)];
    }
    scales = s.clone();
    iterations = it;
    return this;
  }

  public RegistrationSettings stopNcc(double v) {
    stopNcc = Require.inRange("stop-ncc", v, -1, 1);
    return this;
  }

  public RegistrationSettings restarts(int n) {
    restarts = Require.inRange("restarts", n, 0, 64);
    return this;
  }

  Similarity similarity() {
    return Similarity.parse(loss, patchSizes, patchWeights);
  }

  /** The loss on a detector of this pixel pitch (mm): a patch given in mm becomes odd pixels. */
  Similarity similarity(double pitchMm) {
    return Similarity.parse(loss, patchPixels(pitchMm), patchWeights);
  }

  int[] patchPixels(double pitchMm) {
    int[] sizes = patchSizes.clone();
    if (!Double.isNaN(patchMm) && pitchMm > 0 && sizes[0] > 0) {
      int n = (int) Math.round(patchMm / pitchMm);
      if (n % 2 == 0) n--;
      sizes[0] = Math.max(3, n);
    }
    return sizes;
  }

  /** Learning rates (or L-BFGS scales) per parameter, rotation and translation groups. */
  double[] rates() {
    double[] r = new double[6];
    for (int i : parameterization.rotationIndices()) r[i] = lrRotation;
    for (int i : parameterization.translationIndices()) r[i] = lrTranslation;
    return r;
  }

  PoseOptimizer newOptimizer() {
    switch (optimizer) {
      case SGD: return new Sgd(rates(), momentum, dampening);
      case ADAM: return new Adam(rates());
      default: return new Lbfgs(lbfgsLr, lbfgsInner, lineSearch, rates());
    }
  }

  /** The most iterations over all levels (restarts not counted). */
  public int maxIterations() {
    int n = 0;
    for (int i = 0; i < scales.length; i++) n += iterationsAt(i);
    return n;
  }

  int iterationsAt(int level) {
    return iterations[Math.min(level, iterations.length - 1)];
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "recipe %s: %s, loss %s, %s, lr %.3g (rotation) / %.3g "
        + "(translation)%s, scales %s, at most %s iterations%s%s%s", recipe, parameterization,
        similarity().name(), optimizer, lrRotation, lrTranslation,
        optimizer == PoseOptimizer.Kind.SGD && momentum > 0 ? ", momentum " + momentum : "",
        Arrays.toString(scales), Arrays.toString(iterations),
        Double.isNaN(stopNcc) ? "" : ", stop at NCC > " + stopNcc,
        Double.isNaN(patchMm) ? "" : String.format(Locale.ROOT, ", first patch %g mm on the detector", patchMm),
        restarts > 0 ? ", up to " + restarts + " restarts below NCC " + restartBelow : "");
  }
}
