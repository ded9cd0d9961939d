package sc.fiji.diffdrr.opencl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.DeviceArray;
import sc.fiji.diffdrr.render.ProjectionOperator;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.RayEnds;
import sc.fiji.diffdrr.render.Renderer;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/**
 * The projector pair on an OpenCL device: siddon_project or trilinear_project, compiled once as
 * the forward and once as the adjoint. The views' geometry is uploaded once, in box coordinates
 * (converted in double on the host); each call passes the view id of every slot, and all slots
 * of a call run in one launch, one work-item per ray. The kernels also run on a slab of the volume
 * ({@link #launch}), as {@link SlabbedProjector} streams a volume too large for the device.
 */
final class ClProjector implements ProjectionOperator {

  private final OpenClBackend backend;
  private final VolumeGrid grid;
  private final List<View> views;
  private final ProjectorSettings settings;
  private final int width;
  private final int height;
  private final int pixels;
  private final ClKernel forward;
  private final ClKernel adjoint;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final ClArray viewTable;
  /** DIFFDRR_V05 trilinear: each view's shared α range; else null. */
  private final ClArray ranges;
  private final ViewSlots slots;
  private boolean closed;

  ClProjector(OpenClBackend backend, VolumeGrid grid, List<View> views,
      ProjectorSettings settings) {
    this(backend, grid, views, settings, true);
  }

  /**
   * @param wholeVolume whether the volume will be on the device whole (checked to fit now); false
   *     for a {@link SlabbedProjector}'s, which holds slabs only
   */
  ClProjector(OpenClBackend backend, VolumeGrid grid, List<View> views,
      ProjectorSettings settings, boolean wholeVolume) {
    if (grid == null) throw new IllegalArgumentException("grid must be given");
    if (settings == null) throw new IllegalArgumentException("projector settings must be given");
    if (views == null || views.isEmpty()) {
      throw new IllegalArgumentException("a projector needs at least one view");
    }
    this.backend = backend;
    this.grid = grid;
    this.views = Collections.unmodifiableList(new ArrayList<>(views));
    this.settings = settings;
    this.width = views.get(0).width;
    this.height = views.get(0).height;
    for (View v : views) {
      if (v.width != width || v.height != height) {
        throw new IllegalArgumentException("all views of a projector must have one detector size: "
            + height + "×" + width + " and " + v.height + "×" + v.width + " differ");
      }
    }
    if ((long) width * height > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("detector " + height + "×" + width + " has more than "
          + Integer.MAX_VALUE + " pixels");
    }
    this.pixels = width * height;
    if (wholeVolume) {
      backend.memory().checkFits("volume " + grid.nx + "×" + grid.ny + "×" + grid.nz,
          grid.voxelCount());
    }

    boolean trilinear = settings.renderer == Renderer.TRILINEAR;
    boolean diffdrr = trilinear && grid.convention == VoxelConvention.DIFFDRR_V05;
    String name = trilinear ? "trilinear_project" : "siddon_project";
    try {
      this.viewTable = keep(backend.memory().upload("view geometry of " + views.size() + "×" + RayEnds.FLOATS,
          viewTable(grid, views)));
      this.forward = keep(new ClKernel(backend.executor(), name, constants(trilinear, diffdrr, 0)));
      this.adjoint = keep(new ClKernel(backend.executor(), name, constants(trilinear, diffdrr, 1)));
      this.ranges = diffdrr ? keep(alphaRanges()) : null;
      this.slots = keep(new ViewSlots(backend.memory()));
    } catch (RuntimeException e) {
      closeOwned();
      throw e;
    }
  }

  private static Map<String, Object> constants(boolean trilinear, boolean diffdrr, int adjoint) {
    return trilinear ? Args.of("ADJOINT", adjoint, "DIFFDRR_SAMPLING", diffdrr ? 1 : 0)
        : Args.of("ADJOINT", adjoint);
  }

  private <T extends AutoCloseable> T keep(T t) {
    owned.add(t);
    return t;
  }

  /**
   * Per view ({@link RayEnds#FLOATS} floats): ray start, ray end of pixel (0,0), column step, row
   * step, in box coordinates, and whether the start moves with the pixel (parallel beam).
   */
  static float[] viewTable(VolumeGrid grid, List<View> views) {
    int n = RayEnds.FLOATS;
    float[] t = new float[n * views.size()];
    for (int k = 0; k < views.size(); k++) {
      double[] a = RayEnds.of(grid, views.get(k));
      for (int axis = 0; axis < 3; axis++) {
        double sp = grid.spacing(axis);
        t[n * k + axis] = (float) grid.toBox(axis, a[axis]);
        t[n * k + 3 + axis] = (float) grid.toBox(axis, a[3 + axis]);
        t[n * k + 6 + axis] = (float) (a[6 + axis] / sp);
        t[n * k + 9 + axis] = (float) (a[9 + axis] / sp);
      }
      t[n * k + 12] = (float) a[12];
    }
    return t;
  }

