package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * What {@code check} renders and compares: the reference geometry of DiffDRR's DRRs, phantom128
 * (generated: bit-identical to DiffDRR's phantom128.mha) and, from a {@code --reference} folder laid
 * out like DiffDRR's reference set, the head CT and DiffDRR's own DRRs of both volumes:
 * {@code DIR/<volume>/drr_<renderer>_pose<k>.mha}, the head CT at {@code DIR/head-ct.mha} or, in
 * the shared layout, {@code DIR/../../data/head-ct/head-ct.mha}.
 */
final class CheckReference {

  static final String PHANTOM = "phantom128";
  static final String HEAD_CT = "head-ct";
  static final int POSES = 3;
  static final Orientation ORIENTATION = Orientation.AP;

  private final Path dir;

  /** @param dir the reference folder, or null for phantom128 against Java only */
  CheckReference(Path dir) throws IOException {
    if (dir != null && !Files.isDirectory(dir)) {
      throw new IOException("--reference must be a folder, got '" + dir + "'");
    }
    if (dir != null && !Files.isDirectory(dir.resolve(PHANTOM))) {
      throw new IOException("--reference must hold DiffDRR's DRRs of phantom128 in "
          + dir.resolve(PHANTOM) + "/drr_<renderer>_pose<k>.mha (see check --help)");
    }
    this.dir = dir;
  }

  /** The detector of every reference DRR: sdd 1020 mm, 200×200 pixels of 2 mm. */
  static Detector detector() {
    return new Detector(1020, 200, 2.0);
  }

  /** Reference pose k (0 tutorial, 1 lateral, 2 oblique): ZXY Euler angles in degrees. */
  static Pose pose(int k) {
    switch (k) {
      case 0: return Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0);
      case 1: return Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0);
      case 2: return Pose.eulerDegrees("ZXY", 30, 22.5, -15, 12.5, 850, -20);
      default: throw new IllegalArgumentException("pose must be 0, 1 or 2, got " + k);
    }
  }

  /** The reference views, pose 0 to 2. */
  static List<View> views() {
    List<View> v = new ArrayList<>();
    for (int k = 0; k < POSES; k++) v.add(detector().view(pose(k), ORIENTATION));
    return v;
  }

  boolean hasFolder() {
    return dir != null;
  }

  /** The volumes to check: phantom128, and the head CT where the folder has it. */
  List<String> volumeNames() {
    List<String> names = new ArrayList<>();
    names.add(PHANTOM);
    if (headCtFile() != null) names.add(HEAD_CT);
    return names;
  }

  /** phantom128 or the head CT (densities by DiffDRR's HU rule), voxel-centred. */
  Volume volume(String name) throws IOException {
    if (name.equals(PHANTOM)) return SheppLogan.create(128, 2);
    Path file = headCtFile();
    if (!name.equals(HEAD_CT) || file == null) {
      throw new IllegalArgumentException("no volume " + name);
    }
    MetaImage m = MetaImage.read(file);
    VolumeGrid grid = new VolumeGrid(m.dims[0], m.dims[1], m.dims[2], m.spacing[0], m.spacing[1],
        m.spacing[2]);
    return HuConversion.DIFFDRR.apply(new Volume(grid, m.data));
  }

  /**
   * DiffDRR's DRR of a volume for a renderer and pose, or null when the folder has none of that
   * volume's DRRs.
   *
   * @throws IOException when the volume's folder is there but this DRR is missing or not 200×200
   */
  float[] diffDrr(String volume, Renderer renderer, int pose) throws IOException {
    if (dir == null || !Files.isDirectory(dir.resolve(volume))) return null;
    Path file = dir.resolve(volume).resolve("drr_" + renderer.label() + "_pose" + pose + ".mha");
    if (!Files.isRegularFile(file)) throw new IOException(file + ": DiffDRR's DRR is missing");
    MetaImage m = MetaImage.read(file);
    Detector d = detector();
    if (m.dims.length < 2 || m.dims[0] != d.width || m.dims[1] != d.height
        || (m.dims.length > 2 && m.dims[2] != 1)) {
      throw new IOException(file + ": expected a " + d.width + "×" + d.height + " DRR");
    }
    return m.data;
  }

  /** A line saying what the folder lacks (printed before the table), or null. */
  String skipped() {
    if (dir == null) {
      return "no --reference: phantom128 against Java only (DiffDRR's DRRs and the head CT "
          + "need --reference DIR)";
    }
    if (headCtFile() == null) {
      return "no head CT at " + dir.resolve("head-ct.mha") + ": head-ct cases skipped";
    }
    if (!Files.isDirectory(dir.resolve(HEAD_CT))) {
      return "no " + dir.resolve(HEAD_CT) + ": head CT against Java only";
    }
    return null;
  }

  private Path headCtFile() {
    if (dir == null) return null;
    Path here = dir.resolve("head-ct.mha");
    if (Files.isRegularFile(here)) return here;
    Path shared = dir.toAbsolutePath().resolve("../../data/head-ct/head-ct.mha").normalize();
    return Files.isRegularFile(shared) ? shared : null;
  }
}
