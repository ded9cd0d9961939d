package sc.fiji.diffdrr.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;

/** Where the shared reference data lie, and the geometry of DiffDRR's reference DRRs. */
public final class Reference {

  private Reference() {}

  /** ../shared, found from the working directory or DIFFDRR_SHARED. */
  public static Path shared() {
    String env = System.getenv("DIFFDRR_SHARED");
    if (env != null) return Paths.get(env);
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared");
      if (Files.isDirectory(candidate.resolve("reference"))) return candidate;
      candidate = p.getParent() == null ? null : p.getParent().resolve("shared");
      if (candidate != null && Files.isDirectory(candidate.resolve("reference"))) return candidate;
    }
    throw new IllegalStateException("cannot find ../shared (set DIFFDRR_SHARED)");
  }

  public static Path diffdrr() {
    return shared().resolve("reference").resolve("diffdrr");
  }

  public static Path headCt() {
    return shared().resolve("data").resolve("head-ct");
  }

  /** The detector of every reference DRR: sdd 1020, 200×200 pixels of 2 mm. */
  public static Detector detector() {
    return new Detector(1020, 200, 2.0);
  }

  /** Reference pose k (0 tutorial, 1 lateral, 2 oblique), ZXY, degrees → radians. */
  public static Pose pose(int k) {
    switch (k) {
      case 0: return Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
      case 1: return Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0);
      case 2: return Pose.euler("ZXY", Math.PI / 6, Math.PI / 8, -Math.PI / 12, 12.5, 850, -20);
      default: throw new IllegalArgumentException("pose " + k);
    }
  }

  public static Orientation orientation() {
    return Orientation.AP;
  }
}
