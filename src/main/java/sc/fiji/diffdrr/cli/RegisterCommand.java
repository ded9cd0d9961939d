package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.PoseParameterization;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.GeometryFormat;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.io.ProjectionFiles;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.register.PoseErrors;
import sc.fiji.diffdrr.register.PoseOptimizer;
import sc.fiji.diffdrr.register.Registration;
import sc.fiji.diffdrr.register.RegistrationProblem;
import sc.fiji.diffdrr.register.RegistrationResult;
import sc.fiji.diffdrr.register.RegistrationSettings;
import sc.fiji.diffdrr.register.Rig;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.report.RegistrationReport;

/** {@code register}: the pose of one X-ray (or a rig of several) by gradient descent. */
final class RegisterCommand implements Subcommand {

  @Override public String name() { return "register"; }

  @Override public String summary() { return "find the pose of X-rays by gradient descent through the renderer"; }

  @Override
  public String usage() {
    return "usage: register --volume FILE --xray FILE (--sdd MM --delx MM | --geometry FILE)\n"
        + "       --rotation A,B,C --translation X,Y,Z --out pose.csv [options]\n\n"
        + VolumeOptions.USAGE
        + "  X-rays:    --xray FILE (.mha .tif; line integrals unless --input intensity; the\n"
        + "             detector size comes from it), repeat for a rig: --xray AP.mha --xray\n"
        + "             LAT.mha --rig FILE.csv (a pose table, one row per X-ray: the cameras' poses\n"
        + "             in one frame; only their relative placement is used, the first camera's\n"
        + "             pose is found)\n"
        + IntensityOptions.USAGE.replace(" [--readout-sigma S]\n"
            + "             (counts) refines the Poisson weights of the intensity recipe\n", "\n")
        + "  detector:  --sdd MM --delx MM [--dely MM] [--x0 MM] [--y0 MM] [--orientation AP]\n"
        + "  geometry:  or --geometry FILE|DIR|GLOB [--geometry-format auto|poses|astra|matrices|\n"
        + "             plastimatch|rtk|dicom]: one cone-beam view per --xray, in order, the known\n"
        + "             cameras (astra, matrices, rtk take --delx [--dely]; poses take the detector\n"
        + "             options); the pose is then a rigid motion of all of them in the CT's\n"
        + "             centred frame (--placement file is the default: a placed CT is centred\n"
        + "             and the views with it), 0,0,0 / 0,0,0 = the file's cameras (the default\n"
        + "             start); [--geometry-out FILE] writes the registered cameras (poses, astra,\n"
        + "             matrices or rtk, by --geometry-format or extension; also without --geometry)\n"
        + "  start:     --rotation A,B,C (degrees, in convention order) --translation X,Y,Z (mm,\n"
        + "             DiffDRR's t) [--convention ZXY]\n"
        + "  recipe:    [--recipe auto|diffdrr (auto)]: auto = coarse to fine (scales 4,2,1),\n"
        + "             multiscale NCC (patches 36 mm wide on the detector, 9×9 pixels of 4 mm, and\n"
        + "             global), L-BFGS with a strong-Wolfe line\n"
        + "             search, a convergence stop per level, restarts when the coarse result is\n"
        + "             poor; diffdrr = DiffDRR's tutorial (Euler ZXY, global NCC, SGD lr 5e-2 /\n"
        + "             1e2, stop at NCC > 0.999, at most 500 iterations). Overrides:\n"
        + "             [--parameterization euler|se3] [--loss ncc|mncc|gncc|mse]\n"
        + "             [--patch-sizes 9,0 (0 = global)] [--optimizer sgd|adam|lbfgs]\n"
        + "             [--lr-rotation R (radians per unit gradient; L-BFGS: the scale)]\n"
        + "             [--lr-translation T (mm)] [--momentum M] [--iterations N (per level)]\n"
        + "             [--scales 4,2,1 (detector and volume downsampling, ending at 1)]\n"
        + "             [--stop-ncc X]\n"
        + RendererOptions.USAGE
        + "  truth:     [--truth FILE.csv (one pose-table row) | --truth-rotation A,B,C\n"
        + "             --truth-translation X,Y,Z]: prints rotation, translation, source and\n"
        + "             mTRE errors\n"
        + BackendOptions.USAGE
        + "  output:    --out pose.csv (one pose-table row), [--report DIR]: ncc.csv, ncc.png,\n"
        + "             trajectory.csv, images.png, metrics.json\n"
        + "Last line: final NCC, iterations, seconds and, with a truth, the errors.\n";
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name())
        .add(Option.fileOut("out", "the found pose (one pose-table row)", "csv"))
        .add(Option.dirOut("report", "figures and metrics"))
        .add(VolumeOptions.OPTIONS)
        .add(Option.fileIn("xray", false, "an X-ray (one image)", "mha", "mhd", "tif", "tiff",
            "pfm", "dcm", "dicom").repeatable())
        .add(Option.fileIn("rig", false, "the cameras' poses, one row per X-ray", "csv"))
        .add(IntensityOptions.OPTIONS)
        .add(GeometryOptions.DETECTOR)
        .add(GeometryOptions.POSES, "rotation", "translation")
        .add(GeometryFileOptions.OPTIONS).add(GeometryFileOptions.OUT)
        .add(Option.choice("recipe", "registration recipe", "auto", "diffdrr"))
        .add(Option.choice("parameterization", "pose parameters", "euler", "se3"))
        .add(Option.choice("loss", "image similarity", "ncc", "mncc", "gncc", "mse"))
        .add(Option.text("patch-sizes", "mncc patch sizes in pixels, 0 = global (e.g. 9,0)"))
        .add(Option.choice("optimizer", "pose optimizer", "sgd", "adam", "lbfgs", "l-bfgs"))
        .add(Option.positive("lr-rotation", 1e6, null, "rotation step"))
        .add(Option.positive("lr-translation", 1e6, "mm", "translation step"))
        .add(Option.belowMax("momentum", 0, 1, "SGD momentum"))
        .add(Option.integer("iterations", 1, 1_000_000, "iterations per level"))
        .add(Option.text("scales", "downsampling per level, ending at 1 (e.g. 4,2,1)"))
        .add(Option.number("stop-ncc", -1, 1, null, "stop when NCC exceeds this"))
        .add(Option.fileIn("truth", false, "the true pose (one pose-table row)", "csv"))
        .add(Option.numbers("truth-rotation", 3, -1e6, 1e6, false, "degrees", "the true rotation"))
        .add(Option.numbers("truth-translation", 3, -1e7, 1e7, false, "mm", "the true translation"))
        .add(RendererOptions.OPTIONS).add(BackendOptions.OPTIONS);
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    Path out = OutputOptions.file(a, "out", "csv");
    Path reportDir = a.path("report");
    if (a.has("readout-sigma")) {
      throw new IllegalArgumentException("--readout-sigma refines reconstruct's pixel weights; "
          + "register weighs no pixels: drop it");
    }
    IntensityOptions input = IntensityOptions.parse(a);
    List<String> xrayNames = a.all("xray");
    if (xrayNames.isEmpty()) throw new IllegalArgumentException("register: --xray is required");
    boolean fromFile = a.has("geometry");
    if (!fromFile && (!a.has("rotation") || !a.has("translation"))) {
      throw new IllegalArgumentException("register: --rotation and --translation (the start pose) are required");
    }
    if (a.all("rotation").size() > 1 || a.all("translation").size() > 1) {
      throw new IllegalArgumentException("--rotation and --translation give one start pose: give each once");
    }
    List<ProjectionStack> xrays = new ArrayList<>();
    for (String name : xrayNames) {
      ProjectionStack s = InputFiles.read("xray", name,
          () -> ProjectionFiles.read(java.nio.file.Paths.get(name)));
      if (s.count != 1) {
        throw new IllegalArgumentException("--xray " + name + " holds " + s.count
            + " images; give one X-ray per --xray");
      }
      xrays.add(s);
    }
    ProjectionStack first = xrays.get(0);
    for (int k = 1; k < xrays.size(); k++) {
      ProjectionStack s = xrays.get(k);
      if (s.width != first.width || s.height != first.height) {
        throw new IllegalArgumentException("--xray " + xrayNames.get(k) + " is " + s.width + "×"
            + s.height + " pixels but the detector (from the first X-ray) is " + first.width + "×"
            + first.height + "; every X-ray must match the detector");
      }
    }
    Cameras cameras = fromFile ? Cameras.fromFile(a, first, xrayNames.size())
        : Cameras.fromDetector(a, first, xrayNames.size());
    String convention = cameras.convention;
    if (!sc.fiji.diffdrr.geometry.Rotations.isTaitBryan(convention)) {
      throw new IllegalArgumentException("--convention must be Tait–Bryan for pose tables (XYZ, "
          + "XZY, YXZ, YZX, ZXY, ZYX), got '" + convention + "'");
    }
    Pose start = cameras.start(a);
    RegistrationSettings settings = settings(a, convention);
    ProjectorSettings renderer = RendererOptions.parse(a);
    Pose truth = truth(a, convention);
    VolumeOptions volume = VolumeOptions.parse(a);
    BackendOptions backendOptions = BackendOptions.parse(a);
    List<float[]> targets = new ArrayList<>();
    for (ProjectionStack s : xrays) targets.add(input.convert(s, cli).lineIntegrals.data);
    RegistrationProblem problem = cameras.problem(volume.density, targets, renderer);
    // --geometry-out: checked with the start's cameras before any work, written with the result's
    GeometryFileOptions.writer(a, problem.worldViews(start), cameras.poses(problem, start), convention);
    a.rejectUnknown();

