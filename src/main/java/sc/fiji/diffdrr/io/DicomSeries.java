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
import ij.Prefs;
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
    List<Slice> slices = new ArrayList<>();
    for (Path f : files) {
      if (f.getFileName().toString().equalsIgnoreCase("DICOMDIR")) continue;
      if (opener.getFileType(f.toString()) != Opener.DICOM) continue;
      slices.add(read(f));
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

  private static Slice read(Path f) throws IOException {
    ImagePlus imp = openFile(f);
    if (imp.getStackSize() != 1) {
      throw new IOException(f + ": holds " + imp.getStackSize() + " frames; a series folder must "
          + "hold one slice per file (read a multi-frame file on its own)");
    }
    String info = (String) imp.getProperty("Info");
    DicomHeader h = DicomHeader.parse(info);
    double[] orientation = h.numbers(DicomHeader.ORIENTATION, 6);
    double[] position = h.numbers(DicomHeader.POSITION, 3);
    if (orientation == null || position == null) {
      throw new IOException(f + ": no Image Orientation/Position (Patient) (0020,0037/0020,0032), "
          + "so the slices cannot be ordered");
    }
    return new Slice(f, imp, info, h.value(DicomHeader.SERIES_UID), orientation, position);
  }

  /**
   * Opens one DICOM file (one slice or several frames) with its values rescaled: value = slope ·
   * stored + intercept (Rescale Slope/Intercept; HU for CT), as the calibration function of 8/16-bit
   * images and in the pixels of 32-bit ones. ImageJ's own rescaling depends on the user's DICOM
   * options and, for slopes other than 1, runs ImageJ commands that fail headless; so its options
   * are set for the duration of the read to keep the stored values, and the rescale is applied
   * here.
   */
  static ImagePlus openFile(Path f) throws IOException {
    TiffFiles.requireFile(f);
    ImagePlus imp;
    synchronized (DicomSeries.class) {
      boolean asFloat = Prefs.openDicomsAsFloat, ignoreSlope = Prefs.ignoreRescaleSlope;
      Prefs.openDicomsAsFloat = false;
      Prefs.ignoreRescaleSlope = true;
      try {
        Opener opener = new Opener();
        opener.setSilentMode(true);
        IJ.redirectErrorMessages();
        imp = opener.openImage(f.toAbsolutePath().toString());
      } finally {
        Prefs.openDicomsAsFloat = asFloat;
        Prefs.ignoreRescaleSlope = ignoreSlope;
      }
    }
    Object info = imp == null ? null : imp.getProperty("Info");
    DicomHeader h = info instanceof String ? DicomHeader.parse((String) info) : null;
    if (imp == null || h == null) throw new IOException(f + ": not a DICOM file ImageJ can read");
    if (imp.getBitDepth() == 24) {
      throw new IOException(f + ": RGB colour DICOM; a volume needs greyscale slices");
    }
    rescale(imp, h, f);
    return imp;
  }

  private static void rescale(ImagePlus imp, DicomHeader h, Path f) throws IOException {
    double slope = single(h, DicomHeader.RESCALE_SLOPE, 1, f);
    double intercept = single(h, DicomHeader.RESCALE_INTERCEPT, 0, f);
    if (slope == 0) throw new IOException(f + ": Rescale Slope is 0");
    if (slope == 1 && intercept == 0) return;
    if (imp.getBitDepth() == 32) { // ImageJ applies no calibration function to float images
      for (int k = 1; k <= imp.getStackSize(); k++) {
        float[] px = (float[]) imp.getStack().getPixels(k);
        for (int i = 0; i < px.length; i++) px[i] = (float) (slope * px[i] + intercept);
      }
      return;
    }
    Calibration cal = imp.getCalibration();
    double[] co = cal.getCoefficients();
    boolean line = cal.getFunction() == Calibration.STRAIGHT_LINE && co != null && co.length >= 2;
    if (cal.getFunction() != Calibration.NONE && !line) {
      throw new IOException(f + ": unexpected ImageJ calibration function " + cal.getFunction());
    }
    double c0 = line ? co[0] : 0, c1 = line ? co[1] : 1;
    // ImageJ may have applied the rescale already (signed data store stored + 32768).
    boolean applied = line && close(c1, slope)
        && (close(c0, intercept) || close(c0, intercept - 32768 * slope));
    if (applied) return;
    cal.setFunction(Calibration.STRAIGHT_LINE, new double[] {slope * c0 + intercept, slope * c1},
        "Gray Value");
    imp.setCalibration(cal);
  }

  private static double single(DicomHeader h, String tag, double absent, Path f)
      throws IOException {
    if (h.value(tag) == null) return absent;
    double[] v = h.numbers(tag, 1);
    if (v == null) {
      throw new IOException(f + ": " + tag + " must be a number, got '" + h.value(tag) + "'");
    }
    return v[0];
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
    double min = Double.POSITIVE_INFINITY, max = 0;
    int widest = 1;
    for (int k = 1; k < n; k++) {
      Slice a = slices.get(k - 1), b = slices.get(k);
      double gap = b.along - a.along;
      if (!(gap > 1e-6 * Math.max(1, Math.abs(b.along)))) {
        throw new IOException(dir + ": two DICOM slices at the same position: " + a.name() + " and "
            + b.name() + " (" + b.along + " mm along the slice normal)");
      }
      min = Math.min(min, gap);
      if (gap > max) {
        max = gap;
        widest = k;
      }
    }
    if (max - min > GAP_TOLERANCE * mean) {
      throw new IOException(dir + ": DICOM slices are not evenly spaced: gaps from " + min + " to "
          + max + " mm, the widest between " + slices.get(widest - 1).name() + " and "
          + slices.get(widest).name() + " (a missing slice?)");
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
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
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
