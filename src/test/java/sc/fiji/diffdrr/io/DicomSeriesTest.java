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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.plugin.FolderOpener;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.testutil.Reference;

class DicomSeriesTest {

  private static LoadedVolume mha;

  @TempDir
  Path tmp;

  @BeforeAll
  static void readMha() throws IOException {
    mha = VolumeFiles.read(Reference.headCt().resolve("head-ct.mha"));
  }

  @Test
  void headCtSeriesGivesTheVoxelsAndSpacingOfTheMha() throws IOException {
    LoadedVolume dicom = VolumeFiles.read(Reference.headCt().resolve("dicom"));
    assertArrayEquals(mha.volume.data(), dicom.volume.data());
    assertTrue(dicom.volume.grid.sameShape(mha.volume.grid), dicom.volume.grid.toString());
    // DICOM's PixelSpacing is exact; the .mha header rounds it to 0.9570312.
    assertEquals(0.95703125, dicom.volume.grid.sx);
    assertEquals(0.95703125, dicom.volume.grid.sy);
    assertEquals(1.5, dicom.volume.grid.sz, 1e-12);
    assertTrue(dicom.hounsfield);
    assertTrue(mha.hounsfield, "MET_SHORT counts as HU");
    assertEquals(HuConversion.DIFFDRR, dicom.defaultHu());
  }

  @Test
  void folderOpenerStackHeadlessGivesTheSameVolume() {
    // What a Fiji user gets from File > Import > Image Sequence, converted by the adapter.
    ImagePlus imp = FolderOpener.open(Reference.headCt().resolve("dicom").toString());
    Volume v = ImagePlusVolumes.toVolume(imp);
    assertArrayEquals(mha.volume.data(), v.data());
    assertTrue(v.grid.sameShape(mha.volume.grid), v.grid.toString());
    assertTrue(ImagePlusVolumes.hounsfield(imp));
  }

  @Test
  void aSingleSliceFileIsNotAVolume() {
    Path f = Reference.headCt().resolve("dicom").resolve("CT001.dcm");
    String msg = assertThrows(IOException.class, () -> VolumeFiles.read(f)).getMessage();
    assertTrue(msg.startsWith(f + ": ") && msg.contains("single 2-D image")
        && msg.endsWith("(for a DICOM series, give its folder)"), msg);
  }

  @Test
  void axialSeriesIsSortedByPositionAndRowsFlipped() throws IOException {
    TestDicom d = new TestDicom();
    d.rowSpacing = 0.5;
    d.columnSpacing = 0.7;
    double[] z = {5, 0, 2.5}; // written out of order on purpose
    for (int f = 0; f < 3; f++) {
      TestDicom s = d.copy();
      s.position = new double[] {-10, -20, z[f]};
      s.pixels = slicePixels(d.rows, d.columns, (int) (z[f] / 2.5));
      s.instance = f + 1;
      s.write(tmp.resolve("f" + f + ".dcm"));
    }
    Files.write(tmp.resolve("README.txt"), "not DICOM".getBytes(StandardCharsets.US_ASCII));
    LoadedVolume lv = VolumeFiles.read(tmp);
    Volume v = lv.volume;
    assertEquals(3, v.grid.nx);
    assertEquals(4, v.grid.ny);
    assertEquals(3, v.grid.nz);
    assertEquals(0.7, v.grid.sx, 1e-12);
    assertEquals(0.5, v.grid.sy, 1e-12);
    assertEquals(2.5, v.grid.sz, 1e-12);
    for (int k = 0; k < 3; k++) {
      for (int row = 0; row < 4; row++) {
        for (int col = 0; col < 3; col++) {
          // z by position, x = column, y = rows flipped (posterior → anterior).
          assertEquals(1000 * k + 10 * row + col, v.get(col, 3 - row, k), "col " + col + " row "
              + row + " slice " + k);
        }
      }
    }
    assertTrue(lv.hounsfield);
  }

