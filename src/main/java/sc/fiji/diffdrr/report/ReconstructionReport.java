package sc.fiji.diffdrr.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.process.FloatProcessor;
import sc.fiji.diffdrr.io.AtomicFile;
import sc.fiji.diffdrr.recon.Metrics;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.volume.Volume;

/**
 * The files of {@code reconstruct --report DIR}: loss.csv, loss.png (log scale), slices.png
 * (reconstruction beside the reference), views.png (training and novel views, ours vs truth) and
 * metrics.json.
 */
public final class ReconstructionReport {

  private ReconstructionReport() {}

  /**
   * @param reference the true volume, or null (then slices.png shows the reconstruction alone and
   *        metrics.json has no psnr/ssim)
   * @param training views used for fitting (targets vs ours)
   * @param novel views not used for fitting (truth vs ours); may be empty
   */
  public static Map<String, Object> write(Path dir, String title, ReconstructionResult result,
      Volume reference, List<ViewComparison> training, List<ViewComparison> novel,
      Map<String, Object> extra) throws IOException {
    Files.createDirectories(dir);
    writeLossCsv(dir.resolve("loss.csv"), result.losses);
    Figure.savePng(LossPlot.image(title + ": loss", result.losses), dir.resolve("loss.png"));
    Figure.savePng(Figure.grid("slices", slicePanels(result.volume, reference), 3),
        dir.resolve("slices.png"));
    if (!training.isEmpty() || !novel.isEmpty()) {
      Figure.savePng(Figure.grid("views", viewPanels(training, novel), 3), dir.resolve("views.png"));
    }
    Map<String, Object> metrics = metrics(result, reference, training, novel);
    metrics.putAll(extra);
    AtomicFile.write(dir.resolve("metrics.json"),
        out -> out.write(Json.write(metrics).getBytes(StandardCharsets.UTF_8)));
    return metrics;
  }

  public static Map<String, Object> metrics(ReconstructionResult result, Volume reference,
      List<ViewComparison> training, List<ViewComparison> novel) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("iterations", result.iterationsDone);
    m.put("seconds", result.seconds);
    m.put("canceled", result.canceled);
    m.put("loss_first", result.firstLoss());
    m.put("loss_last", result.lastLoss());
    m.put("backend", result.backend);
    if (reference != null) {
      double range = reference.max() - reference.min();
      m.put("psnr", Metrics.psnr(reference.data(), result.volume.data(), range));
      m.put("ssim", Metrics.ssim(reference.data(), result.volume.data(), reference.grid, range));
      m.put("data_range", range);
    }
    if (!training.isEmpty()) m.put("ncc_training_mean", meanNcc(training));
    if (!novel.isEmpty()) m.put("ncc_novel_mean", meanNcc(novel));
    List<Map<String, Object>> views = new ArrayList<>();
    for (ViewComparison v : training) views.add(view(v, "training"));
    for (ViewComparison v : novel) views.add(view(v, "novel"));
    if (!views.isEmpty()) m.put("views", views);
    return m;
  }

  private static Map<String, Object> view(ViewComparison v, String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("view", v.label);
    m.put("kind", kind);
    m.put("ncc", v.ncc);
    m.put("mse", v.mse);
    return m;
  }

  static double meanNcc(List<ViewComparison> views) {
    double s = 0;
    for (ViewComparison v : views) s += v.ncc;
    return s / views.size();
  }

  /** Ours beside the reference for the three central planes, and their difference. */
  public static List<Panel> slicePanels(Volume ours, Volume reference) {
    List<Panel> panels = new ArrayList<>();
    double lo = reference != null ? reference.min() : ours.min();
    double hi = reference != null ? reference.max() : ours.max();
    for (VolumeSlices.Plane plane : VolumeSlices.Plane.values()) {
      String name = plane.name().toLowerCase(Locale.ROOT);
      FloatProcessor o = VolumeSlices.slice(ours, plane);
      panels.add(new Panel(o, "ours, " + name, lo, hi));
      if (reference != null) {
        FloatProcessor r = VolumeSlices.slice(reference, plane);
        panels.add(new Panel(r, "truth, " + name, lo, hi));
        double span = (hi - lo) / 2;
        panels.add(new Panel(VolumeSlices.difference(o, r), "ours − truth", -span, span));
      }
    }
    return panels;
  }

  /** One row per view: truth and ours on a common scale, then the difference. */
  public static List<Panel> viewPanels(List<ViewComparison> training, List<ViewComparison> novel) {
    List<Panel> panels = new ArrayList<>();
    for (List<ViewComparison> group : List.of(training, novel)) {
      for (ViewComparison v : group) {
        String kind = group == training ? "training" : "novel";
        double lo = Math.min(min(v.truth), min(v.ours)), hi = Math.max(max(v.truth), max(v.ours));
        panels.add(Panel.of(v.truth, 0, v.width, v.height, kind + " " + v.label + ": target", lo, hi));
        panels.add(Panel.of(v.ours, 0, v.width, v.height,
            String.format(Locale.ROOT, "ours (NCC %.3f)", v.ncc), lo, hi));
        float[] diff = new float[v.truth.length];
        for (int i = 0; i < diff.length; i++) diff[i] = v.ours[i] - v.truth[i];
        double span = (hi - lo) / 4;
        panels.add(Panel.of(diff, 0, v.width, v.height, "ours − target", -span, span));
      }
    }
    return panels;
  }

  static float min(float[] a) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : a) m = Math.min(m, v);
    return m;
  }

  static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : a) m = Math.max(m, v);
    return m;
  }

  static void writeLossCsv(Path file, double[] losses) throws IOException {
    StringBuilder b = new StringBuilder("iteration,loss\n");
    for (int i = 0; i < losses.length; i++) {
      b.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.9g", losses[i])).append('\n');
    }
    AtomicFile.write(file, out -> out.write(b.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
