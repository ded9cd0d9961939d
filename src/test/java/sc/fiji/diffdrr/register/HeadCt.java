package sc.fiji.diffdrr.register;

import java.io.IOException;
import java.io.UncheckedIOException;

import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;

/** The shared head CT as densities (DiffDRR's HU rule), centred, loaded once per test JVM. */
final class HeadCt {

  private static Volume volume;

  private HeadCt() {}

  static synchronized Volume density() {
    if (volume == null) {
      try {
        LoadedVolume lv = VolumeFiles.read(Reference.headCt().resolve("head-ct.mha"));
        // centred, as register places it by default (the file's Offset is voxel 0 at the origin)
        volume = lv.defaultHu().apply(lv.volume, 1.0, HuConversion.DEFAULT_MU_WATER)
            .withPlacement(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return volume;
  }
}
