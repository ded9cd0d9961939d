// The pose derivative of the trilinear DRR (voxel-centred sampling, DIFFDRR_SAMPLING 0 of
// trilinear_project_x.cl) as a vector-Jacobian product; output and reduction as in
// siddon_pose_gradient_x.cl. Per ray: m = ceil(l / step_mm) samples (held fixed) at
// alpha_k = lo + (k + 1/2) h, h = (hi - lo) / m, weight w = L h, pixel = w * sum_k rho(x_k).
// The gradient of the interpolant G_k moves with each sample: d/ds = w sum G_k,
// d/dd (alpha fixed) = w sum alpha_k G_k; the samples also follow the support ends lo, hi
// (planes -1/2 and n + 1/2, or fixed at 0, 1), which slide them and change w; plus the ray
// length's own term pixel * (P - S) / L^2.

#define PARALLEL 1e-6f

inline void clip_support_axis(const float s, const float d, const float tiny, const int n,
                              const int axis, float* amin, float* amax, int* lo_axis, int* hi_axis)
{
    if (fabs(d) > tiny) {
        const float inv = 1.0f / d;
        const float a0 = (-0.5f - s) * inv;
        const float a1 = ((float) n + 0.5f - s) * inv;
        const float nearest = fmin(a0, a1);
        const float farthest = fmax(a0, a1);
        if (nearest > *amin) { *amin = nearest; *lo_axis = axis; }
        if (farthest < *amax) { *amax = farthest; *hi_axis = axis; }
    } else if (!(s > -0.5f && s < (float) n + 0.5f)) {
        *amax = -1.0f;
    }
}

inline float tri_voxel(__global const float* volume, const int x, const int y, const int z,
                   const int nx, const int ny, const int nz)
{
    if (x < 0 || x >= nx || y < 0 || y >= ny || z < 0 || z >= nz) return 0.0f;
    return volume[x + nx * (y + ny * z)];
}

__kernel void trilinear_pose_gradient(
    IMAGE_volume_TYPE volume,
    IMAGE_grads_TYPE grads,
    IMAGE_view_TYPE view,
    IMAGE_partials_TYPE partials,
    float step_mm,
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
    if (gp != 0.0f && GET_IMAGE_WIDTH(view) >= 12) {
        const int row = gid / width;
        const int col = gid - row * width;
        const float3 s = vload3(0, view);
        const float3 d = vload3(1, view) + (float) col * vload3(2, view) + (float) row * vload3(3, view) - s;
        const float3 sp = (float3) (sx, sy, sz);
        const float3 w3 = d * sp;
        const float len = length(w3);
        float amin = 0.0f;
        float amax = 1.0f;
        int lo_axis = -1, hi_axis = -1;
        const float tiny = PARALLEL * fmax(fabs(d.x), fmax(fabs(d.y), fabs(d.z)));
        clip_support_axis(s.x, d.x, tiny, nx, 0, &amin, &amax, &lo_axis, &hi_axis);
        clip_support_axis(s.y, d.y, tiny, ny, 1, &amin, &amax, &lo_axis, &hi_axis);
        clip_support_axis(s.z, d.z, tiny, nz, 2, &amin, &amax, &lo_axis, &hi_axis);
        if (amin < amax && len > 0.0f) {
            const int m = max(1, (int) ceil((amax - amin) * len / step_mm));
            const float h = (amax - amin) / (float) m;
            const float wt = len * h;
            float sum = 0.0f;
            float3 g0 = (float3) (0.0f), g1 = (float3) (0.0f);
            for (int k = 0; k < m; k++) {
                const float ck = (float) k + 0.5f;
                const float3 u = s + (amin + ck * h) * d - 0.5f;
                const float3 uf = floor(u);
                const float3 f = u - uf;
                const int x0 = (int) uf.x, y0 = (int) uf.y, z0 = (int) uf.z;
                const float v000 = tri_voxel(volume, x0, y0, z0, nx, ny, nz);
                const float v100 = tri_voxel(volume, x0 + 1, y0, z0, nx, ny, nz);
                const float v010 = tri_voxel(volume, x0, y0 + 1, z0, nx, ny, nz);
                const float v110 = tri_voxel(volume, x0 + 1, y0 + 1, z0, nx, ny, nz);
                const float v001 = tri_voxel(volume, x0, y0, z0 + 1, nx, ny, nz);
                const float v101 = tri_voxel(volume, x0 + 1, y0, z0 + 1, nx, ny, nz);
                const float v011 = tri_voxel(volume, x0, y0 + 1, z0 + 1, nx, ny, nz);
                const float v111 = tri_voxel(volume, x0 + 1, y0 + 1, z0 + 1, nx, ny, nz);
                const float c00 = v000 + f.x * (v100 - v000), c10 = v010 + f.x * (v110 - v010);
                const float c01 = v001 + f.x * (v101 - v001), c11 = v011 + f.x * (v111 - v011);
                const float c0 = c00 + f.y * (c10 - c00), c1 = c01 + f.y * (c11 - c01);
                const float dx00 = v100 - v000, dx10 = v110 - v010, dx01 = v101 - v001, dx11 = v111 - v011;
                const float dx0 = dx00 + f.y * (dx10 - dx00), dx1 = dx01 + f.y * (dx11 - dx01);
                const float3 g = (float3) (dx0 + f.z * (dx1 - dx0),
                                           (c10 - c00) + f.z * ((c11 - c01) - (c10 - c00)),
                                           c1 - c0);
                sum += c0 + f.z * (c1 - c0);
                g0 += g;
                g1 += ck * g;
            }
            float3 ds = wt * g0;
            float3 dd = wt * (amin * g0 + h * g1);
            const float gd0 = dot(g0, d);
            const float gd1 = dot(g1, d) / (float) m;
            const float per_length = len / (float) m;
            const float dlo = wt * (gd0 - gd1) - per_length * sum;
            const float dhi = wt * gd1 + per_length * sum;
            if (lo_axis == 0) { ds.x -= dlo / d.x; dd.x -= dlo * amin / d.x; }
            else if (lo_axis == 1) { ds.y -= dlo / d.y; dd.y -= dlo * amin / d.y; }
            else if (lo_axis == 2) { ds.z -= dlo / d.z; dd.z -= dlo * amin / d.z; }
            if (hi_axis == 0) { ds.x -= dhi / d.x; dd.x -= dhi * amax / d.x; }
            else if (hi_axis == 1) { ds.y -= dhi / d.y; dd.y -= dhi * amax / d.y; }
            else if (hi_axis == 2) { ds.z -= dhi / d.z; dd.z -= dhi * amax / d.z; }
            const float pixel = wt * sum;
            const float lt = pixel / (len * len);
            const float3 dP = dd / sp + lt * w3;
            const float3 dS = (ds - dd) / sp - lt * w3;
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
