package sc.fiji.diffdrr.io;

import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

/**
 * {@link ProjectionStack} ↔ {@link ImagePlus}: one slice per view, labelled "view 1", "view 2", …,
 * 32-bit, calibrated in mm (pixel width delx, height dely). Rows and columns as in the stack: row 0
 * is the top of the image.
 */
public final class ImagePlusProjections {

  private ImagePlusProjections() {}

  /** A 32-bit stack of the images (copied), calibrated in mm. */
  public static ImagePlus toImagePlus(ProjectionStack p, String title) {
    if (title == null || title.trim().isEmpty()) {
      throw new IllegalArgumentException("image title must not be empty");
    }
    int plane = p.pixelsPerImage();
    ImageStack stack = new ImageStack(p.width, p.height);
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < p.count; k++) {
      stack.addSlice("view " + (k + 1), Arrays.copyOfRange(p.data, k * plane, (k + 1) * plane));
    }
    for (float v : p.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    ImagePlus imp = new ImagePlus(title, stack);
    ImagePlusVolumes.calibrate(imp, p.delx, p.dely, 1);
    imp.setDisplayRange(min, max);
    return imp;
  }

  /**
   * The images of an 8-, 16- or 32-bit greyscale image or stack (slices or time frames, one
   * channel), values through the calibration function, pixel size from the spatial calibration
   * (mm; an uncalibrated image is an error).
   */
  public static ProjectionStack fromImagePlus(ImagePlus imp) {
    ImagePlusVolumes.requireGreyscale(imp, "a projection image");
    if (imp.getNChannels() > 1) {
      throw new IllegalArgumentException(ImagePlusVolumes.describe(imp) + " has "
          + imp.getNChannels() + " channels; projection images need one");
    }
    double[] size = ImagePlusVolumes.voxelSizeMm(imp);
    int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize(), plane = w * h;
    if ((long) plane * n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(ImagePlusVolumes.describe(imp) + " has more pixels than "
          + "one array can hold");
    }
    float[] data = new float[plane * n];
    ImageStack stack = imp.getStack();
    Calibration cal = imp.getCalibration();
    float[] table = imp.getBitDepth() == 32 ? null : cal.getCTable();
    for (int k = 0; k < n; k++) {
      Object pixels = stack.getPixels(k + 1);
      for (int i = 0; i < plane; i++) data[k * plane + i] = ImagePlusVolumes.value(pixels, i, table);
    }
    try {
      return new ProjectionStack(data, w, h, n, size[0], size[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ImagePlusVolumes.describe(imp) + ": " + e.getMessage());
    }
  }
}
