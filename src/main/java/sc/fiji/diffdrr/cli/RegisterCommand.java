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
    return "usage: register --volume FILE --xray FILE --sdd MM --delx MM\n"
        + "       --rotation A,B,C --translation X,Y,Z --out pose.csv [options]\n\n"
        + VolumeOptions.USAGE
        + "  X-rays:    --xray FILE (.mha .tif; line integrals; the detector size comes from it),\n"
        + "             repeat for a rig: --xray AP.mha --xray LAT.mha --rig FILE.csv (a pose\n"
        + "             table, one row per X-ray: the cameras' poses in one frame; only their\n"
        + "             relative placement is used, the first camera's pose is found)\n"
        + "  detector:  --sdd MM --delx MM [--dely MM] [--x0 MM] [--y0 MM] [--orientation AP]\n"
        + "  start:     --rotation A,B,C (degrees, in convention order) --translation X,Y,Z (mm,\n"
        + "             DiffDRR's t) [--convention ZXY]\n"
        + "  recipe:    [--recipe auto|diffdrr (auto)]: auto = coarse to fine (scales 4,2,1),\n"
        + "             multiscale NCC (9×9 patches and global), L-BFGS with a strong-Wolfe line\n"
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
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(name(), argv, 0, Set.of());
    Path out = OutputOptions.file(a, "out", "csv");
    Path reportDir = a.path("report");
    if (a.has("input") || a.has("i0") || a.has("flat") || a.has("dark")) {
      throw new IllegalArgumentException("--input/--i0/--flat/--dark: intensity X-rays are not "
          + "supported by this build; give line integrals");
    }
    if (a.has("geometry")) {
      throw new IllegalArgumentException("--geometry is not supported by this build; give --sdd and --delx");
    }
    List<String> xrayNames = a.all("xray");
    if (xrayNames.isEmpty()) throw new IllegalArgumentException("register: --xray is required");
    if (!a.has("rotation") || !a.has("translation")) {
      throw new IllegalArgumentException("register: --rotation and --translation (the start pose) are required");
    }
    if (a.all("rotation").size() > 1 || a.all("translation").size() > 1) {
      throw new IllegalArgumentException("--rotation and --translation give one start pose: give each once");
    }
    List<ProjectionStack> xrays = new ArrayList<>();
    for (String name : xrayNames) {
      ProjectionStack s = ProjectionFiles.read(java.nio.file.Paths.get(name));
      if (s.count != 1) {
        throw new IllegalArgumentException("--xray " + name + " holds " + s.count
            + " images; give one X-ray per --xray");
      }
      xrays.add(s);
    }
    ProjectionStack first = xrays.get(0);
    GeometryOptions geometry = GeometryOptions.parse(a, first.height, first.width, false);
    for (int k = 1; k < xrays.size(); k++) {
      ProjectionStack s = xrays.get(k);
      if (s.width != first.width || s.height != first.height) {
        throw new IllegalArgumentException("--xray " + xrayNames.get(k) + " is " + s.width + "×"
            + s.height + " pixels but the detector (from the first X-ray) is " + first.width + "×"
            + first.height + "; every X-ray must match the detector");
      }
    }
    if (!sc.fiji.diffdrr.geometry.Rotations.isTaitBryan(geometry.convention)) {
      throw new IllegalArgumentException("--convention must be Tait–Bryan for pose tables (XYZ, "
          + "XZY, YXZ, YZX, ZXY, ZYX), got '" + geometry.convention + "'");
    }
    Rig rig = rig(a, geometry.convention, xrays.size());
    RegistrationSettings settings = settings(a, geometry.convention);
    ProjectorSettings renderer = RendererOptions.parse(a);
    Pose truth = truth(a, geometry.convention);
    VolumeOptions volume = VolumeOptions.parse(a);
    BackendOptions backendOptions = BackendOptions.parse(a);
    a.rejectUnknown();

    List<float[]> targets = new ArrayList<>();
    for (ProjectionStack s : xrays) targets.add(s.data);
    RegistrationProblem problem = new RegistrationProblem(volume.density, geometry.detector,
        geometry.orientation, rig, targets, renderer);
    Pose start = geometry.poses.get(0);
    cli.notice("registering " + xrays.size() + " X-ray(s) of " + first.width + "×" + first.height
        + " to " + volume.description + "; " + settings);
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
    PoseErrors errors = truth == null ? null
        : PoseErrors.of(result.pose, truth, rig, volume.density.grid);
    PoseTable.write(out, List.of(result.pose), geometry.convention);
    if (reportDir != null) {
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("xrays", xrayNames);
      extra.put("volume", volume.description);
      RegistrationReport.write(reportDir, result, geometry.convention, targets, startDrrs, finalDrrs,
          first.width, first.height, errors, extra);
    }
    cli.out.printf(Locale.ROOT, "final NCC %.5f, %d iterations, %.2f s%s%s → %s%s%n",
        result.finalNcc, result.iterations, result.seconds,
        result.canceled ? " (canceled)" : "",
        errors == null ? "" : String.format(Locale.ROOT,
            ", rotation error %.3f°, translation error %.3f mm, source error %.3f mm, mTRE %.3f mm",
            errors.rotationDeg, errors.translationMm, errors.sourceMm, errors.mtreMm),
        out, reportDir == null ? "" : ", report in " + reportDir);
    return Main.OK;
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
    List<Pose> poses = PoseTable.read(file, convention);
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
      List<Pose> poses = PoseTable.read(file, convention);
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
