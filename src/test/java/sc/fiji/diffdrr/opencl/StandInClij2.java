package sc.fiji.diffdrr.opencl;

import net.haesleinhuepf.clij.clearcl.ClearCLContext;

/**
 * Stands in for CLIJ2 (which is not a dependency) in tests: the one call chain the backend uses
 * inside Fiji, {@code getInstance().getCLIJ().getClearCLContext()}. Tests point
 * {@link OpenClContexts#clij2ClassName} at this class and set {@link #context}.
 */
public final class StandInClij2 {

  /** The context of "CLIJ2's current device"; null: none. */
  public static volatile ClearCLContext context;

  private static final StandInClij2 INSTANCE = new StandInClij2();

  public static StandInClij2 getInstance() {
    return INSTANCE;
  }

  public Clij getCLIJ() {
    return new Clij();
  }

  /** Stands in for CLIJ. */
  public static final class Clij {
    public ClearCLContext getClearCLContext() {
      return context;
    }
  }
}
