package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.AtomicFile;
import sc.fiji.diffdrr.opencl.OpenClBackend;
import sc.fiji.diffdrr.opencl.OpenClUnavailableException;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.report.Json;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * {@code check}: does the OpenCL device give the right answers? Renders the reference cases on
 * the OpenCL device and on the Java backend (the reference implementation) and compares them, and
 * against DiffDRR's own DRRs where a reference folder holds them; runs the adjoint's dot-product
 * test on the device. Never falls back to Java: without an OpenCL device the check fails.
 */
final class CheckCommand implements Subcommand {

  /** OpenCL against Java: max |opencl − java| ≤ this × max |java|. */
  static final double VS_JAVA = 1e-4;
  /** Against DiffDRR's DRRs (DIFFDRR_V05 voxels), as the reference tests. */
  static final double SIDDON_VS_DIFFDRR = 1e-4, TRILINEAR_VS_DIFFDRR = 1e-3;
  /** |⟨Ax,y⟩ − ⟨x,Aᵀy⟩| ≤ this × |⟨Ax,y⟩|. */
  static final double DOT_PRODUCT = 1e-5;

  @Override public String name() { return "check"; }

  @Override public String summary() { return "check the OpenCL device's DRRs and adjoints against Java and DiffDRR"; }

  @Override
  public String usage() {
    return "usage: check [--reference DIR] [--backend opencl] [--device NAME] [--json FILE]\n\n"
        + "Renders the reference cases on the OpenCL device and on the Java backend and compares\n"
        + "them: Siddon and trilinear, both voxel conventions, 3 poses (sdd 1020 mm, 200×200 of\n"
        + "2 mm, ZXY (0,0,0)/(0,850,0), (90,0,0)/(0,850,0), (30,22.5,-15)/(12.5,850,-20), AP) of\n"
        + "phantom128 (128³, 2 mm), and of the head CT when DIR holds it. Passes when\n"
        + "max |opencl - java| <= 1e-4 × max |java|. With DIR laid out as DiffDRR's reference set\n"
        + "(DIR/phantom128/drr_<renderer>_pose<k>.mha, DIR/head-ct/..., the head CT at\n"
        + "DIR/head-ct.mha or DIR/../../data/head-ct/head-ct.mha) it also compares with DiffDRR's\n"
        + "DRRs in diffdrr-v05 voxels (Siddon 1e-4, trilinear 1e-3 × max). Then the adjoint's\n"
        + "dot-product test on the device (relative error <= 1e-5).\n"
        + "Never falls back to Java. --device picks an OpenCL device by part of its name\n"
        + "(default: the first GPU, else the first device; see devices).\n"
        + "Exit status: 0 all pass, 1 any fails (or no OpenCL device), 2 bad input.\n";
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name())
        .add(Option.choice("backend", "the backend checked", "opencl")
            .because("the Java backend is the reference it is checked against"))
        .add(BackendOptions.OPTIONS, "device")
        .add(Option.dirIn("reference", "DiffDRR's reference DRRs"))
        .add(Option.fileOut("json", "the results as JSON", "json"));
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    String kind = a.string("backend", "opencl");
    if (!kind.equals("opencl")) {
      throw new IllegalArgumentException("--backend must be opencl (the Java backend is the "
          + "reference it is checked against), got '" + kind + "'");
    }
    String device = a.string("device", null);
    Path referenceDir = a.path("reference");
    Path json = a.path("json");
    a.rejectUnknown();
    CheckReference reference = new CheckReference(referenceDir);

