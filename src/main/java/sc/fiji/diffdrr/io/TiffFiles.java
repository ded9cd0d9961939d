package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffEncoder;

/** ImageJ TIFF files in and out, with one-line errors and atomic writes. */
final class TiffFiles {

  private TiffFiles() {}

  /** Opens a TIFF (an image or a stack) through ImageJ 1. */
  static ImagePlus open(Path file) throws IOException {
    requireFile(file);
    Opener opener = new Opener();
    opener.setSilentMode(true);
    IJ.redirectErrorMessages();
    ImagePlus imp = opener.openImage(file.toAbsolutePath().toString());
    if (imp == null) throw new IOException(file + ": not a TIFF image ImageJ can read");
    return imp;
  }

  /** Pixels of all planes of a TIFF, from its directories alone (no pixel data read). */
  static long pixelsInFile(Path file) throws IOException {
    requireFile(file);
    Path dir = file.toAbsolutePath().getParent();
    FileInfo[] infos = new ij.io.TiffDecoder(dir + java.io.File.separator,
        String.valueOf(file.getFileName())).getTiffInfo();
    if (infos == null || infos.length == 0) throw new IOException(file + ": not a TIFF image ImageJ can read");
    FileInfo first = infos[0];
    long planes = infos.length == 1 ? Math.max(1, first.nImages) : infos.length;
    return (long) first.width * first.height * planes;
  }

  /**
   * Writes an image or stack as ImageJ's TIFF (calibration, slice labels, Info and properties kept),
   * as File > Save As > Tiff does, but through {@link AtomicFile}.
   */
  static void write(Path file, ImagePlus imp) throws IOException {
    FileInfo fi = imp.getFileInfo();
    fi.info = imp.getInfoProperty();
    fi.description = new FileSaver(imp).getDescriptionString();
    fi.sliceLabels = imp.getStack().getSliceLabels();
    fi.properties = imp.getPropertiesAsArray();
    AtomicFile.write(file, out -> new TiffEncoder(fi).write(out));
  }

  static void requireFile(Path file) throws IOException {
    if (!Files.exists(file)) throw new IOException("file not found: " + file);
    if (!Files.isRegularFile(file)) throw new IOException(file + ": not a regular file");
  }
}
