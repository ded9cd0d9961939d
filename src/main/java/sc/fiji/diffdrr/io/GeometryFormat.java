package sc.fiji.diffdrr.io;

import java.util.Locale;

/** The geometry-file formats of {@code --geometry-format}. */
public enum GeometryFormat {
  AUTO, POSES, ASTRA, MATRICES, PLASTIMATCH, RTK, DICOM;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GeometryFormat parse(String s) {
    String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (GeometryFormat f : values()) {
      if (f.label().equals(t)) return f;
    }
    throw new IllegalArgumentException("--geometry-format must be auto, poses, astra, matrices, "
        + "plastimatch, rtk or dicom, got '" + s + "'");
  }
}
