package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.register.RegistrationSettings;
import sc.fiji.diffdrr.register.Rig;
import sc.fiji.diffdrr.register.SuccessStudy;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;

/**
 * {@code bench --registration-table}: success rates of registration on the head CT from seeded
 * random starts (README: Registration), one line per run on stderr and the table on stdout.
 */
final class RegistrationTable {

  static final String USAGE =
      "  registration table: bench --registration-table [--head-ct FILE] [--recipe auto|diffdrr]\n"
    + "             [--views 1|2 (2 = AP + lateral rig)] [--pixels 100|200 (400 mm detector)]\n"
    + "             [--levels 5:10,10:20,20:40 (max degrees:mm)] [--starts 20] [--seed 1]\n"
    + "             [--backend java|opencl|auto] [--threads N]: success = rotation ≤ 1° and\n"
    + "             translation ≤ 3 mm (one view), ≤ 0.5° and ≤ 1 mm (two views)\n";

  private RegistrationTable() {}

  /** The head CT: --head-ct, or ../shared/data/head-ct/head-ct.mha above the working directory. */
  static Path headCt(Args a) {
    Path given = a.path("head-ct");
    if (given != null) return given;
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      for (String s : new String[] {"shared/data/head-ct/head-ct.mha", "head-ct.mha"}) {
        Path c = p.resolve(s);
        if (Files.isRegularFile(c)) return c;
      }
    }
    return null;
  }

  static Volume density(Path file) throws IOException {
    LoadedVolume lv = InputFiles.read("head-ct", file.toString(), () -> VolumeFiles.read(file));
    // centred (DiffDRR's center_volume), as register places a volume without --geometry
    return lv.defaultHu().apply(lv.volume, 1.0, HuConversion.DEFAULT_MU_WATER).withPlacement(null);
  }

  static int run(Args a, Cli cli) throws IOException {
    Path ct = headCt(a);
    if (ct == null) throw new IllegalArgumentException("--registration-table needs the head CT: --head-ct FILE");
    RegistrationSettings settings = RegistrationSettings.of(
        RegistrationSettings.Recipe.parse(a.string("recipe", "auto")));
    int views = a.integer("views", 1);
    if (views != 1 && views != 2) throw new IllegalArgumentException("--views must be 1 or 2, got " + views);
    int pixels = a.integer("pixels", 100);
    if (pixels < 16 || pixels > 1024) {
      throw new IllegalArgumentException("--pixels must be an integer in [16, 1024], got " + pixels);
    }
    int starts = a.integer("starts", 20);
    if (starts < 1 || starts > 10000) throw new IllegalArgumentException("--starts must be in [1, 10000], got " + starts);
    long seed = a.longInteger("seed", 1);
    List<SuccessStudy.Level> levels = new ArrayList<>();
    for (String l : a.string("levels", "5:10,10:20,20:40").split(",")) {
      String[] p = l.split(":");
      if (p.length != 2) throw new IllegalArgumentException("--levels must be DEG:MM,..., got '" + l + "'");
      levels.add(new SuccessStudy.Level(Args.parseNumber("levels", p[0]), Args.parseNumber("levels", p[1])));
    }
    BackendOptions backendOptions = BackendOptions.parse(a);
    a.rejectUnknown();
    Volume v = density(ct);
    Detector d = new Detector(1020, pixels, 400.0 / pixels);
    Rig rig = views == 2 ? SuccessStudy.biplane() : Rig.single();
    double maxDeg = views == 2 ? 0.5 : 1, maxMm = views == 2 ? 1 : 3;
    List<SuccessStudy.Row> rows;
    String label;
    try (Backend b = backendOptions.open(cli)) {
      label = b.description();
      cli.notice("registration table: " + settings + "; " + views + " view(s) of " + pixels + "×"
          + pixels + " px of " + 400.0 / pixels + " mm; " + starts + " starts per level, seed " + seed);
      rows = SuccessStudy.run(b, v, d, rig, ProjectorSettings.siddon(), settings, levels, starts,
          seed, maxDeg, maxMm, cli::notice);
    }
    cli.out.printf(Locale.ROOT, "| recipe | views | detector | start level | success (≤ %s°, ≤ %s mm) "
        + "| median rotation error (°) | median translation error (mm) | median mTRE (mm) "
        + "| median iterations | median seconds |%n", maxDeg == 1 ? "1" : "0.5", maxMm == 3 ? "3" : "1");
    cli.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (SuccessStudy.Row r : rows) {
      cli.out.printf(Locale.ROOT, "| %s | %d | %d² × %.0f mm | %s | %d/%d (%.0f %%) | %.3f | %.3f | %.3f | %.0f | %.2f |%n",
          settings.recipe(), views, pixels, 400.0 / pixels, r.level, r.successes, r.runs,
          100 * r.rate(), r.medianRotation, r.medianTranslation, r.medianMtre, r.medianIterations,
          r.medianSeconds);
    }
    cli.out.println("(" + label + ", " + Runtime.getRuntime().availableProcessors() + " processors)");
    return Main.OK;
  }
}