  /**
   * The series' placement: voxel (col, 3 − row, k) lies at IPP + col·0.7·x + row·0.5·y + 2.5k·z in
   * LPS, i.e. (−10 + 0.7·i, 18.5 + 0.5·j, 2.5·k) in our frame (y negated).
   */
  @Test
  void axialSeriesKeepsItsWorldPlacement() throws IOException {
    TestDicom d = new TestDicom();
    d.rowSpacing = 0.5;
    d.columnSpacing = 0.7;
    double[] z = {5, 0, 2.5};
    for (int f = 0; f < 3; f++) {
      TestDicom s = d.copy();
      s.position = new double[] {-10, -20, z[f]};
      s.instance = f + 1;
      s.write(tmp.resolve("f" + f + ".dcm"));
    }
    sc.fiji.diffdrr.volume.VolumeGrid g = VolumeFiles.read(tmp).volume.grid;
    assertTrue(g.placement != null, "a DICOM series is placed");
    for (int[] v : new int[][] {{0, 0, 0}, {2, 3, 2}, {1, 2, 0}}) {
      double[] w = g.worldOfVoxel(v[0], v[1], v[2]);
      assertEquals(-10 + 0.7 * v[0], w[0], 1e-9);
      assertEquals(18.5 + 0.5 * v[1], w[1], 1e-9);
      assertEquals(2.5 * v[2], w[2], 1e-9);
    }
  }

  @Test
  void sagittalSeriesMapsOntoTheNearestAxes() throws IOException {
    // Columns run posterior (+y LPS), rows run inferior (−z), slices toward the patient's right.
    TestDicom d = new TestDicom();
    d.orientation = new double[] {0, 1, 0, 0, 0, -1};
    d.rowSpacing = 0.8;
    d.columnSpacing = 0.6;
    for (int k = 0; k < 2; k++) {
      TestDicom s = d.copy();
      s.position = new double[] {-1.25 * k, 0, 0};
      s.pixels = slicePixels(d.rows, d.columns, k);
      s.instance = k + 1;
      s.write(tmp.resolve("s" + k + ".dcm"));
    }
    Volume v = VolumeFiles.read(tmp).volume;
    // x ← slices (toward the right, so flipped), y ← columns (posterior, flipped), z ← rows (flipped).
    assertEquals(2, v.grid.nx);
    assertEquals(3, v.grid.ny);
    assertEquals(4, v.grid.nz);
    assertEquals(1.25, v.grid.sx, 1e-12);
    assertEquals(0.6, v.grid.sy, 1e-12);
    assertEquals(0.8, v.grid.sz, 1e-12);
    for (int k = 0; k < 2; k++) {
      for (int row = 0; row < 4; row++) {
        for (int col = 0; col < 3; col++) {
          assertEquals(1000 * k + 10 * row + col, v.get(1 - k, 2 - col, 3 - row));
        }
      }
    }
  }

