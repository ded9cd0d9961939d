package sc.fiji.diffdrr.fiji;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.recon.Metrics;
import sc.fiji.diffdrr.recon.NovelViews;
import sc.fiji.diffdrr.recon.TargetNormalization;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.report.Figure;
import sc.fiji.diffdrr.report.ReconstructionReport;
import sc.fiji.diffdrr.report.ViewComparison;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Plugins › DiffDRR › Compare Volumes: what did we reconstruct? PSNR and SSIM against a reference
 * volume, the central slices side by side, and optionally DRRs of both volumes from training views
 * and from novel views (between training views, or the seed's 1° rotated and 10 mm closer), with
 * their NCC and MSE — where a reconstruction from too few views shows that it only fits its training views.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Compare Volumes", headless = true,
    description = "PSNR/SSIM, slices and novel views of a reconstruction against a reference volume")
public class CompareVolumesCommand extends DiffDrrCommand {

  /** Training and novel views shown at most. */
  static final int VIEWS_SHOWN = 4;

  @Parameter(label = "Reconstruction")
  private ImagePlus reconstruction;

  @Parameter(label = "Reference volume")
  private ImagePlus reference;

  @Parameter(label = "HU to density for the reference", choices = {"auto", "diffdrr", "mu", "none"})
  private String hu = "auto";

  @Parameter(label = "Voxel placement", choices = {"centered", "diffdrr-v05"})
  private String voxel_placement = "centered";

  @Parameter(label = "Render training and novel views")
  private boolean novel;

  @Parameter(label = "Training poses", choices = {PoseInput.ORBIT, PoseInput.TABLE})
  private String poses = PoseInput.ORBIT;

