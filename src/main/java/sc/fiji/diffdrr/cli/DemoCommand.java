package sc.fiji.diffdrr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.AtomicFile;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.recon.AutoRecipe;
import sc.fiji.diffdrr.recon.Metrics;
import sc.fiji.diffdrr.recon.NovelViews;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.recon.TargetNormalization;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.report.Figure;
import sc.fiji.diffdrr.report.HtmlPage;
import sc.fiji.diffdrr.report.Json;
import sc.fiji.diffdrr.report.LossPlot;
import sc.fiji.diffdrr.report.Panel;
import sc.fiji.diffdrr.report.ReconstructionReport;
import sc.fiji.diffdrr.report.ViewComparison;
import sc.fiji.diffdrr.report.VolumeSlices;
import sc.fiji.diffdrr.volume.Volume;

/**
 * {@code demo}: DiffDRR's reconstruction tutorial end to end, then past it. (1) render the target
 * X-ray, (2) reconstruct from that one view, (3) render novel views, (4) compare slices — the
 * single view overfits — then (5) reconstruct from many views on an orbit, which recovers the
 * volume. Writes volumes, DRRs, figures, metrics.json and index.html into one folder.
 */
final class DemoCommand implements Subcommand {

  static final int[] SNAPSHOTS = {0, 25, 50, 75, 100};
  static final int DEFAULT_VIEWS = 60;

  @Override public String name() { return "demo"; }

  @Override public String summary() { return "DiffDRR's reconstruction tutorial end to end, then many views (the main job)"; }

  @Override
  public String usage() {
    return "usage: demo [--out DIR (diffdrr-demo)] [--volume FILE [--hu ...]] [--views N ("
        + DEFAULT_VIEWS + ")] [--backend ...]\n\n"
        + "Runs the tutorial on the built-in Shepp–Logan phantom (128³, 2 mm) or a CT volume:\n"
        + "  1 render the target X-ray (sdd 1020 mm, 200×200 pixels of 2 mm, pose 0,0,0 / 0,850,0 ZXY, AP)\n"
        + "  2 reconstruct from that one view (zeros, MSE, Adam lr 1e-3, 101 iterations)\n"
        + "  3 novel views: the C-arm 10 mm closer and rotated 1°\n"
        + "  4 slices of the reconstruction beside the truth\n"
        + "  5 reconstruct from N views on a full circle (reconstruct's auto recipe) and compare again\n"
        + "Open DIR/index.html to see the result.\n\n"
        + BackendOptions.USAGE;
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name()).add(Option.dirOut("out", "the demo's folder"))
        .add(VolumeOptions.OPTIONS, "volume", "phantom", "hu", "bone-multiplier", "mu-water",
            "voxel-convention", "placement")
        .add(Option.integer("views", 2, 720, "orbit views of stage 5"))
        .add(BackendOptions.OPTIONS);
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    Path dir = Paths.get(a.string("out", "diffdrr-demo"));
    VolumeOptions volumeOptions = a.has("volume") ? VolumeOptions.parse(a) : null;
    int orbitViews = a.integer("views", DEFAULT_VIEWS);
    if (orbitViews < 2 || orbitViews > 720) {
      throw new IllegalArgumentException("--views must be an integer in [2, 720], got " + orbitViews);
    }
    BackendOptions backendOptions = BackendOptions.parse(a);
    a.rejectUnknown();

    long start = System.nanoTime();
    Files.createDirectories(dir);
    Volume truth = volumeOptions != null ? volumeOptions.density : VolumeOptions.phantom("shepp-logan");
    String what = volumeOptions != null ? volumeOptions.description
        : "the 3-D Shepp–Logan phantom, " + truth.grid;
    double range = truth.max() - truth.min();
    Detector detector = new Detector(1020, 200, 2.0);
    Pose seedPose = Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
    ProjectorSettings siddon = ProjectorSettings.siddon();
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("volume", what);
    HtmlPage page = new HtmlPage("DiffDRR for Fiji — the reconstruction tutorial, and past it");
    page.paragraph("Volume: " + what + ". Detector: sdd 1020 mm, 200×200 pixels of 2 mm; the "
        + "seed pose puts the source 850 mm in front of the isocentre (ZXY 0/0/0°, t 0/850/0 mm, AP).");

