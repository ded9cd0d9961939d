package sc.fiji.diffdrr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headless entry point: {@code java -jar diffdrr-cli.jar <command> [options]}. Exit status 0
 * on success, 2 for bad input (one line naming the problem, no stack trace, no output file), 1 for
 * an internal error (set DIFFDRR_DEBUG=1 for the stack trace), 130 when interrupted.
 */
public final class Main {

  static final int OK = 0, FAILED = 1, BAD_INPUT = 2;

  private static final Map<String, Subcommand> COMMANDS = new LinkedHashMap<>();

  static {
    for (Subcommand c : new Subcommand[] {new RenderCommand(), new SimulateCommand(),
      new ReconstructCommand(), new RegisterCommand(), new DemoCommand(), new BenchCommand(), new DevicesCommand(),
      new CheckCommand()}) {
      COMMANDS.put(c.name(), c);
    }
  }

  private Main() {}

  public static void main(String[] args) {
    java.io.File jsig = SignalChaining.libraryToPreload(args);
    if (jsig != null) {
      try {
        System.exit(SignalChaining.relaunch(jsig, args));
      } catch (Exception e) {
        System.err.println("note: could not restart Java with " + jsig + " (" + e.getMessage()
            + "); OpenCL on a CPU device may crash the JVM");
      }
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command line; returns the exit status (for tests). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      if (args.length > 1 && COMMANDS.containsKey(args[1])) {
        out.print(help(COMMANDS.get(args[1])));
      } else {
        out.print(overview());
      }
      return args.length == 0 ? BAD_INPUT : OK;
    }
    if (args[0].equals("--version")) {
      out.println("diffdrr " + version());
      return OK;
    }
    Subcommand command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("error: unknown command '" + args[0] + "'; commands: "
          + String.join(", ", COMMANDS.keySet()));
      return BAD_INPUT;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      out.print(help(command));
      return OK;
    }
    try {
      return command.run(rest, new Cli(out, err));
    } catch (sc.fiji.diffdrr.recon.Divergence e) {
      // a run whose loss or update became NaN or ∞ (reconstruct handles its own, to offer the
      // last finite iterate): one line, exit 1
      err.println("error: " + e.getMessage());
      return FAILED;
    } catch (IllegalArgumentException | IOException e) {
      err.println("error: " + e.getMessage());
      debug(e, err);
      return BAD_INPUT;
    } catch (OutOfMemoryError e) {
      err.println("error: out of Java memory (" + e.getMessage() + "); start Java with a larger "
          + "-Xmx, e.g. java -Xmx16g -jar diffdrr-cli.jar ...");
      return FAILED;
    } catch (Exception | Error e) {
      err.println("internal error: " + e + " (set DIFFDRR_DEBUG=1 for details)");
      debug(e, err);
      return FAILED;
    }
  }

  /** The usage text, then every option with what it allows (from the option table). */
  static String help(Subcommand c) {
    return c.usage() + c.options().describe();
  }

  /** The subcommands, for tests that sweep their option tables. */
  static java.util.Collection<Subcommand> commands() {
    return java.util.Collections.unmodifiableCollection(COMMANDS.values());
  }

  private static void debug(Throwable e, PrintStream err) {
    if ("1".equals(System.getenv("DIFFDRR_DEBUG"))) e.printStackTrace(err);
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "(development)" : v;
  }

  static String overview() {
    StringBuilder b = new StringBuilder();
    b.append("DiffDRR for Fiji ").append(version()).append(" — DRRs and gradient-descent "
        + "reconstruction, headless.\n\n");
    b.append("usage: java -jar diffdrr-cli.jar <command> [options]   (<command> --help for its options)\n\n");
    for (Subcommand c : COMMANDS.values()) {
      b.append(String.format("  %-12s %s%n", c.name(), c.summary()));
    }
    b.append("\nUnits: lengths in mm, angles in degrees. Exit status: 0 ok, 2 bad input, 1 failure.\n");
    return b.toString();
  }
}
