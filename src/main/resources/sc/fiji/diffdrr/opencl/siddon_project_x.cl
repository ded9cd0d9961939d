// Siddon's exact radiological path through a volume: the forward projection (ADJOINT 0) or its
// exact adjoint (ADJOINT 1), chosen at compile time so both walk the same code. One work-item per
// ray of a batch of views, neighbouring work-items on neighbouring rays (on PoCL ten times faster
// for the adjoint than spreading them over distant rays, which defeats the caches).
//
// volume: nx*ny*nz floats, x fastest. images: `batch` slots of width*height floats, row-major.
// views: VIEW_FLOATS per view in box coordinates (voxel i fills [i, i+1]): the ray start, the end
// of pixel (0,0)'s ray, the column step and the row step, m. slots: the view id of each slot (a float).
// Pixel (row, col) = L * sum over the voxels its ray crosses of (delta alpha) * density, with the
// ray from the source (alpha 0) to the pixel centre (alpha 1) clipped to the box [0, n] and to
// alpha in [0, 1], and L its length in mm. The adjoint scatters exactly these weights.
//
// Fast-math is on: no division by a direction component that may be 0 (an axis whose |d_a| is
// below PARALLEL times the largest component is parallel to its planes: never divided by, its
// voxel i the half-open [i, i+1)), no INF. Volume reads happen only at indices checked to lie
// inside the volume.
//
// Slabs: the volume buffer may hold only the planes z_begin <= z < z_end of the nz planes (a
// volume larger than the device, streamed through it slab by slab). The walk is then clipped to
// z in [z_begin, z_end] (the exact partial line integral of those planes), voxels are indexed at
// z - z_begin, and the forward adds its partial sums to the images (accumulate 1) instead of
// writing them. With z_begin 0, z_end nz and accumulate 0 it computes exactly the whole volume's.

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

// Narrows [amin, amax] to the alpha range where s + alpha*d lies in the slab [lo, hi].
inline void clip_slab(const float s, const float d, const float tiny, const int lo, const int hi,
                      float* amin, float* amax)
{
    if (fabs(d) > tiny) {
        const float inv = 1.0f / d;
        const float a0 = ((float) lo - s) * inv;
        const float a1 = ((float) hi - s) * inv;
        *amin = fmax(*amin, fmin(a0, a1));
        *amax = fmin(*amax, fmax(a0, a1));
    } else if (!(s >= (float) lo && s < (float) hi)) {
        *amax = -1.0f;
    }
}

__kernel void siddon_project(
    IMAGE_volume_TYPE volume,
    IMAGE_images_TYPE images,
    IMAGE_views_TYPE views,
    IMAGE_slots_TYPE slots,
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
    clip_slab(s.x, d.x, tiny, 0, nx, &amin, &amax);
    clip_slab(s.y, d.y, tiny, 0, ny, &amin, &amax);
    clip_slab(s.z, d.z, tiny, z_begin, z_end, &amin, &amax);

#if ADJOINT
    const float weight = images[gid] * len;
    if (weight == 0.0f) return;
#else
    float sum = 0.0f;
#endif
    if (amin < amax) {
        // The voxel at the entry point, then the alpha of the next plane crossed along each axis,
        // always computed from the plane's integer index (no drift).
        const float3 e = s + amin * d;
        int ix = clamp((int) floor(e.x), 0, nx - 1);
        int iy = clamp((int) floor(e.y), 0, ny - 1);
        int iz = clamp((int) floor(e.z), z_begin, z_end - 1);
        const int stx = d.x > 0.0f ? 1 : -1;
        const int sty = d.y > 0.0f ? 1 : -1;
        const int stz = d.z > 0.0f ? 1 : -1;
        const float invx = fabs(d.x) > tiny ? 1.0f / d.x : 0.0f;
        const float invy = fabs(d.y) > tiny ? 1.0f / d.y : 0.0f;
        const float invz = fabs(d.z) > tiny ? 1.0f / d.z : 0.0f;
        float ax = invx != 0.0f ? ((float) (ix + (stx > 0)) - s.x) * invx : 2.0f;
        float ay = invy != 0.0f ? ((float) (iy + (sty > 0)) - s.y) * invy : 2.0f;
        float az = invz != 0.0f ? ((float) (iz + (stz > 0)) - s.z) * invz : 2.0f;

        float a = amin;
        for (int guard = nx + ny + nz + 3; guard > 0 && a < amax; guard--) {
            const float next = fmin(fmin(ax, ay), fmin(az, amax));
            const float seg = next - a;
            if (seg > 0.0f) {
                const int index = ix + nx * (iy + ny * (iz - z_begin));
#if ADJOINT
                atomic_add_float(volume + index, weight * seg);
#else
                sum += volume[index] * seg;
#endif
            }
            a = next;
            if (next == ax) {
                ix += stx;
                if (ix < 0 || ix >= nx) break;
                ax = ((float) (ix + (stx > 0)) - s.x) * invx;
            } else if (next == ay) {
                iy += sty;
                if (iy < 0 || iy >= ny) break;
                ay = ((float) (iy + (sty > 0)) - s.y) * invy;
            } else if (next == az) {
                iz += stz;
                if (iz < z_begin || iz >= z_end) break;
                az = ((float) (iz + (stz > 0)) - s.z) * invz;
            }
        }
    }
#if !ADJOINT
    images[gid] = accumulate ? images[gid] + sum * len : sum * len;
#endif
}
