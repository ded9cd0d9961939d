package sc.fiji.diffdrr.io;

import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;

/** A volume read from a file, and whether its values are Hounsfield units. */
public final class LoadedVolume {

  public final Volume volume;
  /** True when the source says the values are HU (see {@link VolumeFiles#read}). */
  public final boolean hounsfield;

  public LoadedVolume(Volume volume, boolean hounsfield) {
    this.volume = volume;
    this.hounsfield = hounsfield;
  }

  /** The HU rule to use when the user names none: DiffDRR's for HU, none otherwise. */
  public HuConversion defaultHu() {
    return hounsfield ? HuConversion.DIFFDRR : HuConversion.NONE;
  }
}
