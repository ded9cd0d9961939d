package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

class ImagePlusVolumesTest {

  @Test
  void volumeToImagePlusAndBack() {
    Volume v = ramp(4, 3, 2, 0.5, 0.75, 2.5);
    ImagePlus imp = ImagePlusVolumes.toImagePlus(v, "ct");
    assertEquals("ct", imp.getTitle());
    assertEquals(32, imp.getBitDepth());
    assertEquals(4, imp.getWidth());
    assertEquals(3, imp.getHeight());
    assertEquals(2, imp.getNSlices());
    Calibration cal = imp.getCalibration();
    assertEquals("mm", cal.getUnit());
    assertEquals(0.5, cal.pixelWidth);
    assertEquals(0.75, cal.pixelHeight);
    assertEquals(2.5, cal.pixelDepth);
    // Column x, row y, slice z.
    assertEquals(v.get(3, 1, 1), imp.getStack().getProcessor(2).getf(3, 1));
    Volume back = ImagePlusVolumes.toVolume(imp);
    assertArrayEquals(v.data(), back.data());
    assertTrue(back.grid.sameShape(v.grid));
    assertFalse(ImagePlusVolumes.hounsfield(imp));
    // The copy is a copy.
    imp.getStack().getProcessor(1).setf(0, 0, 99);
    assertEquals(0f, v.get(0, 0, 0));
  }

  @Test
  void sixteenBitValuesGoThroughTheCalibrationFunction() {
    ImageStack stack = new ImageStack(2, 1);
    stack.addSlice(new ShortProcessor(2, 1, new short[] {0, (short) 33000}, null));
    stack.addSlice(new ShortProcessor(2, 1, new short[] {(short) 32768, (short) 65535}, null));
    ImagePlus imp = new ImagePlus("signed", stack);
    Calibration cal = imp.getCalibration();
    cal.setSigned16BitCalibration();
    setMm(imp, 1, 1, 1);
    Volume v = ImagePlusVolumes.toVolume(imp);
    assertArrayEquals(new float[] {-32768, 232, 0, 32767}, v.data());
    assertTrue(ImagePlusVolumes.hounsfield(imp), "signed 16-bit counts as HU");

    cal.setFunction(Calibration.STRAIGHT_LINE, new double[] {-1024, 0.5}, "HU");
    assertArrayEquals(new float[] {-1024, -1024 + 16500, -1024 + 16384, -1024 + 32767.5f},
        ImagePlusVolumes.toVolume(imp).data());
    assertFalse(ImagePlusVolumes.hounsfield(imp), "unsigned 16-bit without DICOM is not");
  }

  @Test
  void eightBitValuesAsStoredAndUnitsConvertedToMm() {
    ImagePlus imp = IJ.createImage("bytes", "8-bit black", 3, 2, 2);
    ((ByteProcessor) imp.getStack().getProcessor(2)).set(2, 1, 200);
    Calibration cal = imp.getCalibration();
    cal.setUnit("cm");
    cal.pixelWidth = 0.1;
    cal.pixelHeight = 0.2;
    cal.pixelDepth = 0.3;
    Volume v = ImagePlusVolumes.toVolume(imp);
    assertEquals(200f, v.get(2, 1, 1));
    assertEquals(1, v.grid.sx, 1e-12);
    assertEquals(2, v.grid.sy, 1e-12);
    assertEquals(3, v.grid.sz, 1e-12);
    cal.setUnit("µm");
    cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = 500;
    assertEquals(0.5, ImagePlusVolumes.toVolume(imp).grid.sx, 1e-12);
    cal.setUnit("micron");
    assertEquals(0.5, ImagePlusVolumes.toVolume(imp).grid.sz, 1e-12);
  }

  @Test
  void imagesThatAreNotAVolumeFailWithOneLine() {
    ImagePlus rgb = IJ.createImage("photo", "RGB black", 4, 4, 3);
    assertEquals("image 'photo' is RGB colour; a volume needs an 8-, 16- or 32-bit greyscale "
        + "image", message(rgb));

    ImageStack colours = new ImageStack(4, 4, palette());
    for (int k = 0; k < 3; k++) colours.addSlice(new ByteProcessor(4, 4));
    // What ImageJ's file openers make of an indexed-colour file (GIF, palette PNG/TIFF).
    ImagePlus indexed = new ImagePlus("indexed", colours) {
      {
        setType(COLOR_256);
      }
    };
    assertEquals(ImagePlus.COLOR_256, indexed.getType());
    assertTrue(message(indexed).startsWith("image 'indexed' is 8-bit colour (indexed)"),
        message(indexed));

    ImagePlus flat = IJ.createImage("flat", "32-bit black", 4, 4, 1);
    setMm(flat, 1, 1, 1);
    assertEquals("image 'flat' is a single 2-D image; a volume needs a stack of at least 2 slices",
        message(flat));

    ImagePlus plain = IJ.createImage("plain", "32-bit black", 4, 4, 3);
    assertEquals("image 'plain' has no spatial calibration (unit 'pixel'): set its voxel size in "
        + "mm (Image > Properties...)", message(plain));

    ImagePlus channels = IJ.createImage("two", "32-bit black", 4, 4, 2, 3, 1);
    setMm(channels, 1, 1, 1);
    assertEquals("image 'two' has 2 channels; a volume needs one", message(channels));

    ImagePlus movie = IJ.createImage("movie", "32-bit black", 4, 4, 1, 3, 5);
    setMm(movie, 1, 1, 1);
    assertEquals("image 'movie' has 5 time frames; a volume needs one", message(movie));

    ImagePlus nan = IJ.createImage("nan", "32-bit black", 2, 2, 2);
    setMm(nan, 1, 1, 1);
    nan.getStack().getProcessor(2).setf(1, 1, Float.NaN);
    assertEquals("image 'nan' has a NaN or infinite value (at index 7); values must be finite",
        message(nan));

    assertEquals("image title must not be empty", assertThrows(IllegalArgumentException.class,
        () -> ImagePlusVolumes.toImagePlus(ramp(2, 2, 2, 1, 1, 1), " ")).getMessage());
  }

