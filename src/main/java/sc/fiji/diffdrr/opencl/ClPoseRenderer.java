package sc.fiji.diffdrr.opencl;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.PoseRenderer;
import sc.fiji.diffdrr.render.RayEnds;
import sc.fiji.diffdrr.render.ViewGradientFrame;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The {@link PoseRenderer} on an OpenCL device: the volume is uploaded once; each call writes the
 * view's 12 numbers (box coordinates, converted in double on the host), renders with
 * siddon_project / trilinear_project, or runs siddon_pose_gradient / trilinear_pose_gradient,
 * whose work-groups sum their rays' 12 numbers on the device, so only one float per group and
 * number comes back. Images cross as H·W floats each way (what a registration step compares on
 * the host).
 */
final class ClPoseRenderer implements PoseRenderer {

  private final OpenClBackend backend;
  private final VolumeGrid grid;
  private final ProjectorSettings settings;
  private final boolean trilinear;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final ClArray volume;
  private final ClArray view;
  private final ClArray slots;
  /** Siddon's gradient walk starts near the volume: q0, o − s, α_c (siddon_pose_gradient_x.cl). */
  private final ClArray anchor;
  private final ClKernel forward;
  private final ClKernel gradient;
  private final int local;
  private ClArray image;
  private ClArray partials;
  private int pixels = -1;
  private boolean closed;

  ClPoseRenderer(OpenClBackend backend, VolumeGrid grid, float[] data, ProjectorSettings settings) {
    if (data.length != grid.voxelCount()) {
      throw new IllegalArgumentException("volume has " + data.length + " values but the grid "
          + grid.nx + "×" + grid.ny + "×" + grid.nz + " needs " + grid.voxelCount());
    }
    this.trilinear = settings.renderer == Renderer.TRILINEAR;
    if (trilinear && grid.convention == VoxelConvention.DIFFDRR_V05) {
      throw new IllegalArgumentException("trilinear registration in diffdrr-v05 voxel mode runs "
          + "on the Java backend only (--backend java), or use siddon or the centered convention");
    }
    String what = "volume " + grid.nx + "×" + grid.ny + "×" + grid.nz;
    try {
      backend.memory().checkFits(what, grid.voxelCount());
    } catch (IllegalArgumentException e) {
      // projections split a volume into z-slabs; registration's pose gradient does not (yet)
      throw new IllegalArgumentException(e.getMessage() + "; registration needs the whole volume "
          + "on the device: use --backend java", e);
    }
    this.backend = backend;
    this.grid = grid;
    this.settings = settings;
    this.local = backend.elementLocal();
    try {
      this.volume = keep(backend.memory().upload(what, data));
      this.view = keep(backend.memory().allocate("view geometry", RayEnds.FLOATS));
      this.slots = keep(backend.memory().allocate("view slot", 1)); // view 0: zeros
      this.anchor = keep(backend.memory().allocate("ray anchor 7", 7));
      String name = trilinear ? "trilinear_project" : "siddon_project";
      this.forward = keep(new ClKernel(backend.executor(), name, trilinear
          ? Args.of("ADJOINT", 0, "DIFFDRR_SAMPLING", 0) : Args.of("ADJOINT", 0)));
      this.gradient = keep(new ClKernel(backend.executor(),
          trilinear ? "trilinear_pose_gradient" : "siddon_pose_gradient", Args.of("LOCAL", local)));
    } catch (RuntimeException e) {
      closeOwned();
      throw e;
    }
  }

