package sc.fiji.diffdrr.fiji;

import java.util.Locale;

import ij.ImagePlus;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** A command's image input as the volume the projector integrates. */
final class VolumeInput {

  private VolumeInput() {}

  /** The image, or an error naming the parameter when none is given (no image open). */
  static ImagePlus require(ImagePlus imp, String parameter, String what) {
    if (imp == null) {
      throw new IllegalArgumentException(parameter + ": no image given; " + what + " is needed "
          + "(open one first)");
    }
    return imp;
  }

  /** The "hu" choice: auto is DiffDRR's rule for images in Hounsfield units, none otherwise. */
  static HuConversion rule(String hu, ImagePlus imp) {
    String h = hu == null ? "" : hu.trim().toLowerCase(Locale.ROOT);
    if (h.equals("auto")) {
      return ImagePlusVolumes.hounsfield(imp) ? HuConversion.DIFFDRR : HuConversion.NONE;
    }
    try {
      return HuConversion.parse(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hu must be auto, diffdrr, mu or none, got '" + hu + "'");
    }
  }

  /**
   * The density volume of an image: its voxels (HU through the calibration function for 16-bit
   * CT), the HU rule applied, placed by the voxel convention.
   */
  static Volume density(ImagePlus imp, String hu, String voxelConvention) {
    HuConversion rule = rule(hu, imp);
    VoxelConvention placement = VoxelConvention.parse(voxelConvention);
    Volume v = ImagePlusVolumes.toVolume(imp);
    return rule.apply(v).withConvention(placement);
  }
}
