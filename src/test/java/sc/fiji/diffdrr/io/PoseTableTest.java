package sc.fiji.diffdrr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.testutil.Reference;

class PoseTableTest {

  @TempDir
  Path tmp;

  @Test
  void columnsAreRotationsAboutXYZComposedInZxyOrder() throws IOException {
    // DiffDRR's reference poses (ZXY, rotation = [α, β, γ] → rz = α, rx = β, ry = γ).
    Path f = table("# the three reference poses", "rx_deg,ry_deg,rz_deg,tx_mm,ty_mm,tz_mm", "",
        "0,0,0,0,850,0", "0, 0, 90, 0, 850, 0", "22.5,-15,30,12.5,850,-20");
    List<Pose> poses = PoseTable.read(f, PoseTable.DEFAULT_CONVENTION);
    assertEquals(3, poses.size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(Reference.pose(k).matrix(), poses.get(k).matrix(), 1e-12, "pose " + k);
    }
    // The source sits at R·t: (0, 850, 0) turned 90° about z is (−850, 0, 0).
    assertArrayEquals(new double[] {-850, 0, 0}, poses.get(1).apply(0, 0, 0), 1e-9);
  }

  @Test
  void otherConventionsComposeTheSameColumnsInTheirOrder() throws IOException {
    Path f = table(PoseTable.HEADER, "10,20,30,1,2,3");
    Pose xyz = PoseTable.read(f, "xyz").get(0);
    Pose expected = Pose.eulerDegrees("XYZ", 10, 20, 30, 1, 2, 3);
    assertArrayEquals(expected.matrix(), xyz.matrix(), 1e-12);
    Pose yzx = PoseTable.read(f, "YZX").get(0);
    assertArrayEquals(Pose.eulerDegrees("YZX", 20, 30, 10, 1, 2, 3).matrix(), yzx.matrix(), 1e-12);
  }

  @Test
  void writeThenReadRoundTripsInEveryTaitBryanConvention() throws IOException {
    Random rnd = new Random(7);
    for (String c : new String[] {"XYZ", "XZY", "YXZ", "YZX", "ZXY", "ZYX"}) {
      List<Pose> poses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        poses.add(Pose.euler(c, (rnd.nextDouble() - 0.5) * 6, (rnd.nextDouble() - 0.5) * 3,
            (rnd.nextDouble() - 0.5) * 6, rnd.nextGaussian() * 50, 800 + rnd.nextGaussian() * 50,
            rnd.nextGaussian() * 50));
      }
      poses.add(Pose.eulerDegrees(c, 0, 90, 0, 0, 850, 0)); // gimbal lock: angles not unique
      Path f = tmp.resolve("poses-" + c + ".csv");
      PoseTable.write(f, poses, c);
      List<Pose> back = PoseTable.read(f, c);
      assertEquals(poses.size(), back.size());
      for (int i = 0; i < poses.size(); i++) {
        assertArrayEquals(poses.get(i).matrix(), back.get(i).matrix(), 1e-9, c + " pose " + i);
      }
    }
  }

  @Test
  void writesTheHeaderAndShortNumbers() throws IOException {
    Path f = tmp.resolve("p.csv");
    PoseTable.write(f, Arrays.asList(Reference.pose(0), Reference.pose(2)), "ZXY");
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    assertEquals(Arrays.asList(PoseTable.HEADER, "0,0,0,0,850,0", "22.5,-15,30,12.5,850,-20"),
        lines);
  }

  @Test
  void errorsNameTheLineAndColumn() throws IOException {
    assertEquals(tmp.resolve("a.csv") + " line 1: pose table header must be "
        + PoseTable.HEADER + ", got 'rx,ry,rz,tx,ty,tz'",
        message(named("a.csv", "rx,ry,rz,tx,ty,tz", "0,0,0,0,850,0")));
    assertEquals(tmp.resolve("b.csv") + ": pose table header must be " + PoseTable.HEADER
        + ", got an empty file", message(named("b.csv", "# nothing", "")));
    assertEquals(tmp.resolve("c.csv") + ": the pose table has no poses",
        message(named("c.csv", PoseTable.HEADER)));
    assertEquals(tmp.resolve("d.csv") + " line 3: expected 6 values (" + PoseTable.HEADER
        + "), got 5", message(named("d.csv", PoseTable.HEADER, "0,0,0,0,850,0", "0,0,0,850,0")));
    assertEquals(tmp.resolve("e.csv") + " line 2, column 2 (ry_deg): must be a finite number, "
        + "got 'abc'", message(named("e.csv", PoseTable.HEADER, "0,abc,0,0,850,0")));
    assertEquals(tmp.resolve("f.csv") + " line 2, column 6 (tz_mm): must be a finite number, "
        + "got 'NaN'", message(named("f.csv", PoseTable.HEADER, "0,0,0,0,850,NaN")));
    assertEquals(tmp.resolve("g.csv") + " line 2, column 4 (tx_mm): must be a finite number, "
        + "got ''", message(named("g.csv", PoseTable.HEADER, "0,0,0,,850,0")));
    assertEquals(tmp.resolve("h.csv") + " line 2, column 1 (rx_deg): must be a finite number, "
        + "got '1e999'", message(named("h.csv", PoseTable.HEADER, "1e999,0,0,0,850,0")));
    Path missing = tmp.resolve("none.csv");
    assertEquals("pose table not found: " + missing, message(missing));
  }

  @Test
  void onlyTaitBryanConventionsNameEachAxisOnce() throws IOException {
    Path f = table(PoseTable.HEADER, "0,0,0,0,850,0");
    String msg = assertThrows(IllegalArgumentException.class, () -> PoseTable.read(f, "ZXZ"))
        .getMessage();
    assertEquals("pose table convention must be Tait–Bryan (three distinct axes: XYZ, XZY, YXZ, "
        + "YZX, ZXY, ZYX), got 'ZXZ'", msg);
    assertThrows(IllegalArgumentException.class,
        () -> PoseTable.write(tmp.resolve("w.csv"), List.of(Pose.identity()), "XYX"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PoseTable.read(f, "ABC"))
        .getMessage().startsWith("convention must be one of"));
  }

  @Test
  void acceptsAByteOrderMark() throws IOException {
    Path f = table("\uFEFF" + PoseTable.HEADER, "0,0,0,0,850,0");
    assertEquals(1, PoseTable.read(f, "ZXY").size());
  }

  private static String message(Path f) {
    return assertThrows(IOException.class, () -> PoseTable.read(f, "ZXY")).getMessage();
  }

  private Path table(String... lines) throws IOException {
    return named("poses.csv", lines);
  }

  private Path named(String name, String... lines) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    return f;
  }
}
