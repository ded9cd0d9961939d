package sc.fiji.diffdrr.render;

/** Splits an image's pixels (row-major) into contiguous blocks, several per thread. */
final class PixelBlocks {

  private static final int PER_THREAD = 16;

  final int count;
  private final int pixels;

  PixelBlocks(int pixels, int threads) {
    this.pixels = pixels;
    this.count = Math.max(1, Math.min(pixels, PER_THREAD * threads));
  }

  int first(int block) {
    return (int) ((long) block * pixels / count);
  }
}
