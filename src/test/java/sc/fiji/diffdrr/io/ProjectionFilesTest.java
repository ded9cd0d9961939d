package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.testutil.Reference;

class ProjectionFilesTest {

  @TempDir
  Path tmp;

  @Test
  void readsAReferenceDrr() throws IOException {
    ProjectionStack p = ProjectionFiles.read(Reference.diffdrr().resolve("phantom128/drr_siddon_pose0.mha"));
    assertEquals(200, p.width);
    assertEquals(200, p.height);
    assertEquals(1, p.count);
    assertEquals(2.0, p.delx);
    double sum = 0;
    for (float v : p.data) sum += v;
    assertEquals(490913.63, sum, 0.5);
  }

  @Test
  void metaImageAndTiffRoundTrip() throws IOException {
    ProjectionStack p = stack(4, 3, 5, 0.194, 0.388);
    for (String name : new String[] {"p.mha", "p.mhd", "p.tif", "p.tiff"}) {
      Path f = tmp.resolve(name);
      ProjectionFiles.write(f, p);
      ProjectionStack back = ProjectionFiles.read(f);
      assertArrayEquals(p.data, back.data, name);
      assertEquals(4, back.width, name);
      assertEquals(3, back.height, name);
      assertEquals(5, back.count, name);
      assertEquals(0.194, back.delx, name);
      assertEquals(0.388, back.dely, name);
    }
    assertArrayEquals(new int[] {4, 3, 5}, MetaImage.read(tmp.resolve("p.mha")).dims);
    assertArrayEquals(new double[] {0.194, 0.388, 1}, MetaImage.read(tmp.resolve("p.mha")).spacing);
    ProjectionStack one = stack(4, 3, 1, 2, 2);
    ProjectionFiles.write(tmp.resolve("one.mha"), one);
    assertArrayEquals(new int[] {4, 3}, MetaImage.read(tmp.resolve("one.mha")).dims);
    assertArrayEquals(one.data, ProjectionFiles.read(tmp.resolve("one.mha")).data);
    ProjectionFiles.write(tmp.resolve("one.tif"), one);
    assertEquals(1, ProjectionFiles.read(tmp.resolve("one.tif")).count);
  }

  @Test
  void pngIsAMinMaxMontageInReadingOrder() throws IOException {
    ProjectionStack p = stack(4, 3, 5, 1, 1); // 5 views → 3 per row, 2 rows
    Path f = tmp.resolve("views.png");
    ProjectionFiles.write(f, p);
    BufferedImage img = ImageIO.read(f.toFile());
    assertEquals(12, img.getWidth());
    assertEquals(6, img.getHeight());
    Raster r = img.getRaster();
    float min = p.data[0], max = p.data[p.data.length - 1];
    // View k at montage cell (k % 3, k / 3); its pixel (row i, column j).
    for (int k = 0; k < 5; k++) {
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          float v = p.data[k * 12 + i * 4 + j];
          int expected = Math.round((v - min) * 255 / (max - min));
          assertEquals(expected, r.getSample((k % 3) * 4 + j, (k / 3) * 3 + i, 0),
              "view " + k + " row " + i + " column " + j);
        }
      }
    }
    assertEquals(0, r.getSample(11, 5, 0), "the empty cell is black");
  }

  @Test
  void badNamesAndDataFailWithOneLine() {
    ProjectionStack p = stack(2, 2, 1, 1, 1);
    assertEquals("cannot write projection images to 'p.jpg': the file name must end in .mha, "
        + ".mhd, .tif, .tiff, .pfm or .png", assertThrows(IllegalArgumentException.class,
            () -> ProjectionFiles.write(tmp.resolve("p.jpg"), p)).getMessage());
    Path png = tmp.resolve("p.png");
    assertEquals(png + ": cannot read projection images from this file; they are read from .mha, "
        + ".mhd, .tif, .tiff, .pfm (a file, a folder or a glob) or .dcm (X-ray)", assertThrows(IOException.class, () -> {
          ProjectionFiles.write(png, p);
          ProjectionFiles.read(png);
        }).getMessage());
    Path missing = tmp.resolve("none.mha");
    assertEquals("file not found: " + missing,
        assertThrows(IOException.class, () -> ProjectionFiles.read(missing)).getMessage());
    float[] nan = new float[8];
    nan[6] = Float.NaN;
    assertEquals("projection image 2 has a NaN or infinite pixel (row 1, column 0); values must "
        + "be finite", assertThrows(IllegalArgumentException.class,
            () -> new ProjectionStack(nan, 2, 2, 2, 1, 1)).getMessage());
    assertEquals("projection data has 7 values but 2 images of 2×2 need 8",
        assertThrows(IllegalArgumentException.class,
            () -> new ProjectionStack(new float[7], 2, 2, 2, 1, 1)).getMessage());
    assertEquals("delx must be a finite number > 0 (mm), got 0",
        assertThrows(IllegalArgumentException.class,
            () -> new ProjectionStack(new float[4], 2, 2, 1, 0, 1)).getMessage());
  }

  /** Increasing values, so the first is the minimum and the last the maximum. */
  private static ProjectionStack stack(int w, int h, int n, double delx, double dely) {
    float[] data = new float[w * h * n];
    for (int i = 0; i < data.length; i++) data[i] = 0.25f * i - 3;
    return new ProjectionStack(data, w, h, n, delx, dely);
  }
}
