package sc.fiji.diffdrr.io;

import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * {@link ImagePlus} stacks ↔ {@link Volume}s, for the Fiji layer and the file readers.
 *
 * <p>Values: 32-bit pixels as they are; 8- and 16-bit pixels through the image's calibration
 * function, so a DICOM CT (rescale slope and intercept) and ImageJ's signed 16-bit images give
 * Hounsfield units. Voxel size: the spatial calibration, converted to mm. Axes: columns → x,
 * rows → y, slices → z, except for stacks with DICOM headers, which follow the patient-frame rule
 * of {@link StackOrientation} (x to the patient's left, y posterior → anterior, z inferior →
 * superior). Volumes are placed {@code CENTERED}.
 */
public final class ImagePlusVolumes {

  /**
   * Image property holding the voxel size (mm, stack axes) at full precision: TIFF stores the pixel
   * width and height as rationals good to about 1e-6, so the exact values are kept beside them.
   */
  static final String VOXEL_SIZE_PROPERTY = "DiffDRR voxel size (mm)";

  private ImagePlusVolumes() {}

  /**
   * A volume from a greyscale stack of at least 2 slices (a single-slice time series counts its
   * frames as slices); errors (one line) name the image and what is wrong.
   */
  public static Volume toVolume(ImagePlus imp) {
    requireGreyscale(imp, "a volume");
    if (imp.getNChannels() > 1) {
      throw new IllegalArgumentException(describe(imp) + " has " + imp.getNChannels()
          + " channels; a volume needs one");
    }
    if (imp.getNSlices() > 1 && imp.getNFrames() > 1) {
      throw new IllegalArgumentException(describe(imp) + " has " + imp.getNFrames() + " time "
          + "frames; a volume needs one");
    }
    if (imp.getStackSize() < 2) {
      throw new IllegalArgumentException(describe(imp) + " is a single 2-D image; a volume needs a "
          + "stack of at least 2 slices");
    }
    double[] size = voxelSizeMm(imp);
    StackOrientation o = StackOrientation.of(imp);
    int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
    int[] n = o.volumeSize(w, h, d);
    double[] s = o.volumeSpacing(size[0], size[1], size[2]);
    if ((long) w * h * d > VolumeGrid.MAX_VOXELS) {
      throw new IllegalArgumentException(describe(imp) + " has " + ((long) w * h * d)
          + " voxels, more than one volume can hold (" + VolumeGrid.MAX_VOXELS + ")");
    }
    float[] data = new float[w * h * d];
    long[] step = o.steps(w, h, d);
    ImageStack stack = imp.getStack();
    float[] table = imp.getBitDepth() == 32 ? null : imp.getCalibration().getCTable();
    for (int k = 0; k < d; k++) {
      Object pixels = stack.getPixels(k + 1);
      for (int row = 0; row < h; row++) {
        long at = step[3] + row * step[1] + k * step[2];
        int src = row * w;
        for (int col = 0; col < w; col++, src++, at += step[0]) {
          data[(int) at] = value(pixels, src, table);
        }
      }
    }
    requireFinite(data, describe(imp));
    return new Volume(new VolumeGrid(n[0], n[1], n[2], s[0], s[1], s[2]), data);
  }

  /**
   * Whether the image's values are Hounsfield units: a DICOM image with Modality CT, or — with no
   * DICOM header — a 16-bit image with ImageJ's signed 16-bit calibration (how CT exports store
   * HU). Anything else (float data, unsigned or 8-bit images, other modalities) is not.
   */
  public static boolean hounsfield(ImagePlus imp) {
    DicomHeader h = DicomHeader.of(imp);
    if (h != null) return "CT".equalsIgnoreCase(h.value(DicomHeader.MODALITY));
    return imp.getBitDepth() == 16 && imp.getCalibration().isSigned16Bit();
  }