  /** DiffDRR's per-image α range [lo, hi] of every view, reduced on the device once. */
  private ClArray alphaRanges() {
    ClArray r = backend.memory().allocate("α ranges of " + views.size() + "×2", 2L * views.size());
    try (ClKernel k = backend.reduction().kernel("alpha_range_diffdrr")) {
      int local = backend.reduction().localSize();
      k.run(Args.of("views", viewTable.buffer, "ranges", r.buffer, "nx", grid.nx, "ny", grid.ny,
          "nz", grid.nz, "width", width, "height", height), (long) local * views.size(), local);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  @Override
  public VolumeGrid grid() {
    return grid;
  }

  @Override
  public List<View> views() {
    return views;
  }

  @Override
  public int pixelsPerView() {
    return pixels;
  }

  @Override
  public void forward(DeviceArray volume, int[] viewIds, DeviceArray images) {
    run(forward, volume, viewIds, images);
  }

  @Override
  public void adjoint(DeviceArray images, int[] viewIds, DeviceArray volume) {
    run(adjoint, volume, viewIds, images);
  }

  private void run(ClKernel kernel, DeviceArray volume, int[] viewIds,
      DeviceArray images) {
    if (closed) throw new IllegalStateException("this projector is closed");
    ClArray vol = backend.memory().own(volume, "volume");
    ClArray img = backend.memory().own(images, "images");
    if (vol.length() != grid.voxelCount()) {
      throw new IllegalArgumentException("volume has " + vol.length() + " floats but the grid "
          + grid.nx + "×" + grid.ny + "×" + grid.nz + " needs " + grid.voxelCount());
    }
    launch(kernel, vol, 0, grid.nz, false, viewIds, img);
  }

  /** The forward kernel, for {@link #launch}. */
  ClKernel forwardKernel() {
    return forward;
  }

  /** The adjoint kernel, for {@link #launch}. */
  ClKernel adjointKernel() {
    return adjoint;
  }

  /**
   * Runs the forward or the adjoint kernel on the planes [zBegin, zEnd) of the volume, which
   * {@code slab} holds (plane zBegin first); with zBegin 0 and zEnd nz on the whole volume.
   *
   * @param accumulate forward only: add the slab's partial line integrals to the images instead of
   *     writing them
   */
  void launch(ClKernel kernel, ClArray slab, int zBegin, int zEnd, boolean accumulate,
      int[] viewIds, ClArray img) {
    if (closed) throw new IllegalStateException("this projector is closed");
    if (zBegin < 0 || zEnd > grid.nz || zBegin >= zEnd) {
      throw new IllegalArgumentException("slab planes [" + zBegin + ", " + zEnd + ") must lie in "
          + "[0, " + grid.nz + ") and hold at least one plane");
    }
    if (slab.length() < (long) (zEnd - zBegin) * grid.nx * grid.ny) {
      throw new IllegalArgumentException("slab has " + slab.length() + " floats but " + (zEnd
          - zBegin) + " planes of " + grid.nx + "×" + grid.ny + " need "
          + (long) (zEnd - zBegin) * grid.nx * grid.ny);
    }
    int batch = checkViewIds(viewIds);
    if (img.length() < (long) batch * pixels) {
      throw new IllegalArgumentException("images has " + img.length() + " floats but " + batch
          + " views of " + height + "×" + width + " need " + (long) batch * pixels);
    }
    int local = backend.elementLocal();
    if ((long) batch * pixels > Integer.MAX_VALUE - local) {
      throw new IllegalArgumentException(batch + " views of " + height + "×" + width
          + " are more rays than one launch takes (" + (Integer.MAX_VALUE - local)
          + "): use smaller batches");
    }
    Map<String, Object> args = Args.of("volume", slab.buffer, "images", img.buffer, "views",
        viewTable.buffer, "slots", slots.upload(viewIds).buffer);
    if (ranges != null) {
      args.put("ranges", ranges.buffer);
      args.put("npoints", settings.nPoints);
    } else if (settings.renderer == Renderer.TRILINEAR) {
      args.put("step_mm", (float) settings.step(grid));
    }
    args.putAll(Args.of("nx", grid.nx, "ny", grid.ny, "nz", grid.nz, "z_begin", zBegin, "z_end",
        zEnd, "accumulate", accumulate ? 1 : 0, "sx", (float) grid.sx, "sy", (float) grid.sy,
        "sz", (float) grid.sz, "width", width, "height", height, "batch", batch));
    long rays = (long) batch * pixels;
    kernel.run(args, (rays + local - 1) / local * local, local);
  }

  int checkViewIds(int[] viewIds) {
    if (viewIds == null || viewIds.length == 0) {
      throw new IllegalArgumentException("view ids must name at least one view");
    }
    for (int id : viewIds) {
      if (id < 0 || id >= views.size()) {
        throw new IllegalArgumentException("view id must be in [0, " + (views.size() - 1)
            + "], got " + id);
      }
    }
    return viewIds.length;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    closeOwned();
    backend.forget(this);
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
