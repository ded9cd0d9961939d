package sc.fiji.diffdrr.cli;

/** One verb of the command line ({@code render}, {@code reconstruct}, ...). */
interface Subcommand {

  String name();

  /** One line for the overview. */
  String summary();

  /** The full usage text for {@code <name> --help}. */
  String usage();

  /** Every option it takes, with what each allows (the parser, --help and the sweep use it). */
  OptionTable options();

  /** Runs with the arguments after the verb; returns the exit status. */
  int run(String[] args, Cli cli) throws Exception;
}
