package sc.fiji.diffdrr.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.AtomicFile;
import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.recon.Cgls;
import sc.fiji.diffdrr.recon.Fdk;
import sc.fiji.diffdrr.recon.FdkFilter;
import sc.fiji.diffdrr.recon.IterativeSettings;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.render.SiddonVisits;
import sc.fiji.diffdrr.report.Json;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * {@code bench}: how fast the projector pair and the reconstruction loop run, per backend, as
 * medians of repeated runs after warm-up with their min and max. Backends run one after the other
 * in one process, so the ratios between them are fair; absolute figures depend on the machine's
 * load at the time.
 */
final class BenchCommand implements Subcommand {

  @Override public String name() { return "bench"; }

  @Override public String summary() { return "time DRRs, the projector pair and the reconstruction loop on each backend"; }

  @Override
  public String usage() {
    return "usage: bench [--backend java|opencl|auto|all (all)] [--device NAME] [--threads N]\n"
        + "             [--runs N (7)] [--quick] [--json FILE]\n\n"
        + "Times (median of N runs after warm-up, with min and max):\n"
        + "  DRR ms, Siddon and trilinear: 200×200 through phantom128 (128³, 2 mm), through a\n"
        + "  volume of the head CT's size (256×256×108) and of DiffDRR's example CT (512×512×133),\n"
        + "  and 512×512 through 256³ (1 mm); forward+adjoint pair ms; Siddon voxel visits/s;\n"
        + "  adjoint GUPS (voxel updates per second, 256³ × 8 views of 512×512); the seed loop's\n"
        + "  iterations/s (128³, one 200×200 view, Adam); a multi-view pass (75 views of 200×200\n"
        + "  forward and adjoint through 128³); FDK of 256³ from 360 projections of 256² (seconds\n"
        + "  of filtering and of backprojection, " + FDK_RUNS + " runs after one warm-up; GUPS of the\n"
        + "  backprojection); one CGLS iteration with its setup (75 views of 200², 128³).\n"
        + "  --quick keeps the 128³ cases and 5 runs.\n"
        + "  A registration iteration (one DRR + NCC + pose gradient, 100×100 of 4 mm, the head\n"
        + "  CT from --head-ct FILE or ../shared/data/head-ct; a head-sized ellipsoid without it).\n"
        + "On OpenCL also the cost of splitting the volume into " + SLABS + " z-slabs (the DRR, the\n"
        + "  pair and the seed loop, whole vs split, as when a volume does not fit the device).\n"
        + "Also prints the Java heap's peak and each backend's device.\n\n"
        + RegistrationTable.USAGE + SizeTable.USAGE;
  }

  /** One timed case: a name, what is timed, and work units for rates. */
  private interface Work {
    void run();
  }

