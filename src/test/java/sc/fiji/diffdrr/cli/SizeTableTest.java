package sc.fiji.diffdrr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** bench --sizes: one row per size with every figure measured, and bad sizes refused. */
class SizeTableTest {

  @Test
  void eachSizeGetsARowOfPositiveFigures() {
    CliTest.Run r = CliTest.run("bench", "--sizes", "16,24", "--backend", "java");
    assertEquals(Main.OK, r.status, r.err);
    List<String> rows = r.out.lines().filter(l -> l.matches("\\s*(16|24)³ .*"))
        .collect(Collectors.toList());
    assertEquals(2, rows.size(), r.out);
    for (String row : rows) {
      String[] cells = row.trim().split("\\s{2,}");
      assertEquals(9, cells.length, row);
      for (int c = 1; c <= 6; c++) {
        double v = Double.parseDouble(cells[c].split(" ")[0]);
        assertTrue(v > 0 && Double.isFinite(v), "column " + c + " of " + row);
      }
      if (SizeTable.plastimatchPresent()) {
        assertTrue(Double.parseDouble(cells[7]) > 0, "plastimatch's time: " + row);
      } else {
        assertTrue(!"true".equalsIgnoreCase(System.getenv("CI")), "CI installs plastimatch");
      }
    }
    assertTrue(rows.get(0).contains("(100 %)"), "visits/s relative to the first size");
  }

  @Test
  void badSizesAreRefused() {
    CliTest.assertBadInput(CliTest.run("bench", "--sizes", "4"),
        "--sizes must be integers in [8, 1024] separated by commas (voxels per side), got '4'");
    CliTest.assertBadInput(CliTest.run("bench", "--sizes", "128,2.5"),
        "--sizes must be integers in [8, 1024]");
    CliTest.assertBadInput(CliTest.run("bench", "--sizes", "64,abc"), "--sizes must be a number");
  }
}
