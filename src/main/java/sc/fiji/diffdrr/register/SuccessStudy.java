package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Success rates from seeded random starts: the X-rays are DRRs of the CT at the true pose
 * (DiffDRR's tutorial pose, rotation 0, t = (0, 850, 0), and for two views a lateral camera 90°
 * about z on the same rig); each start rotates the truth by an angle drawn uniformly up to the
 * level's maximum about an axis drawn uniformly on the sphere (R_start = R_δ·R_true), and moves
 * t by a vector of uniform direction and length uniform up to the level's maximum. A run
 * succeeds when rotation error ≤ maxDeg and translation error ≤ maxMm ({@link PoseErrors}).
 */
public final class SuccessStudy {

  /** One start level: maximum rotation (degrees) and translation (mm). */
  public static final class Level {
    public final double degrees, mm;

    public Level(double degrees, double mm) {
      this.degrees = degrees;
      this.mm = mm;
    }

    @Override public String toString() {
      return String.format(Locale.ROOT, "%.0f°/%.0f mm", degrees, mm);
    }
  }

  /** The outcome of one level. */
  public static final class Row {
    public final Level level;
    public final int runs, successes;
    public final double medianRotation, medianTranslation, medianMtre, medianIterations, medianSeconds;

    Row(Level level, int runs, int successes, double[] rot, double[] tr, double[] mtre, double[] it,
        double[] sec) {
      this.level = level;
      this.runs = runs;
      this.successes = successes;
      medianRotation = median(rot);
      medianTranslation = median(tr);
      medianMtre = median(mtre);
      medianIterations = median(it);
      medianSeconds = median(sec);
    }

    public double rate() {
      return runs == 0 ? Double.NaN : successes / (double) runs;
    }
  }

  public static Pose truth() {
    return Pose.euler("ZXY", 0, 0, 0, 0, 850, 0);
  }

  /** The AP + lateral rig: the second camera 90° about z from the first. */
  public static Rig biplane() {
    return Rig.of(Arrays.asList(truth(), Pose.euler("ZXY", Math.PI / 2, 0, 0, 0, 850, 0)));
  }

  /** A start around the truth, drawn as the class comment says. */
  public static Pose start(Pose truth, Level level, Random random) {
    double[] axis = unit(random);
    double angle = Math.toRadians(level.degrees) * random.nextDouble();
    double[] delta = Rotations.axisAngle(axis[0] * angle, axis[1] * angle, axis[2] * angle);
    double[] dir = unit(random);
    double len = level.mm * random.nextDouble();
    double[] t = truth.translation();
    return Pose.of(Rotations.multiply(delta, truth.rotation()), t[0] + dir[0] * len,
        t[1] + dir[1] * len, t[2] + dir[2] * len);
  }

  /** Runs `starts` registrations per level; one line per run goes to log. */
  public static List<Row> run(Backend backend, Volume volume, Detector detector, Rig rig,
      ProjectorSettings renderer, RegistrationSettings settings, List<Level> levels, int starts,
      long seed, double maxDeg, double maxMm, Consumer<String> log) {
    Pose truth = truth();
    Registration registration = new Registration(backend);
    RegistrationProblem blank = new RegistrationProblem(volume, detector, Orientation.AP, rig,
        blankTargets(rig.size(), detector.pixelCount()), renderer);
    List<float[]> targets = registration.render(blank, truth);
    RegistrationProblem problem = new RegistrationProblem(volume, detector, Orientation.AP, rig,
        targets, renderer);
    List<Row> rows = new ArrayList<>();
    for (Level level : levels) {
      Random random = new Random(seed);
      int ok = 0;
      double[] rot = new double[starts], tr = new double[starts], mtre = new double[starts];
      double[] it = new double[starts], sec = new double[starts];
      for (int k = 0; k < starts; k++) {
        Pose start = start(truth, level, random);
        RegistrationResult r = registration.run(problem, settings, start, null);
        PoseErrors e = PoseErrors.of(r.pose, truth, rig, volume.grid);
        boolean success = e.within(maxDeg, maxMm);
        if (success) ok++;
        rot[k] = e.rotationDeg;
        tr[k] = e.translationMm;
        mtre[k] = e.mtreMm;
        it[k] = r.iterations;
        sec[k] = r.seconds;
        if (log != null) {
          log.accept(String.format(Locale.ROOT, "%s start %2d: %s  NCC %.5f  %d iterations  %d evaluations"
              + "  %d restarts  %.2f s  %s", level, k + 1, success ? "ok  " : "FAIL", r.finalNcc,
              r.iterations, r.evaluations, r.restartsTried, r.seconds, e));
        }
      }
      rows.add(new Row(level, starts, ok, rot, tr, mtre, it, sec));
    }
    return rows;
  }

  private static List<float[]> blankTargets(int n, int pixels) {
    List<float[]> t = new ArrayList<>();
    for (int k = 0; k < n; k++) t.add(new float[pixels]);
    return t;
  }

  private static double[] unit(Random random) {
    while (true) {
      double x = 2 * random.nextDouble() - 1, y = 2 * random.nextDouble() - 1, z = 2 * random.nextDouble() - 1;
      double n = Math.sqrt(x * x + y * y + z * z);
      if (n > 1e-3 && n <= 1) return new double[] {x / n, y / n, z / n};
    }
  }

  static double median(double[] a) {
    if (a.length == 0) return Double.NaN;
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
