package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.diffdrr.geometry.View;

/**
 * DICOM X-ray images (XA, RF, DX, CR; one frame or many) → one cone-beam view per frame, and the
 * frames as measured intensities (the stored values through Rescale Slope/Intercept, not yet line
 * integrals).
 *
 * <p>Tags: Distance Source to Detector (0018,1110) and Distance Source to Patient (0018,1111),
 * required; Imager Pixel Spacing (0018,1164), else Pixel Spacing (0028,0030) (row spacing, then
 * column spacing); Positioner Primary Angle (0018,1510) and Secondary Angle (0018,1511), 0 when
 * absent; for several frames their increments (0018,1520/1521): one value is the change per frame,
 * one value per frame an offset from the angle (DICOM C.8.7.5.1.3).
 *
 * <p>Geometry, in DICOM's patient frame then in ours: the isocentre is the world origin; the
 * detector's direction from it is D = (sin α·cos β, −cos α·cos β, sin β) in LPS (x to the
 * patient's left, y posterior, z head), α the primary angle (LAO +, RAO −) and β the secondary
 * (cranial +, caudal −): at 0°, 0° the detector is in front of the chest (a PA beam), at LAO 90°
 * on the patient's left, at CRA 90° above the head. The source sits at −DSP·D, the detector centre
 * at (DSD − DSP)·D. Image columns run towards the patient's left and rows towards the feet at
 * 0°, 0° and turn with the same rotation (secondary about the patient's x axis, then primary about
 * its z axis, as a C-arm's L-arm carries its C). Views are then given in our patient frame, LPS
 * with y negated (x left, y anterior, z head), the frame of our DICOM CT volumes.
 */
public final class DicomXray {

  static final String DSD = "0018,1110";
  static final String DSP = "0018,1111";
  static final String IMAGER_SPACING = "0018,1164";
  static final String PIXEL_SPACING = "0028,0030";
  static final String PRIMARY = "0018,1510";
  static final String SECONDARY = "0018,1511";
  static final String PRIMARY_INCREMENT = "0018,1520";
  static final String SECONDARY_INCREMENT = "0018,1521";

  /** The views (one per frame) and the frames. */
  public static final class Frames {
    public final List<View> views;
    public final ProjectionStack intensities;

    Frames(List<View> views, ProjectionStack intensities) {
      this.views = views;
      this.intensities = intensities;
    }
  }

  private DicomXray() {}

  public static Frames read(Path file) throws IOException {
    ImagePlus imp = DicomSeries.openFile(file);
    Object info = imp.getProperty("Info");
    DicomHeader h = info instanceof String ? DicomHeader.parse((String) info) : null;
    if (h == null) h = DicomHeader.of(imp);
    if (h == null) throw new IOException(file + ": no DICOM header");
    double dsd = required(file, h, DSD, "Distance Source to Detector");
    double dsp = required(file, h, DSP, "Distance Source to Patient");
    if (!(dsd > 0) || !(dsp > 0) || dsp >= dsd) {
      throw new IOException(file + ": Distance Source to Detector (0018,1110) " + dsd
          + " mm and Distance Source to Patient (0018,1111) " + dsp + " mm must be > 0 with the "
          + "patient between source and detector");
    }
    double[] spacing = h.numbers(IMAGER_SPACING, 2);
    if (spacing == null) spacing = h.numbers(PIXEL_SPACING, 2);
    if (spacing == null || !(spacing[0] > 0) || !(spacing[1] > 0)) {
      throw new IOException(file + ": no Imager Pixel Spacing (0018,1164) nor Pixel Spacing "
          + "(0028,0030) with two numbers > 0");
    }
    int frames = imp.getStackSize();
    double[] primary = angles(file, h, PRIMARY, PRIMARY_INCREMENT, frames);
    double[] secondary = angles(file, h, SECONDARY, SECONDARY_INCREMENT, frames);
    int rows = imp.getHeight(), columns = imp.getWidth();
    List<View> views = new ArrayList<>(frames);
    for (int k = 0; k < frames; k++) {
      views.add(view(primary[k], secondary[k], dsd, dsp, rows, columns, spacing[1], spacing[0]));
    }
    float[] data = new float[rows * columns * frames];
    float[] table = imp.getBitDepth() == 32 ? null : imp.getCalibration().getCTable();
    for (int k = 0; k < frames; k++) {
      Object px = imp.getStack().getPixels(k + 1);
      for (int i = 0; i < rows * columns; i++) data[k * rows * columns + i] = value(px, i, table);
    }
    return new Frames(views, new ProjectionStack(data, columns, rows, frames, spacing[1],
        spacing[0]));
  }

