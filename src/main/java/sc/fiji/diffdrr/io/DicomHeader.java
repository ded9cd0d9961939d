package sc.fiji.diffdrr.io;

import ij.ImagePlus;

/**
 * The DICOM tags ImageJ 1 keeps as text, one "gggg,eeee  Name: value" line per tag: in a slice
 * label (after the file name, as FolderOpener and {@link DicomSeries} write it) or in the image's
 * "Info" property (a single file).
 */
final class DicomHeader {

  static final String MODALITY = "0008,0060";
  static final String SERIES_UID = "0020,000E";
  static final String POSITION = "0020,0032";
  static final String ORIENTATION = "0020,0037";
  static final String RESCALE_INTERCEPT = "0028,1052";
  static final String RESCALE_SLOPE = "0028,1053";
  private static final String PIXEL_DATA = "7FE0,0010";

  private final String text;

  private DicomHeader(String text) {
    this.text = text;
  }

  /**
   * The header that describes the image: the first slice's label, else the "Info" property; null
   * when the image carries no DICOM header.
   */
  static DicomHeader of(ImagePlus imp) {
    DicomHeader h = ofSlice(imp, 1);
    if (h != null) return h;
    Object info = imp.getProperty("Info");
    return info instanceof String ? parse((String) info) : null;
  }

  /** The header in one slice's label (1-based), or null when that label holds none. */
  static DicomHeader ofSlice(ImagePlus imp, int slice) {
    return parse(imp.getStack().getSliceLabel(slice));
  }

  /** A header from text, or null when the text is not a DICOM header. */
  static DicomHeader parse(String text) {
    return isDicom(text) ? new DicomHeader(text) : null;
  }

  private static boolean isDicom(String s) {
    return s != null && (s.contains(PIXEL_DATA) || s.contains(ORIENTATION + " "));
  }

  /** The value of a tag, trimmed, or null when absent. */
  String value(String tag) {
    int from = 0;
    while (true) {
      int at = text.indexOf(tag, from);
      if (at < 0) return null;
      if (at == 0 || text.charAt(at - 1) == '\n') {
        int end = text.indexOf('\n', at);
        String line = end < 0 ? text.substring(at) : text.substring(at, end);
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
      }
      from = at + tag.length();
    }
  }

  /** A tag holding n backslash-separated numbers, or null when absent or malformed. */
  double[] numbers(String tag, int n) {
    String v = value(tag);
    if (v == null) return null;
    String[] parts = v.split("\\\\");
    if (parts.length != n) return null;
    double[] r = new double[n];
    try {
      for (int i = 0; i < n; i++) r[i] = Double.parseDouble(parts[i].trim());
    } catch (NumberFormatException e) {
      return null;
    }
    for (double x : r) {
      if (!Double.isFinite(x)) return null;
    }
    return r;
  }
}