    try (Backend backend = backendOptions.open(cli)) {
      metrics.put("backend", backend.description());
      page.paragraph("Backend: " + backend.description() + ".");
      View seedView = detector.view(seedPose, Orientation.AP);

      // 1. The target X-ray.
      cli.notice("[1/5] rendering the target X-ray");
      float[] drr = DrrRenderer.render(backend, truth, List.of(seedView), siddon);
      float[] target = TargetNormalization.MINMAX.apply(drr, detector.pixelCount());
      ProjectionStack targetStack = new ProjectionStack(target, 200, 200, 1, 2, 2);
      ProjectionFiles.write(dir.resolve("target.mha"), targetStack);
      ProjectionFiles.write(dir.resolve("target.png"), targetStack);
      page.heading("1. The target X-ray");
      page.image("target.png", "DRR of the volume from the seed pose, min–max normalised to [0, 1]");

      // 2. One view, the seed's recipe.
      ReconstructionProblem single = new ReconstructionProblem(truth.grid, List.of(seedView),
          target, siddon);
      Snapshots snapshots = new Snapshots("[2/5] one view", SNAPSHOTS);
      ReconstructionResult one = new Reconstructor(backend).run(single,
          ReconstructionSettings.tutorial(), snapshots);
      checkNotCanceled(one);
      VolumeFiles.write(dir.resolve("single-view.mha"), one.volume);
      List<Panel> progress = new ArrayList<>();
      for (Map.Entry<Integer, float[]> e : snapshots.volumes.entrySet()) {
        Volume v = new Volume(truth.grid, e.getValue());
        float[] mine = DrrRenderer.render(backend, v, List.of(seedView), siddon);
        float[] diff = new float[mine.length];
        for (int i = 0; i < diff.length; i++) diff[i] = mine[i] - target[i];
        String it = "iteration " + e.getKey();
        progress.add(Panel.of(mine, 0, 200, 200, it + ": ours", 0, 1));
        progress.add(Panel.of(target, 0, 200, 200, "target", 0, 1));
        progress.add(Panel.of(diff, 0, 200, 200, "ours − target", -0.5, 0.5));
        progress.add(new Panel(VolumeSlices.slice(v, VolumeSlices.Plane.CORONAL),
            "volume, coronal slice", 0, Math.max(1e-6, v.max())));
      }
      Figure.savePng(Figure.grid("training", progress, 4), dir.resolve("single-view-training.png"));
      Figure.savePng(LossPlot.image("one view: training loss (MSE)", one.losses),
          dir.resolve("single-view-loss.png"));
      Map<String, Object> m1 = stageMetrics(one, truth, range);
      m1.put("loss_ratio_first_over_last", one.firstLoss() / one.lastLoss());
      metrics.put("single_view", m1);

      // 3. Novel views: the seed's finding.
      cli.notice("[3/5] novel views");
      List<ViewComparison> novelSingle = novelViews(backend, truth, one.volume, detector,
          List.of(seedPose), TargetNormalization.MINMAX, siddon);
      List<ViewComparison> trainSingle = List.of(new ViewComparison("seed view", target,
          DrrRenderer.render(backend, one.volume, List.of(seedView), siddon), 200, 200));
      Figure.savePng(Figure.grid("views", ReconstructionReport.viewPanels(trainSingle, novelSingle), 3),
          dir.resolve("single-view-novel.png"));
      m1.put("views", ReconstructionReport.metrics(one, null, trainSingle, novelSingle).get("views"));

      // 4. Slices.
      cli.notice("[4/5] slices");
      Figure.savePng(Figure.grid("slices", ReconstructionReport.slicePanels(one.volume, truth), 3),
          dir.resolve("single-view-slices.png"));

      page.heading("2. Reconstruction from that one view (DiffDRR's tutorial)");
      page.paragraph("Start from zeros; each iteration renders the volume from the seed pose, takes "
          + "the MSE against the target, backpropagates it to the voxels and steps Adam (lr 1e-3): "
          + "101 iterations in " + seconds(one.seconds) + ".");
      page.table(List.of(List.of("", "value"),
          List.of("training loss, first", fmt(one.firstLoss())),
          List.of("training loss, last", fmt(one.lastLoss())),
          List.of("ratio first/last", fmt(one.firstLoss() / one.lastLoss()))));
      page.image("single-view-loss.png", "training loss, log scale");
      page.image("single-view-training.png", "the training view and a coronal slice at iterations 0, 25, 50, 75, 100");
      page.heading("3. Novel views");
      ViewComparison trained = trainSingle.get(0);
      page.finding(String.format(Locale.ROOT, "The training view matches (NCC %.5f, MSE %.2g), novel "
          + "views do not: %s.", trained.ncc, trained.mse, compared(novelSingle, trained.mse)), false);
      page.image("single-view-novel.png", "training view, then the C-arm rotated 1° and moved 10 mm closer: target, ours, difference");
      page.heading("4. What did we reconstruct?");
      page.finding(String.format(Locale.ROOT, "Slices do not look like the truth: PSNR %.2f dB, SSIM %.3f "
          + "against the true volume.", (Double) m1.get("psnr"), (Double) m1.get("ssim")), false);
      page.image("single-view-slices.png", "central axial, coronal and sagittal slices: ours, truth, difference");

      // 5. Many views.
      List<Pose> orbit = Orbit.circular(orbitViews, 360, 0, 850);
      List<View> views = new ArrayList<>();
      for (Pose p : orbit) views.add(detector.view(p, Orientation.AP));
      cli.notice("[5/5] rendering " + orbitViews + " views on a circle, then reconstructing");
      float[] projections = DrrRenderer.render(backend, truth, views, siddon);
      ProjectionFiles.write(dir.resolve("orbit-projections.mha"),
          new ProjectionStack(projections, 200, 200, orbitViews, 2, 2));
      ReconstructionProblem multi = new ReconstructionProblem(truth.grid, views, projections, siddon);
      ReconstructionSettings recipe = AutoRecipe.forProblem(multi);
      ReconstructionResult many = new Reconstructor(backend).run(multi, recipe,
          new ConsoleProgress("[5/5] " + orbitViews + " views"));
      checkNotCanceled(many);
      VolumeFiles.write(dir.resolve("multi-view.mha"), many.volume);
      List<ViewComparison> novelMany = novelViews(backend, truth, many.volume, detector,
          List.of(seedPose), TargetNormalization.NONE, siddon);
      novelMany = new ArrayList<>(novelMany);
      novelMany.addAll(novelViews(backend, truth, many.volume, detector, orbit,
          TargetNormalization.NONE, siddon));
      List<ViewComparison> trainMany = List.of(new ViewComparison("view 1",
          Arrays.copyOf(projections, 40000),
          DrrRenderer.render(backend, many.volume, List.of(views.get(0)), siddon), 200, 200));
      Figure.savePng(Figure.grid("views", ReconstructionReport.viewPanels(trainMany, novelMany), 3),
          dir.resolve("multi-view-novel.png"));
      Figure.savePng(Figure.grid("slices", ReconstructionReport.slicePanels(many.volume, truth), 3),
          dir.resolve("multi-view-slices.png"));
      Figure.savePng(LossPlot.image(orbitViews + " views: training loss (MSE)", many.losses),
          dir.resolve("multi-view-loss.png"));
      Map<String, Object> m5 = stageMetrics(many, truth, range);
      m5.put("views_used", orbitViews);
      m5.put("settings", recipe.toString());
      m5.put("views", ReconstructionReport.metrics(many, null, trainMany, novelMany).get("views"));
      metrics.put("multi_view", m5);

      page.heading("5. Past the tutorial: " + orbitViews + " views on a circle");
      page.paragraph("The same loop with " + orbitViews + " views around the z axis (source 850 mm "
          + "from the isocentre) and reconstruct's recipe for that many views: " + recipe + "; "
          + many.iterationsDone + " iterations in " + seconds(many.seconds) + ".");
      page.finding(String.format(Locale.ROOT, "Now the volume is recovered: PSNR %.2f dB, SSIM %.4f "
          + "(data range %.3g); novel views match as well as a training view: %s.",
          (Double) m5.get("psnr"), (Double) m5.get("ssim"), range,
          compared(novelMany, trainMany.get(0).mse)), true);
      page.image("multi-view-slices.png", "central slices: ours, truth, difference");
      page.image("multi-view-novel.png", "a training view, then novel views (the seed's two, and halfway between orbit views)");
      page.image("multi-view-loss.png", "training loss, log scale");
    }
    double total = (System.nanoTime() - start) / 1e9;
    metrics.put("seconds_total", total);
    page.heading("Numbers");
    page.table(summaryTable(metrics));
    page.paragraph(String.format(Locale.ROOT, "Total time %s. Files: target.mha, single-view.mha, "
        + "orbit-projections.mha, multi-view.mha (MetaImage, float32, mm), metrics.json.", seconds(total)));
    AtomicFile.write(dir.resolve("metrics.json"),
        out -> out.write(Json.write(metrics).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    page.write(dir.resolve("index.html"));
    @SuppressWarnings("unchecked")
    Map<String, Object> m1 = (Map<String, Object>) metrics.get("single_view");
    @SuppressWarnings("unchecked")
    Map<String, Object> m5 = (Map<String, Object>) metrics.get("multi_view");
    cli.out.printf(Locale.ROOT, "one view: loss %.4g → %.4g, PSNR %.2f dB; %d views: PSNR %.2f dB, "
        + "SSIM %.4f; %s in all → %s%n", (Double) m1.get("loss_first"), (Double) m1.get("loss_last"),
        (Double) m1.get("psnr"), orbitViews, (Double) m5.get("psnr"), (Double) m5.get("ssim"),
        seconds(total), dir.resolve("index.html"));
    return Main.OK;
  }

  private static void checkNotCanceled(ReconstructionResult r) {
    if (r.canceled) throw new IllegalStateException("canceled");
  }

  private static Map<String, Object> stageMetrics(ReconstructionResult r, Volume truth,
      double range) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("iterations", r.iterationsDone);
    m.put("seconds", r.seconds);
    m.put("loss_first", r.firstLoss());
    m.put("loss_last", r.lastLoss());
    m.put("psnr", Metrics.psnr(truth.data(), r.volume.data(), range));
    m.put("ssim", Metrics.ssim(truth.data(), r.volume.data(), truth.grid, range));
    return m;
  }

