package sc.fiji.diffdrr.cli;

import java.io.PrintStream;

/** Where a subcommand writes: results to out, progress and notices to err. */
final class Cli {

  final PrintStream out;
  final PrintStream err;

  Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** A one-line notice (backend choice, warnings) on stderr. */
  void notice(String line) {
    err.println(line);
  }
}
