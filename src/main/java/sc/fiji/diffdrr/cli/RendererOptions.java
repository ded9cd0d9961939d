package sc.fiji.diffdrr.cli;

import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.render.Renderer;

/** --renderer, --step and --n-points. */
final class RendererOptions {

  static final String USAGE =
      "  renderer:  [--renderer siddon|trilinear (siddon)] [--step MM (trilinear; half the\n"
    + "             smallest spacing)] [--n-points N (trilinear in diffdrr-v05 mode; 500)]\n";

  static final java.util.List<Option> OPTIONS = Option.list(
      Option.choice("renderer", "ray casting", "siddon", "trilinear"),
      Option.positive("step", 1e4, "mm", "trilinear sampling step"),
      Option.integer("n-points", 2, 1 << 20, "trilinear samples per ray in diffdrr-v05 mode"));

  private RendererOptions() {}

  static ProjectorSettings parse(Args a) {
    return new ProjectorSettings(Renderer.parse(a.string("renderer", "siddon")),
        a.number("step", Double.NaN), a.integer("n-points", ProjectorSettings.DEFAULT_N_POINTS));
  }
}
