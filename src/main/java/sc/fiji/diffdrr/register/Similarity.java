package sc.fiji.diffdrr.register;

import java.util.Locale;

/**
 * An image similarity between a moving DRR and a target X-ray, with its gradient with respect to
 * the moving image. {@link #higherIsBetter} says whether it is maximised (NCC and its kin) or
 * minimised (MSE); the registration minimises {@link #objective}.
 */
public interface Similarity {

  /** The score, and ∂score/∂moving into gradient (length W·H) when non-null. */
  double value(float[] moving, float[] target, int width, int height, double[] gradient);

  boolean higherIsBetter();

  String name();

  /** The quantity minimised: −score for a similarity, score for a distance. */
  default double objective(double score) {
    return higherIsBetter() ? -score : score;
  }

  /**
   * ncc | mncc | gncc | mse. {@code patchSizes} (0 = global) and their weights serve mncc (the
   * issue's default 9,0 with weights ½, ½); ncc uses only the first patch size.
   */
  static Similarity parse(String name, int[] patchSizes, double[] weights) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "ncc": return new Ncc(patchSizes == null || patchSizes.length == 0 ? 0 : patchSizes[0]);
      case "mncc": return new MultiscaleNcc(patchSizes == null ? new int[] {9, 0} : patchSizes, weights);
      case "gncc": return new GradientNcc();
      case "mse": return new Mse();
      default:
        throw new IllegalArgumentException("loss must be ncc, mncc, gncc or mse, got '" + name + "'");
    }
  }
}
