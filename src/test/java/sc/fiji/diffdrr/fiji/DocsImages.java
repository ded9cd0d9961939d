package sc.fiji.diffdrr.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.script.ScriptModule;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.io.PoseTable;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.report.Figure;
import sc.fiji.diffdrr.report.Panel;
import sc.fiji.diffdrr.testutil.Reference;

/**
 * Makes the images of README.md with the commands and the tutorial scripts, headless.
 * Not a test (the name does not end in Test, so mvn test skips it); run it on purpose:
 *
 * <pre>mvn -q test -Dtest=DocsImages</pre>
 */
class DocsImages {

  static final Path OUT = Paths.get("docs/images");
  static final long MAX_BYTES = 200_000;

  @Test
  void make() throws Exception {
    Files.createDirectories(OUT);
    try (Context ctx = Headless.context()) {
      headCtDrrs(ctx);
      ScriptModule seed = TutorialScriptsTest.runScript(ctx, "Seed_Tutorial.py", "source",
          "Shepp-Logan phantom", "size", 128, "backend", "java");
      save((ImagePlus) seed.getOutput("target"), "seed-target.png");
      save((ImagePlus) seed.getOutput("loss"), "seed-loss.png");
      save((ImagePlus) seed.getOutput("views"), "seed-views.png");
      save((ImagePlus) seed.getOutput("slices"), "seed-slices.png");
      ScriptModule multi = TutorialScriptsTest.runScript(ctx, "Multi_View_Reconstruction.py", "size", 64,
          "views", 60, "pixels", 100, "backend", "java");
      save((ImagePlus) multi.getOutput("loss"), "multiview-loss.png");
      save(twice((ImagePlus) multi.getOutput("slices")), "multiview-slices.png");
      System.out.printf("multi-view 64³, 60 views: PSNR %.2f dB, SSIM %.4f%n",
          ((Number) multi.getOutput("psnr")).doubleValue(),
          ((Number) multi.getOutput("ssim")).doubleValue());
    }
  }

  /** AP and lateral DRRs of the shared head CT (DICOM series), DiffDRR's HU rule. */
  private static void headCtDrrs(Context ctx) throws Exception {
    Path dicom = Reference.headCt().resolve("dicom");
    ImagePlus ct = ImagePlusVolumes.toImagePlus(VolumeFiles.read(dicom).volume, "head CT");
    Path table = Files.createTempFile("poses", ".csv");
    PoseTable.write(table, List.of(Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0),
        Pose.eulerDegrees("ZXY", 90, 0, 0, 0, 850, 0)), "ZXY");
    CommandModule m = Headless.succeed(ctx, RenderDrrCommand.class, "volume", ct, "poses",
        "pose table", "pose_table", table.toFile(), "hu", "diffdrr", "backend", "java");
    Files.delete(table);
    ImagePlus drr = (ImagePlus) m.getOutput("drr");
    List<Panel> panels = new ArrayList<>();
    String[] labels = {"AP: rotation 0/0/0°, t 0/850/0 mm", "lateral: rotation_z 90°"};
    for (int k = 1; k <= drr.getStackSize(); k++) {
      FloatProcessor fp = (FloatProcessor) drr.getStack().getProcessor(k);
      fp.resetMinAndMax();
      panels.add(new Panel(fp, labels[k - 1], fp.getMin(), fp.getMax()));
    }
    save(Figure.grid(drr.getTitle(), panels, 2), "drr-head-ct.png");
  }

  /** Small figures (a 64³ volume's slices) at twice the size, pixels kept sharp. */
  private static ImagePlus twice(ImagePlus imp) {
    imp.getProcessor().setInterpolationMethod(ij.process.ImageProcessor.NONE);
    return new ImagePlus(imp.getTitle(), imp.getProcessor().resize(2 * imp.getWidth(),
        2 * imp.getHeight()));
  }

  private static void save(ImagePlus imp, String name) {
    File f = OUT.resolve(name).toFile();
    assertTrue(new FileSaver(imp).saveAsPng(f.getPath()), name);
    assertTrue(f.length() < MAX_BYTES, name + " is " + f.length() + " bytes");
    System.out.println(f + ": " + imp.getWidth() + "×" + imp.getHeight() + ", " + f.length() + " bytes");
  }
}