    cli.notice("registering " + xrays.size() + " X-ray(s) of " + first.width + "×" + first.height
        + (input.intensities ? " (intensities → line integrals)" : "") + " to " + volume.description
        + "; cameras " + cameras.description + "; " + settings);
    RegistrationResult result;
    List<float[]> startDrrs = null, finalDrrs = null;
    ConsoleProgress progress = new ConsoleProgress("register");
    try (Backend backend = backendOptions.open(cli)) {
      Registration registration = new Registration(backend);
      result = registration.run(problem, settings, start, progress);
      if (reportDir != null) {
        startDrrs = registration.render(problem, start);
        finalDrrs = registration.render(problem, result.pose);
      }
    }
    progress.finish();
    PoseErrors errors = truth == null ? null : PoseErrors.of(result.pose, truth, problem);
    GeometryFileOptions.Writer geometryOut = GeometryFileOptions.writer(a,
        problem.worldViews(result.pose), cameras.poses(problem, result.pose), convention);
    PoseTable.write(out, List.of(result.pose), convention);
    if (geometryOut != null) geometryOut.write();
    if (reportDir != null) {
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("xrays", xrayNames);
      extra.put("volume", volume.description);
      extra.put("cameras", cameras.description);
      RegistrationReport.write(reportDir, result, convention, targets, startDrrs, finalDrrs,
          first.width, first.height, errors, extra);
    }
    cli.out.printf(Locale.ROOT, "final NCC %.5f, %d iterations, %.2f s%s%s → %s%s%s%n",
        result.finalNcc, result.iterations, result.seconds,
        result.canceled ? " (canceled)" : "",
        errors == null ? "" : String.format(Locale.ROOT,
            ", rotation error %.3f°, translation error %.3f mm, source error %.3f mm, mTRE %.3f mm",
            errors.rotationDeg, errors.translationMm, errors.sourceMm, errors.mtreMm),
        out, geometryOut == null ? "" : ", geometry in " + geometryOut.out,
        reportDir == null ? "" : ", report in " + reportDir);
    return Main.OK;
  }

  /**
   * The cameras: a detector (--sdd, --delx, …) with a rig, the pose being camera 0's; or the views
   * of --geometry, one per X-ray, the pose being a rigid motion of all of them.
   */
  private static final class Cameras {
    final String convention;
    final String description;
    private final GeometryOptions detector;
    private final Rig rig;
    private final List<View> views;
    /** --geometry as a pose table: its rows (the registered cameras can be written as poses). */
    private final List<Pose> tablePoses;

    private Cameras(String convention, String description, GeometryOptions detector, Rig rig,
        List<View> views, List<Pose> tablePoses) {
      this.convention = convention;
      this.description = description;
      this.detector = detector;
      this.rig = rig;
      this.views = views;
      this.tablePoses = tablePoses;
    }

    static Cameras fromDetector(Args a, ProjectionStack first, int xrays) throws IOException {
      GeometryOptions g = GeometryOptions.detectorOnly(a, first.height, first.width);
      Rig rig = rig(a, g.convention, xrays);
      return new Cameras(g.convention, g.detector + (xrays > 1 ? " on a rig of " + xrays : ""),
          g, rig, null, null);
    }

    static Cameras fromFile(Args a, ProjectionStack first, int xrays) throws IOException {
      if (a.has("rig")) {
        throw new IllegalArgumentException("--geometry places every camera; --rig places cameras "
            + "relative to a detector: give one of them");
      }
      String spec = a.string("geometry", null);
      GeometryFormat f = GeometryFileOptions.inputFormat(a);
      List<View> views;
      List<Pose> table = null;
      String convention;
      String label;
      if (f == GeometryFormat.POSES) {
        GeometryOptions d = GeometryOptions.detectorOnly(a, first.height, first.width);
        convention = d.convention;
        Path g = a.path("geometry");
        String cv = convention;
        table = InputFiles.read("geometry", g.toString(), () -> PoseTable.read(g, cv));
        views = new ArrayList<>();
        for (Pose p : table) views.add(d.detector.view(p, d.orientation));
        label = table.size() + " pose(s) from " + spec + " with " + d.detector;
      } else {
        for (String option : new String[] {"sdd", "x0", "y0", "orientation"}) {
          if (a.has(option)) {
            throw new IllegalArgumentException("--" + option + ": the views of --geometry " + spec
                + " (" + f.label() + ") carry the detector; drop it");
          }
        }
        GeometryFileOptions g = GeometryFileOptions.parse(a, first.height, first.width);
        convention = sc.fiji.diffdrr.geometry.Rotations.convention(a.string("convention", "ZXY"));
        views = g.views;
        label = g.describe();
      }
      if (views.size() != xrays) {
        throw new IllegalArgumentException("--geometry " + spec + " has " + views.size()
            + " view(s) but " + xrays + " X-ray(s) are given; give one view per --xray, in order");
      }
      for (int k = 0; k < views.size(); k++) {
        View v = views.get(k);
        if (v.isParallel()) {
          throw new IllegalArgumentException("--geometry " + spec + ": view " + (k + 1) + " is "
              + "parallel-beam; registration moves a source, so it needs cone-beam views");
        }
        if (v.height != first.height || v.width != first.width) {
          throw new IllegalArgumentException("--geometry " + spec + ": view " + (k + 1) + " is "
              + v.width + "×" + v.height + " pixels but the X-rays are " + first.width + "×"
              + first.height + "; every X-ray must match the detector");
        }
      }
      return new Cameras(convention, label + "; the pose moves them all (0,0,0 / 0,0,0: as given)",
          null, null, views, table);
    }

    /** --rotation/--translation; with --geometry both default to 0 (the file's cameras). */
    Pose start(Args a) {
      double[] r = a.has("rotation") ? Args.numbers("rotation", a.required("rotation"), 3) : new double[3];
      double[] t = a.has("translation") ? Args.numbers("translation", a.required("translation"), 3)
          : new double[3];
      return Pose.eulerDegrees(convention, r[0], r[1], r[2], t[0], t[1], t[2]);
    }

    RegistrationProblem problem(sc.fiji.diffdrr.volume.Volume density, List<float[]> targets,
        ProjectorSettings renderer) {
      return views == null
          ? new RegistrationProblem(density, detector.detector, detector.orientation, rig, targets, renderer)
          : RegistrationProblem.ofViews(density, views, targets, renderer);
    }

    /** Each camera's pose at a pose, when the cameras are poses in the volume's frame; else null. */
    List<Pose> poses(RegistrationProblem problem, Pose pose) {
      if (views == null) return rig.cameras(pose);
        if (tablePoses == null || problem.recentred()) return null;
      List<Pose> out = new ArrayList<>();
      for (Pose q : tablePoses) out.add(q.compose(pose));
      return out;
    }
  }

  private static Rig rig(Args a, String convention, int xrays) throws IOException {
    Path file = a.path("rig");
    if (file == null) {
      if (xrays > 1) {
        throw new IllegalArgumentException(xrays + " X-rays need --rig FILE.csv (one pose-table "
            + "row per X-ray) to place their cameras relative to each other");
      }
      return Rig.single();
    }
    List<Pose> poses = InputFiles.read("rig", file.toString(), () -> PoseTable.read(file, convention));
    if (poses.size() != xrays) {
      throw new IllegalArgumentException("--rig " + file.getFileName() + " has " + poses.size()
          + " row(s) but " + xrays + " X-ray(s) are given; give one rig row per --xray");
    }
    return Rig.of(poses);
  }

  static RegistrationSettings settings(Args a, String convention) {
    RegistrationSettings s = RegistrationSettings.of(
        RegistrationSettings.Recipe.parse(a.string("recipe", "auto")));
    if (a.has("parameterization")) {
      s.parameterization(PoseParameterization.parse(a.string("parameterization", null), convention));
    } else {
      s.parameterization(PoseParameterization.euler(convention));
    }
    if (a.has("patch-sizes")) s.patchSizes(integers("patch-sizes", a.string("patch-sizes", null)), null);
    if (a.has("loss")) s.loss(a.string("loss", null));
    if (a.has("optimizer")) s.optimizer(PoseOptimizer.Kind.parse(a.string("optimizer", null)));
    if (a.has("lr-rotation")) positive(a, "lr-rotation", s::lrRotation);
    if (a.has("lr-translation")) positive(a, "lr-translation", s::lrTranslation);
    if (a.has("momentum")) s.momentum(a.requiredNumber("momentum"));
    if (a.has("scales")) s.scales(integers("scales", a.string("scales", null)));
    if (a.has("iterations")) s.iterations(a.requiredInteger("iterations"));
    if (a.has("stop-ncc")) s.stopNcc(a.requiredNumber("stop-ncc"));
    return s;
  }

  private static void positive(Args a, String name, java.util.function.DoubleConsumer set) {
    double v = a.requiredNumber(name);
    if (!(v > 0)) throw new IllegalArgumentException("--" + name + " must be a number > 0, got " + a.string(name, null));
    set.accept(v);
  }

  private static int[] integers(String name, String value) {
    String[] parts = value.split(",", -1);
    int[] r = new int[parts.length];
    for (int i = 0; i < parts.length; i++) r[i] = Args.parseInteger(name, parts[i]);
    return r;
  }

  private static Pose truth(Args a, String convention) throws IOException {
    Path file = a.path("truth");
    boolean pair = a.has("truth-rotation") || a.has("truth-translation");
    if (file != null && pair) {
      throw new IllegalArgumentException("give the truth one way: --truth FILE.csv or --truth-rotation/--truth-translation");
    }
    if (file != null) {
      List<Pose> poses = InputFiles.read("truth", file.toString(),
          () -> PoseTable.read(file, convention));
      if (poses.size() != 1) {
        throw new IllegalArgumentException("--truth " + file.getFileName() + " has " + poses.size()
            + " rows; give one pose (that of the first X-ray's camera)");
      }
      return poses.get(0);
    }
    if (!pair) return null;
    double[] r = Args.numbers("truth-rotation", a.required("truth-rotation"), 3);
    double[] t = Args.numbers("truth-translation", a.required("truth-translation"), 3);
    return Pose.eulerDegrees(convention, r[0], r[1], r[2], t[0], t[1], t[2]);
  }
}
