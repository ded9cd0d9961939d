// Trilinear ray sampling through a volume: the forward projection (ADJOINT 0) or its exact
// adjoint (ADJOINT 1), chosen at compile time so both walk the same code. One work-item per ray
// of a batch of views, neighbouring work-items on neighbouring rays. Layout of volume, images,
// views and slots as in siddon_project_x.cl.
//
// Voxel i's value sits at box coordinate i + 0.5; the interpolant is zero outside the volume, so
// it is non-zero only inside the box region (-0.5, n + 0.5). Samples x_k = s + alpha_k * d with
// weight w (mm), pixel = w * sum_k rho(x_k):
// - DIFFDRR_SAMPLING 0 (voxel-centred grids): the ray's own stretch inside (-0.5, n + 0.5) and
//   alpha in [0, 1], of length l mm, is cut into m = ceil(l / step_mm) equal parts, sampled at
//   their midpoints, w = l / m.
// - DIFFDRR_SAMPLING 1 (DiffDRR v0.5): alpha_k = lo + k (hi - lo) / (npoints - 1), k < npoints,
//   with [lo, hi] shared by the whole image (ranges, from alpha_range_diffdrr_x.cl),
//   w = L (hi - lo) / (npoints - 1). Samples outside the ray's non-zero stretch are skipped:
//   they would read zeros.
// The adjoint scatters the same weights with an atomic float add. It sums a ray's consecutive
// samples that share a cell (the same 8 corner voxels) before committing them: 1.6-1.9x fewer
// atomic operations at the default step of half a voxel.
//
// Slabs: the volume buffer may hold only the planes z_begin <= z < z_end of the nz planes (a
// volume larger than the device, streamed through it slab by slab). The samples stay those of
// the whole volume; each slab counts only the corner voxels whose plane it holds (indexed at
// z - z_begin), so the slabs' partial sums add up to the whole trilinear sum and the adjoint
// scatters into its own voxels only. Samples that touch no plane of the slab are skipped. The
// forward adds its partial sums to the images (accumulate 1) instead of writing them. With
// z_begin 0, z_end nz and accumulate 0 it computes exactly the whole volume's.

#define PARALLEL 1e-6f
// Floats per view: ray start, ray end of pixel (0,0), column step, row step, and m (1: the start
// moves with the pixel, parallel beam; 0: a fixed source, cone beam).
#define VIEW_FLOATS 13

inline void atomic_add_float(volatile __global float* address, const float value)
{
    union { unsigned int u; float f; } seen, wanted;
    seen.f = *address;
    while (true) {
        wanted.f = seen.f + value;
        const unsigned int found =
            atomic_cmpxchg((volatile __global unsigned int*) address, seen.u, wanted.u);
        if (found == seen.u) return;
        seen.u = found;
    }
}

// Narrows [amin, amax] to the alpha range where s + alpha*d lies in the open slab
// (-0.5, n + 0.5), outside which the interpolant is zero. Axes as in siddon_project_x.cl.
inline void clip_slab(const float s, const float d, const float tiny, const int n,
                      float* amin, float* amax)
{
    if (fabs(d) > tiny) {
        const float inv = 1.0f / d;
        const float a0 = (-0.5f - s) * inv;
        const float a1 = ((float) n + 0.5f - s) * inv;
        *amin = fmax(*amin, fmin(a0, a1));
        *amax = fmin(*amax, fmax(a0, a1));
    } else if (!(s > -0.5f && s < (float) n + 0.5f)) {
        *amax = -1.0f;
    }
}

#define ADD_NONZERO(i, c) if ((c) != 0.0f) atomic_add_float(volume + (i), (c))

