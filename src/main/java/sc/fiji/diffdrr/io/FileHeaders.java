package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many values an image, stack or volume file holds, read from its header alone: what a command
 * plans its memory with before it reads a file that would not fit.
 */
public final class FileHeaders {

  private FileHeaders() {}

  /**
   * Values (voxels, or pixels of all planes) in a MetaImage or TIFF file; -1 where only reading
   * the whole input would tell (DICOM, folders of images).
   */
  public static long values(Path path) throws IOException {
    if (!Files.exists(path)) throw new IOException("file or folder not found: " + path);
    if (Files.isDirectory(path)) return -1;
    switch (FileExtension.of(path)) {
      case "mha": case "mhd": return MetaImage.Header.read(path).count();
      case "tif": case "tiff": return TiffFiles.pixelsInFile(path);
      default: return -1;
    }
  }
}
