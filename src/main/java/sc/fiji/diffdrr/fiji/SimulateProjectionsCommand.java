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
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.ImagePlusProjections;
import sc.fiji.diffdrr.io.PhotonNoise;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.Volume;

/**
 * Plugins › DiffDRR › Simulate Projections: the projection stack of a volume over a circular orbit
 * (or a pose table, or the views of a geometry file), and the poses written as a pose table — the
 * input of Reconstruct Volume.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Simulate Projections", headless = true,
    description = "Projections of a volume over an orbit, a pose table or a geometry file, and "
        + "their pose table")
public class SimulateProjectionsCommand extends DiffDrrCommand {

  @Parameter(label = "Volume", description = "A stack calibrated in mm")
  private ImagePlus volume;

  @Parameter(label = "HU to density", choices = {"auto", "diffdrr", "mu", "none"})
  private String hu = "auto";

  @Parameter(label = "Poses", choices = {PoseInput.ORBIT, PoseInput.TABLE, PoseInput.GEOMETRY})
  private String poses = PoseInput.ORBIT;

  @Parameter(label = "Pose table (CSV, for poses = pose table)", required = false,
      persist = false, style = FileWidget.OPEN_STYLE)
  private String pose_table = OptionalFile.NONE;

  @Parameter(label = "Browse for the pose table…", callback = "browsePoseTable", required = false)
  private Button pose_table_browse;

  @Parameter(label = "Euler convention (pose tables)",
      choices = {"ZXY", "ZYX", "XYZ", "XZY", "YXZ", "YZX"})
  private String convention = "ZXY";

  @Parameter(label = "Orbit views", min = "1")
  private int views = 24;

  @Parameter(label = "Orbit arc (degrees)")
  private double arc = 360;

  @Parameter(label = "Orbit start angle (degrees)")
  private double start;

  @Parameter(label = "Source-to-isocentre distance sad (mm)", min = "0")
  private double sad = 850;

  @Parameter(label = "Orientation", choices = {"AP", "PA", "none"})
  private String orientation = "AP";

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

  @Parameter(label = "Renderer", choices = {"siddon", "trilinear"})
  private String renderer = "siddon";

  @Parameter(label = "Voxel placement", choices = {"centered", "diffdrr-v05"})
  private String voxel_placement = "centered";

  @Parameter(label = "Photons per pixel (0 = noise-free line integrals)", min = "0",
      description = "Incident photons per pixel I0: the projections become Poisson counts of "
          + "I0·exp(−line integral), for Reconstruct Volume with input = intensity, flat = I0")
  private double photons;

  @Parameter(label = "Noise seed")
  private int seed;

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

  @Parameter(label = "Save the poses as (CSV pose table; empty = not saved)", required = false,
      persist = false, style = FileWidget.SAVE_STYLE)
  private String output_table = OptionalFile.NONE;

  @Parameter(label = "Browse for where to save the poses…", callback = "browseOutputTable",
      required = false)
  private Button output_table_browse;

  @Parameter(type = ItemIO.OUTPUT, label = "Projections")
  private ImagePlus projections;

  public SimulateProjectionsCommand() {
    super("Simulate Projections");
  }

  private void browseOutputTable() {
    output_table = browse(output_table, FileWidget.SAVE_STYLE);
  }

  private void browseGeometry() {
    geometry = browse(geometry, FileWidget.OPEN_STYLE);
  }

  private void browsePoseTable() {
    pose_table = browse(pose_table, FileWidget.OPEN_STYLE);
  }

  @Override
  void execute() throws IOException {
    VolumeInput.require(volume, "volume", "a volume");
    if (OptionalFile.isGiven(output_table)) {
      sc.fiji.diffdrr.io.WritableLocation.file("output_table", OptionalFile.path(output_table));
    }
    if (!(photons >= 0 && photons <= 1e12)) {
      throw new IllegalArgumentException("photons must be a number in [0, 1e12] (0 = no noise), got "
          + Titles.number(photons));
    }
    FijiBackends.choice(backend);
    Detector detector = new Detector(sdd, height, width, delx, dely, x0, y0, true);
    Orientation o = Orientation.parse(orientation);
    ProjectorSettings projector = ProjectorSettings.of(Renderer.parse(renderer));
    String choice = PoseInput.choice(poses, PoseInput.ORBIT, PoseInput.TABLE, PoseInput.GEOMETRY);
    boolean fromTable = choice.equals(PoseInput.TABLE);
    boolean fromFile = choice.equals(PoseInput.GEOMETRY);
    if (fromFile && OptionalFile.isGiven(output_table)) {
      throw new IllegalArgumentException("output_table: the views of a geometry file are no pose "
          + "table; leave output_table empty and give Reconstruct Volume the same geometry file");
    }
    List<Pose> list = fromFile ? null : fromTable ? PoseInput.table(pose_table, convention)
        : PoseInput.orbit(views, arc, start, sad);
    List<View> viewList = new ArrayList<>();
    if (fromFile) {
      viewList.addAll(PoseInput.geometry(geometry, geometry_format, height, width, delx, dely));
    } else {
      for (Pose p : list) viewList.add(detector.view(p, o));
    }
    int h = viewList.get(0).height, w = viewList.get(0).width;
    ViewRendering.requireFits(viewList.size(), h, w);
    Volume density = VolumeInput.density(volume, hu, voxel_placement);

    float[] images;
    try (Backend b = FijiBackends.open(backend, log);
        CommandProgress progress = progress(viewList.size())) {
      images = ViewRendering.render(b, density, viewList, projector, progress, 0, this::info);
    }
    if (images == null) {
      cancelledByUser();
      return;
    }
    String what = fromFile ? viewList.size() + " views from " + OptionalFile.name(geometry)
        : fromTable ? list.size() + " poses from " + OptionalFile.name(pose_table)
        : PoseInput.describeOrbit(list.size(), arc, start, sad);
    if (photons > 0) {
      PhotonNoise noise = new PhotonNoise(photons, 0, seed);
      images = noise.sample(images);
      info(noise.toString());
      what += ", " + Titles.number(photons) + " photons";
    }
    ImagePlus out = ImagePlusProjections.toImagePlus(
        new ProjectionStack(images, w, h, viewList.size(),
            fromFile ? viewList.get(0).pixelWidth() : delx,
            fromFile ? viewList.get(0).pixelHeight() : dely),
        "Projections of " + volume.getTitle() + " (" + what + ")");
    ImageStack stack = out.getStack();
    for (int k = 0; k < viewList.size(); k++) {
      stack.setSliceLabel(fromFile ? "view " + (k + 1) + " of " + geometry.trim()
          : "view " + (k + 1) + ": " + PoseInput.describe(list.get(k), convention), k + 1);
    }
    if (OptionalFile.isGiven(output_table)) {
      PoseTable.write(OptionalFile.path(output_table), list, convention);
      info("wrote the " + list.size() + " poses to " + OptionalFile.path(output_table));
    }
    projections = out;
  }
}