__kernel void trilinear_project(
    IMAGE_volume_TYPE volume,
    IMAGE_images_TYPE images,
    IMAGE_views_TYPE views,
    IMAGE_slots_TYPE slots,
#if DIFFDRR_SAMPLING
    IMAGE_ranges_TYPE ranges,
    int npoints,
#else
    float step_mm,
#endif
    int nx, int ny, int nz,
    int z_begin, int z_end, int accumulate,
    float sx, float sy, float sz,
    int width, int height, int batch)
{
    const int pixels = width * height;
    const int gid = get_global_id(0);
    if (gid >= batch * pixels) return;
    const int slot = gid / pixels;
    const int p = gid - slot * pixels;
    if (slot >= GET_IMAGE_WIDTH(slots) || gid >= GET_IMAGE_WIDTH(images)) return;
    const int view = (int) slots[slot];
    if (view < 0 || VIEW_FLOATS * view + VIEW_FLOATS > GET_IMAGE_WIDTH(views)) return;
    const int row = p / width;
    const int col = p - row * width;

    __global const float* g = views + VIEW_FLOATS * view;
    // the ray end first, in the order of the cone-beam expression, so cone views stay bit-identical
    const float3 end = vload3(1, g) + (float) col * vload3(2, g) + (float) row * vload3(3, g);
    const float3 s = g[12] != 0.0f
        ? vload3(0, g) + ((float) col * vload3(2, g) + (float) row * vload3(3, g)) : vload3(0, g);
    const float3 d = end - s;
    const float len = length(d * (float3) (sx, sy, sz));

    float amin = 0.0f;
    float amax = 1.0f;
    const float tiny = PARALLEL * fmax(fabs(d.x), fmax(fabs(d.y), fabs(d.z)));
    clip_slab(s.x, d.x, tiny, nx, &amin, &amax);
    clip_slab(s.y, d.y, tiny, ny, &amin, &amax);
    clip_slab(s.z, d.z, tiny, nz, &amin, &amax);

    // alpha_k = a0 + k * da for k0 <= k < k1
    int k0 = 0;
    int k1 = 0;
    float a0 = 0.0f;
    float da = 0.0f;
#if DIFFDRR_SAMPLING
    if (2 * view + 2 > GET_IMAGE_WIDTH(ranges)) return;
    a0 = ranges[2 * view];
    da = (ranges[2 * view + 1] - a0) / (float) (npoints - 1);
    if (amin < amax && da > 0.0f) {
        // one sample of margin either side: those read zeros anyway
        k0 = (int) clamp(floor((amin - a0) / da) - 1.0f, 0.0f, (float) npoints);
        k1 = (int) clamp(ceil((amax - a0) / da) + 2.0f, 0.0f, (float) npoints);
    }
#else
    if (amin < amax) {
        k1 = max(1, (int) ceil((amax - amin) * len / step_mm));
        da = (amax - amin) / (float) k1;
        a0 = amin + 0.5f * da;
    }
#endif
    const float w = len * da;
    if ((z_begin > 0 || z_end < nz) && k0 < k1) {
        // only samples whose corner planes meet [z_begin, z_end), i.e. z in [z_begin - 0.5,
        // z_end + 0.5) in box coordinates, with a sample of margin: the weights below are exact
        if (fabs(d.z) > tiny) {
            const float inv = 1.0f / d.z;
            const float b0 = ((float) z_begin - 0.5f - s.z) * inv;
            const float b1 = ((float) z_end + 0.5f - s.z) * inv;
            const float lo = floor((fmin(b0, b1) - a0) / da) - 1.0f;
            const float hi = ceil((fmax(b0, b1) - a0) / da) + 2.0f;
            k0 = (int) clamp(lo, (float) k0, (float) k1);
            k1 = (int) clamp(hi, (float) k0, (float) k1);
        } else if (!(s.z > (float) z_begin - 0.5f && s.z < (float) z_end + 0.5f)) {
            k1 = k0;
        }
    }

#if ADJOINT
    const float weight = images[gid] * w;
    if (weight == 0.0f) return;
    // the cell being summed: its corner voxels and their summed weights
    int cx = 0, cy = 0, cz = 0;
    bool open = false;
    int i000 = 0, i001 = 0, i010 = 0, i011 = 0, i100 = 0, i101 = 0, i110 = 0, i111 = 0;
    float c000 = 0.0f, c001 = 0.0f, c010 = 0.0f, c011 = 0.0f;
    float c100 = 0.0f, c101 = 0.0f, c110 = 0.0f, c111 = 0.0f;
#define COMMIT_CELL { ADD_NONZERO(i000, c000); ADD_NONZERO(i001, c001); ADD_NONZERO(i010, c010); \
        ADD_NONZERO(i011, c011); ADD_NONZERO(i100, c100); ADD_NONZERO(i101, c101); \
        ADD_NONZERO(i110, c110); ADD_NONZERO(i111, c111); }