    OpenClBackend cl;
    try {
      cl = OpenClBackend.open(device, cli::notice);
    } catch (OpenClUnavailableException e) {
      cli.err.println("error: no OpenCL device to check (" + e.getMessage() + ")");
      return Main.FAILED;
    }
    List<Agreement> rows = new ArrayList<>();
    String deviceLabel;
    String javaLabel;
    try (Backend java = new JavaBackend()) {
      deviceLabel = cl.description();
      javaLabel = java.description();
      cli.out.println("check: " + deviceLabel + " against " + javaLabel);
      String skipped = reference.skipped();
      if (skipped != null) cli.out.println("note: " + skipped);
      cli.out.println(Agreement.header());
      for (String name : reference.volumeNames()) {
        compareRenders(cl, java, reference, name, rows, cli);
      }
      for (Renderer r : Renderer.values()) {
        for (VoxelConvention c : VoxelConvention.values()) {
          for (int k = 0; k < CheckReference.POSES; k++) {
            rows.add(print(cli, dotProduct(cl, r, c, k, rows, cli)));
          }
        }
      }
    } finally {
      cl.close();
    }
    int failed = 0;
    for (Agreement row : rows) if (!row.passed()) failed++;
    cli.out.printf(Locale.ROOT, "check: %s: %d of %d cases %s%n", deviceLabel,
        failed == 0 ? rows.size() : failed, rows.size(), failed == 0 ? "pass" : "FAIL");
    if (json != null) writeJson(json, deviceLabel, javaLabel, referenceDir, rows, failed);
    return failed == 0 ? Main.OK : Main.FAILED;
  }

  private static Agreement print(Cli cli, Agreement row) {
    cli.out.println(row.line());
    cli.out.flush();
    return row;
  }

  /** Both renderers × both conventions × the poses: OpenCL against Java, and against DiffDRR. */
  private static void compareRenders(Backend cl, Backend java, CheckReference reference,
      String name, List<Agreement> rows, Cli cli) throws IOException {
    Volume volume = reference.volume(name);
    List<View> views = CheckReference.views();
    try (DeviceArray onDevice = cl.upload(volume.data());
        DeviceArray onHost = java.upload(volume.data())) {
      for (Renderer r : Renderer.values()) {
        for (VoxelConvention c : VoxelConvention.values()) {
          ProjectorSettings settings = ProjectorSettings.of(r);
          VolumeGrid grid = volume.grid.withConvention(c);
          for (int k = 0; k < views.size(); k++) {
            String what = name + " " + r.label() + " " + c.label() + " pose " + k;
            float[] expected = render(java, onHost, grid, views, settings, k);
            float[] actual;
            try {
              actual = render(cl, onDevice, grid, views, settings, k);
            } catch (RuntimeException e) {
              rows.add(print(cli, threw(cli, rows, what, "java", VS_JAVA, e)));
              continue;
            }
            rows.add(print(cli, Agreement.images(what, "java", expected, actual, VS_JAVA)));
            float[] diffdrr =
                c == VoxelConvention.DIFFDRR_V05 ? reference.diffDrr(name, r, k) : null;
            if (diffdrr != null) {
              double limit = r == Renderer.SIDDON ? SIDDON_VS_DIFFDRR : TRILINEAR_VS_DIFFDRR;
              rows.add(print(cli, Agreement.images(what, "diffdrr", diffdrr, actual, limit)));
            }
          }
        }
      }
    }
  }

  /**
   * A case whose device call threw; with DIFFDRR_DEBUG=1 the first such failure's stack trace
   * goes to stderr (later ones mostly repeat it).
   */
  private static Agreement threw(Cli cli, List<Agreement> rows, String what, String against,
      double limit, RuntimeException e) {
    boolean first = true;
    for (Agreement row : rows) if (row.problem != null) first = false;
    if (first && "1".equals(System.getenv("DIFFDRR_DEBUG"))) e.printStackTrace(cli.err);
    return Agreement.threw(what, against, limit, e);
  }

  /** One DRR (view k of views) of a volume already on the backend. */
  private static float[] render(Backend b, DeviceArray volume, VolumeGrid grid, List<View> views,
      ProjectorSettings settings, int k) {
    float[] out = new float[views.get(k).pixelCount()];
    try (ProjectionOperator op = b.projector(grid, views, settings);
        DeviceArray image = b.allocate(out.length)) {
      op.forward(volume, new int[] {k}, image);
      b.download(image, out);
    }
    return out;
  }

  /**
   * ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ on the device for random x and y (a 48×44×40 grid of anisotropic voxels,
   * a 32×32 detector of 4 mm pixels that sees the whole volume).
   */
  private static Agreement dotProduct(Backend cl, Renderer r, VoxelConvention c, int pose,
      List<Agreement> rows, Cli cli) {
    String what = "adjoint " + r.label() + " " + c.label() + " pose " + pose;
    VolumeGrid grid = new VolumeGrid(48, 44, 40, 2.0, 2.2, 2.5, c);
    Detector d = new Detector(1020, 32, 4.0);
    View view = d.view(CheckReference.pose(pose), CheckReference.ORIENTATION);
    float[] x = random(grid.voxelCount(), 1 + pose);
    float[] y = random(view.pixelCount(), 100 + pose);
    float[] ax = new float[y.length];
    float[] aty = new float[x.length];
    try (ProjectionOperator op = cl.projector(grid, List.of(view), ProjectorSettings.of(r));
        DeviceArray dx = cl.upload(x); DeviceArray dy = cl.upload(y);
        DeviceArray dax = cl.allocate(ax.length); DeviceArray daty = cl.allocate(aty.length)) {
      op.forward(dx, new int[] {0}, dax);
      op.adjoint(dy, new int[] {0}, daty);
      cl.download(dax, ax);
      cl.download(daty, aty);
    } catch (RuntimeException e) {
      return threw(cli, rows, what, "dot product", DOT_PRODUCT, e);
    }
    return Agreement.dotProduct(what, dot(ax, y), dot(x, aty), DOT_PRODUCT);
  }

  /** Uniform in [-1, 1), seeded: the same numbers on every run. */
  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = 2 * r.nextFloat() - 1;
    return a;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * (double) b[i];
    return s;
  }

  private static void writeJson(Path file, String device, String javaLabel, Path reference,
      List<Agreement> rows, int failed) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", java.time.OffsetDateTime.now().toString());
    root.put("device", device);
    root.put("reference_backend", javaLabel);
    root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    root.put("reference", reference == null ? null : reference.toString());
    root.put("cases_total", rows.size());
    root.put("cases_failed", failed);
    root.put("pass", failed == 0);
    List<Map<String, Object>> cases = new ArrayList<>();
    for (Agreement row : rows) cases.add(row.toJson());
    root.put("cases", cases);
    AtomicFile.write(file, out -> out.write(Json.write(root).getBytes(StandardCharsets.UTF_8)));
  }
}
