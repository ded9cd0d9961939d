package sc.fiji.diffdrr.recon;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * FDK's filter along detector rows: the band-limited ramp of Kak and Slaney in space
 * (h(0) = 1/4τ², h(n odd) = −1/(nπτ)², h(n even) = 0, times τ for the convolution integral), its
 * spectrum windowed by an {@link FdkFilter}, applied by FFT (commons-math3) with each row
 * zero-padded to a power of two ≥ 2·width so the circular convolution does not wrap around.
 * Defining the ramp in space keeps its DC term right (no offset in the result).
 */
public final class RampFilter {

  private final int width;
  private final int padded;
  /** The real, even frequency response, one value per FFT bin. */
  private final double[] response;

  /**
   * @param width pixels per row
   * @param tau the sample spacing (mm) at which the ramp is defined (the pixel pitch scaled to the
   *     isocentre)
   * @param cutoff fraction of Nyquist in (0, 1]
   */
  public RampFilter(int width, double tau, FdkFilter filter, double cutoff) {
    if (!(cutoff > 0 && cutoff <= 1)) {
      throw new IllegalArgumentException("--cutoff must be in (0, 1] (a fraction of Nyquist), got " + cutoff);
    }
    this.width = width;
    int l = 64;
    while (l < 2 * width) l *= 2;
    this.padded = l;
    double[] re = new double[l], im = new double[l];
    re[0] = 1 / (4 * tau * tau);
    for (int n = 1; n <= l / 2; n++) {
      double v = n % 2 == 1 ? -1 / (n * n * Math.PI * Math.PI * tau * tau) : 0;
      re[n] = v;
      if (n < l / 2) re[l - n] = v;
    }
    for (int i = 0; i < l; i++) re[i] *= tau;
    FastFourierTransformer.transformInPlace(new double[][] {re, im}, DftNormalization.STANDARD,
        TransformType.FORWARD);
    response = new double[l];
    for (int k = 0; k < l; k++) {
      int f = Math.min(k, l - k);
      response[k] = re[k] * filter.window(2 * Math.PI * f / l, cutoff);
    }
  }

  public int paddedLength() {
    return padded;
  }

  /**
   * Filters {@code rows} rows of {@code width} floats in place, starting at {@code offset}. Two rows
   * share one complex FFT (one as the real part, one as the imaginary part: the response is real
   * and even, so they come back apart).
   */
  public void apply(float[] data, int offset, int rows) {
    double[] re = new double[padded], im = new double[padded];
    double[][] both = {re, im};
    for (int r = 0; r < rows; r += 2) {
      boolean pair = r + 1 < rows;
      int a = offset + r * width, b = a + width;
      java.util.Arrays.fill(re, 0);
      java.util.Arrays.fill(im, 0);
      for (int j = 0; j < width; j++) {
        re[j] = data[a + j];
        if (pair) im[j] = data[b + j];
      }
      FastFourierTransformer.transformInPlace(both, DftNormalization.STANDARD, TransformType.FORWARD);
      for (int k = 0; k < padded; k++) {
        re[k] *= response[k];
        im[k] *= response[k];
      }
      FastFourierTransformer.transformInPlace(both, DftNormalization.STANDARD, TransformType.INVERSE);
      for (int j = 0; j < width; j++) {
        data[a + j] = (float) re[j];
        if (pair) data[b + j] = (float) im[j];
      }
    }
  }
}