#else
    float sum = 0.0f;
#endif
    for (int k = k0; k < k1; k++) {
        // continuous voxel index (voxel i's value at i), its cell and fractions
        const float3 c = s + (a0 + (float) k * da) * d - 0.5f;
        const float3 cf = floor(c);
        const float3 f = c - cf;
        const int x0 = (int) cf.x;
        const int y0 = (int) cf.y;
        const int z0 = (int) cf.z;
        // neighbours outside the volume get weight 0 and a clamped (in-bounds) index
        const float wx0 = (x0 >= 0 && x0 < nx) ? 1.0f - f.x : 0.0f;
        const float wx1 = (x0 + 1 >= 0 && x0 + 1 < nx) ? f.x : 0.0f;
        const float wy0 = (y0 >= 0 && y0 < ny) ? 1.0f - f.y : 0.0f;
        const float wy1 = (y0 + 1 >= 0 && y0 + 1 < ny) ? f.y : 0.0f;
        const float wz0 = (z0 >= z_begin && z0 < z_end) ? 1.0f - f.z : 0.0f;
        const float wz1 = (z0 + 1 >= z_begin && z0 + 1 < z_end) ? f.z : 0.0f;
        const int xa = clamp(x0, 0, nx - 1);
        const int xb = clamp(x0 + 1, 0, nx - 1);
        const int ya = clamp(y0, 0, ny - 1) * nx;
        const int yb = clamp(y0 + 1, 0, ny - 1) * nx;
        const int za = (clamp(z0, z_begin, z_end - 1) - z_begin) * nx * ny;
        const int zb = (clamp(z0 + 1, z_begin, z_end - 1) - z_begin) * nx * ny;
#if ADJOINT
        if (!open || x0 != cx || y0 != cy || z0 != cz) {
            if (open) COMMIT_CELL;
            open = true;
            cx = x0;
            cy = y0;
            cz = z0;
            i000 = za + ya + xa; i001 = za + ya + xb; i010 = za + yb + xa; i011 = za + yb + xb;
            i100 = zb + ya + xa; i101 = zb + ya + xb; i110 = zb + yb + xa; i111 = zb + yb + xb;
            c000 = c001 = c010 = c011 = c100 = c101 = c110 = c111 = 0.0f;
        }
        c000 += weight * wz0 * wy0 * wx0; c001 += weight * wz0 * wy0 * wx1;
        c010 += weight * wz0 * wy1 * wx0; c011 += weight * wz0 * wy1 * wx1;
        c100 += weight * wz1 * wy0 * wx0; c101 += weight * wz1 * wy0 * wx1;
        c110 += weight * wz1 * wy1 * wx0; c111 += weight * wz1 * wy1 * wx1;
#else
        sum += wz0 * (wy0 * (wx0 * volume[za + ya + xa] + wx1 * volume[za + ya + xb])
                    + wy1 * (wx0 * volume[za + yb + xa] + wx1 * volume[za + yb + xb]))
             + wz1 * (wy0 * (wx0 * volume[zb + ya + xa] + wx1 * volume[zb + ya + xb])
                    + wy1 * (wx0 * volume[zb + yb + xa] + wx1 * volume[zb + yb + xb]));
#endif
    }
#if ADJOINT
    if (open) COMMIT_CELL;
#else
    images[gid] = accumulate ? images[gid] + sum * w : sum * w;
#endif
}
