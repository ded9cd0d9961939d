package sc.fiji.diffdrr.volume;

import sc.fiji.diffdrr.Require;

/**
 * The geometry of a volume without its data: size in voxels, spacing in mm, and placement.
 * Centred (no {@link Placement}, the rule of pose-built views): the centre of its central voxel is
 * the world origin (DiffDRR's {@code center_volume=True}); index axes run along world x, y, z.
 * Placed: where its file puts it ({@link #placement}); projectors then map each view into the
 * centred frame ({@link #toCentred}) and work there.
 *
 * <p>Projectors use box coordinates, where voxel i fills [i, i+1]:
 * {@code b = world / spacing + (n − 1) / 2 + convention.boxOffset()}.
 */
public final class VolumeGrid {

  /** Java arrays hold at most this many floats. */
  public static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

  public final int nx, ny, nz;
  public final double sx, sy, sz;
  public final VoxelConvention convention;
  /** Where the file placed the volume; null when centred. */
  public final Placement placement;

  public VolumeGrid(int nx, int ny, int nz, double sx, double sy, double sz,
      VoxelConvention convention) {
    this(nx, ny, nz, sx, sy, sz, convention, null);
  }

  public VolumeGrid(int nx, int ny, int nz, double sx, double sy, double sz,
      VoxelConvention convention, Placement placement) {
    this.placement = placement;
    this.nx = Require.inRange("volume size x", nx, 1, Integer.MAX_VALUE);
    this.ny = Require.inRange("volume size y", ny, 1, Integer.MAX_VALUE);
    this.nz = Require.inRange("volume size z", nz, 1, Integer.MAX_VALUE);
    if ((long) nx * ny * nz > MAX_VOXELS) {
      throw new IllegalArgumentException("volume size " + nx + "×" + ny + "×" + nz
          + " has more than " + MAX_VOXELS + " voxels, the most one volume can hold");
    }
    this.sx = Require.positive("spacing x", sx, "mm");
    this.sy = Require.positive("spacing y", sy, "mm");
    this.sz = Require.positive("spacing z", sz, "mm");
    if (convention == null) throw new IllegalArgumentException("voxel convention must be given");
    this.convention = convention;
  }

  public VolumeGrid(int nx, int ny, int nz, double sx, double sy, double sz) {
    this(nx, ny, nz, sx, sy, sz, VoxelConvention.CENTERED);
  }

  public VolumeGrid withConvention(VoxelConvention c) {
    return new VolumeGrid(nx, ny, nz, sx, sy, sz, c, placement);
  }

  /** The same grid placed elsewhere (null: centred). */
  public VolumeGrid withPlacement(Placement p) {
    return new VolumeGrid(nx, ny, nz, sx, sy, sz, convention, p);
  }

  /** World position (mm) of voxel 0's centre, as MetaImage's Offset writes it. */
  public double[] offset() {
    if (placement != null) return placement.offset();
    return new double[] {voxelCentre(0, 0), voxelCentre(1, 0), voxelCentre(2, 0)};
  }

  /**
   * The affine map (3×4 rows) from world mm to the centred frame of this grid, in which the
   * centred formulas ({@link #toBox}) hold; null when the grid is centred already. Point w goes to
   * c_a = axis_a·(w − offset) + centred centre of voxel 0 along a.
   */
  public double[][] toCentred() {
    if (placement == null) return null;
    double[] o = placement.offset();
    double[][] m = new double[3][4];
    for (int a = 0; a < 3; a++) {
      double[] ax = placement.axis(a);
      m[a][0] = ax[0];
      m[a][1] = ax[1];
      m[a][2] = ax[2];
      m[a][3] = voxelCentre(a, 0) - Placement.dot(ax, o);
    }
    return m;
  }

  /** World position (mm) of the centre of voxel (i, j, k), whatever the placement. */
  public double[] worldOfVoxel(double i, double j, double k) {
    double[] c = {voxelCentre(0, 0) + i * sx, voxelCentre(1, 0) + j * sy, voxelCentre(2, 0) + k * sz};
    if (placement == null) return c;
    double[] o = placement.offset();
    double[] w = o.clone();
    double[] idx = {i * sx, j * sy, k * sz};
    for (int a = 0; a < 3; a++) {
      double[] ax = placement.axis(a);
      for (int b = 0; b < 3; b++) w[b] += idx[a] * ax[b];
    }
    return w;
  }

  public int voxelCount() {
    return nx * ny * nz;
  }

  public int size(int axis) {
    return axis == 0 ? nx : axis == 1 ? ny : nz;
  }

  public double spacing(int axis) {
    return axis == 0 ? sx : axis == 1 ? sy : sz;
  }

  public double minSpacing() {
    return Math.min(sx, Math.min(sy, sz));
  }

  /** Linear index of voxel (x, y, z), x fastest. */
  public int index(int x, int y, int z) {
    return x + nx * (y + ny * z);
  }

  /** Box coordinate along an axis of a coordinate (mm) in the centred frame. */
  public double toBox(int axis, double world) {
    return world / spacing(axis) + (size(axis) - 1) / 2.0 + convention.boxOffset();
  }

  /** World coordinate (mm) of the centre of voxel index i along an axis. */
  public double voxelCentre(int axis, int i) {
    return (i + 0.5 - convention.boxOffset() - (size(axis) - 1) / 2.0) * spacing(axis);
  }

  /** Same size and spacing (to 1e-6 relative); the convention may differ. */
  public boolean sameShape(VolumeGrid o) {
    return nx == o.nx && ny == o.ny && nz == o.nz && close(sx, o.sx) && close(sy, o.sy)
        && close(sz, o.sz);
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  }

  @Override
  public String toString() {
    return nx + "×" + ny + "×" + nz + " voxels of " + sx + "×" + sy + "×" + sz + " mm ("
        + convention.label() + (placement == null ? "" : ", " + placement) + ")";
  }
}
