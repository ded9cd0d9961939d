package sc.fiji.diffdrr.fiji;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;
import org.scijava.widget.FileWidget;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Plugins › DiffDRR › Render DRR: DRRs of a CT volume from one pose or a pose table, in DiffDRR's
 * geometry. The output is a 32-bit image (a stack for several poses) of line integrals
 * (mm × density), calibrated in mm, one slice per pose.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Render DRR", headless = true,
    description = "Digitally reconstructed radiographs of a CT volume (DiffDRR's geometry)")
public class RenderDrrCommand extends DiffDrrCommand {

  @Parameter(label = "CT volume", description = "A stack calibrated in mm; 16-bit CT with its "
      + "calibration function (DICOM) gives Hounsfield units")
  private ImagePlus volume;

  @Parameter(label = "Source-to-detector distance sdd (mm)", min = "0")
  private double sdd = 1020;

  @Parameter(label = "Detector height (pixels)", min = "1")
  private int height = 200;

  @Parameter(label = "Detector width (pixels)", min = "1")
  private int width = 200;

  @Parameter(label = "Pixel size delx (mm)", min = "0")
  private double delx = 2;

  @Parameter(label = "Pixel size dely (mm)", min = "0")
  private double dely = 2;

  @Parameter(label = "Principal point x0 (mm)")
  private double x0;

  @Parameter(label = "Principal point y0 (mm)")
  private double y0;

  @Parameter(label = "Poses", choices = {PoseInput.SINGLE, PoseInput.TABLE, PoseInput.GEOMETRY})
  private String poses = PoseInput.SINGLE;

  @Parameter(label = "Pose table (CSV, for poses = pose table)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String pose_table = OptionalFile.NONE;

  @Parameter(label = "Browse for the pose table…", callback = "browsePoseTable", required = false)
  private Button pose_table_browse;

  @Parameter(label = "Rotation about x (degrees)")
  private double rotation_x;

  @Parameter(label = "Rotation about y (degrees)")
  private double rotation_y;

  @Parameter(label = "Rotation about z (degrees)")
  private double rotation_z;

  @Parameter(label = "Euler convention (composition order)",
      choices = {"ZXY", "ZYX", "XYZ", "XZY", "YXZ", "YZX"})
  private String convention = "ZXY";

  @Parameter(label = "Translation x (mm)")
  private double translation_x;

  @Parameter(label = "Translation y (mm)")
  private double translation_y = 850;

  @Parameter(label = "Translation z (mm)")
  private double translation_z;

  @Parameter(label = "Orientation", choices = {"AP", "PA", "none"})
  private String orientation = "AP";

  @Parameter(label = "Renderer", choices = {"siddon", "trilinear"})
  private String renderer = "siddon";

  @Parameter(label = "HU to density", choices = {"auto", "diffdrr", "mu", "none"},
      description = "auto: DiffDRR's rule for images in Hounsfield units, the values as they are "
          + "otherwise")
  private String hu = "auto";

  @Parameter(label = "Voxel placement", choices = {"centered", "diffdrr-v05"})
  private String voxel_placement = "centered";

  @Parameter(label = "Backend", choices = {"auto", "java", "opencl"})
  private String backend = "auto";

  @Parameter(label = "Geometry file (for poses = geometry file; empty = none)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String geometry = OptionalFile.NONE;

  @Parameter(label = "Browse for the geometry file…", callback = "browseGeometry", required = false)
  private Button geometry_browse;

  @Parameter(label = "Geometry format", choices = {"auto", "astra", "matrices", "plastimatch",
    "rtk", "dicom"})
  private String geometry_format = "auto";

  @Parameter(type = ItemIO.OUTPUT, label = "DRR")
  private ImagePlus drr;

  public RenderDrrCommand() {
    super("Render DRR");
  }

  private void browsePoseTable() {
    pose_table = browse(pose_table, FileWidget.OPEN_STYLE);
  }

  private void browseGeometry() {
    geometry = browse(geometry, FileWidget.OPEN_STYLE);
  }

  @Override
  void execute() throws IOException {
    VolumeInput.require(volume, "volume", "a CT volume");
    FijiBackends.choice(backend);
    Detector detector = new Detector(sdd, height, width, delx, dely, x0, y0, true);
    Orientation o = Orientation.parse(orientation);
    ProjectorSettings projector = ProjectorSettings.of(Renderer.parse(renderer));
    String choice = PoseInput.choice(poses, PoseInput.SINGLE, PoseInput.TABLE, PoseInput.GEOMETRY);
    boolean fromTable = choice.equals(PoseInput.TABLE);
    boolean fromFile = choice.equals(PoseInput.GEOMETRY);
    List<View> views = new ArrayList<>();
    List<Pose> list = fromFile ? null : fromTable ? PoseInput.table(pose_table, convention)
        : List.of(PoseInput.fromAxes(convention, rotation_x, rotation_y, rotation_z, translation_x,
            translation_y, translation_z));
    if (fromFile) {
      views.addAll(PoseInput.geometry(geometry, geometry_format, height, width, delx, dely));
    } else {
      for (Pose p : list) views.add(detector.view(p, o));
    }
    int h = views.get(0).height, w = views.get(0).width;
    ViewRendering.requireFits(views.size(), h, w);
    Volume density = VolumeInput.density(volume, hu, voxel_placement);
    float[] images;
    try (Backend b = FijiBackends.open(backend, log); CommandProgress progress = progress(views.size())) {
      info("rendering " + views.size() + (views.size() == 1 ? " DRR" : " DRRs") + " of '"
          + volume.getTitle() + "' (" + density.grid + ", hu=" + VolumeInput.rule(hu, volume).label()
          + ") on " + b.description());
      images = ViewRendering.render(b, density, views, projector, progress, 0, this::info);
    }
    if (images == null) {
      cancelledByUser();
      return;
    }
    String what = fromFile ? views.size() + " views from " + OptionalFile.name(geometry)
        : fromTable ? list.size() + " poses from " + OptionalFile.name(pose_table)
        : Rotations.convention(convention) + " " + Titles.triple(rotation_x, rotation_y, rotation_z) + "°, t "
            + Titles.triple(translation_x, translation_y, translation_z) + " mm";
    ImagePlus out = ImagePlusProjections.toImagePlus(
        new ProjectionStack(images, w, h, views.size(), fromFile ? views.get(0).pixelWidth()
            : delx, fromFile ? views.get(0).pixelHeight() : dely),
        "DRR of " + volume.getTitle() + " (" + projector.renderer.label() + ", " + what + ")");
    ImageStack stack = out.getStack();
    for (int k = 0; k < views.size(); k++) {
      stack.setSliceLabel(fromFile ? "view " + (k + 1) + " of " + geometry.trim()
          : "pose " + (k + 1) + ": " + PoseInput.describe(list.get(k), convention), k + 1);
    }
    drr = out;
  }
}
