#@ ij.ImagePlus (label="CT volume, calibrated in mm (e.g. the head CT)") ct
#@ String (label="HU to density", choices={"auto", "diffdrr", "mu", "none"}) hu
#@ Integer (label="Detector pixels per side (400 mm wide; DiffDRR's tutorial: 100)", value=100, min=16) pixels
#@ String (label="Backend", choices={"auto", "java", "opencl"}) backend
#@ CommandService commands
#@output ij.ImagePlus xray
#@output ij.ImagePlus registered_diffdrr
#@output ij.ImagePlus ncc_diffdrr
#@output ij.ImagePlus registered_auto
#@output ij.ImagePlus ncc_auto
#@output Double rotation_error_diffdrr
#@output Double translation_error_diffdrr
#@output Double rotation_error_auto
#@output Double translation_error_auto

"""
DiffDRR's registration tutorial, step by step, in Fiji.

1. The "X-ray": a DRR of the CT at DiffDRR's true pose, rotation (0, 0, 0), translation
   (0, 850, 0) mm, on the tutorial's detector (sdd 1020 mm, 100 x 100 pixels of 4 mm).
2. The tutorial's perturbed start (numpy seed 1): Euler ZXY angles (-0.1303, 0.3461, -0.7852) rad
   -- a rotation about z of -7.47 deg, about x of 19.83 deg, about y of -44.99 deg -- and
   translation (-11.86, 828.81, -24.46) mm.
3. Register with recipe "diffdrr" (the tutorial's loop: global NCC, SGD lr 5e-2 rad / 1e2 mm,
   stop at NCC > 0.999, at most 500 iterations), then with recipe "auto" (coarse to fine,
   multiscale NCC, L-BFGS with a line search, restarts when the coarse result is poor).
4. Compare the poses with the truth: the geodesic rotation error (degrees) and DiffDRR's
   translation error |t - t_true| (mm).
"""

import math
from java.util import LinkedHashMap
from ij import IJ
from sc.fiji.diffdrr.fiji import RenderDrrCommand, RegisterPoseCommand
from sc.fiji.diffdrr.geometry import Pose
from sc.fiji.diffdrr.register import PoseErrors, Rig


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
truth = Pose.eulerDegrees("ZXY", 0, 0, 0, 0, 850, 0)

# 1. The target X-ray.
xray = run(RenderDrrCommand, volume=ct, sdd=1020.0, height=pixels, width=pixels, delx=pixel,
           dely=pixel, x0=0.0, y0=0.0, poses="single pose", pose_table="", rotation_x=0.0,
           rotation_y=0.0, rotation_z=0.0, convention="ZXY", translation_x=0.0,
           translation_y=850.0, translation_z=0.0, orientation="AP", renderer="siddon", hu=hu,
           voxel_placement="centered", backend=backend).getOutput("drr")
xray.setTitle("X-ray at the true pose")

# 2. DiffDRR's start, its ZXY angles given about x, y and z in degrees.
alpha, beta, gamma = -0.1303, 0.3461, -0.7852
start = dict(rotation_x=math.degrees(beta), rotation_y=math.degrees(gamma),
             rotation_z=math.degrees(alpha), convention="ZXY", translation_x=-11.86,
             translation_y=828.81, translation_z=-24.46)


def register(recipe):
    m = run(RegisterPoseCommand, volume=ct, xray=xray, sdd=1020.0, delx=pixel, dely=pixel,
            x0=0.0, y0=0.0, orientation="AP", rig="", recipe=recipe, loss="recipe default",
            optimizer="recipe default", renderer="siddon", hu=hu, voxel_placement="centered",
            backend=backend, **start)
    found = Pose.eulerDegrees("ZXY", m.getOutput("registered_rotation_z"),
                              m.getOutput("registered_rotation_x"),
                              m.getOutput("registered_rotation_y"),
                              m.getOutput("registered_translation_x"),
                              m.getOutput("registered_translation_y"),
                              m.getOutput("registered_translation_z"))
    return m, found


def errors_of(found):
    # the CT's bounding box enters only the mTRE; rotation and translation errors need the poses
    from sc.fiji.diffdrr.io import ImagePlusVolumes
    grid = ImagePlusVolumes.toVolume(ct).grid
    return PoseErrors.of(found, truth, Rig.single(), grid)


# 3. and 4.
results = {}
for recipe in ("diffdrr", "auto"):
    m, found = register(recipe)
    e = errors_of(found)
    results[recipe] = (m, e)
    IJ.log("recipe %s: final NCC %.5f after %d iterations; rotation error %.3f deg, translation "
           "error %.3f mm, mTRE %.3f mm" % (recipe, m.getOutput("final_ncc"),
                                             m.getOutput("iterations"), e.rotationDeg,
                                             e.translationMm, e.mtreMm))

registered_diffdrr = results["diffdrr"][0].getOutput("registered")
ncc_diffdrr = results["diffdrr"][0].getOutput("ncc_plot")
registered_auto = results["auto"][0].getOutput("registered")
ncc_auto = results["auto"][0].getOutput("ncc_plot")
rotation_error_diffdrr = results["diffdrr"][1].rotationDeg
translation_error_diffdrr = results["diffdrr"][1].translationMm
rotation_error_auto = results["auto"][1].rotationDeg
translation_error_auto = results["auto"][1].translationMm