  /** Novel views around the given poses: truth (normalised like the targets) vs ours. */
  private static List<ViewComparison> novelViews(Backend backend, Volume truth, Volume ours,
      Detector detector, List<Pose> poses, TargetNormalization normalization,
      ProjectorSettings settings) {
    List<NovelViews.Labelled> labelled = NovelViews.around(poses, 2);
    List<View> views = new ArrayList<>();
    for (NovelViews.Labelled l : labelled) views.add(detector.view(l.pose, Orientation.AP));
    int p = detector.pixelCount();
    float[] t = normalization.apply(DrrRenderer.render(backend, truth, views, settings), p);
    float[] o = DrrRenderer.render(backend, ours, views, settings);
    List<ViewComparison> out = new ArrayList<>();
    for (int k = 0; k < views.size(); k++) {
      out.add(new ViewComparison(labelled.get(k).label, Arrays.copyOfRange(t, k * p, (k + 1) * p),
          Arrays.copyOfRange(o, k * p, (k + 1) * p), detector.width, detector.height));
    }
    return out;
  }

  /** "rotated 1° NCC 0.99756, MSE 5.5e-04 (410× the training view's)", ... */
  private static String compared(List<ViewComparison> views, double trainingMse) {
    List<String> parts = new ArrayList<>();
    for (ViewComparison v : views) {
      parts.add(String.format(Locale.ROOT, "%s NCC %.5f, MSE %.2g (%.3g× the training view's)",
          v.label, v.ncc, v.mse, v.mse / trainingMse));
    }
    return String.join("; ", parts);
  }

