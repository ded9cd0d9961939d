package sc.fiji.diffdrr.geometry;

/**
 * One projection in world coordinates (mm): the source point and the detector's pixel lattice.
 * Pixel (row i, column j) has its centre at origin + j·u + i·v; its ray runs from the source to
 * that centre. This is all a projector needs (ASTRA's "cone_vec" in DiffDRR's conventions), and it
 * packs into 12 floats for a kernel.
 */
public final class View {

  private final double[] source;
  private final double[] origin;
  private final double[] u;
  private final double[] v;
  public final int height;
  public final int width;

  public View(double[] source, double[] origin, double[] u, double[] v, int height, int width) {
    this.source = source.clone();
    this.origin = origin.clone();
    this.u = u.clone();
    this.v = v.clone();
    this.height = height;
    this.width = width;
  }

  public double[] source() {
    return source.clone();
  }

  /** Centre of pixel (row, column) in world mm. */
  public double[] pixelCentre(int row, int column) {
    return new double[] {
      origin[0] + column * u[0] + row * v[0],
      origin[1] + column * u[1] + row * v[1],
      origin[2] + column * u[2] + row * v[2]};
  }

  /** Source, origin (pixel 0,0), column step u, row step v: 12 numbers, in that order. */
  public double[] toArray() {
    return new double[] {source[0], source[1], source[2], origin[0], origin[1], origin[2],
      u[0], u[1], u[2], v[0], v[1], v[2]};
  }

  public int pixelCount() {
    return height * width;
  }
}