  /**
   * The view of one frame: primary α and secondary β in degrees, distances and pixel pitch in mm
   * (delx between columns, dely between rows).
   */
  public static View view(double primaryDeg, double secondaryDeg, double dsd, double dsp,
      int rows, int columns, double delx, double dely) {
    double a = Math.toRadians(primaryDeg), b = Math.toRadians(secondaryDeg);
    // LPS: R = Rz(α)·Rx(−β) applied to the 0°,0° frame (detector −y, columns +x, rows −z)
    double[] d = rotate(a, b, 0, -1, 0);
    double[] u = rotate(a, b, 1, 0, 0);
    double[] v = rotate(a, b, 0, 0, -1);
    double[] s = new double[3], c = new double[3], uu = new double[3], vv = new double[3];
    for (int k = 0; k < 3; k++) {
      s[k] = -dsp * d[k];
      c[k] = (dsd - dsp) * d[k] - (columns - 1) / 2.0 * delx * u[k] - (rows - 1) / 2.0 * dely * v[k];
      uu[k] = delx * u[k];
      vv[k] = dely * v[k];
    }
    return new View(las(s), las(c), las(uu), las(vv), rows, columns);
  }

  private static double[] rotate(double a, double b, double x, double y, double z) {
    // Rx(−β): y' = y cos β + z sin β, z' = −y sin β + z cos β
    double y1 = y * Math.cos(b) + z * Math.sin(b);
    double z1 = -y * Math.sin(b) + z * Math.cos(b);
    // Rz(α)
    return new double[] {x * Math.cos(a) - y1 * Math.sin(a), x * Math.sin(a) + y1 * Math.cos(a), z1};
  }

  private static double[] las(double[] lps) {
    return new double[] {lps[0], -lps[1], lps[2]};
  }

  private static double required(Path file, DicomHeader h, String tag, String name)
      throws IOException {
    double[] v = h.numbers(tag, 1);
    if (v == null) {
      throw new IOException(file + ": no " + name + " (" + tag + "); an X-ray view needs it");
    }
    return v[0];
  }

  private static double[] angles(Path file, DicomHeader h, String tag, String incrementTag,
      int frames) throws IOException {
    double[] base = h.value(tag) == null ? new double[] {0} : h.numbers(tag, 1);
    if (base == null) throw new IOException(file + ": (" + tag + ") is not one number");
    double[] out = new double[frames];
    java.util.Arrays.fill(out, base[0]);
    String inc = h.value(incrementTag);
    if (inc == null || frames == 1) return out;
    double[] one = h.numbers(incrementTag, 1);
    double[] each = h.numbers(incrementTag, frames);
    if (one != null) {
      for (int k = 0; k < frames; k++) out[k] += k * one[0];
    } else if (each != null) {
      for (int k = 0; k < frames; k++) out[k] += each[k];
    } else {
      throw new IOException(file + ": (" + incrementTag + ") must hold 1 or " + frames
          + " numbers (one per frame)");
    }
    return out;
  }

  private static float value(Object pixels, int i, float[] table) {
    if (pixels instanceof float[]) return ((float[]) pixels)[i];
    if (pixels instanceof short[]) {
      int s = ((short[]) pixels)[i] & 0xffff;
      return table == null ? s : table[s];
    }
    int s = ((byte[]) pixels)[i] & 0xff;
    return table == null ? s : table[s];
  }
}
