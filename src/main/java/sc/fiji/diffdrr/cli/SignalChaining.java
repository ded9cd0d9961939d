package sc.fiji.diffdrr.cli;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line again in a child JVM with Java's signal-chaining library preloaded, where
 * OpenCL may run in the process. CPU OpenCL drivers such as PoCL compile kernels with an in-process
 * LLVM that installs its own SIGSEGV handler; without libjsig that breaks the JVM's safepoint polls
 * and the JVM crashes at random (exit 139). Linux only; set DIFFDRR_NO_RELAUNCH=1 to skip it.
 */
final class SignalChaining {

  private static final String MARK = "DIFFDRR_NO_RELAUNCH";

  private SignalChaining() {}

  /** The library to preload, or null when no relaunch is needed or possible. */
  static File libraryToPreload(String[] args) {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return null;
    if (System.getenv(MARK) != null) return null;
    String preload = System.getenv("LD_PRELOAD");
    if (preload != null && preload.contains("libjsig")) return null;
    if (args.length == 0 || args[0].startsWith("-") || args[0].equals("help")) return null;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--backend") && args[i + 1].equals("java")) return null;
    }
    File lib = new File(System.getProperty("java.home"), "lib/libjsig.so");
    return lib.isFile() ? lib : null;
  }

  /** Runs the same command line in a child JVM with the library preloaded; its exit status. */
  static int relaunch(File library, String[] args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    for (String a : args) command.add(a);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = pb.environment();
    String preload = env.get("LD_PRELOAD");
    env.put("LD_PRELOAD", library.getPath() + (preload == null || preload.isEmpty() ? "" : ":" + preload));
    env.put(MARK, "1");
    Process child = pb.start();
    // Ctrl-C reaches the child too (same process group); wait for it to clean up before we go.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        child.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    return child.waitFor();
  }
}
