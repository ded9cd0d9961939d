package sc.fiji.diffdrr.fiji;

import ij.IJ;
import ij.plugin.PlugIn;

/**
 * Plugins › DiffDRR › About DiffDRR: an ImageJ 1 entry (plugins.config) saying what the plugin is,
 * which version, and where its commands and tutorials are.
 */
public class AboutDiffDrr implements PlugIn {

  @Override
  public void run(String arg) {
    IJ.showMessage("About DiffDRR", text());
  }

  static String text() {
    String version = AboutDiffDrr.class.getPackage().getImplementationVersion();
    return "DiffDRR for Fiji " + (version == null ? "(development build)" : version) + "\n \n"
        + "Digitally reconstructed radiographs (DRRs) of CT volumes by ray casting, and volume\n"
        + "reconstruction from X-ray images by gradient descent through that differentiable\n"
        + "renderer: the method of the Python library DiffDRR (github.com/eigenvivek/DiffDRR).\n \n"
        + "Plugins > DiffDRR:\n"
        + "   Render DRR, Reconstruct Volume, Shepp-Logan Phantom,\n"
        + "   Simulate Projections, Compare Volumes, Register Pose\n"
        + "Plugins > DiffDRR > Tutorials: DiffDRR's reconstruction tutorial (Jython and macro),\n"
        + "a multi-view reconstruction and DiffDRR's registration tutorial.\n \n"
        + "GPU: enable the clij and clij2 update sites; without them the Java backend runs.";
  }
}
