package sc.fiji.diffdrr.fiji;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.register.PoseOptimizer;
import sc.fiji.diffdrr.register.Registration;
import sc.fiji.diffdrr.register.RegistrationProblem;
import sc.fiji.diffdrr.register.RegistrationResult;
import sc.fiji.diffdrr.register.RegistrationSettings;
import sc.fiji.diffdrr.register.Rig;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.report.RegistrationReport;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Plugins › DiffDRR › Register Pose: the pose of an X-ray (or of a rig of X-rays, a stack with a
 * rig table) by gradient descent through the renderer, from a start pose typed in — or, with a
 * geometry file, the rigid motion of the file's cameras (one per slice) that registers them,
 * starting from the cameras as given. Outputs the pose (a results table and recordable values),
 * the registered DRR beside the X-ray, and the NCC plot. The X-ray is in line integrals (mm ×
 * density) or intensities on the detector described by the fields (or the file); its size is the
 * detector's.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Register Pose", headless = true,
    description = "2D/3D registration: the pose of an X-ray by gradient descent through the renderer")
public class RegisterPoseCommand extends DiffDrrCommand {

  static final String RECIPE_DEFAULT = "recipe default";

  @Parameter(label = "CT volume", description = "A stack calibrated in mm")
  private ImagePlus volume;

  @Parameter(label = "X-ray", description = "One image, or a stack of one image "
      + "per rig camera (e.g. AP, lateral) with a rig table")
  private ImagePlus xray;

  @Parameter(label = "X-ray values", choices = {ProjectionValues.LINE_INTEGRAL,
    ProjectionValues.INTENSITY}, description = "line-integral: DRR-like values; intensity: "
        + "measured X-ray intensities I, turned into −ln((I − dark)/(flat − dark)) first")
  private String input = ProjectionValues.LINE_INTEGRAL;

  @Parameter(label = "Flat field (intensity: a number, e.g. photons per pixel, or an image file)",
      description = "The open-beam intensity: one number (I0) or an image file of the X-ray's "
          + "size; a stack is averaged")
  private String flat = "";

  @Parameter(label = "Dark field (intensity: a number or an image file)",
      description = "The intensity without beam: one number or an image file of the X-ray's size")
  private String dark = "0";

  @Parameter(label = "Source-to-detector distance sdd (mm)", min = "0")
  private double sdd = 1020;

  @Parameter(label = "Pixel size delx (mm)", min = "0")
  private double delx = 4;

  @Parameter(label = "Pixel size dely (mm)", min = "0")
  private double dely = 4;

  @Parameter(label = "Principal point x0 (mm)")
  private double x0;

  @Parameter(label = "Principal point y0 (mm)")
  private double y0;

  @Parameter(label = "Start: rotation about x (degrees)")
  private double rotation_x;

  @Parameter(label = "Start: rotation about y (degrees)")
  private double rotation_y;

  @Parameter(label = "Start: rotation about z (degrees)")
  private double rotation_z;

  @Parameter(label = "Euler convention (composition order)",
      choices = {"ZXY", "ZYX", "XYZ", "XZY", "YXZ", "YZX"})
  private String convention = "ZXY";

  @Parameter(label = "Start: translation x (mm)")
  private double translation_x;

  @Parameter(label = "Start: translation y (mm)")
  private double translation_y = 850;

  @Parameter(label = "Start: translation z (mm)")
  private double translation_z;

  @Parameter(label = "Orientation", choices = {"AP", "PA", "none"})
  private String orientation = "AP";

  @Parameter(label = "Rig (pose table CSV, one row per X-ray slice; empty = one X-ray)",
      required = false, persist = false, style = FileWidget.OPEN_STYLE)
  private String rig = OptionalFile.NONE;

  @Parameter(label = "Browse for the rig…", callback = "browseRig", required = false)
  private Button rig_browse;

  @Parameter(label = "Geometry file (ASTRA, matrices, RTK: the cameras of the X-ray slices; "
      + "empty = the detector fields and the start pose)", required = false, persist = false,
      style = FileWidget.OPEN_STYLE)
  private String geometry = OptionalFile.NONE;

  @Parameter(label = "Browse for the geometry file…", callback = "browseGeometry", required = false)
  private Button geometry_browse;

  @Parameter(label = "Geometry file format", choices = {"auto", "astra", "matrices", "rtk"})
  private String geometry_format = "auto";