  @Test
  void rescaleGivesHounsfieldUnitsEvenWhenItDiffersPerSlice() throws IOException {
    TestDicom d = new TestDicom();
    d.signed = false;
    d.pixels = new short[] {0, 24, 1024, 1030, 2000, 3000, 4000, 100, 5, 6, 7, 8};
    for (int k = 0; k < 2; k++) {
      TestDicom s = d.copy();
      s.position = new double[] {0, 0, k};
      s.intercept = k == 0 ? -1024 : -1000;
      s.slope = k == 0 ? 1 : 2;
      s.instance = k + 1;
      s.write(tmp.resolve("r" + k + ".dcm"));
    }
    LoadedVolume lv = VolumeFiles.read(tmp);
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < 12; i++) {
        int row = i / 3, col = i % 3;
        float expected = k == 0 ? d.pixels[i] - 1024 : 2 * d.pixels[i] - 1000;
        assertEquals(expected, lv.volume.get(col, 3 - row, k), "slice " + k + " pixel " + i);
      }
    }
    assertTrue(lv.hounsfield);
  }

  @Test
  void signedDataWithASlopeIsRescaledWhateverImageJsDicomOptions() throws IOException {
    TestDicom d = new TestDicom();
    d.pixels = new short[] {-1000, -1, 0, 1, 2, 3, 400, 500, 600, 700, 800, 32767};
    d.slope = 2;
    d.intercept = 0; // ImageJ keeps no calibration for this case by itself
    writeSeries(d, 0, 1);
    boolean asFloat = ij.Prefs.openDicomsAsFloat;
    try {
      for (boolean pref : new boolean[] {false, true}) {
        ij.Prefs.openDicomsAsFloat = pref; // would run ImageJ commands, which fail headless
        Volume v = VolumeFiles.read(tmp).volume;
        for (int i = 0; i < 12; i++) {
          assertEquals(2f * d.pixels[i], v.get(i % 3, 3 - i / 3, 1), "pixel " + i);
        }
        assertEquals(pref, ij.Prefs.openDicomsAsFloat, "the user's DICOM option is restored");
      }
    } finally {
      ij.Prefs.openDicomsAsFloat = asFloat;
    }
  }

  @Test
  void otherModalitiesAreNotHounsfieldUnits() throws IOException {
    TestDicom d = new TestDicom();
    d.modality = "MR";
    writeSeries(d, 0, 1);
    LoadedVolume lv = VolumeFiles.read(tmp);
    assertFalse(lv.hounsfield);
    assertEquals(HuConversion.NONE, lv.defaultHu());
  }

  @Test
  void seriesThatDoNotMakeOneVolumeFailWithOneLine() throws IOException {
    Path missing = tmp.resolve("nope");
    assertEquals("file or folder not found: " + missing,
        assertThrows(IOException.class, () -> VolumeFiles.read(missing)).getMessage());

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertEquals(empty + ": the folder is empty (no DICOM files)", message(empty));

    Path text = Files.createDirectory(tmp.resolve("text"));
    Files.write(text.resolve("notes.txt"), "hello".getBytes(StandardCharsets.US_ASCII));
    assertEquals(text + ": no DICOM files in the folder (1 other file)", message(text));

    Path sizes = Files.createDirectory(tmp.resolve("sizes"));
    TestDicom d = new TestDicom();
    writeSeries(d, sizes, 0, 1);
    TestDicom wide = d.copy();
    wide.columns = 5;
    wide.position = new double[] {0, 0, 2};
    wide.write(sizes.resolve("c.dcm"));
    assertEquals(sizes + ": DICOM slices of different sizes: a.dcm is 3×4, c.dcm is 5×4",
        message(sizes));

    Path twice = Files.createDirectory(tmp.resolve("twice"));
    writeSeries(d, twice, 0, 0);
    assertTrue(message(twice).startsWith(twice + ": two DICOM slices at the same position: "),
        message(twice));

    Path gap = Files.createDirectory(tmp.resolve("gap"));
    writeSeries(d, gap, 0, 1, 3);
    assertEquals(gap + ": DICOM slices are not evenly spaced: gaps from 1.0 to 2.0 mm, the widest "
        + "between b.dcm and c.dcm (a missing slice?)", message(gap));

    Path series = Files.createDirectory(tmp.resolve("series"));
    writeSeries(d, series, 0);
    TestDicom other = d.copy();
    other.series = "1.2.3.5";
    other.position = new double[] {0, 0, 1};
    other.write(series.resolve("b.dcm"));
    assertEquals(series + ": holds more than one DICOM series (a.dcm and b.dcm differ in Series "
        + "Instance UID); put each series in its own folder", message(series));

    Path turned = Files.createDirectory(tmp.resolve("turned"));
    writeSeries(d, turned, 0);
    TestDicom coronal = d.copy();
    coronal.orientation = new double[] {1, 0, 0, 0, 0, -1};
    coronal.write(turned.resolve("b.dcm"));
    assertEquals(turned + ": DICOM slices of different orientations: a.dcm and b.dcm differ in "
        + "Image Orientation (Patient)", message(turned));

    Path one = Files.createDirectory(tmp.resolve("one"));
    writeSeries(d, one, 0);
    assertTrue(message(one).contains("single 2-D image"), message(one));

    Path broken = Files.createDirectory(tmp.resolve("broken"));
    Files.write(broken.resolve("x.dcm"), new byte[] {1, 2, 3});
    assertTrue(message(broken).startsWith(broken.resolve("x.dcm") + ": "), message(broken));
  }

  private static String message(Path p) {
    return assertThrows(IOException.class, () -> VolumeFiles.read(p)).getMessage();
  }

  private void writeSeries(TestDicom d, double... z) throws IOException {
    writeSeries(d, tmp, z);
  }

  /** Slices at the given z (mm), files a.dcm, b.dcm, ... */
  private static void writeSeries(TestDicom d, Path dir, double... z) throws IOException {
    for (int k = 0; k < z.length; k++) {
      TestDicom s = d.copy();
      s.position = new double[] {0, 0, z[k]};
      s.instance = k + 1;
      s.write(dir.resolve((char) ('a' + k) + ".dcm"));
    }
  }

  /** Stored value 1000·k + 10·row + column. */
  private static short[] slicePixels(int rows, int columns, int k) {
    short[] p = new short[rows * columns];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < columns; col++) p[row * columns + col] = (short) (1000 * k + 10 * row + col);
    }
    return p;
  }
}