  /**
   * The pixel width, height and depth in mm (stack axes). An image without a length unit
   * (unit "pixel", blank or unknown) is an error: a silent 1 mm would give wrong distances.
   */
  public static double[] voxelSizeMm(ImagePlus imp) {
    Calibration cal = imp.getCalibration();
    double[] mm = {
      LengthUnit.millimetres(cal.getXUnit()) * cal.pixelWidth,
      LengthUnit.millimetres(cal.getYUnit()) * cal.pixelHeight,
      LengthUnit.millimetres(cal.getZUnit()) * cal.pixelDepth};
    String[] units = {cal.getXUnit(), cal.getYUnit(), cal.getZUnit()};
    for (int a = 0; a < 3; a++) {
      if (Double.isNaN(LengthUnit.millimetres(units[a]))) {
        throw new IllegalArgumentException(describe(imp) + " has no spatial calibration (unit '"
            + units[a] + "'): set its voxel size in mm (Image > Properties...)");
      }
      if (!(mm[a] > 0) || !Double.isFinite(mm[a])) {
        throw new IllegalArgumentException(describe(imp) + " has voxel size " + cal.pixelWidth
            + " × " + cal.pixelHeight + " × " + cal.pixelDepth + " " + cal.getUnit()
            + "; each must be a finite number > 0");
      }
    }
    return refine(mm, imp.getProp(VOXEL_SIZE_PROPERTY));
  }

  /** A 32-bit stack of the volume (z slices), calibrated in mm. The voxels are copied. */
  public static ImagePlus toImagePlus(Volume volume, String title) {
    VolumeGrid g = volume.grid;
    int plane = g.nx * g.ny;
    ImageStack stack = new ImageStack(g.nx, g.ny);
    for (int k = 0; k < g.nz; k++) {
      stack.addSlice(null, Arrays.copyOfRange(volume.data(), k * plane, (k + 1) * plane));
    }
    ImagePlus imp = new ImagePlus(requireTitle(title), stack);
    calibrate(imp, g.sx, g.sy, g.sz);
    imp.setDisplayRange(volume.min(), volume.max());
    return imp;
  }

  /** Sets the calibration to mm and keeps the exact sizes beside it. */
  static void calibrate(ImagePlus imp, double width, double height, double depth) {
    Calibration cal = new Calibration(imp);
    cal.setUnit("mm");
    cal.pixelWidth = width;
    cal.pixelHeight = height;
    cal.pixelDepth = depth;
    imp.setCalibration(cal);
    imp.setProp(VOXEL_SIZE_PROPERTY, width + " " + height + " " + depth);
  }

  /** The calibration's sizes, replaced by the exact ones of the property where they agree. */
  private static double[] refine(double[] mm, String exact) {
    if (exact == null) return mm;
    String[] parts = exact.trim().split("\\s+");
    if (parts.length != 3) return mm;
    double[] r = new double[3];
    for (int a = 0; a < 3; a++) {
      try {
        r[a] = Double.parseDouble(parts[a]);
      } catch (NumberFormatException e) {
        return mm;
      }
      // Edited since it was written (Image > Properties): the calibration wins.
      if (!(Math.abs(r[a] - mm[a]) <= 1e-5 * mm[a])) return mm;
    }
    return r;
  }

  static void requireGreyscale(ImagePlus imp, String what) {
    if (imp == null) throw new IllegalArgumentException("no image given; " + what + " is needed");
    if (imp.getType() == ImagePlus.COLOR_RGB) {
      throw new IllegalArgumentException(describe(imp) + " is RGB colour; " + what + " needs an "
          + "8-, 16- or 32-bit greyscale image");
    }
    if (imp.getType() == ImagePlus.COLOR_256) {
      throw new IllegalArgumentException(describe(imp) + " is 8-bit colour (indexed); " + what
          + " needs an 8-, 16- or 32-bit greyscale image");
    }
  }

  /** A pixel's value: as stored for 32-bit, through the calibration table for 8/16-bit. */
  static float value(Object pixels, int i, float[] table) {
    if (pixels instanceof float[]) return ((float[]) pixels)[i];
    int raw = pixels instanceof short[] ? ((short[]) pixels)[i] & 0xffff : ((byte[]) pixels)[i] & 0xff;
    return table == null ? raw : table[raw];
  }

  static void requireFinite(float[] data, String what) {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IllegalArgumentException(what + " has a NaN or infinite value (at index " + i
            + "); values must be finite");
      }
    }
  }

  static String describe(ImagePlus imp) {
    return "image '" + imp.getTitle() + "'";
  }

  private static String requireTitle(String title) {
    if (title == null || title.trim().isEmpty()) {
      throw new IllegalArgumentException("image title must not be empty");
    }
    return title;
  }
}