  @Parameter(label = "Recipe", choices = {"auto", "diffdrr"},
      description = "auto: coarse to fine, multiscale NCC, L-BFGS with line search, restarts; "
          + "diffdrr: DiffDRR's tutorial (SGD on global NCC)")
  private String recipe = "auto";

  @Parameter(label = "Loss", choices = {RECIPE_DEFAULT, "ncc", "mncc", "gncc", "mse"})
  private String loss = RECIPE_DEFAULT;

  @Parameter(label = "Optimizer", choices = {RECIPE_DEFAULT, "sgd", "adam", "lbfgs"})
  private String optimizer = RECIPE_DEFAULT;

  @Parameter(label = "Renderer", choices = {"siddon", "trilinear"})
  private String renderer = "siddon";

  @Parameter(label = "HU to density", choices = {"auto", "diffdrr", "mu", "none"})
  private String hu = "auto";

  @Parameter(label = "Voxel placement", choices = {"centered", "diffdrr-v05"})
  private String voxel_placement = "centered";

  @Parameter(label = "Backend", choices = {"auto", "java", "opencl"})
  private String backend = "auto";

  @Parameter(type = ItemIO.OUTPUT, label = "Registered DRR beside the X-ray")
  private ImagePlus registered;

  @Parameter(type = ItemIO.OUTPUT, label = "NCC per iteration")
  private ImagePlus ncc_plot;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered rotation about x (degrees)")
  private double registered_rotation_x;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered rotation about y (degrees)")
  private double registered_rotation_y;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered rotation about z (degrees)")
  private double registered_rotation_z;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered translation x (mm)")
  private double registered_translation_x;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered translation y (mm)")
  private double registered_translation_y;

  @Parameter(type = ItemIO.OUTPUT, label = "Registered translation z (mm)")
  private double registered_translation_z;

  @Parameter(type = ItemIO.OUTPUT, label = "Final NCC")
  private double final_ncc;

  @Parameter(type = ItemIO.OUTPUT, label = "Iterations")
  private int iterations;

  public RegisterPoseCommand() {
    super("Register Pose");
  }

  private void browseRig() {
    rig = browse(rig, FileWidget.OPEN_STYLE);
  }

  private void browseGeometry() {
    geometry = browse(geometry, FileWidget.OPEN_STYLE);
  }

