package net.haesleinhuepf.clij2;

import net.haesleinhuepf.clij.clearcl.ClearCLContext;

/**
 * A stand-in for CLIJ2 (not a dependency of this project) with the one call chain the OpenCL
 * backend uses inside Fiji: {@code CLIJ2.getInstance().getCLIJ().getClearCLContext()}. Its context
 * is null (as if CLIJ2 had none) unless a test sets {@link #context}.
 */
public final class CLIJ2 {

  /** The context "CLIJ2's current device" has; null: none. */
  public static volatile ClearCLContext context;

  private static final CLIJ2 INSTANCE = new CLIJ2();

  public static CLIJ2 getInstance() {
    return INSTANCE;
  }

  public Clij getCLIJ() {
    return new Clij();
  }

  /** Stands in for net.haesleinhuepf.clij.CLIJ. */
  public static final class Clij {
    public ClearCLContext getClearCLContext() {
      return context;
    }
  }
}
