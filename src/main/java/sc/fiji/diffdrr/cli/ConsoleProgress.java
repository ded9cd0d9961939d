package sc.fiji.diffdrr.cli;

import java.io.PrintStream;
import java.util.Locale;

import sc.fiji.diffdrr.recon.ProgressListener;

/**
 * A one-line progress bar on stderr: stage, iteration, loss, iterations per second and ETA. On a
 * terminal it redraws in place; otherwise (a log file, CI) it prints about ten lines per stage.
 */
class ConsoleProgress implements ProgressListener {

  private static final int BAR = 24;

  private final String stage;
  private final PrintStream out;
  private final boolean terminal;
  private int lastPrintedDecile = -1;
  private int firstIteration = -1;
  private double firstSeconds;
  private volatile boolean canceled;

  ConsoleProgress(String stage) {
    this(stage, System.err, System.console() != null);
  }

  ConsoleProgress(String stage, PrintStream out, boolean terminal) {
    this.stage = stage;
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void iterationDone(int iteration, int iterations, double loss, double elapsedSeconds) {
    // the rate of this stage's own iterations: elapsed time may include an earlier stage (the
    // FDK start of gradient descent), which would make a slow rate and a far ETA of it
    if (firstIteration < 0) {
      firstIteration = iteration;
      firstSeconds = elapsedSeconds;
    }
    double rate = iteration > firstIteration
        ? (iteration - firstIteration) / Math.max(elapsedSeconds - firstSeconds, 1e-9)
        : iteration / Math.max(elapsedSeconds, 1e-9);
    double eta = (iterations - iteration) / rate;
    int filled = (int) Math.round(BAR * iteration / (double) iterations);
    // FDK's batches have no loss (NaN): its line shows none
    String lossText = Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  loss %.4g", loss);
    String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d%s  %.2f it/s  ETA %s",
        stage, "#".repeat(filled), ".".repeat(BAR - filled), iteration, iterations, lossText, rate,
        duration(eta));
    if (terminal) {
      out.print("\r" + line + (iteration == iterations ? "\n" : ""));
      out.flush();
    } else {
      int decile = iteration * 10 / iterations;
      if (decile != lastPrintedDecile || iteration == iterations) {
        lastPrintedDecile = decile;
        out.println(line);
      }
    }
  }

  /** A bar of its own for the stage, cancelled with this one. */
  @Override
  public ProgressListener stage(String name) {
    return new ConsoleProgress(name, out, terminal) {
      @Override
      public boolean isCanceled() {
        return ConsoleProgress.this.isCanceled();
      }
    };
  }

  /** Ends a line left open by an interrupted run. */
  void finish() {
    if (terminal) out.println();
  }

  void cancel() {
    canceled = true;
  }

  @Override
  public boolean isCanceled() {
    return canceled;
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) return "?";
    long s = Math.round(seconds);
    return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
