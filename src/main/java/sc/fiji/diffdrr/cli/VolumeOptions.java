package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The volume to render, as every command spells it: --volume FILE|DIR or --phantom
 * shepp-logan[:N[:SPACING]], then --hu, --bone-multiplier, --mu-water and --voxel-convention.
 */
final class VolumeOptions {

  static final String USAGE =
      "  volume:    --volume FILE|DIR (.mha .mhd .tif, a DICOM folder or .dcm)\n"
    + "             | --phantom shepp-logan[:N[:SPACING_MM[:MAX]]] (128 voxels of 2 mm, max 1)\n"
    + "             [--hu diffdrr|mu|none] (diffdrr for CT in HU, none for float data)\n"
    + "             [--bone-multiplier 1.0] [--mu-water 0.02 (1/mm)]\n"
    + "             [--voxel-convention centered|diffdrr-v05 (centered)]\n"
    + "             [--placement centred|file] (file with --geometry, else centred): keep the\n"
    + "             file's world placement (MetaImage Offset/TransformMatrix, DICOM position) or\n"
    + "             centre the volume on the world origin as DiffDRR does\n";

  /** The options of the volume (and of --reference's HU rule). */
  static final List<Option> OPTIONS = Option.list(
      Option.fileIn("volume", true, "the CT: a MetaImage, TIFF stack, DICOM folder or file",
          "mha", "mhd", "tif", "tiff", "dcm", "dicom"),
      Option.text("phantom", "shepp-logan[:N[:SPACING_MM[:MAX]]]"),
      Option.choice("hu", "HU to density rule", "diffdrr", "mu", "none"),
      Option.positive("bone-multiplier", 1000, null, "diffdrr rule: bone density factor"),
      Option.positive("mu-water", 10, "1/mm", "mu rule: water attenuation"),
      Option.choice("voxel-convention", "voxel placement in index space", "centered", "diffdrr-v05"),
      Option.choice("placement", "world placement of the volume", "centred", "centered", "file"));

  final Volume density;
  /** e.g. "head-ct.mha, 256×256×108 voxels of 0.957×0.957×1.5 mm, HU → diffdrr". */
  final String description;

  private VolumeOptions(Volume density, String description) {
    this.density = density;
    this.description = description;
  }

  static VolumeOptions parse(Args a) throws IOException {
    Path file = a.path("volume");
    String phantom = a.string("phantom", null);
    if ((file == null) == (phantom == null)) {
      throw new IllegalArgumentException("give the volume as --volume FILE or --phantom shepp-logan[:N[:SPACING]]");
    }
    if (file != null) InputFiles.requireRoomFor("volume", file, "volume as read", "a smaller volume");
    LoadedVolume loaded = file != null
        ? InputFiles.read("volume", file.toString(), () -> VolumeFiles.read(file))
        : new LoadedVolume(phantom(phantom), false);
    HuConversion hu = a.has("hu") ? HuConversion.parse(a.string("hu", null)) : loaded.defaultHu();
    Volume density = hu.apply(loaded.volume, a.number("bone-multiplier", 1.0),
        a.number("mu-water", HuConversion.DEFAULT_MU_WATER));
    VoxelConvention convention = VoxelConvention.parse(a.string("voxel-convention", "centered"));
    density = density.withConvention(convention);
    boolean keep = placement(a);
    if (!keep) density = density.withPlacement(null);
    String name = file != null ? String.valueOf(file.getFileName()) : "Shepp–Logan phantom";
    String rule = !keep ? "placement centred (DiffDRR's center_volume)"
        : density.grid.placement == null ? "placement file (none in the file: centred)"
        : "placement file";
    return new VolumeOptions(density, name + ", " + density.grid + ", HU rule " + hu.label()
        + ", " + rule);
  }

  /** --placement: true for file, false for centred; the default follows --geometry. */
  static boolean placement(Args a) {
    String p = a.string("placement", a.has("geometry") ? "file" : "centred");
    switch (p.toLowerCase(Locale.ROOT)) {
      case "file": return true;
      case "centred": case "centered": return false;
      default:
        throw new IllegalArgumentException("--placement must be centred or file, got '" + p + "'");
    }
  }

  /** "shepp-logan[:N[:SPACING]]". */
  static Volume phantom(String spec) {
    String[] parts = spec.split(":", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("shepp-logan") || parts.length > 4) {
      throw new IllegalArgumentException("--phantom must be shepp-logan[:N[:SPACING_MM[:MAX]]], got '" + spec + "'");
    }
    int n = parts.length > 1 ? Args.parseInteger("phantom size", parts[1]) : 128;
    double spacing = parts.length > 2 ? Args.parseNumber("phantom spacing", parts[2]) : 2.0;
    if (n < 2 || n > 1024) {
      throw new IllegalArgumentException("--phantom size must be an integer in [2, 1024], got " + n);
    }
    Volume v = SheppLogan.create(n, spacing);
    if (parts.length < 4) return v;
    // The phantom's largest value is 1: MAX rescales it (0.02 gives water-like μ in 1/mm).
    double max = Args.parseNumber("phantom max", parts[3]);
    if (!(max > 0)) throw new IllegalArgumentException("--phantom MAX must be a number > 0, got " + parts[3]);
    float[] d = v.data().clone();
    for (int i = 0; i < d.length; i++) d[i] *= (float) max;
    return new Volume(v.grid, d);
  }
}
