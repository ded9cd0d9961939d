package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.CheckpointFolder;
import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.recon.Algorithm;
import sc.fiji.diffdrr.recon.Algorithms;
import sc.fiji.diffdrr.recon.AutoRecipe;
import sc.fiji.diffdrr.recon.Divergence;
import sc.fiji.diffdrr.recon.Initialization;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.recon.NovelViews;
import sc.fiji.diffdrr.recon.Optimizer;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.PsnrTrace;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.TargetNormalization;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.report.PsnrTimePlot;
import sc.fiji.diffdrr.report.ReconstructionReport;
import sc.fiji.diffdrr.report.ViewComparison;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** {@code reconstruct}: a volume from projections with known poses (gradient descent, FDK, SIRT, OS-SART, CGLS). */
final class ReconstructCommand implements Subcommand {

  @Override public String name() { return "reconstruct"; }

  @Override public String summary() { return "reconstruct a volume from projections by gradient descent"; }

  @Override
  public String usage() {
    return "usage: reconstruct --projections FILE --poses FILE.csv --sdd MM --delx MM\n"
        + "       --shape X,Y,Z --spacing MM,MM,MM --out volume.mha [options]\n\n"
        + "  input:     --projections FILE (.mha .tif; the detector size comes from the images)\n"
        + "             --poses FILE.csv, or an orbit: --views N [--arc DEG] [--start DEG] --sad MM\n"
        + "             [--normalize none|minmax (none; minmax rescales each target to [0, 1])]\n"
        + IntensityOptions.USAGE
        + "  detector:  --sdd MM --delx MM [--dely MM] [--x0 MM] [--y0 MM] [--orientation AP]\n"
        + "             [--convention ZXY]\n"
        + "  grid:      --shape X,Y,Z --spacing MM,MM,MM [--voxel-convention centered|diffdrr-v05]\n"
        + "             [--offset X,Y,Z (mm, world centre of voxel 0, as MetaImage's Offset)]\n"
        + "             or --like VOLUME (its shape, spacing and placement; --placement centred\n"
        + "             drops the placement); without either the grid is centred\n"
        + GeometryFileOptions.USAGE
        + "             [--projection-units mm|cm] (cm for plastimatch geometry: values × 10)\n"
        + RendererOptions.USAGE
        + AlgorithmOptions.USAGE
        + "  recipe:    [--recipe auto|tutorial (auto)]: auto = Adam from FDK (8 CGLS iterations\n"
        + "             off a circular orbit), up to 500 steps of 2 views (in the second half it stops\n"
        + "             when the loss falls < 0.5% in 50+ steps), lr 0.05 falling to 0.0025 and TV 10,\n"
        + "             both scaled to the data's mean value, non-negative (README: Reconstruction);\n"
        + "             with --input intensity the loss is wls (weights ∝ counts) and TV grows\n"
        + "             with the noise (README: Measured intensities and noise);\n"
        + "             tutorial is DiffDRR's (" + ReconstructionSettings.tutorial() + ").\n"
        + "             Any of these overrides the recipe:\n"
        + "             [--iterations N] [--lr X] [--lr-decay F (final lr = F·lr)]\n"
        + "             [--optimizer adam|sgd] [--momentum M] [--loss mse|ncc|wls] [--batch-views K]\n"
        + "             [--tv W] [--tv-epsilon E] [--nonneg]\n"
        + "             [--init zeros|constant|backprojection|fdk (fdk: FDK on a circular orbit, else\n"
        + "             8 CGLS iterations)] [--init-value V] [--seed S]\n"
        + "             [--convergence F (stop when the mean loss falls < F, 2nd half; 0)]\n"
        + "  check:     [--reference VOL|shepp-logan[:N[:MM]]] [--hu ...] [--mu-water ...]:\n"
        + "             PSNR and SSIM against the true volume (data range = its max − min)\n"
        + BackendOptions.USAGE
        + "  output:    --out FILE (.mha .mhd .tif), [--report DIR]: loss.csv, loss.png,\n"
        + "             slices.png, views.png, metrics.json\n";
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name())
        .add(Option.fileOrGlob("projections", "the projection images (.mha .tif .pfm .dcm)"))
        .add(IntensityOptions.OPTIONS)
        .add(GeometryOptions.DETECTOR).add(GeometryOptions.POSES).add(GeometryOptions.ORBIT)
        .add(GeometryFileOptions.OPTIONS)
        .add(Option.choice("projection-units", "unit of the projections' lengths", "mm", "cm"))
        .add(GridOptions.OPTIONS).add(VolumeOptions.OPTIONS, "voxel-convention", "placement")
        .add(RendererOptions.OPTIONS).add(AlgorithmOptions.OPTIONS)
        .add(Option.choice("normalize", "target normalisation", "none", "minmax"))
        .add(Option.choice("recipe", "gradient-descent recipe", "auto", "tutorial"))
        .add(Option.integer("iterations", 1, 10_000_000, "iterations"))
        .add(Option.positive("lr", Float.MAX_VALUE, null, "learning rate"))
        .add(Option.number("lr-decay", 1e-6, 1, null, "final lr = F·lr"))
        .add(Option.choice("optimizer", "gradient-descent optimizer", "adam", "sgd"))
        .add(Option.belowMax("momentum", 0, 1, "SGD momentum"))
        .add(Option.choice("loss", "image loss", "mse", "ncc", "wls"))
        .add(Option.integer("batch-views", 0, 1_000_000, "views per step (0: all)"))
        .add(Option.number("tv", 0, 1e12, null, "total-variation weight"))
        .add(Option.positive("tv-epsilon", 1e6, null, "TV smoothing"))
        .add(Option.flag("nonneg", "clamp the volume at zero"))
        .add(Option.choice("init", "start volume", "zeros", "constant", "backprojection", "fdk"))
        .add(Option.number("init-value", -Float.MAX_VALUE, Float.MAX_VALUE, null,
            "value of --init constant"))
        .add(Option.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, "mini-batch shuffle seed"))
        .add(Option.belowMax("convergence", 0, 1, "stop when an epoch's loss falls by less"))
        .add(Option.volumeOrPhantom("reference", "the true volume, for PSNR and SSIM"))
        .add(VolumeOptions.OPTIONS, "hu", "bone-multiplier", "mu-water")
        .add(BackendOptions.OPTIONS)
        .add(Option.fileOut("out", "the volume", "mha", "mhd", "tif", "tiff"))
        .add(Option.dirOut("report", "figures and metrics"))
        .add(MetadataRule.OVERRIDE)
        .add(Option.dirOut("checkpoint", "keep the loop's state here (gd)"))
        .add(Option.integer("checkpoint-every", 1, 10_000_000, "iterations between checkpoints ("
            + CheckpointFolder.DEFAULT_EVERY + ")"))
        .add(Option.dirIn("resume", "continue from the checkpoint in this folder (same inputs)"))
        .add(Option.flag("keep-last-finite", "on divergence, write the last finite iterate to --out "
            + "(the run still fails)"));
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    Path out = OutputOptions.file(a, "out", "mha", "mhd", "tif", "tiff");
    Path reportDir = a.path("report");
    Path projectionsFile = a.path("projections");
    if (projectionsFile == null) throw new IllegalArgumentException("--projections is required");
    IntensityOptions input = IntensityOptions.parse(a);
    InputFiles.requireRoomFor("projections", projectionsFile, "projections as read",
        "fewer or smaller projections");
    ProjectionStack measured = InputFiles.read("projections", projectionsFile.toString(),
        () -> ProjectionFiles.read(projectionsFile));
    String name = String.valueOf(projectionsFile.getFileName());
    if (a.has("views") && a.requiredInteger("views") != measured.count) {
      throw new IllegalArgumentException("--views " + a.requiredInteger("views") + " disagrees with "
          + name + ", which holds " + measured.count + " projections (one view per projection); "
          + "leave --views out to use " + measured.count);
    }
    // The file's pixel size is the default; a --delx/--dely that disagrees needs --override-metadata.
    double delx = Double.NaN, dely = Double.NaN;
    if (measured.spacingFromFile) {
      delx = MetadataRule.resolve(a, "delx", measured.delx, "mm", name + "'s pixel width", cli);
      boolean overridden = !MetadataRule.agree(delx, measured.delx);
      dely = a.has("dely")
          ? MetadataRule.resolve(a, "dely", measured.dely, "mm", name + "'s pixel height", cli)
          : overridden ? delx : measured.dely;
    }
    IntensityOptions.Converted converted = input.convert(measured, cli);
    ProjectionStack projections = converted.lineIntegrals;
    GeometryFileOptions file = GeometryFileOptions.parse(a, projections.height, projections.width,
        delx, dely);
    GeometryOptions geometry = file != null ? null
        : GeometryOptions.parse(a, projections.height, projections.width, true, delx, dely,
            measured.count);
    int viewCount = file != null ? file.views.size() : geometry.poses.size();
    if (viewCount != projections.count) {
      throw new IllegalArgumentException(projectionsFile.getFileName() + " holds "
          + projections.count + " projection(s) but there are " + viewCount
          + (file != null ? " view(s) in --geometry " + file.spec : " pose(s)")
          + "; give one view per projection");
    }
    projections = units(a, file, projections, cli);
    VolumeGrid grid = GridOptions.parse(a, cli);
    ProjectorSettings renderer = RendererOptions.parse(a);
    TargetNormalization normalization = TargetNormalization.parse(a.string("normalize", "none"));
    Volume reference = reference(a, grid);
    BackendOptions backendOptions = BackendOptions.parse(a);
    float[] targets = normalization.apply(projections.data, projections.pixelsPerImage());
    List<View> views = file != null ? file.views : geometry.views();
    ReconstructionProblem problem = new ReconstructionProblem(grid, views, targets, renderer,
        converted.weights);
    ReconstructionSettings settings = settings(a, problem);
    AlgorithmOptions algorithm = AlgorithmOptions.parse(a, views.size());
    boolean keepLastFinite = a.flag("keep-last-finite");
    settings.keepLastFinite(keepLastFinite);
    algorithm.settings.keepLastFinite(keepLastFinite);
    a.flag(MetadataRule.OVERRIDE.name);
    IntensityOptions.checkLoss(settings, converted);
    CheckpointFolder checkpoints = checkpoints(a, problem, settings, algorithm.algorithm, cli);
    a.rejectUnknown();
    algorithm.check(problem);

    boolean gd = algorithm.algorithm == Algorithm.GD;
    cli.notice("reconstructing " + grid + (grid.placement == null ? ", placement centred" : "")
        + " from " + (file != null ? file.describe() : views.size() + " view(s)") + ": "
        + (gd ? settings : algorithm.describe()));
    ReconstructionResult result;
    PsnrTrace trace = null;
    List<ViewComparison> training = new ArrayList<>(), novel = new ArrayList<>();
    MemoryPlan plan = heldInputs(measured, converted, projections, targets, reference)
        .add(Algorithms.workingSet(problem, algorithm.algorithm, algorithm.settings, settings));
    try (Backend opened = backendOptions.open(cli);
        Backend backend = Backends.fit(opened, plan, grid, cli::notice)) {
      cli.notice(plan.check(backend, "a coarser grid (--shape, --spacing) or fewer or smaller "
          + "projections"));
      ConsoleProgress console = new ConsoleProgress(algorithm.algorithm.label());
      ProgressListener progress = console;
      if (reference != null && reportDir != null) {
        trace = new PsnrTrace(console, reference, gd ? settings.iterations() : algorithm.settings.iterations());
        progress = trace;
      }
      try {
        result = checkpoints != null
            ? new sc.fiji.diffdrr.recon.Reconstructor(backend).run(problem, settings, progress,
                checkpoints)
            : Algorithms.run(backend, problem, algorithm.algorithm, algorithm.settings, settings,
                progress);
      } catch (Divergence d) {
        console.finish();
        return diverged(d, out, cli);
      }
      if (trace != null) trace.finish(result);
      if (reportDir != null) {
        compareViews(backend, result.volume, reference, geometry, problem, normalization,
            training, novel, views.get(0).width, views.get(0).height);
      }
    }
    VolumeFiles.write(out, result.volume);
    Map<String, Object> metrics = ReconstructionReport.metrics(result, reference, training, novel);
    if (reportDir != null) {
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("views_used", views.size());
      extra.put("algorithm", algorithm.algorithm.label());
      extra.put("settings", gd ? settings.toString() : algorithm.describe());
      extra.put("grid", grid.toString());
      metrics = ReconstructionReport.write(reportDir, "reconstruct", result, reference, training,
          novel, extra);
      if (trace != null) {
        double[][] points = trace.points();
        PsnrTimePlot.write(reportDir, "reconstruct (" + algorithm.algorithm.label() + ")", points[0], points[1]);
      }
    }
    // FDK has no loss: its line leaves it out
    String loss = Double.isNaN(result.lastLoss()) ? "" : String.format(Locale.ROOT,
        ": loss %.4g → %.4g", result.firstLoss(), result.lastLoss());
    cli.out.printf(Locale.ROOT, "%s%d iterations in %.1f s (%.2f it/s, %s)%s%s → %s%s%n",
        gd ? "" : algorithm.algorithm.label() + ": ", result.iterationsDone, result.seconds,
        result.iterationsDone / result.seconds, result.backend, loss,
        reference == null ? "" : String.format(Locale.ROOT, ", PSNR %.2f dB, SSIM %.4f",
            (Double) metrics.get("psnr"), (Double) metrics.get("ssim")),
        out, reportDir == null ? "" : ", report in " + reportDir);
    return Main.OK;
  }

  /** --checkpoint DIR [--checkpoint-every N] and --resume DIR (gradient descent only); null without. */
  private static CheckpointFolder checkpoints(Args a, ReconstructionProblem problem,
      ReconstructionSettings settings, Algorithm algorithm, Cli cli) {
    Path dir = a.path("checkpoint"), resume = a.path("resume");
    if (dir == null && resume == null) return null;
    if (algorithm != Algorithm.GD) {
      throw new IllegalArgumentException("--checkpoint and --resume keep the state of gradient "
          + "descent (--algorithm gd); " + algorithm.label() + " runs without them");
    }
    String digest = sc.fiji.diffdrr.recon.Checkpointing.digest(problem, settings);
    sc.fiji.diffdrr.recon.LoopState state = resume == null ? null : CheckpointFolder.read("--resume", resume, digest);
    if (state != null) {
      cli.notice("resuming from " + resume + " after iteration " + state.iteration + " of "
          + settings.iterations());
    }
    int every = dir != null ? a.integer("checkpoint-every", CheckpointFolder.DEFAULT_EVERY)
        : CheckpointFolder.DEFAULT_EVERY;
    return new CheckpointFolder(dir != null ? dir : resume, every, digest, state);
  }

  /** One line: where and how the run diverged; the last finite iterate only when asked for. */
  private static int diverged(Divergence d, Path out, Cli cli) throws IOException {
    String kept = "; nothing written (--keep-last-finite writes the last finite iterate)";
    if (d.lastFinite != null) {
      VolumeFiles.write(out, d.lastFinite);
      kept = "; the last finite iterate (" + (d.lastFiniteIteration == 0 ? "the start volume"
          : "iteration " + d.lastFiniteIteration) + ") is in " + out + " (--keep-last-finite)";
    }
    cli.err.println("error: " + d.getMessage() + kept);
    return Main.FAILED;
  }

  /** The arrays this command already holds when the plan is made (each distinct one once). */
  private static MemoryPlan heldInputs(ProjectionStack measured, IntensityOptions.Converted converted,
      ProjectionStack projections, float[] targets, Volume reference) {
    MemoryPlan plan = new MemoryPlan().held("projections as read", measured.data.length);
    if (converted.lineIntegrals.data != measured.data) {
      plan.held("line integrals", converted.lineIntegrals.data.length);
    }
    if (converted.weights != null) plan.held("weights", converted.weights.weights.length);
    if (projections.data != converted.lineIntegrals.data) plan.held("projections in mm", projections.data.length);
    if (targets != projections.data) plan.held("target copy", targets.length);
    if (reference != null) plan.held("reference volume", reference.data().length);
    return plan;
  }

  /**
   * plastimatch's DRRs are in cm (Σ value × length): with its geometry, or --projection-units cm,
   * the targets are converted to mm.
   */
  private static ProjectionStack units(Args a, GeometryFileOptions file, ProjectionStack p,
      Cli cli) {
    boolean plastimatch = file != null && file.format == sc.fiji.diffdrr.io.GeometryFormat.PLASTIMATCH;
    String units = a.string("projection-units", plastimatch ? "cm" : "mm");
    if (units.equals("mm")) return p;
    if (!units.equals("cm")) {
      throw new IllegalArgumentException("--projection-units must be mm or cm, got '" + units + "'");
    }
    float[] d = new float[p.data.length];
    for (int i = 0; i < d.length; i++) d[i] = (float) (p.data[i] * sc.fiji.diffdrr.io.PlastimatchGeometry.MM_PER_UNIT);
    cli.notice("projections in cm (plastimatch's DRR unit): multiplied by 10 for mm");
    return new ProjectionStack(d, p.width, p.height, p.count, p.delx, p.dely);
  }

  /** The recipe, then any optimizer option the user gave. */
  static ReconstructionSettings settings(Args a, ReconstructionProblem problem) {
    String recipe = a.string("recipe", "auto");
    ReconstructionSettings s;
    switch (recipe) {
      case "auto": s = AutoRecipe.forProblem(problem); break;
      case "tutorial": s = ReconstructionSettings.tutorial(); break;
      default: throw new IllegalArgumentException("--recipe must be auto or tutorial, got '" + recipe + "'");
    }
    if (a.has("iterations")) s.iterations(a.requiredInteger("iterations"));
    if (a.has("lr")) s.learningRate(a.requiredNumber("lr"));
    if (a.has("lr-decay")) s.finalLearningRateFactor(a.requiredNumber("lr-decay"));
    if (a.has("optimizer")) s.optimizer(Optimizer.parse(a.string("optimizer", null)));
    if (a.has("momentum")) s.momentum(a.requiredNumber("momentum"));
    if (a.has("loss")) s.loss(ImageLoss.parse(a.string("loss", null)));
    if (a.has("batch-views")) s.batchViews(a.requiredInteger("batch-views"));
    if (a.has("tv")) s.tvWeight(a.requiredNumber("tv"));
    if (a.has("tv-epsilon")) s.tvEpsilon(a.requiredNumber("tv-epsilon"));
    if (a.flag("nonneg")) s.nonNegative(true);
    if (a.has("init")) s.initialization(Initialization.parse(a.string("init", null)));
    if (a.has("init-value")) s.initialValue(a.requiredNumber("init-value"));
    if (a.has("seed")) s.seed(a.longInteger("seed", 0));
    if (a.has("convergence")) s.convergence(a.requiredNumber("convergence"));
    return s;
  }

  /** --reference as a file (with --hu) or a phantom spec, on the reconstruction's grid. */
  private static Volume reference(Args a, VolumeGrid grid) throws IOException {
    String spec = a.string("reference", null);
    if (spec == null) return null;
    Volume v;
    if (spec.toLowerCase(Locale.ROOT).startsWith("shepp-logan")) {
      v = VolumeOptions.phantom(spec);
    } else {
      InputFiles.requireRoomFor("reference", java.nio.file.Paths.get(spec), "reference as read",
          "leave --reference out");
      LoadedVolume loaded = InputFiles.read("reference", spec,
          () -> VolumeFiles.read(java.nio.file.Paths.get(spec)));
      HuConversion hu = a.has("hu") ? HuConversion.parse(a.string("hu", null)) : loaded.defaultHu();
      v = hu.apply(loaded.volume, a.number("bone-multiplier", 1.0),
          a.number("mu-water", HuConversion.DEFAULT_MU_WATER));
    }
    if (!v.grid.sameShape(grid)) {
      throw new IllegalArgumentException("--reference is " + v.grid + " but the reconstruction grid is "
          + grid + "; they must have the same shape and spacing");
    }
    return new Volume(grid, v.data());
  }

  /** Training views (targets vs ours) and, with a reference, novel views (truth vs ours). */
  private static void compareViews(Backend backend, Volume ours, Volume reference,
      GeometryOptions geometry, ReconstructionProblem problem, TargetNormalization normalization,
      List<ViewComparison> training, List<ViewComparison> novel, int w, int h) {
    int p = w * h;
    int n = problem.views.size();
    int shown = Math.min(3, n);
    List<View> trainingViews = new ArrayList<>();
    int[] index = new int[shown];
    for (int k = 0; k < shown; k++) {
      index[k] = (int) ((long) k * n / shown);
      trainingViews.add(problem.views.get(index[k]));
    }
    float[] oursTraining = DrrRenderer.render(backend, ours, trainingViews, problem.projector);
    for (int k = 0; k < shown; k++) {
      float[] target = new float[p], mine = new float[p];
      System.arraycopy(problem.targets, index[k] * p, target, 0, p);
      System.arraycopy(oursTraining, k * p, mine, 0, p);
      training.add(new ViewComparison("view " + (index[k] + 1), target, mine, w, h));
    }
    if (reference == null || geometry == null) return; // novel views are built from poses
    List<NovelViews.Labelled> labelled = NovelViews.around(geometry.poses, 3);
    List<View> novelViews = new ArrayList<>();
    for (NovelViews.Labelled l : labelled) novelViews.add(geometry.detector.view(l.pose, geometry.orientation));
    float[] truth = normalization.apply(DrrRenderer.render(backend, reference, novelViews,
        problem.projector), p);
    float[] mine = DrrRenderer.render(backend, ours, novelViews, problem.projector);
    for (int k = 0; k < labelled.size(); k++) {
      float[] t = new float[p], m = new float[p];
      System.arraycopy(truth, k * p, t, 0, p);
      System.arraycopy(mine, k * p, m, 0, p);
      novel.add(new ViewComparison(labelled.get(k).label, t, m, w, h));
    }
  }

}
