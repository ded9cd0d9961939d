package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.MetaImage;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.HuConversion;
import sc.fiji.diffdrr.volume.Volume;
import sc.fiji.diffdrr.volume.VolumeGrid;
import sc.fiji.diffdrr.volume.VoxelConvention;

/** Our DRRs in DIFFDRR_V05 mode against the DRRs DiffDRR itself rendered (reference/diffdrr). */
class DiffDrrReferenceTest {

  private static final Map<String, Volume> VOLUMES = new HashMap<>();

  @ParameterizedTest(name = "{0} {1} pose {2}")
  @CsvSource({
    "phantom128, siddon, 0", "phantom128, siddon, 1", "phantom128, siddon, 2",
    "phantom128, trilinear, 0", "phantom128, trilinear, 1", "phantom128, trilinear, 2",
    "head-ct, siddon, 0", "head-ct, siddon, 1", "head-ct, siddon, 2",
    "head-ct, trilinear, 0", "head-ct, trilinear, 1", "head-ct, trilinear, 2"})
  void matchesDiffDrr(String volumeName, String renderer, int pose) throws IOException {
    Volume volume = volume(volumeName);
    Renderer r = Renderer.parse(renderer);
    Projector projector = Projectors.create(volume.grid, ProjectorSettings.of(r),
        Parallel.defaultThreads());
    View view = Reference.detector().view(Reference.pose(pose), Reference.orientation());
    float[] ours = new float[view.pixelCount()];
    projector.forward(volume.data(), view, ours, 0);

    MetaImage expected = MetaImage.read(Reference.diffdrr().resolve(volumeName)
        .resolve("drr_" + renderer + "_pose" + pose + ".mha"));
    double max = 0;
    double worst = 0;
    for (int p = 0; p < ours.length; p++) {
      max = Math.max(max, Math.abs(expected.data[p]));
      worst = Math.max(worst, Math.abs(ours[p] - expected.data[p]));
    }
    double tolerance = (r == Renderer.SIDDON ? 1e-4 : 1e-3) * max;
    System.out.printf("DiffDRR %s %s pose %d: max|ours − DiffDRR| = %.3g (%.3g of max %.4g)%n",
        volumeName, renderer, pose, worst, worst / max, max);
    assertTrue(max > 0, "reference image is empty");
    assertTrue(worst <= tolerance, volumeName + " " + renderer + " pose " + pose
        + ": max error " + worst + " > " + tolerance);
  }

  static synchronized Volume volume(String name) throws IOException {
    Volume v = VOLUMES.get(name);
    if (v != null) return v;
    Path file = name.equals("phantom128") ? Reference.diffdrr().resolve("phantom128.mha")
        : Reference.headCt().resolve("head-ct.mha");
    MetaImage m = MetaImage.read(file);
    VolumeGrid grid = new VolumeGrid(m.dims[0], m.dims[1], m.dims[2], m.spacing[0], m.spacing[1],
        m.spacing[2], VoxelConvention.DIFFDRR_V05);
    v = new Volume(grid, m.data);
    if (name.equals("head-ct")) {
      v = HuConversion.DIFFDRR.apply(v, 1.0, HuConversion.DEFAULT_MU_WATER);
    }
    VOLUMES.put(name, v);
    return v;
  }
}