  @Override
  public OptionTable options() {
    return new OptionTable(name())
        .add(Option.choice("backend", "which backends", "java", "opencl", "auto", "all"))
        .add(BackendOptions.OPTIONS, "device", "threads")
        .add(Option.integer("runs", 5, 1000, "timed runs per case"))
        .add(Option.flag("quick", "the 128³ cases and 5 runs"))
        .add(Option.fileOut("json", "the figures as JSON", "json"))
        .add(Option.flag("registration-table", "registration success rates on the head CT"))
        .add(Option.fileIn("head-ct", false, "the head CT (registration timings, --registration-table)", "mha", "mhd"))
        .add(Option.choice("recipe", "registration recipe", "auto", "diffdrr"))
        .add(Option.integer("views", 1, 2, "1, or 2 for an AP + lateral rig"))
        .add(Option.integer("pixels", 16, 1024, "detector pixels per side"))
        .add(Option.text("levels", "start-pose perturbations, DEG:MM,..."))
        .add(Option.integer("starts", 1, 10_000, "starts per level"))
        .add(Option.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE, "start generator seed"))
        .add(Option.text("sizes", "volume sizes for the size table, N,N,... voxels per side"));
  }

  @Override
  public int run(String[] argv, Cli cli) throws Exception {
    Args a = new Args(options(), argv);
    if (a.flag("registration-table")) return RegistrationTable.run(a, cli);
    if (a.has("sizes")) {
      int[] sizes = SizeTable.parseSizes(a.string("sizes", null));
      int runs = a.integer("runs", 3);
      BackendOptions backend = BackendOptions.parse(a);
      a.rejectUnknown();
      return SizeTable.run(sizes, runs, backend, cli);
    }
    boolean quick = a.flag("quick");
    int runs = a.integer("runs", quick ? 5 : 7);
    if (runs < 5 || runs > 1000) {
      throw new IllegalArgumentException("--runs must be an integer in [5, 1000], got " + runs);
    }
    String which = a.string("backend", "all");
    if (!Arrays.asList("java", "opencl", "auto", "all").contains(which)) {
      throw new IllegalArgumentException("--backend must be java, opencl, auto or all, got '" + which + "'");
    }
    String device = a.string("device", null);
    int threads = a.integer("threads", 0);
    Path json = a.path("json");
    Path headCt = RegistrationTable.headCt(a);
    a.rejectUnknown();

    List<String> kinds = which.equals("all") ? List.of("java", "opencl") : List.of(which);
    Fixtures f = new Fixtures(quick);
    f.registration = headCt != null ? RegistrationTable.density(headCt)
        : Fixtures.ellipsoid(new VolumeGrid(256, 256, 108, 0.9570312, 0.9570312, 1.5));
    f.registrationLabel = headCt != null ? "head CT" : "256×256×108 ellipsoid";
    List<Map<String, Object>> backends = new ArrayList<>();
    Map<String, Map<String, double[]>> results = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    List<String> splitCost = new ArrayList<>();
    for (String kind : kinds) {
      List<String> notices = new ArrayList<>();
      try (Backend backend = Backends.open(kind, device, threads, notices::add)) {
        for (String n : notices) cli.notice(n);
        String label = backend.description();
        if (columns.contains(label)) continue; // opencl fell back to the Java backend already run
        columns.add(label);
        cli.notice("timing " + label + " ...");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("backend", label);
        backends.add(info);
        results.put(label, timeAll(backend, f, runs, quick));
        if (backend.deviceLimits() != null) splitCost.addAll(splitCost(backend, f, runs, quick));
      }
    }
    printTable(cli, columns, results, f);
    for (String line : splitCost) cli.out.println(line);
    long peak = peakHeap();
    cli.out.printf(Locale.ROOT, "peak Java heap %d MiB; %d processors; %s %s; loadavg %s%n",
        peak >> 20, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), loadAverage());
    if (json != null) writeJson(json, columns, results, backends, peak, runs, quick);
    return Main.OK;
  }

  /** Volumes and views, made once. */
  private static final class Fixtures {
    final Volume phantom = SheppLogan.create(128, 2);
    final Volume head;
    final Volume chest;
    final Volume big;
    /** The registration case's volume: the head CT, or a head-sized ellipsoid without it. */
    Volume registration;
    String registrationLabel;
    final View v200 = new Detector(1020, 200, 2.0).view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Orientation.AP);
    final View v512 = new Detector(1020, 512, 0.8).view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Orientation.AP);
    final List<View> orbit200 = views(Orbit.circular(75, 360, 0, 850), new Detector(1020, 200, 2.0));
    final List<View> orbit512 = views(Orbit.circular(8, 360, 0, 850), new Detector(1020, 512, 0.8));

    Fixtures(boolean quick) {
      head = quick ? null : ellipsoid(new VolumeGrid(256, 256, 108, 0.9570312, 0.9570312, 1.5));
      chest = quick ? null : ellipsoid(new VolumeGrid(512, 512, 133, 0.703125, 0.703125, 2.5));
      big = quick ? null : SheppLogan.create(256, 1);
    }

    static List<View> views(List<Pose> poses, Detector d) {
      List<View> v = new ArrayList<>();
      for (Pose p : poses) v.add(d.view(p, Orientation.AP));
      return v;
    }

    /** A body-like ellipsoid of density 1 filling most of the grid (timing needs no anatomy). */
    static Volume ellipsoid(VolumeGrid g) {
      float[] d = new float[g.voxelCount()];
      double ax = 0.45 * g.nx * g.sx, ay = 0.4 * g.ny * g.sy, az = 0.48 * g.nz * g.sz;
      for (int z = 0; z < g.nz; z++) {
        double wz = g.voxelCentre(2, z) / az;
        for (int y = 0; y < g.ny; y++) {
          double wy = g.voxelCentre(1, y) / ay;
          for (int x = 0; x < g.nx; x++) {
            double wx = g.voxelCentre(0, x) / ax;
            if (wx * wx + wy * wy + wz * wz <= 1) d[g.index(x, y, z)] = 1;
          }
        }
      }
      return new Volume(g, d);
    }
  }

  private Map<String, double[]> timeAll(Backend b, Fixtures f, int runs, boolean quick) {
    Map<String, double[]> r = new LinkedHashMap<>();
    for (Renderer renderer : Renderer.values()) {
      String s = renderer.label();
      ProjectorSettings ps = ProjectorSettings.of(renderer);
      r.put("DRR 200² phantom128 " + s + " (ms)", drr(b, f.phantom, f.v200, ps, runs));
      if (!quick) {
        r.put("DRR 200² 256×256×108 " + s + " (ms)", drr(b, f.head, f.v200, ps, runs));
        r.put("DRR 200² 512×512×133 " + s + " (ms)", drr(b, f.chest, f.v200, ps, runs));
        r.put("DRR 512² 256³ " + s + " (ms)", drr(b, f.big, f.v512, ps, runs));
      }
      r.put("pair 200² phantom128 " + s + " (ms)", pair(b, f.phantom, List.of(f.v200), ps, runs));
      if (!quick) r.put("pair 512² 256³ " + s + " (ms)", pair(b, f.big, List.of(f.v512), ps, runs));
    }
    double[] drr = r.get("DRR 200² phantom128 siddon (ms)");
    r.put("Siddon visits/s 200² phantom128 (G/s)",
        rate(SiddonVisits.count(f.phantom.grid, f.v200) / 1e9, drr));
    if (!quick) {
      r.put("Siddon visits/s 512² 256³ (G/s)",
          rate(SiddonVisits.count(f.big.grid, f.v512) / 1e9, r.get("DRR 512² 256³ siddon (ms)")));
      double[] adj = adjoint(b, f.big, f.orbit512, ProjectorSettings.siddon(), runs);
      r.put("adjoint 256³ × 8 views 512² siddon (ms)", adj);
      r.put("adjoint GUPS 256³ siddon", rate(f.big.grid.voxelCount() * 8.0 / 1e9, adj));
    }
    if (!quick) {
      double[][] fdk = fdk(b, Math.min(runs, FDK_RUNS));
      r.put("FDK 256³ from 360 × 256², filtering (s)", fdk[0]);
      r.put("FDK 256³ from 360 × 256², backprojection (s)", fdk[1]);
      r.put("FDK backprojection GUPS", rate(256.0 * 256 * 256 * 360 / 1e9, scaled(fdk[1], 1e3)));
    }
    r.put("CGLS 1 iteration, 75 views 200², 128³, with setup (s)",
        scaled(cgls(b, f, Math.min(runs, 5)), 1e-3));
    r.put("seed loop 128³, 1 view 200² (it/s)", seedLoop(b, f, runs));
    r.put("registration iteration 100² " + f.registrationLabel + " siddon (ms)",
        registrationIteration(b, f.registration, runs));
    r.put("pass 75 views 200² fwd+adj 128³ siddon (s)",
        scaled(pair(b, f.phantom, f.orbit200, ProjectorSettings.siddon(), Math.min(runs, 5)), 1e-3));
    return r;
  }

  /** Slabs of the split-cost lines. */
  static final int SLABS = 4;

  /**
   * What streaming the volume through the device in {@link #SLABS} z-slabs costs (the arrays on
   * the Java heap, as when a volume does not fit the device), against the whole volume on the
   * device, back to back on the same device: one line per case with the ratio.
   */
  private static List<String> splitCost(Backend b, Fixtures f, int runs, boolean quick) {
    List<String> lines = new ArrayList<>();
    Volume drrVolume = quick ? f.phantom : f.big;
    View drrView = quick ? f.v200 : f.v512;
    String drrCase = quick ? "DRR 200² phantom128 siddon" : "DRR 512² 256³ siddon";
    try (Backend split = Backends.splitInto(b, drrVolume.grid, SLABS)) {
      lines.add(splitLine(drrCase + " (ms)", drr(b, drrVolume, drrView, ProjectorSettings.siddon(),
          runs), drr(split, drrVolume, drrView, ProjectorSettings.siddon(), runs)));
    }
    try (Backend split = Backends.splitInto(b, f.phantom.grid, SLABS)) {
      lines.add(splitLine("pair 200² phantom128 siddon (ms)", pair(b, f.phantom, List.of(f.v200),
          ProjectorSettings.siddon(), runs), pair(split, f.phantom, List.of(f.v200),
          ProjectorSettings.siddon(), runs)));
      lines.add(splitLine("seed loop 128³, 1 view 200² (it/s)", seedLoop(b, f, runs),
          seedLoop(split, f, runs)));
    }
    return lines;
  }

  private static String splitLine(String what, double[] whole, double[] split) {
    return String.format(Locale.ROOT, "split into %d z-slabs, %s: %s whole, %s split, ratio %.2f",
        SLABS, what, num(median(whole)), num(median(split)), median(split) / median(whole));
  }

  static double[] drr(Backend b, Volume v, View view, ProjectorSettings s, int runs) {
    try (DeviceArray vol = b.upload(v.data());
        ProjectionOperator op = b.projector(v.grid, List.of(view), s);
        DeviceArray img = b.allocate(view.pixelCount())) {
      int[] ids = {0};
      float[] host = new float[view.pixelCount()];
      return time(runs, () -> {
        op.forward(vol, ids, img);
        b.download(img, host); // a DRR is done when it is on the host
      });
    }
  }

  static double[] pair(Backend b, Volume v, List<View> views, ProjectorSettings s,
      int runs) {
    int p = views.get(0).pixelCount();
    try (DeviceArray vol = b.upload(v.data());
        ProjectionOperator op = b.projector(v.grid, views, s);
        DeviceArray img = b.allocate((long) p * views.size());
        DeviceArray back = b.allocate(v.grid.voxelCount())) {
      int[] ids = DrrRenderer.allViews(views.size());
      return time(runs, () -> {
        op.forward(vol, ids, img);
        op.adjoint(img, ids, back);
        b.sum(back); // waits for the device, as a loop's loss read does
      });
    }
  }

  private static double[] adjoint(Backend b, Volume v, List<View> views, ProjectorSettings s,
      int runs) {
    int p = views.get(0).pixelCount();
    try (ProjectionOperator op = b.projector(v.grid, views, s);
        DeviceArray img = b.allocate((long) p * views.size());
        DeviceArray back = b.allocate(v.grid.voxelCount())) {
      b.fill(img, 1);
      int[] ids = DrrRenderer.allViews(views.size());
      return time(runs, () -> {
        op.adjoint(img, ids, back);
        b.sum(back);
      });
    }
  }

  /** Runs of the FDK case (each backprojects 6·10⁹ voxel-view pairs; one warm-up). */
  static final int FDK_RUNS = 3;

  /**
   * FDK of a 256³ volume of 1 mm from 360 projections of 256² pixels of 1.5 mm (sdd 1020, sad 850):
   * seconds of the host-side weighting and filtering, and of the backprojection on the backend
   * (into a zeroed volume, downloaded). The projections are constant: the work does not depend on
   * their values.
   */
  private static double[][] fdk(Backend b, int runs) {
    VolumeGrid grid = new VolumeGrid(256, 256, 256, 1, 1, 1);
    List<View> views = Fixtures.views(Orbit.circular(360, 360, 0, 850), new Detector(1020, 256, 1.5));
    float[] targets = new float[360 * 256 * 256];
    Arrays.fill(targets, 1f);
    ReconstructionProblem problem = new ReconstructionProblem(grid, views, targets,
        ProjectorSettings.siddon());
    sc.fiji.diffdrr.render.Parallel cores = sc.fiji.diffdrr.render.Parallel.defaultThreads();
    Fdk fdk = new Fdk(b);
    float[] volume = new float[grid.voxelCount()];
    Fdk.Prepared[] prepared = new Fdk.Prepared[1];
    double[] filter = new double[runs], back = new double[runs];
    for (int i = -1; i < runs; i++) {
      long t0 = System.nanoTime();
      prepared[0] = Fdk.prepare(problem, FdkFilter.RAM_LAK, 1.0, cores);
      long t1 = System.nanoTime();
      Arrays.fill(volume, 0f);
      fdk.backproject(prepared[0], grid, volume, ProgressListener.NONE, t1);
      long t2 = System.nanoTime();
      if (i >= 0) {
        filter[i] = (t1 - t0) / 1e9;
        back[i] = (t2 - t1) / 1e9;
      }
    }
    return new double[][] {filter, back};
  }

  /** ms of CGLS with one iteration (with its setup: upload, Aᵀy) on 75 views of the phantom. */
  private static double[] cgls(Backend b, Fixtures f, int runs) {
    float[] targets = DrrRenderer.render(b, f.phantom, f.orbit200, ProjectorSettings.siddon());
    ReconstructionProblem problem = new ReconstructionProblem(f.phantom.grid, f.orbit200, targets,
        ProjectorSettings.siddon());
    Cgls cgls = new Cgls(b);
    IterativeSettings one = new IterativeSettings().iterations(1);
    return time(runs, () -> cgls.run(problem, one, ProgressListener.NONE));
  }

  /** Iterations per second of DiffDRR's tutorial loop, per run of 10 iterations. */
  private static double[] seedLoop(Backend b, Fixtures f, int runs) {
    float[] target = DrrRenderer.render(b, f.phantom, List.of(f.v200), ProjectorSettings.siddon());
    ReconstructionProblem problem = new ReconstructionProblem(f.phantom.grid, List.of(f.v200),
        target, ProjectorSettings.siddon());
    ReconstructionSettings s = ReconstructionSettings.tutorial().iterations(10);
    Reconstructor loop = new Reconstructor(b);
    double[] ms = time(runs, () -> loop.run(problem, s, ProgressListener.NONE));
    double[] itPerSecond = new double[ms.length];
    for (int i = 0; i < ms.length; i++) itPerSecond[i] = 10 / (ms[i] / 1e3);
    return itPerSecond;
  }

  /** ms per run, after two warm-up runs. */
  /**
   * One iteration of DiffDRR's registration tutorial: a DRR of 100×100 pixels of 4 mm at a pose
   * near the truth, global NCC against the target and its pose gradient (siddon).
   */
  private static double[] registrationIteration(Backend b, Volume v, int runs) {
    Detector d = new Detector(1020, 100, 4.0);
    sc.fiji.diffdrr.register.Registration reg = new sc.fiji.diffdrr.register.Registration(b);
    sc.fiji.diffdrr.register.RegistrationProblem blank = new sc.fiji.diffdrr.register.RegistrationProblem(
        v, d, Orientation.AP, null, List.of(new float[d.pixelCount()]), ProjectorSettings.siddon());
    Pose truth = Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
    sc.fiji.diffdrr.register.RegistrationProblem problem = new sc.fiji.diffdrr.register.RegistrationProblem(
        v, d, Orientation.AP, null, reg.render(blank, truth), ProjectorSettings.siddon());
    sc.fiji.diffdrr.register.RegistrationSettings s = sc.fiji.diffdrr.register.RegistrationSettings.diffdrr();
    sc.fiji.diffdrr.register.Objective f = reg.fullResolution(problem, s);
    double[] p = s.parameterization().parameters(Pose.eulerDegrees("ZXY", 3, -2, 4, 5, 840, -6));
    double[] g = new double[6];
    try {
      return time(runs, () -> f.evaluate(p, g));
    } finally {
      if (f instanceof AutoCloseable) {
        try {
          ((AutoCloseable) f).close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static double[] time(int runs, Work w) {
    w.run();
    w.run();
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      w.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    return ms;
  }

  private static double[] rate(double units, double[] ms) {
    double[] r = new double[ms.length];
    for (int i = 0; i < ms.length; i++) r[i] = units / (ms[i] / 1e3);
    return r;
  }

  private static double[] scaled(double[] a, double f) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) r[i] = a[i] * f;
    return r;
  }

  static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static void printTable(Cli cli, List<String> columns,
      Map<String, Map<String, double[]>> results, Fixtures f) {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("median (min–max)");
    header.addAll(columns);
    if (columns.size() == 2) header.add("ratio");
    rows.add(header.toArray(new String[0]));
    for (String key : results.get(columns.get(0)).keySet()) {
      List<String> row = new ArrayList<>();
      row.add(key);
      for (String c : columns) {
        double[] v = results.get(c).get(key);
        double[] s = v.clone();
        Arrays.sort(s);
        row.add(String.format(Locale.ROOT, "%s (%s–%s)", num(median(v)), num(s[0]), num(s[s.length - 1])));
      }
      if (columns.size() == 2) {
        double ratio = median(results.get(columns.get(1)).get(key)) / median(results.get(columns.get(0)).get(key));
        row.add(String.format(Locale.ROOT, "%.2f", ratio));
      }
      rows.add(row.toArray(new String[0]));
    }
    cli.out.print(Table.format(rows));
    if (columns.size() == 2) {
      cli.out.println("ratio = " + columns.get(1) + " / " + columns.get(0)
          + " (below 1 is faster for times, slower for rates)");
    }
  }

  static String num(double v) {
    if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
    if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
    if (v >= 1) return String.format(Locale.ROOT, "%.2f", v);
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
    }
    return peak;
  }

  private static String loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
  }

  private static void writeJson(Path file, List<String> columns,
      Map<String, Map<String, double[]>> results, List<Map<String, Object>> backends, long peak,
      int runs, boolean quick) throws java.io.IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", java.time.OffsetDateTime.now().toString());
    root.put("processors", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    root.put("loadavg", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    root.put("runs", runs);
    root.put("quick", quick);
    root.put("peak_heap_mib", peak >> 20);
    root.put("backends", backends);
    List<Map<String, Object>> cases = new ArrayList<>();
    for (String key : results.get(columns.get(0)).keySet()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("case", key);
      for (String col : columns) {
        double[] v = results.get(col).get(key);
        double[] s = v.clone();
        Arrays.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median(v));
        m.put("min", s[0]);
        m.put("max", s[s.length - 1]);
        c.put(col, m);
      }
      cases.add(c);
    }
    root.put("cases", cases);
    AtomicFile.write(file, out -> out.write(Json.write(root).getBytes(StandardCharsets.UTF_8)));
  }
}
