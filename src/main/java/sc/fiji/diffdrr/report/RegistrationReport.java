package sc.fiji.diffdrr.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.gui.Plot;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.AtomicFile;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.register.PoseErrors;
import sc.fiji.diffdrr.register.RegistrationResult;

/**
 * The files of {@code register --report DIR}: ncc.csv and ncc.png (global NCC before each step,
 * with the level's detector factor and the objective), trajectory.csv (the pose before each
 * step, pose-table columns), images.png (per view: X-ray, DRR at the start, DRR at the result,
 * result − X-ray) and metrics.json.
 */
public final class RegistrationReport {

  private RegistrationReport() {}

  /** The NCC history as an ImageJ plot, one colour per level. */
  public static Plot nccPlot(String title, RegistrationResult r) {
    Plot plot = new Plot(title, "iteration", "NCC (global, before the step)");
    Color[] colors = {new Color(0xD0, 0x50, 0x00), new Color(0x00, 0x80, 0x40), Color.BLUE,
      Color.MAGENTA};
    int start = 0, level = 0;
    List<String> names = new ArrayList<>();
    double lo = 1;
    for (double v : r.ncc) lo = Math.min(lo, v);
    while (start < r.ncc.length) {
      int end = start;
      while (end < r.ncc.length && r.scale[end] == r.scale[start]) end++;
      double[] x = new double[end - start], y = new double[end - start];
      for (int i = start; i < end; i++) {
        x[i - start] = i + 1;
        y[i - start] = r.ncc[i];
      }
      plot.setColor(colors[level % colors.length]);
      plot.setLineWidth(2);
      plot.add("line", x, y);
      names.add(r.scale[start] == 1 ? "full resolution" : "1/" + r.scale[start] + " resolution");
      start = end;
      level++;
    }
    plot.setLimits(1, Math.max(2, r.ncc.length), Math.min(lo, 0.999) - 0.02, 1.005);
    if (names.size() > 1) {
      plot.setColor(Color.BLACK);
      plot.addLegend(String.join("\n", names));
    }
    return plot;
  }

  /**
   * @param xrays, starts, finals per view, H×W each
   * @param errors against the truth, or null
   */
  public static Map<String, Object> write(Path dir, RegistrationResult r, String convention,
      List<float[]> xrays, List<float[]> starts, List<float[]> finals, int width, int height,
      PoseErrors errors, Map<String, Object> extra) throws IOException {
    Files.createDirectories(dir);
    StringBuilder n = new StringBuilder("iteration,scale,ncc,objective\n");
    for (int i = 0; i < r.ncc.length; i++) {
      n.append(String.format(Locale.ROOT, "%d,%d,%.9g,%.9g%n", i + 1, r.scale[i], r.ncc[i], r.objective[i]));
    }
    AtomicFile.write(dir.resolve("ncc.csv"), out -> out.write(n.toString().getBytes(StandardCharsets.UTF_8)));
    Figure.savePng(nccPlot("registration: NCC", r).getImagePlus(), dir.resolve("ncc.png"));
    List<Pose> trajectory = new ArrayList<>(r.trajectory);
    trajectory.add(r.pose);
    PoseTable.write(dir.resolve("trajectory.csv"), trajectory, convention);
    List<Panel> panels = new ArrayList<>();
    for (int k = 0; k < xrays.size(); k++) {
      float[] x = xrays.get(k), s = starts.get(k), f = finals.get(k);
      double lo = Math.min(ReconstructionReport.min(x), ReconstructionReport.min(f));
      double hi = Math.max(ReconstructionReport.max(x), ReconstructionReport.max(f));
      String v = xrays.size() > 1 ? "view " + (k + 1) + ": " : "";
      panels.add(Panel.of(x, 0, width, height, v + "X-ray (target)", lo, hi));
      panels.add(Panel.of(s, 0, width, height, "start DRR", lo, hi));
      panels.add(Panel.of(f, 0, width, height, "registered DRR", lo, hi));
      float[] d = new float[x.length];
      for (int i = 0; i < d.length; i++) d[i] = f[i] - x[i];
      double span = (hi - lo) / 4;
      panels.add(Panel.of(d, 0, width, height, "registered − X-ray", -span, span));
    }
    Figure.savePng(Figure.grid("registration", panels, 4), dir.resolve("images.png"));
    Map<String, Object> m = metrics(r, errors);
    m.putAll(extra);
    AtomicFile.write(dir.resolve("metrics.json"),
        out -> out.write(Json.write(m).getBytes(StandardCharsets.UTF_8)));
    return m;
  }

  public static Map<String, Object> metrics(RegistrationResult r, PoseErrors e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("final_ncc", r.finalNcc);
    m.put("start_ncc", r.ncc.length > 0 ? r.ncc[0] : Double.NaN);
    m.put("iterations", r.iterations);
    m.put("evaluations", r.evaluations);
    m.put("restarts_tried", r.restartsTried);
    m.put("seconds", r.seconds);
    m.put("canceled", r.canceled);
    m.put("backend", r.backend);
    m.put("settings", r.settings);
    List<Map<String, Object>> levels = new ArrayList<>();
    for (int i = 0; i < r.levelScales.length; i++) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("scale", r.levelScales[i]);
      l.put("seconds", r.levelSeconds[i]);
      l.put("evaluations", r.levelEvaluations[i]);
      levels.add(l);
    }
    m.put("levels", levels);
    if (e != null) {
      m.put("rotation_error_deg", e.rotationDeg);
      m.put("translation_error_mm", e.translationMm);
      m.put("source_error_mm", e.sourceMm);
      m.put("mtre_mm", e.mtreMm);
    }
    return m;
  }
}
