package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * A folder holding one DICOM series → an ImageJ stack, each file decoded by ImageJ 1's DICOM reader.
 *
 * <p>Unlike File > Import > Image Sequence (FolderOpener), which skips files of another size with a
 * log line and keeps the first file's rescale for all, this opens every file itself so that a
 * series that does not make one volume fails with one clear line: slices of different sizes, bit
 * depths, orientations or pixel spacings, several series in one folder, slices without position,
 * two slices at one position, uneven gaps. Slices are sorted by their Image Position (Patient) along
 * the slice normal (the cross product of the Image Orientation cosines), so index 0 is the first
 * slice along that normal (the most inferior for an axial series); the slice spacing is the mean
 * gap. Each slice label is the file name and its DICOM header, as in FolderOpener, so
 * {@link ImagePlusVolumes#toVolume} can apply the patient-frame rule. When all slices share one
 * rescale (slope, intercept) the stack keeps the stored pixels with that calibration function;
 * otherwise each slice is converted to 32-bit through its own.
 *
 * <p>Files are those ImageJ recognises as DICOM (the "DICM" preamble or a .dcm name); others in the
 * folder (DICOMDIR, text files) are ignored.
 */
public final class DicomSeries {

  /** Slices may deviate from the mean gap by this fraction (positions are rounded in headers). */
  private static final double GAP_TOLERANCE = 0.01;

  private DicomSeries() {}

  public static ImagePlus open(Path dir) throws IOException {
    if (!Files.exists(dir)) throw new IOException("folder not found: " + dir);
    if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a folder");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().collect(Collectors.toList());
    }
    if (files.isEmpty()) throw new IOException(dir + ": the folder is empty (no DICOM files)");
    Opener opener = new Opener();
    opener.setSilentMode(true);
    List<Slice> slices = new ArrayList<>();
    for (Path f : files) {
      if (f.getFileName().toString().equalsIgnoreCase("DICOMDIR")) continue;
      if (opener.getFileType(f.toString()) != Opener.DICOM) continue;
      slices.add(read(opener, f));
    }
    if (slices.isEmpty()) {
      throw new IOException(dir + ": no DICOM files in the folder (" + files.size() + " other file"
          + (files.size() == 1 ? "" : "s") + ")");
    }
    Slice first = slices.get(0);
    double[] normal = cross(first.orientation);
    for (Slice s : slices) {
      check(dir, first, s);
      s.along = dot(s.position, normal);
    }
    slices.sort(Comparator.comparingDouble(s -> s.along));
    double depth = sliceSpacing(dir, slices);
    return stack(dir, slices, depth);
  }

  private static Slice read(Opener opener, Path f) throws IOException {
    IJ.redirectErrorMessages();
    ImagePlus imp = opener.openImage(f.toString());
    if (imp == null) throw new IOException(f + ": ImageJ cannot read this DICOM file");
    if (imp.getBitDepth() == 24) {
      throw new IOException(f + ": RGB colour DICOM; a volume needs greyscale slices");
    }
    if (imp.getStackSize() != 1) {
      throw new IOException(f + ": holds " + imp.getStackSize() + " frames; a series folder must "
          + "hold one slice per file (read a multi-frame file on its own)");
    }
    Object info = imp.getProperty("Info");
    DicomHeader h = info instanceof String ? DicomHeader.parse((String) info) : null;
    double[] orientation = h == null ? null : h.numbers(DicomHeader.ORIENTATION, 6);
    double[] position = h == null ? null : h.numbers(DicomHeader.POSITION, 3);
    if (orientation == null || position == null) {
      throw new IOException(f + ": no Image Orientation/Position (Patient) (0020,0037/0020,0032), "
          + "so the slices cannot be ordered");
    }
    return new Slice(f, imp, (String) info, h.value(DicomHeader.SERIES_UID), orientation, position);
  }

  private static void check(Path dir, Slice a, Slice b) throws IOException {
    ImagePlus x = a.imp, y = b.imp;
    if (x.getWidth() != y.getWidth() || x.getHeight() != y.getHeight()) {
      throw new IOException(dir + ": DICOM slices of different sizes: " + a.name() + " is "
          + x.getWidth() + "×" + x.getHeight() + ", " + b.name() + " is " + y.getWidth() + "×"
          + y.getHeight());
    }
    if (x.getBitDepth() != y.getBitDepth()) {
      throw new IOException(dir + ": DICOM slices of different bit depths: " + a.name() + " is "
          + x.getBitDepth() + "-bit, " + b.name() + " is " + y.getBitDepth() + "-bit");
    }
    if (a.series != null && b.series != null && !a.series.equals(b.series)) {
      throw new IOException(dir + ": holds more than one DICOM series (" + a.name() + " and "
          + b.name() + " differ in Series Instance UID); put each series in its own folder");
    }
    for (int i = 0; i < 6; i++) {
      if (Math.abs(a.orientation[i] - b.orientation[i]) > 1e-4) {
        throw new IOException(dir + ": DICOM slices of different orientations: " + a.name()
            + " and " + b.name() + " differ in Image Orientation (Patient)");
      }
    }
    Calibration ca = x.getCalibration(), cb = y.getCalibration();
    if (!close(ca.pixelWidth, cb.pixelWidth) || !close(ca.pixelHeight, cb.pixelHeight)
        || !ca.getUnit().equals(cb.getUnit())) {
      throw new IOException(dir + ": DICOM slices of different pixel spacings: " + a.name() + " is "
          + ca.pixelWidth + "×" + ca.pixelHeight + " " + ca.getUnit() + ", " + b.name() + " is "
          + cb.pixelWidth + "×" + cb.pixelHeight + " " + cb.getUnit());
    }
  }

  /** The mean gap between sorted slices (mm), after checking they are distinct and even. */
  private static double sliceSpacing(Path dir, List<Slice> slices) throws IOException {
    int n = slices.size();
    if (n < 2) return 1; // a single slice: toVolume rejects it as 2-D
    double mean = (slices.get(n - 1).along - slices.get(0).along) / (n - 1);
    for (int k = 1; k < n; k++) {
      Slice a = slices.get(k - 1), b = slices.get(k);
      double gap = b.along - a.along;
      if (!(gap > 1e-6 * Math.max(1, Math.abs(b.along)))) {
        throw new IOException(dir + ": two DICOM slices at the same position: " + a.name() + " and "
            + b.name() + " (" + b.along + " mm along the slice normal)");
      }
      if (Math.abs(gap - mean) > GAP_TOLERANCE * mean) {
        throw new IOException(dir + ": DICOM slices are not evenly spaced: " + gap + " mm between "
            + a.name() + " and " + b.name() + ", " + mean + " mm on average (a missing slice?)");
      }
    }
    return mean;
  }

  private static ImagePlus stack(Path dir, List<Slice> slices, double depth) {
    Slice first = slices.get(0);
    Calibration cal = first.imp.getCalibration().copy();
    boolean sameRescale = true;
    for (Slice s : slices) sameRescale &= sameFunction(cal, s.imp.getCalibration());
    ImageStack stack = new ImageStack(first.imp.getWidth(), first.imp.getHeight());
    for (Slice s : slices) {
      ImageProcessor ip = s.imp.getProcessor();
      if (!sameRescale) ip = toFloat(ip, s.imp.getCalibration());
      stack.addSlice(s.name() + "\n" + s.info, ip);
    }
    if (!sameRescale) cal.disableDensityCalibration();
    cal.pixelDepth = depth;
    String title = dir.toAbsolutePath().getFileName() == null ? dir.toString()
        : dir.toAbsolutePath().getFileName().toString();
    ImagePlus imp = new ImagePlus(title, stack);
    imp.setCalibration(cal);
    return imp;
  }

  private static boolean sameFunction(Calibration a, Calibration b) {
    return a.getFunction() == b.getFunction() && Arrays.equals(a.getCoefficients(), b.getCoefficients());
  }

  private static ImageProcessor toFloat(ImageProcessor ip, Calibration cal) {
    float[] table = cal.getCTable();
    Object pixels = ip.getPixels();
    float[] out = new float[ip.getPixelCount()];
    for (int i = 0; i < out.length; i++) out[i] = ImagePlusVolumes.value(pixels, i, table);
    return new FloatProcessor(ip.getWidth(), ip.getHeight(), out);
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  }

  private static double[] cross(double[] iop) {
    return new double[] {
      iop[1] * iop[5] - iop[2] * iop[4],
      iop[2] * iop[3] - iop[0] * iop[5],
      iop[0] * iop[4] - iop[1] * iop[3]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /** One decoded file. */
  private static final class Slice {
    final Path file;
    final ImagePlus imp;
    final String info;
    final String series;
    final double[] orientation;
    final double[] position;
    double along;

    Slice(Path file, ImagePlus imp, String info, String series, double[] orientation,
        double[] position) {
      this.file = file;
      this.imp = imp;
      this.info = info;
      this.series = series;
      this.orientation = orientation;
      this.position = position;
    }

    String name() {
      return file.getFileName().toString();
    }
  }
}
