package sc.fiji.diffdrr.cli;

import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;

/** --renderer, --step and --n-points. */
final class RendererOptions {

  static final String USAGE =
      "  renderer:  [--renderer siddon|trilinear (siddon)] [--step MM (trilinear; half the\n"
    + "             smallest spacing)] [--n-points N (trilinear in diffdrr-v05 mode; 500)]\n";

  private RendererOptions() {}

  static ProjectorSettings parse(Args a) {
    return new ProjectorSettings(Renderer.parse(a.string("renderer", "siddon")),
        a.number("step", Double.NaN), a.integer("n-points", ProjectorSettings.DEFAULT_N_POINTS));
  }
}
