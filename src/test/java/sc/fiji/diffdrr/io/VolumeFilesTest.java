package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

class VolumeFilesTest {

  @TempDir
  Path tmp;

  @Test
  void metaImageRoundTripWithTheCentredOffset() throws IOException {
    Volume v = ImagePlusVolumesTest.ramp(5, 4, 3, 0.5, 0.75, 2.5);
    Path f = tmp.resolve("v.mha");
    VolumeFiles.write(f, v);
    MetaImage m = MetaImage.read(f);
    assertEquals("MET_FLOAT", m.elementType);
    // Offset = world position of voxel 0's centre: −(n−1)/2·spacing.
    assertArrayEquals(new double[] {-1.0, -1.125, -2.5}, m.offset, 1e-12);
    LoadedVolume back = VolumeFiles.read(f);
    assertArrayEquals(v.data(), back.volume.data());
    assertTrue(back.volume.grid.sameShape(v.grid));
    assertEquals(VoxelConvention.CENTERED, back.volume.grid.convention);
    assertFalse(back.hounsfield, "float data are not HU");
    assertEquals(HuConversion.NONE, back.defaultHu());
    VolumeFiles.write(tmp.resolve("v.mhd"), v);
    assertArrayEquals(v.data(), VolumeFiles.read(tmp.resolve("v.mhd")).volume.data());
  }

  @Test
  void tiffRoundTripKeepsValuesAndExactSpacing() throws IOException {
    double s = 0.95703125; // TIFF's rational stores about 0.9570321
    Volume v = ImagePlusVolumesTest.ramp(5, 4, 3, s, 3.7, 1.5);
    v.data()[7] = -1234.5f;
    Path f = tmp.resolve("v.tif");
    VolumeFiles.write(f, v);
    LoadedVolume back = VolumeFiles.read(f);
    assertArrayEquals(v.data(), back.volume.data());
    assertEquals(s, back.volume.grid.sx);
    assertEquals(3.7, back.volume.grid.sy);
    assertEquals(1.5, back.volume.grid.sz);
    assertFalse(back.hounsfield);
    ImagePlus imp = IJ.openImage(f.toString());
    assertEquals("mm", imp.getCalibration().getUnit());
    assertEquals(32, imp.getBitDepth());
    assertEquals(3, imp.getNSlices());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count(), "only the written file, no temporary left behind");
    }
  }

  @Test
  void signedSixteenBitTiffIsHounsfieldUnits() throws IOException {
    ImagePlus imp = IJ.createImage("ct", "16-bit black", 3, 3, 2);
    imp.getCalibration().setSigned16BitCalibration();
    imp.getStack().getProcessor(1).set(0, 0, 32768 - 1000);
    Calibration cal = imp.getCalibration();
    cal.setUnit("mm");
    cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = 1;
    Path f = tmp.resolve("ct.tif");
    assertTrue(new FileSaver(imp).saveAsTiffStack(f.toString()));
    LoadedVolume lv = VolumeFiles.read(f);
    assertEquals(-1000f, lv.volume.get(0, 0, 0));
    assertEquals(-32768f, lv.volume.get(1, 0, 0));
    assertTrue(lv.hounsfield);
    assertEquals(HuConversion.DIFFDRR, lv.defaultHu());
  }

  @Test
  void metaImageShortIsHounsfieldUnits() throws IOException {
    LoadedVolume ct = VolumeFiles.read(sc.fiji.diffdrr.testutil.Reference.headCt()
        .resolve("head-ct.mha"));
    assertTrue(ct.hounsfield);
    assertArrayEquals(new int[] {256, 256, 108}, new int[] {ct.volume.grid.nx, ct.volume.grid.ny,
      ct.volume.grid.nz});
  }

  @Test
  void badFilesFailWithOneLine() throws IOException {
    Path missing = tmp.resolve("none.mha");
    assertEquals("file or folder not found: " + missing, readError(missing));

    Path txt = Files.write(tmp.resolve("ct.nii"), new byte[] {1});
    assertEquals(txt + ": cannot read a volume from this file; volumes are read from .mha, .mhd, "
        + ".tif, .tiff, .dcm or a folder holding one DICOM series", readError(txt));

    Path fake = Files.write(tmp.resolve("fake.tif"), "not an image".getBytes(StandardCharsets.US_ASCII));
    assertEquals(fake + ": not a TIFF image ImageJ can read", readError(fake));

    Path flat = tmp.resolve("flat.mha");
    MetaImage.write(flat, new int[] {2, 2}, new double[] {1, 1}, new double[2], new float[4], false);
    assertEquals(flat + ": a 2-D image (NDims = 2); a volume needs 3 dimensions", readError(flat));

    Path nan = tmp.resolve("nan.mha");
    float[] data = new float[8];
    data[5] = Float.NaN;
    MetaImage.write(nan, new int[] {2, 2, 2}, new double[] {1, 1, 1}, new double[3], data, false);
    assertEquals(nan + " has a NaN or infinite value (at index 5); values must be finite",
        readError(nan));

    ImagePlus rgb = IJ.createImage("photo", "RGB black", 4, 4, 3);
    Path rgbFile = tmp.resolve("photo.tif");
    new FileSaver(rgb).saveAsTiffStack(rgbFile.toString());
    assertEquals(rgbFile + ": image 'photo.tif' is RGB colour; a volume needs an 8-, 16- or "
        + "32-bit greyscale image", readError(rgbFile));

    ImagePlus plain = IJ.createImage("plain", "32-bit black", 4, 4, 3);
    Path plainFile = tmp.resolve("plain.tif");
    new FileSaver(plain).saveAsTiffStack(plainFile.toString());
    assertTrue(readError(plainFile).contains("has no spatial calibration"), readError(plainFile));

    Volume v = Volume.zeros(new VolumeGrid(2, 2, 2, 1, 1, 1));
    assertEquals("cannot write a volume to 'v.nrrd': the file name must end in .mha, .mhd, .tif "
        + "or .tiff", assertThrows(IllegalArgumentException.class,
            () -> VolumeFiles.write(tmp.resolve("v.nrrd"), v)).getMessage());
  }

  private static String readError(Path p) {
    return assertThrows(IOException.class, () -> VolumeFiles.read(p)).getMessage();
  }
}
