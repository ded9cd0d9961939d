package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The progress line: a loss where the algorithm has one, none for FDK's batches. */
class ConsoleProgressTest {

  private static String last(double loss) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress("fdk", new PrintStream(bytes, true,
        StandardCharsets.UTF_8), false);
    p.iterationDone(4, 4, loss, 2.0);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void aLossIsShownOnlyWhereThereIsOne() {
    assertEquals("fdk [########################] 4/4  loss 0.1235  2.00 it/s  ETA 0s", last(0.12345));
    assertEquals("fdk [########################] 4/4  2.00 it/s  ETA 0s", last(Double.NaN));
  }

  /** After an FDK start of 100 s, gradient descent's 1 s steps show 1 it/s and an ETA of seconds. */
  @Test
  void theRateCountsThisStagesOwnIterations() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress p = new ConsoleProgress("gd", new PrintStream(bytes, true,
        StandardCharsets.UTF_8), false);
    for (int i = 1; i <= 5; i++) p.iterationDone(i, 10, 1.0, 100.0 + i);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("gd [############............] 5/10  loss 1.000  1.00 it/s  ETA 5s",
        lines[lines.length - 1]);
  }
}
