package sc.fiji.diffdrr.fiji;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import sc.fiji.diffdrr.io.ImagePlusVolumes;
import sc.fiji.diffdrr.volume.SheppLogan;

/**
 * Plugins › DiffDRR › Shepp-Logan Phantom: the modified 3-D Shepp–Logan phantom of DiffDRR's
 * reference data (values 0–1), as a calibrated 32-bit stack: a volume to try the other commands on.
 */
@Plugin(type = Command.class, menuPath = "Plugins>DiffDRR>Shepp-Logan Phantom", headless = true,
    description = "The modified 3-D Shepp-Logan phantom as a calibrated 32-bit stack")
public class SheppLoganCommand extends DiffDrrCommand {

  @Parameter(label = "Size (voxels per side)", min = "1", max = "1290")
  private int size = 128;

  @Parameter(label = "Voxel size (mm)", min = "0")
  private double spacing = 2;

  @Parameter(type = ItemIO.OUTPUT, label = "Phantom")
  private ImagePlus phantom;

  public SheppLoganCommand() {
    super("Shepp-Logan Phantom");
  }

  @Override
  void execute() {
    phantom = ImagePlusVolumes.toImagePlus(SheppLogan.create(size, spacing),
        "Shepp-Logan phantom (" + size + "³ voxels of " + Titles.number(spacing) + " mm)");
  }
}