  @Override
  void execute() throws IOException {
    VolumeInput.require(volume, "volume", "a CT volume");
    VolumeInput.require(xray, "xray", "an X-ray image");
    FijiBackends.choice(backend);
    ProjectionStack x = ImagePlusProjections.fromImagePlus(xray);
    sc.fiji.diffdrr.io.IntensityCalibration.Conversion converted =
        ProjectionValues.convert(x, input, flat, dark, this::info);
    if (converted != null) x = converted.lineIntegrals;
    String c = sc.fiji.diffdrr.geometry.Rotations.convention(convention);
    boolean fromFile = OptionalFile.path(geometry) != null;
    if (fromFile && OptionalFile.path(rig) != null) {
      throw new IllegalArgumentException("rig: the geometry file places every camera; a rig "
          + "places cameras relative to the detector fields: give one of them");
    }
    // With a geometry file the pose is a rigid motion of its cameras, starting from them as given
    // (as the CLI's register --geometry without --rotation/--translation).
    Pose start = fromFile ? Pose.eulerDegrees(c, 0, 0, 0, 0, 0, 0)
        : PoseInput.fromAxes(convention, rotation_x, rotation_y, rotation_z, translation_x,
            translation_y, translation_z);
    RegistrationSettings settings = RegistrationSettings.of(RegistrationSettings.Recipe.parse(recipe));
    settings.parameterization(sc.fiji.diffdrr.geometry.PoseParameterization.euler(c));
    if (!RECIPE_DEFAULT.equals(loss)) settings.loss(loss);
    if (!RECIPE_DEFAULT.equals(optimizer)) settings.optimizer(PoseOptimizer.Kind.parse(optimizer));
    ProjectorSettings projector = ProjectorSettings.of(Renderer.parse(renderer));
    Volume density = VolumeInput.density(volume, hu, voxel_placement);
    int p = x.pixelsPerImage();
    List<float[]> targets = new ArrayList<>();
    for (int k = 0; k < x.count; k++) {
      float[] t = new float[p];
      System.arraycopy(x.data, k * p, t, 0, p);
      targets.add(t);
    }
    RegistrationProblem problem = fromFile
        ? RegistrationProblem.ofViews(density, PoseInput.geometry(geometry, geometry_format,
            x.height, x.width, delx, dely), targets, projector)
        : new RegistrationProblem(density, new Detector(sdd, x.height, x.width, delx, dely, x0, y0,
            true), Orientation.parse(orientation), rig(x.count, c), targets, projector);
    if (fromFile) {
      info("cameras: " + x.count + " view(s) from " + OptionalFile.name(geometry) + ", the start "
          + "as given (the start-pose, detector distance and orientation fields are not used)");
    }

    RegistrationResult result;
    List<float[]> drrs;
    try (Backend b = FijiBackends.open(backend, log);
        CommandProgress progress = progress(Math.max(1, estimatedSteps(settings)))) {
      info("registering '" + xray.getTitle() + "' (" + x.count + " view(s)) to '"
          + volume.getTitle() + "' on " + b.description() + "; " + settings);
      Registration registration = new Registration(b);
      result = registration.run(problem, settings, start, progress);
      if (result.canceled) {
        cancelledByUser();
        return;
      }
      drrs = registration.render(problem, result.pose);
    }
    double[] axes = PoseInput.axesDegrees(result.pose, c);
    double[] t = result.pose.translation();
    info(String.format(java.util.Locale.ROOT, "final NCC %.5f after %d iterations in %.2f s: %s",
        result.finalNcc, result.iterations, result.seconds, PoseInput.describe(result.pose, c)));
    ResultsTable table = new ResultsTable();
    table.incrementCounter();
    table.addValue("rx_deg", axes[0]);
    table.addValue("ry_deg", axes[1]);
    table.addValue("rz_deg", axes[2]);
    table.addValue("tx_mm", t[0]);
    table.addValue("ty_mm", t[1]);
    table.addValue("tz_mm", t[2]);
    table.addValue("final_ncc", result.finalNcc);
    table.addValue("iterations", result.iterations);
    table.addValue("seconds", result.seconds);
    if (!GraphicsEnvironment.isHeadless()) table.show("Registered pose");

    ImageStack stack = new ImageStack(x.width, x.height);
    for (int k = 0; k < x.count; k++) {
      String v = x.count > 1 ? "view " + (k + 1) + ": " : "";
      stack.addSlice(v + "X-ray", new FloatProcessor(x.width, x.height, targets.get(k).clone()));
      stack.addSlice(v + String.format(java.util.Locale.ROOT, "registered DRR (NCC %.4f)",
          sc.fiji.diffdrr.register.Ncc.global(drrs.get(k), targets.get(k), p, null)),
          new FloatProcessor(x.width, x.height, drrs.get(k)));
    }
    ImagePlus out = new ImagePlus("Registered DRR of " + volume.getTitle() + " beside "
        + xray.getTitle(), stack);
    out.setCalibration(xray.getCalibration().copy());
    registered_rotation_x = axes[0];
    registered_rotation_y = axes[1];
    registered_rotation_z = axes[2];
    registered_translation_x = t[0];
    registered_translation_y = t[1];
    registered_translation_z = t[2];
    final_ncc = result.finalNcc;
    iterations = result.iterations;
    ImagePlus plot = RegistrationReport.nccPlot("NCC of " + xray.getTitle(), result).getImagePlus();
    plot.setTitle("NCC per iteration (" + xray.getTitle() + ")");
    ncc_plot = plot;
    registered = out;
  }

  /** The most iterations the recipe can take (the progress bar's length). */
  private static int estimatedSteps(RegistrationSettings s) {
    return s.maxIterations();
  }

  private Rig rig(int views, String c) throws IOException {
    Path file = OptionalFile.path(rig);
    if (file == null) {
      if (views > 1) {
        throw new IllegalArgumentException("rig: '" + xray.getTitle() + "' has " + views
            + " slices: choose a rig table (one pose-table row per slice) to place their cameras");
      }
      return Rig.single();
    }
    List<Pose> poses;
    try {
      poses = PoseTable.read(file, c);
    } catch (IOException | java.io.UncheckedIOException e) {
      // a missing file, a folder, a path under a file: named by its key, once
      throw new IllegalArgumentException("rig " + file + ": cannot be read as a pose table ("
          + e.getMessage().replace(file.toString() + ": ", "").replace(file + "", "the file") + ")");
    }
    if (poses.size() != views) {
      throw new IllegalArgumentException("rig: " + file.getFileName() + " has " + poses.size()
          + " row(s) but '" + xray.getTitle() + "' has " + views + " slice(s); give one row per X-ray");
    }
    return Rig.of(poses);
  }
}
