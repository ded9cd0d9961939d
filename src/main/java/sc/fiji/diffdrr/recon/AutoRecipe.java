package sc.fiji.diffdrr.recon;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * The settings {@code reconstruct} uses when the user names none: Adam from a least-squares
 * backprojection, mini-batches of 8 views, non-negativity and a smoothed total variation, 500
 * steps with the learning rate falling 20-fold.
 *
 * <p>They were tuned on the Shepp–Logan phantom (128³ voxels of 2 mm, 200×200 pixels of 2 mm, sdd
 * 1020 mm, source 850 mm from the isocentre), where they reach 43 dB from 75 views and 44 dB from 50
 * (see the README). To carry over to other data, the step size and the TV weight follow the data:
 * Adam's steps are in voxel units, so the rate scales with the volume's mean value, which the
 * targets reveal (their sum is the volume's mass seen through the pixel footprint at the
 * isocentre); the TV weight scales with it too, and with the ratio of voxels to pixels that sets
 * the balance of the two gradients.
 */
public final class AutoRecipe {

  public static final int ITERATIONS = 500;
  static final int BATCH = 8;
  static final double LEARNING_RATE = 0.05;
  static final double FINAL_FACTOR = 0.05;
  static final double TV_WEIGHT = 10;
  static final double TV_EPSILON = 1e-3;
  /**
   * 2β of {@link #noiseTvWeight} at the reference mean value, tuned on the phantom scaled to
   * water-like μ with Poisson noise (README: Noise).
   */
  static final double NOISE_TV = 10;
  /** The tuning case's mean value as {@link #meanValue} estimates it (truth: 0.0785), and its voxels per pixel. */
  static final double REFERENCE_MEAN = 0.0797;
  static final double REFERENCE_VOXELS_PER_PIXEL = 128.0 * 128 * 128 / (200.0 * 200);

  private AutoRecipe() {}

  public static ReconstructionSettings forProblem(ReconstructionProblem p) {
    double scale = meanValue(p) / REFERENCE_MEAN;
    if (!(scale > 0) || !Double.isFinite(scale)) scale = 1; // empty targets: keep the defaults
    double voxelsPerPixel = p.grid.voxelCount() / (double) p.pixelsPerView();
    int batch = Math.min(BATCH, p.views.size());
    double tv = TV_WEIGHT * scale * voxelsPerPixel / REFERENCE_VOXELS_PER_PIXEL;
    ReconstructionSettings s = new ReconstructionSettings().iterations(ITERATIONS)
        .learningRate(LEARNING_RATE * scale).finalLearningRateFactor(FINAL_FACTOR)
        .batchViews(batch).nonNegative(true).initialization(Initialization.BACKPROJECTION)
        .tvEpsilon(TV_EPSILON * scale);
    if (p.weights != null) {
      s.loss(ImageLoss.WLS);
      tv += noiseTvWeight(p, scale);
    }
    return s.tvWeight(tv);
  }

  /**
   * The TV weight that the data's noise asks for, on top of the noise-free one. With the loss
   * L = mean of w·r² (weights of mean 1, a line integral of weight 1 having variance σ²), the
   * penalized likelihood Σ r²/(2 var) + β·Σ_voxels TV, divided by N·P/(2σ²), is L + w_TV·TV with
   * w_TV = 2β·σ²·V/(N·P): proportional to the noise level σ², to the voxels per measured pixel,
   * and to β, which scales as 1 / the volume's value (TV is in value units).
   */
  static double noiseTvWeight(ReconstructionProblem p, double scale) {
    double voxelsPerMeasurement = p.grid.voxelCount() / ((double) p.pixelsPerView() * p.views.size());
    return NOISE_TV * p.weights.unitVariance * voxelsPerMeasurement / scale;
  }

  /**
   * The volume's mean value estimated from the targets: each view's pixel sum times the pixel
   * footprint at the isocentre is the mass it sees (exact for parallel rays), over the grid's
   * volume; averaged over views.
   */
  static double meanValue(ReconstructionProblem p) {
    int pixels = p.pixelsPerView();
    VolumeGrid g = p.grid;
    double gridVolume = g.nx * g.sx * g.ny * g.sy * g.nz * g.sz;
    double mass = 0;
    for (int v = 0; v < p.views.size(); v++) {
      View view = p.views.get(v);
      double[] a = view.toArray();
      double footprint = norm(a, 6) * norm(a, 9);
      if (!view.isParallel()) {
        // the isocentre: the grid's centre in the world
        double[] iso = g.worldOfVoxel((g.nx - 1) / 2.0, (g.ny - 1) / 2.0, (g.nz - 1) / 2.0);
        if (g.placement == null) iso = new double[3];
        double[] s = {a[0], a[1], a[2]};
        double[] c = view.pixelCentre(view.height / 2, view.width / 2);
        double toIso = Math.sqrt(sq(s[0] - iso[0]) + sq(s[1] - iso[1]) + sq(s[2] - iso[2]));
        double toDetector = Math.sqrt(sq(c[0] - s[0]) + sq(c[1] - s[1]) + sq(c[2] - s[2]));
        footprint *= sq(toIso / toDetector);
      }
      double sum = 0;
      for (int i = v * pixels; i < (v + 1) * pixels; i++) sum += p.targets[i];
      mass += sum * footprint;
    }
    return mass / p.views.size() / gridVolume;
  }

  private static double norm(double[] a, int from) {
    return Math.sqrt(sq(a[from]) + sq(a[from + 1]) + sq(a[from + 2]));
  }

  private static double sq(double x) {
    return x * x;
  }
}
