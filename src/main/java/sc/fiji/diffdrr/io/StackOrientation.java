package sc.fiji.diffdrr.io;

import ij.ImagePlus;

/**
 * How the (column, row, slice) axes of an image stack map onto a volume's (x, y, z) index axes:
 * which volume axis each stack axis becomes and whether it runs backwards.
 *
 * <p>A stack without a DICOM header maps as stored: column → x, row → y, slice → z.
 *
 * <p>A DICOM stack is brought into the volume frame by its Image Orientation (Patient) (IOP) and
 * Image Position (Patient) (IPP), in DICOM's patient frame LPS (x to the patient's left, y to the
 * back, z to the head):
 * <ul>
 * <li>volume x runs to the patient's left, y from back to front (posterior → anterior), z from feet
 * to head (inferior → superior). DiffDRR's default AP pose, source at +y, then faces the patient's
 * front, and the head is up in its images;</li>
 * <li>the column axis runs along IOP's row cosines, the row axis along its column cosines, the slice
 * axis along the IPP of the last slice minus that of the first (the cross product of the cosines
 * when slices carry no position); each becomes the volume axis nearest to it, flipped where it runs
 * the other way. An oblique series (gantry tilt) is snapped to the nearest axes, not resampled.</li>
 * </ul>
 * For the usual axial series (IOP 1\0\0\0\1\0, slices ordered by IPP z) this keeps the columns,
 * flips the rows and orders the slices feet first. It is the layout of the shared head CT's .mha,
 * whose DICOM twin was written with rows flipped to LPS.
 */
final class StackOrientation {

  static final StackOrientation AS_STORED =
      new StackOrientation(new int[] {0, 1, 2}, new boolean[3]);

  /** Volume axis of stack axis a (0 column, 1 row, 2 slice). */
  private final int[] axis;
  private final boolean[] flip;

  private StackOrientation(int[] axis, boolean[] flip) {
    this.axis = axis;
    this.flip = flip;
  }

  /** The rule of the class comment for this image; errors name the image. */
  static StackOrientation of(ImagePlus imp) {
    DicomHeader header = DicomHeader.of(imp);
    double[] iop = header == null ? null : header.numbers(DicomHeader.ORIENTATION, 6);
    if (iop == null) return AS_STORED;
    double[] r = {iop[0], iop[1], iop[2]};
    double[] c = {iop[3], iop[4], iop[5]};
    double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    double[] s = sliceDirection(imp, n);
    double[][] lps = {r, c, s};
    int[] axis = new int[3];
    boolean[] flip = new boolean[3];
    boolean[] used = new boolean[3];
    for (int a = 0; a < 3; a++) {
      // LPS → volume frame (left, anterior, superior): only y changes sign.
      double[] d = {lps[a][0], -lps[a][1], lps[a][2]};
      int k = 0;
      for (int i = 1; i < 3; i++) {
        if (Math.abs(d[i]) > Math.abs(d[k])) k = i;
      }
      if (used[k] || !(Math.abs(d[k]) > 0)) {
        throw new IllegalArgumentException("image '" + imp.getTitle() + "': DICOM orientation "
            + header.value(DicomHeader.ORIENTATION) + " does not map onto the volume axes (too "
            + "oblique, or slices not stacked along the slice normal)");
      }
      used[k] = true;
      axis[a] = k;
      flip[a] = d[k] < 0;
    }
    return new StackOrientation(axis, flip);
  }

  /**
   * The DICOM placement of the volume this orientation builds, in our patient frame (LPS with y
   * negated: x left, y anterior, z head): voxel 0's centre and the axes' directions from Image
   * Position/Orientation (Patient); null without them, or when the axes are not orthonormal
   * (a tilted gantry).
   */
  sc.fiji.diffdrr.volume.Placement placement(ImagePlus imp, sc.fiji.diffdrr.volume.VolumeGrid g) {
    DicomHeader header = DicomHeader.ofSlice(imp, 1);
    if (header == null) header = DicomHeader.of(imp);
    if (header == null) return null;
    double[] iop = header.numbers(DicomHeader.ORIENTATION, 6);
    double[] ipp = header.numbers(DicomHeader.POSITION, 3);
    if (iop == null || ipp == null) return null;
    double[] r = {iop[0], iop[1], iop[2]};
    double[] c = {iop[3], iop[4], iop[5]};
    double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    double[] s = sliceDirection(imp, n);
    double[][] lps = {r, c, s};
    int[] src = {imp.getWidth(), imp.getHeight(), imp.getStackSize()};
    double[] origin = ipp.clone();
    double[][] axes = new double[3][];
    for (int a = 0; a < 3; a++) {
      double step = g.spacing(axis[a]);
      double sign = flip[a] ? -1 : 1;
      if (flip[a]) {
        for (int k = 0; k < 3; k++) origin[k] += (src[a] - 1) * step * lps[a][k];
      }
      axes[axis[a]] = new double[] {sign * lps[a][0], -sign * lps[a][1], sign * lps[a][2]};
    }
    origin[1] = -origin[1];
    try {
      return new sc.fiji.diffdrr.volume.Placement(origin, axes);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Unit direction of increasing slice index in LPS; n when slices carry no positions. */
  private static double[] sliceDirection(ImagePlus imp, double[] n) {
    int depth = imp.getStackSize();
    if (depth < 2) return n;
    double[] along = new double[depth];
    for (int k = 0; k < depth; k++) {
      DicomHeader h = DicomHeader.ofSlice(imp, k + 1);
      double[] ipp = h == null ? null : h.numbers(DicomHeader.POSITION, 3);
      if (ipp == null) return n; // one header for all slices (a multi-frame file): stored order
      along[k] = ipp[0] * n[0] + ipp[1] * n[1] + ipp[2] * n[2];
    }
    double sign = Math.signum(along[depth - 1] - along[0]);
    for (int k = 1; k < depth; k++) {
      if (!(Math.signum(along[k] - along[k - 1]) == sign) || sign == 0) {
        throw new IllegalArgumentException("image '" + imp.getTitle() + "': its DICOM slices are "
            + "not in position order (Image Position (Patient) along the slice normal is not "
            + "monotonic at slice " + (k + 1) + ")");
      }
    }
    return new double[] {n[0] * sign, n[1] * sign, n[2] * sign};
  }

  /** The volume size (x, y, z) for a stack of width × height × depth. */
  int[] volumeSize(int width, int height, int depth) {
    int[] src = {width, height, depth};
    int[] out = new int[3];
    for (int a = 0; a < 3; a++) out[axis[a]] = src[a];
    return out;
  }

  /** The volume spacing (x, y, z) for stack pixel width, height and depth. */
  double[] volumeSpacing(double width, double height, double depth) {
    double[] src = {width, height, depth};
    double[] out = new double[3];
    for (int a = 0; a < 3; a++) out[axis[a]] = src[a];
    return out;
  }

  /**
   * Where stack voxel (column, row, slice) lands in the volume array (x fastest):
   * index = s[3] + column·s[0] + row·s[1] + slice·s[2] for the returned s.
   */
  long[] steps(int width, int height, int depth) {
    int[] size = volumeSize(width, height, depth);
    long[] stride = {1, size[0], (long) size[0] * size[1]};
    int[] src = {width, height, depth};
    long[] out = new long[4];
    for (int a = 0; a < 3; a++) {
      long st = stride[axis[a]];
      out[a] = flip[a] ? -st : st;
      if (flip[a]) out[3] += (src[a] - 1) * st;
    }
    return out;
  }
}
