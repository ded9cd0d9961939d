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
import ij.measure.Calibration;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.IntensityCalibration;
import sc.fiji.diffdrr.io.CheckpointFolder;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.recon.Optimizer;
import sc.fiji.diffdrr.recon.AutoRecipe;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionResult;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.StatisticalWeights;
import sc.fiji.diffdrr.recon.TargetNormalization;
import sc.fiji.diffdrr.recon.Algorithm;
import sc.fiji.diffdrr.recon.Algorithms;
import sc.fiji.diffdrr.recon.FdkFilter;
import sc.fiji.diffdrr.recon.IterativeSettings;
import sc.fiji.diffdrr.geometry.CircularOrbit;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.MemoryPlan;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.report.LossPlot;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Plugins › DiffDRR › Reconstruct Volume: a volume whose DRRs match the projection images, by
 * gradient descent through the renderer (DiffDRR's method), or by FDK, SIRT, OS-SART or CGLS. Poses come from a pose table or a
 * circular orbit; the detector size from the images. Outputs the calibrated 32-bit volume and the
 * loss history as a plot. Cancelling (the task bar's button, or Esc) stops within one iteration
 * and keeps the volume reached, its title saying so.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Reconstruct Volume", headless = true,
    description = "Reconstruct a volume from X-ray images by gradient descent through the DRR "
        + "renderer (DiffDRR's method)")
public class ReconstructVolumeCommand extends DiffDrrCommand {

  static final String GRID_SIZE = "size and spacing";
  static final String GRID_TEMPLATE = "template image";
  static final String INPUT_LINE_INTEGRAL = ProjectionValues.LINE_INTEGRAL,
      INPUT_INTENSITY = ProjectionValues.INTENSITY;

  @Parameter(label = "Projection images", description = "One image per view (a stack), in the "
      + "order of the poses")
  private ImagePlus projections;

  @Parameter(label = "Projection values", choices = {INPUT_LINE_INTEGRAL, INPUT_INTENSITY},
      description = "line-integral: DRR-like values; intensity: measured X-ray intensities I, "
          + "turned into −ln((I − dark)/(flat − dark)) and reconstructed with the noise-aware "
          + "auto recipe (weighted by the counts)")
  private String input = INPUT_LINE_INTEGRAL;

  @Parameter(label = "Flat field (intensity: a number, e.g. photons per pixel, or an image file)",
      description = "The open-beam intensity: one number (I0) or an image file "
          + "(.tif, .mha) of the projections' size; a stack is averaged")
  private String flat = "";

  @Parameter(label = "Dark field (intensity: a number or an image file)",
      description = "The intensity without beam: one number or an image file of the projections' "
          + "size; a stack is averaged")
  private String dark = "0";

  @Parameter(label = "Poses", choices = {PoseInput.ORBIT, PoseInput.TABLE, PoseInput.GEOMETRY})
  private String poses = PoseInput.ORBIT;

  @Parameter(label = "Pose table (CSV, for poses = pose table)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String pose_table = OptionalFile.NONE;

  @Parameter(label = "Browse for the pose table…", callback = "browsePoseTable", required = false)
  private Button pose_table_browse;

  @Parameter(label = "Euler convention of the pose table",
      choices = {"ZXY", "ZYX", "XYZ", "XZY", "YXZ", "YZX"})
  private String convention = "ZXY";

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

  @Parameter(label = "Pixel size delx (mm; 0 = the image's)", min = "0")
  private double delx;

  @Parameter(label = "Pixel size dely (mm; 0 = the image's)", min = "0")
  private double dely;

  @Parameter(label = "Override the images' calibration with delx/dely",
      description = "delx/dely that disagree with the projections' calibration are refused unless "
          + "this is set (the calibration is the default)")
  private boolean override_metadata;

  @Parameter(label = "Principal point x0 (mm)")
  private double x0;

  @Parameter(label = "Principal point y0 (mm)")
  private double y0;

  @Parameter(label = "Volume grid", choices = {GRID_SIZE, GRID_TEMPLATE})
  private String grid = GRID_SIZE;

  @Parameter(label = "Template volume (for grid = template image)", required = false)
  private ImagePlus template;

  @Parameter(label = "Size x (voxels)", min = "1")
  private int size_x = 128;

  @Parameter(label = "Size y (voxels)", min = "1")
  private int size_y = 128;

  @Parameter(label = "Size z (voxels)", min = "1")
  private int size_z = 128;

  @Parameter(label = "Spacing x (mm)", min = "0")
  private double spacing_x = 2;

  @Parameter(label = "Spacing y (mm)", min = "0")
  private double spacing_y = 2;

  @Parameter(label = "Spacing z (mm)", min = "0")
  private double spacing_z = 2;

  @Parameter(label = "Voxel placement", choices = {"centered", "diffdrr-v05"})
  private String voxel_placement = "centered";

  @Parameter(label = "Renderer", choices = {"siddon", "trilinear"})
  private String renderer = "siddon";

  @Parameter(label = "Algorithm", choices = {"gd", "fdk", "sirt", "os-sart", "cgls"},
      description = "gd: gradient descent through the renderer (the recipe below); fdk: filtered "
          + "backprojection (circular orbits); sirt, os-sart, cgls: the classic iterative methods")
  private String algorithm = "gd";

  @Parameter(label = "FDK filter", choices = {"ram-lak", "shepp-logan", "cosine", "hamming", "hann"})
  private String filter = "ram-lak";

  @Parameter(label = "FDK cutoff (fraction of Nyquist)", min = "0", max = "1")
  private double cutoff = 1.0;

  @Parameter(label = "Subsets (os-sart)", min = "1")
  private int subsets = IterativeSettings.DEFAULT_SUBSETS;

  @Parameter(label = "Recipe", choices = {"auto", "tutorial", "custom"},
      description = "auto: the multi-view recipe for this many views; tutorial: DiffDRR's (zeros, "
          + "MSE, Adam lr 1e-3, 101 iterations); custom: the settings below")
  private String recipe = "auto";

  @Parameter(label = "Iterations (custom; sirt, os-sart, cgls)", min = "1")
  private int iterations = 101;

  @Parameter(label = "Learning rate (custom)", min = "0")
  private double lr = 1e-3;

  @Parameter(label = "Final learning-rate factor (custom; 1 = constant)", min = "0", max = "1")
  private double lr_decay = 1;

  @Parameter(label = "Optimizer (custom)", choices = {"adam", "sgd"})
  private String optimizer = "adam";

  @Parameter(label = "Loss (custom)", choices = {"mse", "ncc", "wls"},
      description = "wls: weighted least squares, for intensities (weights ∝ counts)")
  private String loss = "mse";

  @Parameter(label = "Total variation weight (custom; 0 = none)", min = "0")
  private double tv;

  @Parameter(label = "Non-negative volume (custom; sirt, os-sart)")
  private boolean nonneg;

  @Parameter(label = "Views per step (custom; 0 = all)", min = "0")
  private int batch_views;

  @Parameter(label = "Normalize each image", choices = {"none", "minmax"},
      description = "minmax: each target image to [0, 1], as DiffDRR's tutorial does")
  private String normalize = "none";

  @Parameter(label = "Backend", choices = {"auto", "java", "opencl"})
  private String backend = "auto";

  @Parameter(label = "Geometry file (for poses = geometry file; empty = none)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String geometry = OptionalFile.NONE;

  @Parameter(label = "Browse for the geometry file…", callback = "browseGeometry", required = false)
  private Button geometry_browse;

  @Parameter(label = "Geometry format", choices = {"auto", "astra", "matrices", "plastimatch",
    "rtk", "dicom"})
  private String geometry_format = "auto";

  @Parameter(label = "Checkpoint folder (gd; empty = none)", required = false, persist = false,
      style = FileWidget.DIRECTORY_STYLE,
      description = "The loop's state is kept here every " + CheckpointFolder.DEFAULT_EVERY
          + " iterations and when cancelled; run again with the same inputs and folder to continue")
  private String checkpoint = OptionalFile.NONE;

  @Parameter(label = "Browse for the checkpoint folder…", callback = "browseCheckpoint",
      required = false)
  private Button checkpoint_browse;

  @Parameter(type = ItemIO.OUTPUT, label = "Reconstruction")
  private ImagePlus reconstruction;

  @Parameter(type = ItemIO.OUTPUT, label = "Loss")
  private ImagePlus loss_plot;

  public ReconstructVolumeCommand() {
    super("Reconstruct Volume");
  }

  private void browsePoseTable() {
    pose_table = browse(pose_table, FileWidget.OPEN_STYLE);
  }

  private void browseCheckpoint() {
    checkpoint = browse(checkpoint, FileWidget.DIRECTORY_STYLE);
  }

  private void browseGeometry() {
    geometry = browse(geometry, FileWidget.OPEN_STYLE);
  }

  @Override
  void execute() throws IOException {
    VolumeInput.require(projections, "projections", "a stack of projection images");
    FijiBackends.choice(backend);
    String choice = PoseInput.choice(poses, PoseInput.ORBIT, PoseInput.TABLE, PoseInput.GEOMETRY);
    boolean fromTable = choice.equals(PoseInput.TABLE);
    boolean fromFile = choice.equals(PoseInput.GEOMETRY);
    Orientation o = Orientation.parse(orientation);
    ProjectorSettings projector = ProjectorSettings.of(Renderer.parse(renderer));
    TargetNormalization normalization = TargetNormalization.parse(normalize);
    String r = recipe == null ? "" : recipe.trim().toLowerCase(Locale.ROOT);
    if (!r.equals("auto") && !r.equals("tutorial") && !r.equals("custom")) {
      throw new IllegalArgumentException("recipe must be auto, tutorial or custom, got '" + recipe
          + "'");
    }
    ReconstructionSettings custom = r.equals("custom") ? custom() : null;
    Algorithm method = Algorithm.parse(algorithm);
    IterativeSettings classic = new IterativeSettings().filter(FdkFilter.parse(filter))
        .cutoff(cutoff).iterations(iterations).nonNegative(nonneg)
        .subsets(method == Algorithm.OS_SART ? subsets : 1);
    VolumeGrid volumeGrid = volumeGrid();
    List<Pose> list = fromTable ? PoseInput.table(pose_table, convention) : null;

    ProjectionStack targets = ImagePlusProjections.fromImagePlus(withPixelSize(projections));
    StatisticalWeights weights = null;
    IntensityCalibration.Conversion c = ProjectionValues.convert(targets, input, flat, dark,
        this::info);
    if (c != null) {
      targets = c.lineIntegrals;
      weights = StatisticalWeights.poisson(c.counts, c.lineIntegrals.data, 0);
    }
    List<View> fileViews = fromFile ? PoseInput.geometry(geometry, geometry_format, targets.height,
        targets.width, targets.delx, targets.dely) : null;
    if (fileViews != null) {
      if (fileViews.size() != targets.count) {
        throw new IllegalArgumentException("geometry " + geometry.trim() + " has "
            + fileViews.size() + " views but '" + projections.getTitle() + "' has " + targets.count
            + (targets.count == 1 ? " image" : " images") + "; they must match, one view per image");
      }
    } else if (list == null) {
      list = PoseInput.orbit(targets.count, arc, start, sad);
    } else if (list.size() != targets.count) {
      throw new IllegalArgumentException("pose table " + OptionalFile.name(pose_table) + " has "
          + list.size() + " poses but '" + projections.getTitle() + "' has " + targets.count
          + (targets.count == 1 ? " image" : " images") + "; they must match, one pose per image");
    }
    Detector detector = new Detector(sdd, targets.height, targets.width, targets.delx,
        targets.dely, x0, y0, true);
    List<View> views = new ArrayList<>();
    if (fileViews != null) views.addAll(fileViews);
    else for (Pose p : list) views.add(detector.view(p, o));
    ReconstructionProblem problem = new ReconstructionProblem(volumeGrid, views,
        normalization.apply(targets.data, targets.pixelsPerImage()), projector, weights);
    if (method == Algorithm.OS_SART && subsets > views.size()) {
      throw new IllegalArgumentException("subsets must be in [1, " + views.size() + "] (the number "
          + "of views), got " + subsets);
    }
    if (method == Algorithm.FDK) CircularOrbit.analyse(views);
    boolean gd = method == Algorithm.GD;
    ReconstructionSettings settings = r.equals("custom") ? custom
        : r.equals("tutorial") ? ReconstructionSettings.tutorial()
        : AutoRecipe.forProblem(problem);
    if (settings.loss().weighted() && weights == null) {
      throw new IllegalArgumentException("loss wls needs input = intensity (the counts weigh each "
          + "pixel); for line integrals use mse or ncc");
    }

    CheckpointFolder checkpoints = checkpoints(problem, settings, method);
    String source = fromFile ? views.size() + " views from " + OptionalFile.name(geometry)
        : fromTable ? list.size() + " poses from " + OptionalFile.name(pose_table)
        : PoseInput.describeOrbit(list.size(), arc, start, sad);
    ReconstructionResult result;
    MemoryPlan plan = Algorithms.workingSet(problem, method, classic, settings)
        .held("projections and targets", 2L * problem.targets.length)
        .host("result image", volumeGrid.voxelCount());
    try (Backend opened = FijiBackends.open(backend, log);
        Backend b = Backends.fit(opened, plan, volumeGrid, this::info);
        CommandProgress progress = progress(gd ? settings.iterations() : classic.iterations())) {
      info("reconstructing " + volumeGrid + " from '" + projections.getTitle() + "' ("
          + source + ", " + detector + ", normalize " + normalization.label() + "): "
          + (gd ? r + " recipe, " + settings : classic.describe(method)) + ", on " + b.description());
      info(plan.check(b, FijiMemory.HEAP, "a coarser grid (size, spacing) or fewer or smaller "
          + "projections"));
      result = checkpoints != null
          ? new sc.fiji.diffdrr.recon.Reconstructor(b).run(problem, settings, progress, checkpoints)
          : Algorithms.run(b, problem, method, classic, settings, progress);
    }
    int planned = gd ? settings.iterations() : method == Algorithm.FDK ? 1 : classic.iterations();
    info(String.format(Locale.ROOT, "%s after %d of %d iterations in %.1f s, %s %.4g → %.4g",
        result.canceled ? "cancelled" : "done", result.iterationsDone, planned,
        result.seconds, gd ? "loss" : "relative residual", result.firstLoss(), result.lastLoss()));

    String title = "Reconstruction of " + projections.getTitle() + " (" + views.size()
        + (views.size() == 1 ? " view, " : " views, ") + (gd ? r + " recipe" : method.label())
        + (result.canceled ? ", cancelled at iteration " + result.iterationsDone + " of "
            + planned : "")
        + ")";
    ImagePlus volume = ImagePlusVolumes.toImagePlus(result.volume, title);
    loss_plot = result.losses.length == 0 ? null
        : LossPlot.create((gd ? "Loss of " : "Relative residual of ") + title,
            new String[] {gd ? settings.loss().label() : "‖y − Ax‖/‖y‖"},
            new double[][] {result.losses}).getImagePlus();
    reconstruction = volume;
  }

  private ReconstructionSettings custom() {
    if (!(lr_decay >= 1e-6 && lr_decay <= 1)) {
      throw new IllegalArgumentException("lr_decay must be a number in [1e-6, 1] (the final "
          + "learning rate over the first), got " + Titles.number(lr_decay));
    }
    if (batch_views < 0) {
      throw new IllegalArgumentException("batch_views must be ≥ 0 (0 = all views), got " + batch_views);
    }
    return new ReconstructionSettings().iterations(iterations).learningRate(lr)
        .finalLearningRateFactor(lr_decay).optimizer(Optimizer.parse(optimizer))
        .loss(ImageLoss.parse(loss)).tvWeight(tv).nonNegative(nonneg)
        .batchViews(batch_views);
  }

  /**
   * The checkpoint folder (checked before any work): a checkpoint in it of the same inputs is
   * continued, one of other inputs refused; null when none is given.
   */
  private CheckpointFolder checkpoints(ReconstructionProblem problem,
      ReconstructionSettings settings, Algorithm method) {
    if (!OptionalFile.isGiven(checkpoint)) return null;
    if (method != Algorithm.GD) {
      throw new IllegalArgumentException("checkpoint keeps the state of gradient descent "
          + "(algorithm = gd); " + method.label() + " runs without it: leave checkpoint empty");
    }
    java.nio.file.Path dir = OptionalFile.path(checkpoint);
    sc.fiji.diffdrr.io.WritableLocation.folder("checkpoint", dir);
    String digest = sc.fiji.diffdrr.recon.Checkpointing.digest(problem, settings);
    sc.fiji.diffdrr.recon.LoopState state = CheckpointFolder.holdsOne(dir)
        ? CheckpointFolder.read("checkpoint", dir, digest) : null;
    if (state != null) info("resuming from " + dir + " after iteration " + state.iteration);
    return new CheckpointFolder(dir, CheckpointFolder.DEFAULT_EVERY, digest, state);
  }

  private VolumeGrid volumeGrid() {
    VoxelConvention placement = VoxelConvention.parse(voxel_placement);
    if (GRID_TEMPLATE.equals(grid)) {
      VolumeInput.require(template, "template", "a template volume (grid = template image)");
      return ImagePlusVolumes.toVolume(template).grid.withConvention(placement);
    }
    if (!GRID_SIZE.equals(grid)) {
      throw new IllegalArgumentException("grid must be '" + GRID_SIZE + "' or '" + GRID_TEMPLATE
          + "', got '" + grid + "'");
    }
    int[] size = {size_x, size_y, size_z};
    for (int a = 0; a < 3; a++) {
      if (size[a] < 1) {
        throw new IllegalArgumentException("size_" + "xyz".charAt(a) + " must be an integer ≥ 1 "
            + "(voxels), got " + size[a]);
      }
    }
    double[] spacing = {spacing_x, spacing_y, spacing_z};
    for (int a = 0; a < 3; a++) {
      if (!(spacing[a] > 0)) {
        throw new IllegalArgumentException("spacing_" + "xyz".charAt(a) + " must be a number > 0 "
            + "(mm), got " + Titles.number(spacing[a]));
      }
    }
    long voxels = (long) size_x * size_y * size_z;
    if (voxels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("size_x × size_y × size_z = " + size_x + " × " + size_y
          + " × " + size_z + " is more voxels than one volume can hold (" + (Integer.MAX_VALUE - 8)
          + ")");
    }
    return new VolumeGrid(size_x, size_y, size_z, spacing_x, spacing_y, spacing_z, placement);
  }

  /**
   * The images with the pixel size of delx/dely when given (the same pixels, not a copy), else as
   * they are: their calibration gives the pixel size.
   */
  private ImagePlus withPixelSize(ImagePlus imp) {
    if (delx == 0 && dely == 0) return imp;
    if (!(delx > 0 && dely > 0)) {
      throw new IllegalArgumentException("delx and dely must both be > 0 (mm), or both 0 to use "
          + "the pixel size of '" + imp.getTitle() + "'; got " + Titles.number(delx) + " and "
          + Titles.number(dely));
    }
    // The calibration is the image's own pixel size: a field that disagrees with it is refused
    // unless override_metadata says to use the field (an uncalibrated image has none to disagree).
    double[] mm = null;
    try {
      mm = imp.getCalibration().scaled() ? ImagePlusVolumes.voxelSizeMm(imp) : null;
    } catch (IllegalArgumentException e) {
      // no length unit: the fields give the pixel size
    }
    if (mm != null) {
      boolean agree = Math.abs(delx - mm[0]) <= 1e-6 * Math.max(delx, mm[0])
          && Math.abs(dely - mm[1]) <= 1e-6 * Math.max(dely, mm[1]);
      if (!agree && !override_metadata) {
        throw new IllegalArgumentException("delx " + Titles.number(delx) + " and dely "
            + Titles.number(dely) + " mm disagree with the calibration of '" + imp.getTitle()
            + "', " + Titles.number(mm[0]) + " × " + Titles.number(mm[1]) + " mm; set delx and "
            + "dely to 0 to use the calibration, or override_metadata to use the fields");
      }
      if (!agree) {
        info("delx/dely " + Titles.number(delx) + "/" + Titles.number(dely) + " mm override the "
            + "calibration of '" + imp.getTitle() + "' (override_metadata)");
      }
    }
    ImagePlus same = new ImagePlus(imp.getTitle(), imp.getStack());
    same.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
    Calibration c = imp.getCalibration().copy();
    c.setUnit("mm");
    c.pixelWidth = delx;
    c.pixelHeight = dely;
    same.setCalibration(c);
    return same;
  }
}
