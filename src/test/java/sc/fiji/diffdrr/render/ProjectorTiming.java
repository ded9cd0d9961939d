package sc.fiji.diffdrr.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * Timing harness, not a test: forward, adjoint and pair times of both renderers on phantom128
 * (200×200, the reference geometry) and on a 256³ 1 mm volume (512×512 pixels of 0.8 mm), with
 * min/median/max over repeated runs after warm-up, and Siddon's voxel visits per second.
 *
 * <p>Run: {@code mvn -q -o test-compile && java -cp target/classes:target/test-classes
 * sc.fiji.diffdrr.render.ProjectorTiming [runs] [threads…]}
 */
public final class ProjectorTiming {

  private ProjectorTiming() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int[] threadCounts = args.length > 1
        ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {Runtime.getRuntime().availableProcessors()};
    System.out.println("load before: " + load() + "; " + Runtime.getRuntime().availableProcessors()
        + " processors; " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"));

    MetaImage m = MetaImage.read(Reference.diffdrr().resolve("phantom128.mha"));
    VolumeGrid small = new VolumeGrid(128, 128, 128, 2, 2, 2, VoxelConvention.DIFFDRR_V05);
    View smallView = Reference.detector().view(Reference.pose(0), Orientation.AP);

    VolumeGrid big = new VolumeGrid(256, 256, 256, 1, 1, 1, VoxelConvention.CENTERED);
    float[] bigVolume = AnalyticTest.ellipsoid(big, new double[] {0, 0, 0},
        new double[] {110, 120, 100});
    View bigView = new Detector(1020, 512, 0.8).view(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Orientation.AP);

    for (int threads : threadCounts) {
      Parallel parallel = Parallel.threads(threads);
      System.out.println("== " + parallel);
      for (VoxelConvention c : VoxelConvention.values()) {
        VolumeGrid g = small.withConvention(c);
        time("phantom128 200² " + c.label(), g, m.data, smallView, parallel, runs);
      }
      time("256³ 512² " + big.convention.label(), big, bigVolume, bigView, parallel, runs);
    }
    System.out.println("load after: " + load());
  }

  private static void time(String label, VolumeGrid grid, float[] volume, View view,
      Parallel parallel, int runs) {
    for (Renderer r : Renderer.values()) {
      Projector p = Projectors.create(grid, ProjectorSettings.of(r), parallel);
      float[] image = new float[view.pixelCount()];
      float[] back = new float[grid.voxelCount()];
      double[] fwd = new double[runs];
      double[] adj = new double[runs];
      for (int k = -3; k < runs; k++) { // three warm-up rounds
        long t0 = System.nanoTime();
        p.forward(volume, view, image, 0);
        long t1 = System.nanoTime();
        p.adjoint(image, 0, view, back);
        long t2 = System.nanoTime();
        if (k >= 0) {
          fwd[k] = (t1 - t0) / 1e6;
          adj[k] = (t2 - t1) / 1e6;
        }
      }
      double[] pair = new double[runs];
      for (int k = 0; k < runs; k++) pair[k] = fwd[k] + adj[k];
      String extra = "";
      if (r == Renderer.SIDDON) {
        long visits = siddonVisits(grid, view);
        extra = String.format(Locale.ROOT, "  %.1f M voxel visits, %.0f M visits/s forward",
            visits / 1e6, visits / 1e3 / median(fwd));
      }
      System.out.printf(Locale.ROOT, "%-28s %-9s forward %s | adjoint %s | pair %s ms%s%n", label,
          r.label(), stats(fwd), stats(adj), stats(pair), extra);
    }
  }

  /** Segments Siddon walks for a view: 1 + the planes crossed inside the volume, per ray. */
  static long siddonVisits(VolumeGrid grid, View view) {
    ViewRays rays = new ViewRays(grid, view);
    Ray ray = new Ray();
    SiddonWalk walk = new SiddonWalk(grid);
    long visits = 0;
    for (int p = 0; p < rays.pixelCount(); p++) {
      rays.set(ray, p);
      if (!walk.clip(ray)) continue;
      visits += 1 + planes(ray.sx, ray.dx, walk) + planes(ray.sy, ray.dy, walk)
          + planes(ray.sz, ray.dz, walk);
    }
    return visits;
  }

  private static long planes(double s, double d, SiddonWalk walk) {
    double a = s + walk.entry * d;
    double b = s + walk.exit * d;
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    return Math.max(0, (long) Math.ceil(hi) - (long) Math.floor(lo) - 1);
  }

  private static String stats(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "%7.1f/%7.1f/%7.1f", s[0], median(ms), s[s.length - 1]);
  }

  private static double median(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String load() {
    try {
      return "loadavg " + new String(Files.readAllBytes(Paths.get("/proc/loadavg")),
          StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "loadavg unknown";
    }
  }
}