  @SuppressWarnings("unchecked")
  private static List<List<String>> summaryTable(Map<String, Object> metrics) {
    Map<String, Object> one = (Map<String, Object>) metrics.get("single_view");
    Map<String, Object> many = (Map<String, Object>) metrics.get("multi_view");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("", "one view (tutorial)", many.get("views_used") + " views"));
    for (String key : new String[] {"iterations", "seconds", "loss_first", "loss_last", "psnr", "ssim"}) {
      rows.add(List.of(key, fmt(one.get(key)), fmt(many.get(key))));
    }
    return rows;
  }

  private static String fmt(Object v) {
    if (v instanceof Integer) return v.toString();
    if (v instanceof Number) return String.format(Locale.ROOT, "%.4g", ((Number) v).doubleValue());
    return String.valueOf(v);
  }

  private static String seconds(double s) {
    return s < 60 ? String.format(Locale.ROOT, "%.1f s", s) : ConsoleProgress.duration(s);
  }

  /** A console progress bar that also keeps the volume at chosen iterations. */
  private static final class Snapshots extends ConsoleProgress {
    final Map<Integer, float[]> volumes = new TreeMap<>();
    private final int[] at;

    Snapshots(String stage, int[] at) {
      super(stage);
      this.at = at;
    }

    @Override
    public boolean wantsVolume(int iteration) {
      for (int i : at) {
        if (i == iteration) return true;
      }
      return false;
    }

    @Override
    public void volume(int iteration, float[] voxels) {
      volumes.put(iteration, voxels);
    }
  }
}
