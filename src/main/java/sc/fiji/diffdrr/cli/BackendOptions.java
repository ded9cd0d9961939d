package sc.fiji.diffdrr.cli;

import sc.fiji.diffdrr.opencl.Backends;
import sc.fiji.diffdrr.render.Backend;
import sc.fiji.diffdrr.render.Parallel;

/** --backend, --device and --threads. */
final class BackendOptions {

  static final String USAGE =
      "  backend:   [--backend java|opencl|auto (auto)] [--device NAME (substring)]\n"
    + "             [--threads N (Java; all cores)]\n";

  static final java.util.List<Option> OPTIONS = Option.list(
      Option.choice("backend", "where it runs", "java", "opencl", "auto"),
      Option.text("device", "part of an OpenCL device name"),
      Option.integer("threads", 1, 1024, "Java backend threads"));

  final String kind;
  final String device;
  final int threads;

  private BackendOptions(String kind, String device, int threads) {
    this.kind = kind;
    this.device = device;
    this.threads = threads;
  }

  static BackendOptions parse(Args a) {
    String kind = a.string("backend", "auto");
    if (!kind.equals("java") && !kind.equals("opencl") && !kind.equals("auto")) {
      throw new IllegalArgumentException("--backend must be java, opencl or auto, got '" + kind + "'");
    }
    int threads = a.integer("threads", Parallel.defaultThreads().threadCount());
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("--threads must be an integer in [1, 1024], got " + threads);
    }
    return new BackendOptions(kind, a.string("device", null), threads);
  }

  /** Opens the backend, saying on one line which one runs. */
  Backend open(Cli cli) {
    return Backends.open(kind, device, threads, cli::notice);
  }
}
