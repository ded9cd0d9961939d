// DiffDRR's reconstruction tutorial as an ImageJ macro. Every step is a DiffDRR command, and the
// run(...) lines give every key, as the macro recorder writes them (Plugins > Macros > Record...):
// a key left out opens the command's dialog for it when Fiji has a display. Headless, a macro does
// not see a command's output as the current image: run this with a display (or xvfb), or use the
// Jython tutorials.
// Argument (optional): the phantom size in voxels per side (default 128; the phantom is 256 mm wide).
size = getArgument();
if (size == "") size = 128;
else size = parseInt(size);
spacing = 256 / size;

// The seed's detector: DiffDRR's DRR(sdd=1020, height=200, delx=2).
detector = "sdd=1020.0 height=200 width=200 delx=2.0 dely=2.0 x0=0.0 y0=0.0";

run("Shepp-Logan Phantom", "size=" + size + " spacing=" + spacing);
phantom = getTitle();

// 1. The target X-ray: rotation 0/0/0 degrees and translation 0/850/0 mm ("ZXY"), AP.
run("Render DRR", "volume=[" + phantom + "] " + detector + " poses=[single pose] pose_table="
    + " rotation_x=0.0 rotation_y=0.0 rotation_z=0.0 convention=ZXY translation_x=0.0"
    + " translation_y=850.0 translation_z=0.0 orientation=AP renderer=siddon hu=auto"
    + " voxel_placement=centered backend=auto geometry= geometry_format=auto");
target = getTitle();

// 2. Reconstruct from this one view as the tutorial does: zeros, MSE against the min-max
//    normalised X-ray, Adam with learning rate 1e-3, 101 iterations. An orbit of one view at
//    0 degrees and 850 mm is the seed's pose. (recipe=tutorial ignores the custom keys.)
run("Reconstruct Volume", "projections=[" + target + "] input=line-integral flat= dark=0 poses=orbit pose_table= convention=ZXY"
    + " arc=360.0 start=0.0 sad=850.0 orientation=AP sdd=1020.0 delx=0.0 dely=0.0 override_metadata=false x0=0.0 y0=0.0"
    + " grid=[template image] template=[" + phantom + "] size_x=128 size_y=128 size_z=128"
    + " spacing_x=2.0 spacing_y=2.0 spacing_z=2.0 voxel_placement=centered renderer=siddon"
    + " algorithm=gd filter=ram-lak cutoff=1.0 subsets=10 recipe=tutorial iterations=101 lr=0.001 lr_decay=1.0 optimizer=adam loss=mse tv=0.0"
    + " nonneg=false batch_views=0 normalize=minmax backend=auto geometry= geometry_format=auto checkpoint=");
reconstruction = newest("Reconstruction of ");

// 3 and 4. The training view and the seed's novel views (1 degree rotated, 10 mm closer) from
//          both volumes, and the central slices: it fits its one view, and nothing else.
run("Compare Volumes", "reconstruction=[" + reconstruction + "] reference=[" + phantom + "]"
    + " hu=auto voxel_placement=centered novel=true poses=orbit pose_table= convention=ZXY views=1"
    + " arc=360.0 start=0.0 sad=850.0 orientation=AP " + detector + " renderer=siddon"
    + " normalize=minmax backend=auto");
print("DiffDRR seed tutorial: see the loss plot, the view comparison (training vs novel views)");
print("and the slices; the NCC and MSE of each view are in the Compare Volumes results.");
return reconstruction;

// The title of the most recent image whose title starts with prefix.
function newest(prefix) {
  titles = getList("image.titles");
  for (i = titles.length - 1; i >= 0; i--) {
    if (startsWith(titles[i], prefix)) return titles[i];
  }
  exit("No image titled '" + prefix + "...'");
}
