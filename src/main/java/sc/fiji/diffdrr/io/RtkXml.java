package sc.fiji.diffdrr.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import sc.fiji.diffdrr.geometry.RtkProjection;
import sc.fiji.diffdrr.geometry.View;

/**
 * RTK's ThreeDCircularProjectionGeometry XML (version 2 or 3), read as RTK's reader does: every
 * parameter element sets a value that holds for this and the following projections until it is
 * set again (a global value before the first Projection holds for all); each Projection element
 * adds one view. SourceToIsocenterDistance, SourceToDetectorDistance and GantryAngle are required;
 * the offsets and the other two angles default to 0. A Matrix, when given, must agree with the
 * parameters (RTK's own check, 0.001). Cylindrical detectors are refused. Pixels:
 * {@link RtkProjection}.
 */
public final class RtkXml {

  static final String ROOT = "RTKThreeDCircularGeometry";
  private static final String[] REQUIRED = {"SourceToIsocenterDistance",
    "SourceToDetectorDistance", "GantryAngle"};

  private RtkXml() {}

  public static List<RtkProjection> readProjections(Path file) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      doc = b.parse(file.toFile());
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      throw new IOException("geometry file not found: " + file);
    } catch (Exception e) {
      throw new IOException(file + ": not readable XML: " + oneLine(e.getMessage()));
    }
    Element root = doc.getDocumentElement();
    if (!ROOT.equals(root.getTagName())) {
      throw new IOException(file + ": an RTK geometry's root element is <" + ROOT + ">, found <"
          + root.getTagName() + ">");
    }
    Map<String, Double> state = new HashMap<>();
    List<RtkProjection> out = new ArrayList<>();
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element)) continue;
      Element e = (Element) n;
      if (!e.getTagName().equals("Projection")) {
        set(file, state, e, out.size());
        continue;
      }
      double[][] matrix = null;
      for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
        if (!(c instanceof Element)) continue;
        Element p = (Element) c;
        if (p.getTagName().equalsIgnoreCase("Matrix")) {
          matrix = matrix(file, p, out.size() + 1);
        } else {
          set(file, state, p, out.size() + 1);
        }
      }
      int k = out.size() + 1;
      for (String name : REQUIRED) {
        if (!state.containsKey(name.toLowerCase(Locale.ROOT))) {
          throw new IOException(file + ": projection " + k + " has no " + name
              + " (nor a global one before it)");
        }
      }
      RtkProjection r = new RtkProjection(get(state, "SourceToIsocenterDistance"),
          get(state, "SourceToDetectorDistance"), get(state, "GantryAngle"),
          get(state, "OutOfPlaneAngle"), get(state, "InPlaneAngle"), get(state, "SourceOffsetX"),
          get(state, "SourceOffsetY"), get(state, "ProjectionOffsetX"),
          get(state, "ProjectionOffsetY"));
      if (matrix != null) {
        double[][] mine = r.matrix();
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 4; j++) {
            if (Math.abs(mine[i][j] - matrix[i][j]) > 0.001) {
              throw new IOException(file + ": projection " + k + ": its Matrix (row " + (i + 1)
                  + ", column " + (j + 1) + ": " + matrix[i][j] + ") does not agree with its "
                  + "parameters (" + mine[i][j] + ")");
            }
          }
        }
      }
      out.add(r);
    }
    if (out.isEmpty()) throw new IOException(file + ": no <Projection> elements");
    return out;
  }

  private static double get(Map<String, Double> state, String name) {
    return state.getOrDefault(name.toLowerCase(Locale.ROOT), 0.0);
  }

  private static void set(Path file, Map<String, Double> state, Element e, int projection)
      throws IOException {
    String name = e.getTagName();
    String key = name.toLowerCase(Locale.ROOT);
    if (key.equals("angle")) key = "gantryangle"; // RTK's older name
    String where = file + (projection == 0 ? "" : ", projection " + projection);
    double v;
    try {
      v = Double.parseDouble(e.getTextContent().trim());
    } catch (NumberFormatException ex) {
      throw new IOException(where + ": <" + name + "> is not a number: '"
          + GeometryText.abbreviate(e.getTextContent().trim()) + "'");
    }
    if (!Double.isFinite(v)) throw new IOException(where + ": <" + name + "> must be finite");
    if (key.equals("radiuscylindricaldetector") && v != 0) {
      throw new IOException(where + ": cylindrical detectors (RadiusCylindricalDetector " + v
          + ") are not supported; only flat panels");
    }
    state.put(key, v);
  }

  private static double[][] matrix(Path file, Element e, int projection) throws IOException {
    String[] f = e.getTextContent().trim().split("\\s+");
    if (f.length != 12) {
      throw new IOException(file + ", projection " + projection + ": <Matrix> needs 12 numbers, "
          + "found " + f.length);
    }
    double[][] m = new double[3][4];
    for (int i = 0; i < 12; i++) {
      try {
        m[i / 4][i % 4] = Double.parseDouble(f[i]);
      } catch (NumberFormatException ex) {
        throw new IOException(file + ", projection " + projection + ": <Matrix> number " + (i + 1)
            + " is not a number: '" + GeometryText.abbreviate(f[i]) + "'");
      }
    }
    return m;
  }

  public static List<View> read(Path file, int height, int width, double delx, double dely)
      throws IOException {
    List<View> views = new ArrayList<>();
    for (RtkProjection p : readProjections(file)) views.add(p.toView(height, width, delx, dely));
    return views;
  }

  public static String text(List<View> views) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE RTKGEOMETRY>\n<"
        + ROOT + " version=\"3\">\n");
    int k = 0;
    for (View v : views) {
      k++;
      RtkProjection p;
      try {
        p = RtkProjection.of(v, 1e-9);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("view " + k + ": " + e.getMessage());
      }
      b.append("  <Projection>\n");
      element(b, "SourceToIsocenterDistance", p.sid);
      element(b, "SourceToDetectorDistance", p.sdd);
      element(b, "GantryAngle", p.gantry);
      element(b, "OutOfPlaneAngle", p.outOfPlane);
      element(b, "InPlaneAngle", p.inPlane);
      element(b, "SourceOffsetX", p.sourceOffsetX);
      element(b, "SourceOffsetY", p.sourceOffsetY);
      element(b, "ProjectionOffsetX", p.projectionOffsetX);
      element(b, "ProjectionOffsetY", p.projectionOffsetY);
      b.append("    <Matrix>\n");
      for (double[] row : p.matrix()) b.append("      ").append(GeometryText.join(row)).append('\n');
      b.append("    </Matrix>\n  </Projection>\n");
    }
    return b.append("</").append(ROOT).append(">\n").toString();
  }

  private static void element(StringBuilder b, String name, double v) {
    b.append("    <").append(name).append('>').append(GeometryText.join(v)).append("</")
        .append(name).append(">\n");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
