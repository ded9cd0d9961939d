package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.recon.Fdk;
import sc.fiji.diffdrr.recon.FdkFilter;
import sc.fiji.diffdrr.recon.Initialization;
import sc.fiji.diffdrr.recon.Optimizer;
import sc.fiji.diffdrr.recon.ProgressListener;
import sc.fiji.diffdrr.recon.ReconstructionProblem;
import sc.fiji.diffdrr.recon.ReconstructionSettings;
import sc.fiji.diffdrr.recon.Reconstructor;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.SiddonVisits;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/**
 * {@code bench --sizes 128,256,512}: how the cost grows with the volume. Per size N, a Shepp–Logan
 * phantom of N³ voxels spanning 256 mm, seen by a 512×512 detector of 0.8 mm (sdd 1020 mm, source
 * 850 mm from the isocentre): ms per Siddon DRR and per forward + adjoint pair, voxel visits per
 * second, seconds per FDK (32 views) and per gradient-descent iteration (8 views per step, Adam
 * and TV, as the auto recipe), the heap's peak, and plastimatch's exact DRR of the same rays.
 */
final class SizeTable {

  static final String USAGE =
      "  size table: bench --sizes 128,256,512 [--runs N (3)] [--backend java|opencl|auto]\n"
    + "             [--threads N]: cost per size (Siddon DRR and pair of 512², voxel visits/s,\n"
    + "             FDK of 32 views, a gradient-descent iteration of 8 views, peak heap) and\n"
    + "             plastimatch's exact DRR of the same rays where plastimatch is installed\n";

  static final int PIXELS = 512, FDK_VIEWS = 32, BATCH = 8;
  static final double EXTENT_MM = 256;

  private SizeTable() {}

