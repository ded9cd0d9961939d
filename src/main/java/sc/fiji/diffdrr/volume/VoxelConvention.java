package sc.fiji.diffdrr.volume;

import java.util.Locale;

/**
 * Where a voxel sits relative to its index. The one switch for DiffDRR's half-voxel shift
 * (DiffDRR issue #376): projectors work in "box coordinates", where voxel i fills [i, i+1].
 *
 * <ul>
 * <li>{@link #CENTERED} (default): voxel i's centre is at index coordinate i, as in ITK, NIfTI and
 * plastimatch.</li>
 * <li>{@link #DIFFDRR_V05}: voxel i fills [i, i+1] in index space, so its centre is at i + ½, as in
 * DiffDRR ≤ 0.5. Use it to reproduce DiffDRR's images.</li>
 * </ul>
 */
public enum VoxelConvention {
  CENTERED("centered", 0.5),
  DIFFDRR_V05("diffdrr-v05", 0.0);

  private final String label;
  private final double boxOffset;

  VoxelConvention(String label, double boxOffset) {
    this.label = label;
    this.boxOffset = boxOffset;
  }

  /** Box coordinate minus index coordinate: the only place the two conventions differ. */
  public double boxOffset() {
    return boxOffset;
  }

  /** The command-line spelling: "centered" or "diffdrr-v05". */
  public String label() {
    return label;
  }

  public static VoxelConvention parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (VoxelConvention c : values()) {
      if (c.label.equals(t)) return c;
    }
    throw new IllegalArgumentException("voxel convention must be centered or diffdrr-v05, got '"
        + s + "'");
  }
}