  @Parameter(label = "Pose table (CSV, for poses = pose table)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String pose_table = OptionalFile.NONE;

  @Parameter(label = "Browse for the pose table…", callback = "browsePoseTable", required = false)
  private Button pose_table_browse;

  @Parameter(label = "Euler convention (pose tables)",
      choices = {"ZXY", "ZYX", "XYZ", "XZY", "YXZ", "YZX"})
  private String convention = "ZXY";

  @Parameter(label = "Orbit views", min = "1")
  private int views = 1;

  @Parameter(label = "Orbit arc (degrees)")
  private double arc = 360;

  @Parameter(label = "Orbit start angle (degrees)")
  private double start;

  @Parameter(label = "Source-to-isocentre distance sad (mm)", min = "0")
  private double sad = 850;

  @Parameter(label = "Orientation", choices = {"AP", "PA", "none"})
  private String orientation = "AP";

  @Parameter(label = "Source-to-detector distance sdd (mm)", min = "0")
  private double sdd = 1020;

  @Parameter(label = "Detector height (pixels)", min = "1")
  private int height = 200;

  @Parameter(label = "Detector width (pixels)", min = "1")
  private int width = 200;

  @Parameter(label = "Pixel size delx (mm)", min = "0")
  private double delx = 2;

  @Parameter(label = "Pixel size dely (mm)", min = "0")
  private double dely = 2;

  @Parameter(label = "Principal point x0 (mm)")
  private double x0;

  @Parameter(label = "Principal point y0 (mm)")
  private double y0;

  @Parameter(label = "Renderer", choices = {"siddon", "trilinear"})
  private String renderer = "siddon";

  @Parameter(label = "Normalize each view", choices = {"none", "minmax"},
      description = "minmax: both renderings of a view to [0, 1] before they are compared")
  private String normalize = "none";

  @Parameter(label = "Backend", choices = {"auto", "java", "opencl"})
  private String backend = "auto";

  @Parameter(type = ItemIO.OUTPUT, label = "PSNR (dB)")
  private double psnr;

  @Parameter(type = ItemIO.OUTPUT, label = "SSIM")
  private double ssim;

  @Parameter(type = ItemIO.OUTPUT, label = "Training-view NCC")
  private Double training_ncc;

  @Parameter(type = ItemIO.OUTPUT, label = "Novel-view NCC")
  private Double novel_ncc;

  @Parameter(type = ItemIO.OUTPUT, label = "Training-view MSE")
  private Double training_mse;

  @Parameter(type = ItemIO.OUTPUT, label = "Novel-view MSE")
  private Double novel_mse;

  @Parameter(type = ItemIO.OUTPUT, label = "Slices")
  private ImagePlus slices;

  @Parameter(type = ItemIO.OUTPUT, label = "Views")
  private ImagePlus view_comparison;

  public CompareVolumesCommand() {
    super("Compare Volumes");
  }

  private void browsePoseTable() {
    pose_table = browse(pose_table, FileWidget.OPEN_STYLE);
  }

  @Override
  void execute() throws IOException {
    VolumeInput.require(reconstruction, "reconstruction", "a reconstructed volume");
    VolumeInput.require(reference, "reference", "a reference volume");
    FijiBackends.choice(backend);
    VoxelConvention placement = VoxelConvention.parse(voxel_placement);
    Geometry geometry = novel ? geometry() : null;
    Volume ours = ImagePlusVolumes.toVolume(reconstruction).withConvention(placement);
    Volume truth = VolumeInput.density(reference, hu, voxel_placement);
    if (!ours.grid.sameShape(truth.grid)) {
      throw new IllegalArgumentException("'" + reconstruction.getTitle() + "' is " + ours.grid
          + " but '" + reference.getTitle() + "' is " + truth.grid + "; they must match");
    }
    double range = truth.max() - truth.min();
    if (!(range > 0)) {
      throw new IllegalArgumentException("reference '" + reference.getTitle() + "' is constant; "
          + "PSNR and SSIM need a reference with a range of values");
    }
    double p = Metrics.psnr(truth.data(), ours.data(), range);
    double s = Metrics.ssim(truth.data(), ours.data(), truth.grid, range);
    String pair = reconstruction.getTitle() + " vs " + reference.getTitle();
    ImagePlus sliceFigure = Figure.grid("Slices of " + pair,
        ReconstructionReport.slicePanels(ours, truth), 3);

    ImagePlus viewFigure = null;
    Double trainingNcc = null, novelNcc = null, trainingMse = null, novelMse = null;
    if (geometry != null) {
      List<ViewComparison> trained = new ArrayList<>(), unseen = new ArrayList<>();
      if (!compareViews(geometry, truth, ours, trained, unseen)) {
        cancelledByUser();
        return;
      }
      viewFigure = Figure.grid("Views of " + pair, ReconstructionReport.viewPanels(trained, unseen),
          3);
      trainingNcc = mean(trained, true);
      novelNcc = mean(unseen, true);
      trainingMse = mean(trained, false);
      novelMse = mean(unseen, false);
    }
    info(String.format(Locale.ROOT, "%s: PSNR %.2f dB, SSIM %.4f (data range %.4g)%s", pair, p, s,
        range, trainingNcc == null ? "" : String.format(Locale.ROOT,
            "; training views NCC %.4f, MSE %.4g; novel views NCC %.4f, MSE %.4g", trainingNcc,
            trainingMse, novelNcc, novelMse)));
    psnr = p;
    ssim = s;
    training_ncc = trainingNcc;
    novel_ncc = novelNcc;
    training_mse = trainingMse;
    novel_mse = novelMse;
    slices = sliceFigure;
    view_comparison = viewFigure;
  }

  /** The views to render, checked before any work. */
  private static final class Geometry {
    final List<Pose> training;
    final List<NovelViews.Labelled> novel;
    final Detector detector;
    final Orientation orientation;
    final ProjectorSettings projector;
    final TargetNormalization normalization;

    Geometry(List<Pose> training, Detector detector, Orientation orientation,
        ProjectorSettings projector, TargetNormalization normalization) {
      this.training = training;
      this.novel = NovelViews.around(training, VIEWS_SHOWN);
      this.detector = detector;
      this.orientation = orientation;
      this.projector = projector;
      this.normalization = normalization;
    }
  }

  private Geometry geometry() throws IOException {
    Detector detector = new Detector(sdd, height, width, delx, dely, x0, y0, true);
    boolean fromTable = PoseInput.choice(poses, PoseInput.ORBIT, PoseInput.TABLE)
        .equals(PoseInput.TABLE);
    List<Pose> training = fromTable ? PoseInput.table(pose_table, convention)
        : PoseInput.orbit(views, arc, start, sad);
    return new Geometry(training, detector, Orientation.parse(orientation),
        ProjectorSettings.of(Renderer.parse(renderer)), TargetNormalization.parse(normalize));
  }

  /** Renders up to {@link #VIEWS_SHOWN} training views and the novel views from both volumes. */
  private boolean compareViews(Geometry g, Volume truth, Volume ours, List<ViewComparison> trained,
      List<ViewComparison> unseen) {
    List<View> all = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int shown = Math.min(VIEWS_SHOWN, g.training.size());
    for (int k = 0; k < shown; k++) {
      int i = (int) ((long) k * g.training.size() / shown);
      all.add(g.detector.view(g.training.get(i), g.orientation));
      labels.add("view " + (i + 1));
    }
    for (NovelViews.Labelled n : g.novel) {
      all.add(g.detector.view(n.pose, g.orientation));
      labels.add(n.label);
    }
    ViewRendering.requireFits(all.size(), g.detector.height, g.detector.width);
    int pixels = g.detector.pixelCount();
    float[] t, o;
    try (Backend b = FijiBackends.open(backend, log);
        CommandProgress progress = progress(2L * all.size())) {
      t = ViewRendering.render(b, truth, all, g.projector, progress, 0, this::info);
      if (t == null) return false;
      o = ViewRendering.render(b, ours, all, g.projector, progress, all.size(), this::info);
      if (o == null) return false;
    }
    t = g.normalization.apply(t, pixels);
    o = g.normalization.apply(o, pixels);
    for (int k = 0; k < all.size(); k++) {
      ViewComparison c = new ViewComparison(labels.get(k), slice(t, k, pixels), slice(o, k, pixels),
          g.detector.width, g.detector.height);
      (k < shown ? trained : unseen).add(c);
    }
    return true;
  }

  private static float[] slice(float[] images, int k, int pixels) {
    float[] one = new float[pixels];
    System.arraycopy(images, k * pixels, one, 0, pixels);
    return one;
  }

  /** The mean NCC (or MSE) of the views. */
  private static double mean(List<ViewComparison> views, boolean ncc) {
    double s = 0;
    for (ViewComparison v : views) s += ncc ? v.ncc : v.mse;
    return s / views.size();
  }
}