  static int[] parseSizes(String spec) {
    String[] parts = spec.split(",");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      double v = Args.parseNumber("sizes", parts[i].trim());
      if (v != Math.rint(v) || v < 8 || v > 1024) {
        throw new IllegalArgumentException("--sizes must be integers in [8, 1024] separated by "
            + "commas (voxels per side), got '" + spec + "'");
      }
      sizes[i] = (int) v;
    }
    return sizes;
  }

  static int run(int[] sizes, int runs, BackendOptions backendOptions, Cli cli) throws IOException,
      InterruptedException {
    boolean plastimatch = plastimatchPresent();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"size", "DRR 512² (ms)", "pair 512² (ms)", "visits/s (G)",
      "FDK 32 views (s)", "GD iteration (s)", "peak heap (MiB)", "plastimatch DRR (ms)", "ours / plastimatch"});
    double firstRate = Double.NaN;
    String backendLabel;
    try (Backend b = backendOptions.open(cli)) {
      backendLabel = b.description();
      for (int n : sizes) {
        cli.notice("size " + n + "³ ...");
        resetPeaks();
        Volume v = SheppLogan.create(n, EXTENT_MM / n);
        Detector d = new Detector(1020, PIXELS, 0.8);
        View ap = d.view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0), Orientation.AP);
        double drr = BenchCommand.median(BenchCommand.drr(b, v, ap, ProjectorSettings.siddon(), runs));
        double pair = BenchCommand.median(BenchCommand.pair(b, v, List.of(ap),
            ProjectorSettings.siddon(), runs));
        double rate = SiddonVisits.count(v.grid, ap) / 1e9 / (drr / 1e3);
        if (Double.isNaN(firstRate)) firstRate = rate;
        List<View> orbit = new ArrayList<>();
        for (Pose p : Orbit.circular(FDK_VIEWS, 360, 0, 850)) orbit.add(d.view(p, Orientation.AP));
        double fdk = fdkSeconds(b, v, orbit);
        double gd = gdIterationSeconds(b, v, orbit.subList(0, BATCH));
        long peak = BenchCommand.peakHeap();
        double theirs = plastimatch ? plastimatchMs(v) : Double.NaN;
        rows.add(new String[] {n + "³", f(drr), f(pair), String.format(Locale.ROOT, "%.3f (%.0f %%)",
            rate, 100 * rate / firstRate), f(fdk), f(gd), String.valueOf(peak >> 20),
            plastimatch ? f(theirs) : "not installed",
            plastimatch ? String.format(Locale.ROOT, "%.2f", drr / theirs) : "–"});
        v = null;
        System.gc();
      }
    }
    cli.out.print(Table.format(rows));
    cli.out.printf(Locale.ROOT, "%s; %d processors; median of %d runs; visits/s in %% of the first "
        + "size; plastimatch per view from the difference of 9 and 1 views (its volume load "
        + "cancels)%n", backendLabel, Runtime.getRuntime().availableProcessors(), runs);
    return Main.OK;
  }

  private static String f(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private static float[] targets(Backend b, Volume v, List<View> views) {
    return DrrRenderer.render(b, v, views, ProjectorSettings.siddon());
  }

  private static double fdkSeconds(Backend b, Volume v, List<View> orbit) {
    ReconstructionProblem p = new ReconstructionProblem(v.grid, orbit, targets(b, v, orbit),
        ProjectorSettings.siddon());
    long t = System.nanoTime();
    new Fdk(b).run(p, FdkFilter.RAM_LAK, 1, ProgressListener.NONE);
    return (System.nanoTime() - t) / 1e9;
  }

  /** The cost of one step: runs of 1 and 4 iterations, the difference over 3 (setup cancels). */
  private static double gdIterationSeconds(Backend b, Volume v, List<View> views) {
    ReconstructionProblem p = new ReconstructionProblem(v.grid, views, targets(b, v, views),
        ProjectorSettings.siddon());
    double[] s = new double[2];
    int[] iterations = {1, 4};
    for (int k = 0; k < 2; k++) {
      ReconstructionSettings settings = new ReconstructionSettings().iterations(iterations[k])
          .optimizer(Optimizer.ADAM).learningRate(1e-3).batchViews(BATCH).tvWeight(1)
          .nonNegative(true).initialization(Initialization.CONSTANT);
      long t = System.nanoTime();
      new Reconstructor(b).run(p, settings, ProgressListener.NONE);
      s[k] = (System.nanoTime() - t) / 1e9;
    }
    return (s[1] - s[0]) / 3;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
  }

  static boolean plastimatchPresent() {
    try {
      Process p = new ProcessBuilder("plastimatch", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * plastimatch's exact (Siddon) DRR of the same 512² rays, ms per view: the wall time of 9 views
   * less that of 1, over 8, so reading the volume does not count. Its geometry: source 850 mm from
   * the isocentre at the volume's centre (the world origin), detector 1020 mm from the source,
   * 409.6 mm wide.
   */
  private static double plastimatchMs(Volume v) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("diffdrr-bench-plastimatch");
    try {
      Path vol = dir.resolve("vol.mha");
      VolumeFiles.write(vol, v); // centred: its Offset puts the centre at the world origin
      String iso = "0 0 0";
      double[] wall = new double[2];
      int[] views = {1, 9};
      for (int k = 0; k < 2; k++) {
        Path out = Files.createDirectories(dir.resolve("drr" + views[k]));
        long t = System.nanoTime();
        Process p = new ProcessBuilder("plastimatch", "drr", "-t", "pfm", "-O", out + "/", "-a",
            String.valueOf(views[k]), "-N", "40", "--sad", "850", "--sid", "1020", "-r",
            PIXELS + " " + PIXELS, "-z", "409.6 409.6", "-o", iso, "-i", "exact", "-P", "none",
            vol.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return Double.NaN;
        }
        wall[k] = (System.nanoTime() - t) / 1e6;
      }
      return (wall[1] - wall[0]) / (views[1] - views[0]);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
      }
    }
  }
}
