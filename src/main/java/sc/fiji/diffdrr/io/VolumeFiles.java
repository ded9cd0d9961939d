package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import sc.fiji.diffdrr.volume.Placement;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * Volume files in and out, the format picked by what the path is.
 *
 * <p>Reading ({@link #read}):
 * <ul>
 * <li>{@code .mha}/{@code .mhd}: MetaImage, 3-D, voxels as stored (x fastest), spacing from the
 * header, and the file's placement ({@link Placement}: Offset = voxel 0's centre, TransformMatrix =
 * the index axes' world directions; rotations, permutations and flips). Callers choose whether to
 * keep it ({@code --placement file}) or centre the volume (DiffDRR's rule).</li>
 * <li>a folder: one DICOM series ({@link DicomSeries}); {@code .dcm}: one (multi-frame) DICOM file;
 * {@code .tif}/{@code .tiff}: an ImageJ stack. These go through {@link ImagePlusVolumes#toVolume}:
 * voxel size from the calibration in mm, values through the calibration function (DICOM rescale →
 * HU), and DICOM data in the patient frame (x left, y posterior → anterior, z inferior →
 * superior), which is the layout of the shared head CT's .mha. A DICOM series' placement comes
 * from its Image Position/Orientation (Patient), given in that same frame (LPS with y negated).</li>
 * </ul>
 * Whether values are Hounsfield units, so callers can default the HU rule (DiffDRR's for HU, none
 * otherwise): DICOM with Modality CT; signed 16-bit integers (MetaImage MET_SHORT, ImageJ's signed
 * 16-bit TIFF), as CT exports store HU. Float, unsigned and 8-bit data are taken as densities.
 *
 * <p>Writing ({@link #write}): {@code .mha}/{@code .mhd} (MET_FLOAT, Offset = world position of
 * voxel 0's centre: the placement's, or −(n−1)/2·spacing per axis for a centred CENTERED volume;
 * TransformMatrix = the placement's axes) or {@code .tif}/{@code .tiff}
 * (32-bit stack calibrated in mm), through {@link AtomicFile}.
 */
public final class VolumeFiles {

  private VolumeFiles() {}

  /** Reads a volume; errors (one line) name the file and what is wrong. */
  public static LoadedVolume read(Path path) throws IOException {
    if (!Files.exists(path)) throw new IOException("file or folder not found: " + path);
    if (Files.isDirectory(path)) return fromImage(DicomSeries.open(path), path, "");
    switch (FileExtension.of(path)) {
      case "mha": case "mhd": return readMetaImage(path);
      case "tif": case "tiff": return fromImage(TiffFiles.open(path), path, "");
      case "dcm": case "dicom":
        return fromImage(DicomSeries.openFile(path), path, " (for a DICOM series, give its folder)");
      default:
        throw new IOException(path + ": cannot read a volume from this file; volumes are read from "
            + ".mha, .mhd, .tif, .tiff, .dcm or a folder holding one DICOM series");
    }
  }

  /** Writes a volume as .mha, .mhd, .tif or .tiff; the file appears only once complete. */
  public static void write(Path file, Volume volume) throws IOException {
    String ext = FileExtension.of(file);
    switch (ext) {
      case "mha": case "mhd": {
        VolumeGrid g = volume.grid;
        MetaImage.write(file, new int[] {g.nx, g.ny, g.nz}, new double[] {g.sx, g.sy, g.sz},
            g.offset(), g.placement == null ? null : g.placement.transformMatrix(), volume.data(),
            false);
        return;
      }
      case "tif": case "tiff":
        TiffFiles.write(file, ImagePlusVolumes.toImagePlus(volume, FileExtension.baseName(file)));
        return;
      default:
        throw new IllegalArgumentException("cannot write a volume to '" + file.getFileName()
            + "': the file name must end in .mha, .mhd, .tif or .tiff");
    }
  }

  /**
   * The grid of a volume file (spacing, placement), reading only the header of a MetaImage;
   * other formats are read whole.
   */
  public static VolumeGrid grid(Path path) throws IOException {
    switch (Files.isDirectory(path) ? "" : FileExtension.of(path)) {
      case "mha": case "mhd": {
        MetaImage.Header h = MetaImage.Header.read(path);
        return grid(path, h.dims, h.spacing, h.offset, h.transform);
      }
      default:
        return read(path).volume.grid;
    }
  }

  private static LoadedVolume readMetaImage(Path file) throws IOException {
    MetaImage m = MetaImage.read(file);
    VolumeGrid grid = grid(file, m.dims, m.spacing, m.offset, m.transform);
    try {
      ImagePlusVolumes.requireFinite(m.data, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
    return new LoadedVolume(new Volume(grid, m.data), "MET_SHORT".equals(m.elementType));
  }

  private static VolumeGrid grid(Path file, int[] dims, double[] spacing, double[] offset,
      double[] transform) throws IOException {
    if (dims.length != 3) {
      throw new IOException(file + ": a 2-D image (NDims = " + dims.length + "); a volume needs "
          + "3 dimensions");
    }
    Placement placement;
    try {
      double[] t = transform == null ? new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1} : transform;
      placement = new Placement(offset, new double[][] {{t[0], t[1], t[2]}, {t[3], t[4], t[5]},
        {t[6], t[7], t[8]}});
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
    return new VolumeGrid(dims[0], dims[1], dims[2], spacing[0], spacing[1], spacing[2],
        sc.fiji.diffdrr.volume.VoxelConvention.CENTERED, placement);
  }

  /** Image errors become IOExceptions naming the file. */
  private static LoadedVolume fromImage(ImagePlus imp, Path source, String hint)
      throws IOException {
    try {
      Volume v = ImagePlusVolumes.toVolume(imp);
      Placement p = StackOrientation.of(imp).placement(imp, v.grid);
      if (p != null) v = new Volume(v.grid.withPlacement(p), v.data());
      return new LoadedVolume(v, ImagePlusVolumes.hounsfield(imp));
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage() + hint);
    }
  }
}
