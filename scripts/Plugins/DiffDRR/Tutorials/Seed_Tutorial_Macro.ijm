// DiffDRR's reconstruction tutorial as an ImageJ macro. Every step is a DiffDRR command, and the
// run(...) lines are what the macro recorder writes (Plugins > Macros > Record...).
// Argument (optional): the phantom size in voxels per side (default 128; the phantom is 256 mm wide).
size = getArgument();
if (size == "") size = 128;
else size = parseInt(size);
spacing = 256 / size;

// The seed's detector: DiffDRR's DRR(sdd=1020, height=200, delx=2).
detector = "sdd=1020 height=200 width=200 delx=2 dely=2 x0=0 y0=0";
common = "orientation=AP renderer=siddon voxel_placement=centered backend=auto";

run("Shepp-Logan Phantom", "size=" + size + " spacing=" + spacing);
phantom = getTitle();

// 1. The target X-ray: rotation 0/0/0 degrees and translation 0/850/0 mm ("ZXY"), AP.
run("Render DRR", "volume=[" + phantom + "] " + detector + " poses=[single pose] pose_table=[]"
    + " rotation_x=0 rotation_y=0 rotation_z=0 convention=ZXY translation_x=0 translation_y=850"
    + " translation_z=0 hu=auto " + common);
target = getTitle();

// 2. Reconstruct from this one view as the tutorial does: zeros, MSE against the min-max
//    normalised X-ray, Adam with learning rate 1e-3, 101 iterations. An orbit of one view at
//    0 degrees and 850 mm is the seed's pose.
run("Reconstruct Volume", "projections=[" + target + "] poses=orbit pose_table=[] convention=ZXY"
    + " arc=360 start=0 sad=850 sdd=1020 delx=0 dely=0 x0=0 y0=0 grid=[template image]"
    + " template=[" + phantom + "] recipe=tutorial normalize=minmax " + common);
reconstruction = newest("Reconstruction of ");

// 3 and 4. The training view and the seed's novel views (1 degree rotated, 10 mm closer) from
//          both volumes, and the central slices: it fits its one view, and nothing else.
run("Compare Volumes", "reconstruction=[" + reconstruction + "] reference=[" + phantom + "]"
    + " hu=auto novel=true poses=orbit pose_table=[] convention=ZXY views=1 arc=360 start=0"
    + " sad=850 " + detector + " normalize=minmax " + common);
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
