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
#@output ij.ImagePlus side_by_side
#@output String algorithms

"""
Beyond DiffDRR's tutorial: many views recover the volume.

1. Simulate projections of the Shepp-Logan phantom over a circular orbit (the C-arm turning about
   the patient's long axis at 850 mm, detector at 1020 mm).
2. Reconstruct with the "auto" recipe (mini-batches of views, non-negativity, a decaying learning
   rate, total variation when views are few), starting from zeros as the tutorial does.
3. Compare with the phantom: PSNR and SSIM, the central slices, and novel views halfway between
   training views, which now match as well as the training views do.
4. The field's standard reconstructions on the same projections, side by side with gradient
   descent: FDK (filtered backprojection), CGLS and SIRT, each with its PSNR, SSIM and time.
"""

from java.util import LinkedHashMap
import time
from ij import IJ, ImagePlus, ImageStack
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

# 4. FDK, CGLS and SIRT on the same projections, against gradient descent (central axial slices).
rows = [("gd (auto recipe)", reconstruction, None)]
for name, extra in [("fdk", dict(filter="ram-lak", cutoff=1.0)),
                    ("cgls", dict(iterations=20)),
                    ("sirt", dict(iterations=50, nonneg=True))]:
    started = time.time()
    result = run(ReconstructVolumeCommand, projections=projections, orientation="AP", sdd=1020.0,
                 delx=0.0, dely=0.0, x0=0.0, y0=0.0, grid="template image", template=phantom,
                 voxel_placement="centered", renderer="siddon", algorithm=name,
                 normalize="none", backend=backend, **dict(orbit, **extra))
    rows.append((name, result.getOutput("reconstruction"), time.time() - started))
stack = ImageStack(phantom.getWidth(), phantom.getHeight())
stack.addSlice("phantom", phantom.getStack().getProcessor(phantom.getStackSize() // 2 + 1).duplicate())
lines = []
for name, volume, seconds in rows:
    scores = run(CompareVolumesCommand, reconstruction=volume, reference=phantom, hu="none",
                 novel=False, views=views, normalize="none", **dict(orbit, **detector))
    stack.addSlice(name, volume.getStack().getProcessor(volume.getStackSize() // 2 + 1).duplicate())
    lines.append("%-18s PSNR %6.2f dB  SSIM %.4f%s" % (name, scores.getOutput("psnr"),
                 scores.getOutput("ssim"), "" if seconds is None else "  %.1f s" % seconds))
side_by_side = ImagePlus("Central slices: phantom, gd, fdk, cgls, sirt", stack)
side_by_side.setDisplayRange(0, phantom.getStatistics().max)
algorithms = "\n".join(lines)
IJ.log("The standard reconstructions from %d views:\n%s" % (views, algorithms))
