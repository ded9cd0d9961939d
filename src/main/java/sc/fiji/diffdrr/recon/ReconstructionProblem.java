package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.VolumeGrid;

/**
 * What to reconstruct: the volume grid, the views with their target images, and how to render.
 * Targets are a stack, view v's image (row-major H×W) at offset v·H·W.
 */
public final class ReconstructionProblem {

  public final VolumeGrid grid;
  public final List<View> views;
  public final float[] targets;
  public final ProjectorSettings projector;
  /** The targets' statistical weights (measured intensities), or null for line integrals without. */
  public final StatisticalWeights weights;

  public ReconstructionProblem(VolumeGrid grid, List<View> views, float[] targets,
      ProjectorSettings projector) {
    this(grid, views, targets, projector, null);
  }

  /** With per-pixel weights, one per target pixel (null: none). */
  public ReconstructionProblem(VolumeGrid grid, List<View> views, float[] targets,
      ProjectorSettings projector, StatisticalWeights weights) {
    if (views.isEmpty()) throw new IllegalArgumentException("at least one view is needed");
    int h = views.get(0).height, w = views.get(0).width;
    for (View v : views) {
      if (v.height != h || v.width != w) {
        throw new IllegalArgumentException("all views must have the same detector size");
      }
    }
    long expected = (long) views.size() * h * w;
    if (targets.length != expected) {
      throw new IllegalArgumentException("targets hold " + targets.length + " pixels but "
          + views.size() + " views of " + w + "×" + h + " need " + expected);
    }
    for (int i = 0; i < targets.length; i++) {
      if (!Float.isFinite(targets[i])) {
        int p = h * w;
        throw new IllegalArgumentException("target image " + (i / p + 1) + " has a non-finite value ("
            + targets[i] + ") at row " + (i % p) / w + ", column " + (i % p) % w);
      }
    }
    this.grid = grid;
    this.views = Collections.unmodifiableList(new ArrayList<>(views));
    this.targets = targets;
    this.projector = projector;
    if (weights != null && weights.weights.length != targets.length) {
      throw new IllegalArgumentException("weights hold " + weights.weights.length
          + " values but the targets " + targets.length + "; give one weight per target pixel");
    }
    this.weights = weights;
  }

  /** The same problem with statistical weights. */
  public ReconstructionProblem withWeights(StatisticalWeights w) {
    return new ReconstructionProblem(grid, views, targets, projector, w);
  }

  public int pixelsPerView() {
    return views.get(0).pixelCount();
  }
}
