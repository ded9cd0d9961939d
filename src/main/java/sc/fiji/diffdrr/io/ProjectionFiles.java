package sc.fiji.diffdrr.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Projection images (a {@link ProjectionStack}) in and out, the format picked by the extension.
 *
 * <ul>
 * <li>{@code .mha}/{@code .mhd}: MetaImage float32, size W H N (W H for one image, as DiffDRR's
 * reference DRRs), spacing delx dely 1. Read and written.</li>
 * <li>{@code .tif}/{@code .tiff}: 32-bit ImageJ stack calibrated in mm, one slice per view. Read
 * and written.</li>
 * <li>{@code .pfm}: grey portable float map ({@link Pfm}), one view per file: one view is written
 * to the name given, several to NAME_0000.pfm, NAME_0001.pfm, … beside it. Read: one file, a
 * folder of .pfm files or a glob (sorted by name, e.g. plastimatch's output folder).</li>
 * <li>{@code .dcm}: DICOM X-ray frames ({@link DicomXray}), read as measured intensities.</li>
 * <li>{@code .png}: 8-bit, for looking at, not for reading back: values mapped linearly from the
 * minimum (black) to the maximum (white) over all views, so views stay comparable; several views
 * as a montage in reading order, ceil(√N) views per row, black where a row is short.</li>
 * </ul>
 * Writes go through {@link AtomicFile}.
 */
public final class ProjectionFiles {

  private ProjectionFiles() {}

  public static void write(Path file, ProjectionStack p) throws IOException {
    switch (FileExtension.of(file)) {
      case "mha": case "mhd": {
        boolean single = p.count == 1;
        MetaImage.write(file,
            single ? new int[] {p.width, p.height} : new int[] {p.width, p.height, p.count},
            single ? new double[] {p.delx, p.dely} : new double[] {p.delx, p.dely, 1},
            new double[single ? 2 : 3], p.data, false);
        return;
      }
      case "tif": case "tiff":
        TiffFiles.write(file, ImagePlusProjections.toImagePlus(p, FileExtension.baseName(file)));
        return;
      case "png":
        writePng(file, p);
        return;
      case "pfm":
        for (Path f : pfmFiles(file, p.count)) {
          if (Files.isDirectory(f)) throw new IOException(f + " is a folder");
        }
        List<Path> names = pfmFiles(file, p.count);
        for (int k = 0; k < p.count; k++) {
          Pfm.write(names.get(k), p.width, p.height, p.data, k * p.pixelsPerImage());
        }
        return;
      default:
        throw new IllegalArgumentException("cannot write projection images to '"
            + file.getFileName() + "': the file name must end in .mha, .mhd, .tif, .tiff, .pfm or .png");
    }
  }

  /** Reads projection images from .mha, .mhd, .tif or .tiff. */
  /** The files a .pfm output of n views goes to. */
  public static List<Path> pfmFiles(Path file, int n) {
    if (n == 1) return List.of(file);
    String base = FileExtension.baseName(file);
    Path dir = file.toAbsolutePath().getParent();
    List<Path> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) out.add(dir.resolve(String.format("%s_%04d.pfm", base, k)));
    return out;
  }

  public static ProjectionStack read(Path file) throws IOException {
    String last = file.getFileName() == null ? "" : file.getFileName().toString();
    if (Files.isDirectory(file) || last.contains("*") || last.contains("?")) return readPfms(file);
    if (!Files.exists(file)) throw new IOException("file not found: " + file);
    try {
      switch (FileExtension.of(file)) {
        case "mha": case "mhd": {
          MetaImage m = MetaImage.read(file);
          int count = m.dims.length == 3 ? m.dims[2] : 1;
          return new ProjectionStack(m.data, m.dims[0], m.dims[1], count, m.spacing[0],
              m.spacing[1], m.hasSpacing());
        }
        case "tif": case "tiff":
          ProjectionStack t = ImagePlusProjections.fromImagePlus(TiffFiles.open(file));
          return new ProjectionStack(t.data, t.width, t.height, t.count, t.delx, t.dely, true);
        case "pfm": {
          Pfm p = Pfm.read(file);
          return new ProjectionStack(p.data, p.width, p.height, 1, 1, 1);
        }
        case "dcm": case "dicom":
          return DicomXray.read(file).intensities;
        default:
          throw new IOException(file + ": cannot read projection images from this file; they "
              + "are read from .mha, .mhd, .tif, .tiff, .pfm (a file, a folder or a glob) or "
              + ".dcm (X-ray)");
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  /** All .pfm files of a folder (or of a glob), sorted by name, as one stack. */
  private static ProjectionStack readPfms(Path spec) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path f : GeometryFiles.resolve(spec.toString())) {
      if (FileExtension.of(f).equals("pfm")) files.add(f);
    }
    if (files.isEmpty()) throw new IOException(spec + ": no .pfm images");
    Pfm first = Pfm.read(files.get(0));
    int n = first.width * first.height;
    float[] data = new float[n * files.size()];
    for (int k = 0; k < files.size(); k++) {
      Pfm p = k == 0 ? first : Pfm.read(files.get(k));
      if (p.width != first.width || p.height != first.height) {
        throw new IOException(files.get(k) + ": " + p.width + "×" + p.height + " pixels, but "
            + files.get(0).getFileName() + " has " + first.width + "×" + first.height);
      }
      System.arraycopy(p.data, 0, data, k * n, n);
    }
    try {
      return new ProjectionStack(data, first.width, first.height, files.size(), 1, 1);
    } catch (IllegalArgumentException e) {
      throw new IOException(spec + ": " + e.getMessage());
    }
  }

  private static void writePng(Path file, ProjectionStack p) throws IOException {
    int cols = (int) Math.ceil(Math.sqrt(p.count));
    int rows = (p.count + cols - 1) / cols;
    long pixels = (long) cols * p.width * rows * p.height;
    if ((long) cols * p.width > Integer.MAX_VALUE || pixels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot write '" + file.getFileName() + "': a montage of "
          + p.count + " images of " + p.width + "×" + p.height + " is too large for one PNG");
    }
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    for (float v : p.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double scale = max > min ? 255.0 / ((double) max - min) : 0;
    int montageWidth = cols * p.width;
    BufferedImage img = new BufferedImage(montageWidth, rows * p.height,
        BufferedImage.TYPE_BYTE_GRAY);
    byte[] out = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int k = 0; k < p.count; k++) {
      int x0 = (k % cols) * p.width, y0 = (k / cols) * p.height;
      for (int i = 0; i < p.height; i++) {
        int src = k * p.pixelsPerImage() + i * p.width;
        int dst = (y0 + i) * montageWidth + x0;
        for (int j = 0; j < p.width; j++) {
          out[dst + j] = (byte) Math.round((p.data[src + j] - min) * scale);
        }
      }
    }
    AtomicFile.write(file, o -> {
      if (!ImageIO.write(img, "png", o)) throw new IOException("no PNG writer in this Java");
    });
  }
}