  @Test
  void exactVoxelSizeKeptBesideTheCalibrationUnlessItWasEdited() {
    double s = 0.95703125;
    ImagePlus imp = ImagePlusVolumes.toImagePlus(ramp(2, 2, 2, s, s, 1.5), "v");
    Calibration cal = imp.getCalibration();
    cal.pixelWidth = 0.9570321; // what a TIFF rational gives back
    assertEquals(s, ImagePlusVolumes.toVolume(imp).grid.sx);
    cal.pixelWidth = 0.5; // edited by the user: the calibration wins
    assertEquals(0.5, ImagePlusVolumes.toVolume(imp).grid.sx);
  }

  @Test
  void projectionStackToImagePlusAndBack() {
    float[] data = new float[3 * 2 * 4];
    for (int i = 0; i < data.length; i++) data[i] = i - 5.5f;
    ProjectionStack p = new ProjectionStack(data, 3, 2, 4, 0.194, 0.2);
    ImagePlus imp = ImagePlusProjections.toImagePlus(p, "drr");
    assertEquals(4, imp.getStackSize());
    assertEquals("view 3", imp.getStack().getSliceLabel(3));
    assertEquals(0.194, imp.getCalibration().pixelWidth);
    assertEquals("mm", imp.getCalibration().getUnit());
    // Image 2 (0-based 1), row 1, column 2: the last pixel of that image.
    assertEquals(data[1 * 6 + 1 * 3 + 2], imp.getStack().getProcessor(2).getf(2, 1));
    ProjectionStack back = ImagePlusProjections.fromImagePlus(imp);
    assertArrayEquals(data, back.data);
    assertEquals(3, back.width);
    assertEquals(2, back.height);
    assertEquals(4, back.count);
    assertEquals(0.194, back.delx);
    assertEquals(0.2, back.dely);

    ImagePlus one = IJ.createImage("one", "16-bit black", 5, 4, 1);
    setMm(one, 2, 2, 1);
    ProjectionStack single = ImagePlusProjections.fromImagePlus(one);
    assertEquals(1, single.count);
    assertEquals(20, single.data.length);
    ImagePlus rgb = IJ.createImage("photo", "RGB black", 4, 4, 1);
    assertEquals("image 'photo' is RGB colour; a projection image needs an 8-, 16- or 32-bit "
        + "greyscale image", assertThrows(IllegalArgumentException.class,
            () -> ImagePlusProjections.fromImagePlus(rgb)).getMessage());
  }

  /** An indexed-colour palette (not a ramp of one colour, which ImageJ treats as grey). */
  private static LUT palette() {
    byte[] r = new byte[256], g = new byte[256], b = new byte[256];
    for (int i = 0; i < 256; i++) {
      r[i] = (byte) (i * 37);
      g[i] = (byte) (i * 101);
      b[i] = (byte) (255 - i * 13);
    }
    return new LUT(r, g, b);
  }

  private static String message(ImagePlus imp) {
    return assertThrows(IllegalArgumentException.class, () -> ImagePlusVolumes.toVolume(imp))
        .getMessage();
  }

  private static void setMm(ImagePlus imp, double w, double h, double d) {
    Calibration cal = imp.getCalibration();
    cal.setUnit("mm");
    cal.pixelWidth = w;
    cal.pixelHeight = h;
    cal.pixelDepth = d;
  }

  /** Value 100·z + 10·y + x. */
  static Volume ramp(int nx, int ny, int nz, double sx, double sy, double sz) {
    Volume v = Volume.zeros(new VolumeGrid(nx, ny, nz, sx, sy, sz));
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) v.data()[v.grid.index(x, y, z)] = 100 * z + 10 * y + x;
      }
    }
    return v;
  }
}
