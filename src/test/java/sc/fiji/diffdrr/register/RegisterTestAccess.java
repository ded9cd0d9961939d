package sc.fiji.diffdrr.register;

import sc.fiji.diffdrr.volume.Volume;

/** Package-private helpers of register, for tests elsewhere. */
public final class RegisterTestAccess {
  private RegisterTestAccess() {}

  public static Volume downsample(Volume v, int f) {
    return Pyramid.volume(v, f);
  }
}