  private <T extends AutoCloseable> T keep(T t) {
    owned.add(t);
    return t;
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  private void prepare(View v) {
    if (closed) throw new IllegalStateException("this pose renderer is closed");
    int p = v.pixelCount();
    if (p != pixels) {
      if (image != null) image.close();
      if (partials != null) partials.close();
      image = null;
      partials = null;
      image = backend.memory().allocate("image " + v.height + "×" + v.width, p);
      partials = backend.memory().allocate("pose gradient partials", 12L * groups(p));
      pixels = p;
    }
    ViewGradientFrame.requireCone(v);
    float[] table = ClProjector.viewTable(grid, List.of(v));
    view.buffer.readFrom(FloatBuffer.wrap(table), true);
    anchor.buffer.readFrom(FloatBuffer.wrap(anchor(grid, v)), true);
  }

  /**
   * In box coordinates, in double: α_c where the central ray passes closest to the volume's
   * centre, q0 = s + α_c·(o − s) and o − s. From the ray ends in the grid's centred frame, as the
   * view table is, so a placed grid (a file's Offset/TransformMatrix) walks the same rays.
   */
  static float[] anchor(VolumeGrid grid, View v) {
    double[] a = RayEnds.of(grid, v);
    double[] s = new double[3], od = new double[3], dc = new double[3], cs = new double[3];
    for (int k = 0; k < 3; k++) {
      double sp = grid.spacing(k);
      s[k] = grid.toBox(k, a[k]);
      od[k] = grid.toBox(k, a[3 + k]) - s[k];
      dc[k] = od[k] + (v.width - 1) / 2.0 * a[6 + k] / sp + (v.height - 1) / 2.0 * a[9 + k] / sp;
      cs[k] = grid.size(k) / 2.0 - s[k];
    }
    double dd = dc[0] * dc[0] + dc[1] * dc[1] + dc[2] * dc[2];
    double ac = dd > 0 ? (cs[0] * dc[0] + cs[1] * dc[1] + cs[2] * dc[2]) / dd : 0;
    ac = Math.max(0, Math.min(1, ac));
    return new float[] {(float) (s[0] + ac * od[0]), (float) (s[1] + ac * od[1]),
      (float) (s[2] + ac * od[2]), (float) od[0], (float) od[1], (float) od[2], (float) ac};
  }

  private int groups(int p) {
    return (p + local - 1) / local;
  }

  private Map<String, Object> sizes(View v) {
    return Args.of("nx", grid.nx, "ny", grid.ny, "nz", grid.nz, "sx", (float) grid.sx, "sy",
        (float) grid.sy, "sz", (float) grid.sz, "width", v.width, "height", v.height);
  }

  @Override
  public void render(View v, float[] out) {
    prepare(v);
    if (out.length < pixels) {
      throw new IllegalArgumentException("image has " + out.length + " floats but the view needs " + pixels);
    }
    Map<String, Object> args = Args.of("volume", volume.buffer, "images", image.buffer, "views",
        view.buffer, "slots", slots.buffer);
    if (trilinear) args.put("step_mm", (float) settings.step(grid));
    args.putAll(sizes(v));
    args.putAll(Args.of("z_begin", 0, "z_end", grid.nz, "accumulate", 0, "batch", 1));
    forward.run(args, (long) groups(pixels) * local, local);
    image.buffer.writeTo(FloatBuffer.wrap(out, 0, pixels), true);
  }

  @Override
  public double[] viewGradient(View v, float[] imageGradient) {
    prepare(v);
    if (imageGradient.length < pixels) {
      throw new IllegalArgumentException("image gradient has " + imageGradient.length
          + " floats but the view needs " + pixels);
    }
    image.buffer.readFrom(FloatBuffer.wrap(imageGradient, 0, pixels), true);
    Map<String, Object> args = Args.of("volume", volume.buffer, "grads", image.buffer, "view",
        view.buffer);
    if (!trilinear) args.put("anchor", anchor.buffer);
    args.put("partials", partials.buffer);
    if (trilinear) args.put("step_mm", (float) settings.step(grid));
    args.putAll(sizes(v));
    int g = groups(pixels);
    gradient.run(args, (long) g * local, local);
    float[] host = new float[12 * g];
    partials.buffer.writeTo(FloatBuffer.wrap(host), true);
    double[] total = new double[12];
    for (int b = 0; b < g; b++) {
      for (int k = 0; k < 12; k++) total[k] += host[12 * b + k];
    }
    return ViewGradientFrame.toWorld(grid, total);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (image != null) image.close();
    if (partials != null) partials.close();
    closeOwned();
  }

  private void closeOwned() {
    for (AutoCloseable c : owned) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot release an OpenCL resource: " + e, e);
      }
    }
    owned.clear();
  }
}
