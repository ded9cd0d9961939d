package sc.fiji.diffdrr.recon;

import java.io.IOException;

/** Where the gradient-descent loop keeps its state every so many iterations, and resumes from. */
public interface Checkpointing {

  /** Every this many iterations (and when the run is cancelled). */
  int every();

  /** The inputs' digest ({@link #digest}) the states are stamped with. */
  String digest();

  /** Stores a state; must leave the previous one valid until the new one is complete. */
  void save(LoopState state) throws IOException;

  /** The state to continue from, or null for a fresh run. */
  LoopState resume();

  /**
   * A digest of what determines the run: targets, weights, views, grid, projector and settings
   * (with the seed). A resume with any of them changed is refused.
   */
  static String digest(ReconstructionProblem p, ReconstructionSettings s) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * p.targets.length);
      b.asFloatBuffer().put(p.targets);
      md.update(b.array());
      if (p.weights != null) {
        java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(4 * p.weights.weights.length);
        w.asFloatBuffer().put(p.weights.weights);
        md.update(w.array());
      }
      for (sc.fiji.diffdrr.geometry.View v : p.views) {
        md.update(java.util.Arrays.toString(v.toArray()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((v.height + "x" + v.width).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      String rest = p.grid + "|" + p.grid.placement + "|" + p.projector + "|" + s + "|seed " + s.seed()
          + "|init value " + s.initialValue() + "|momentum " + s.momentum();
      md.update(rest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte x : md.digest()) hex.append(String.format("%02x", x));
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
