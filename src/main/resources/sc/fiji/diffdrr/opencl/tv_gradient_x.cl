// Smoothed isotropic 3-D total variation in voxel units with forward differences (zero past the
// last voxel of an axis): s_u = sqrt(sum_a (x[u + e_a] - x[u])^2 + eps^2), TV = mean of s_u.
// gradient[v] += factor * dTV/dx_v * N (factor = weight / N), gathered per voxel:
// -(sum_a D_a(v)) / s_v + sum over axes with v_a > 0 of D_a(v - e_a) / s_(v - e_a).
// Per work-group partial sums of s_u (LOCAL_SIZE work-items, grid-strided; sum_partials_x.cl
// finishes TV).

// s at voxel i = (xx, y, z); also its forward differences when d is given.
inline float tv_magnitude(__global const float* x, const long i, const int xx, const int y,
                          const int z, const int nx, const int ny, const int nz, const float eps2,
                          float3* d)
{
    const float c = x[i];
    const float dx = xx + 1 < nx ? x[i + 1] - c : 0.0f;
    const float dy = y + 1 < ny ? x[i + nx] - c : 0.0f;
    const float dz = z + 1 < nz ? x[i + (long) nx * ny] - c : 0.0f;
    if (d) *d = (float3) (dx, dy, dz);
    return sqrt(dx * dx + dy * dy + dz * dz + eps2);
}

__kernel void tv_gradient(
    IMAGE_x_TYPE x, IMAGE_gradient_TYPE gradient, IMAGE_partial_TYPE partial,
    int nx, int ny, int nz, float eps, float factor)
{
    __local float scratch[LOCAL_SIZE];
    const long slice = (long) nx * ny;
    const long n = slice * nz;
    const float eps2 = eps * eps;
    float acc = 0.0f;
    if (n <= GET_IMAGE_WIDTH(x) && n <= GET_IMAGE_WIDTH(gradient)) {
        for (long i = get_global_id(0); i < n; i += get_global_size(0)) {
            const int z = (int) (i / slice);
            const long r = i - z * slice;
            const int y = (int) (r / nx);
            const int xx = (int) (r - (long) y * nx);
            float3 d;
            const float s = tv_magnitude(x, i, xx, y, z, nx, ny, nz, eps2, &d);
            acc += s;
            const float c = x[i];
            float g = -(d.x + d.y + d.z) / s;
            if (xx > 0) g += (c - x[i - 1]) / tv_magnitude(x, i - 1, xx - 1, y, z, nx, ny, nz, eps2, 0);
            if (y > 0) g += (c - x[i - nx]) / tv_magnitude(x, i - nx, xx, y - 1, z, nx, ny, nz, eps2, 0);
            if (z > 0) g += (c - x[i - slice]) / tv_magnitude(x, i - slice, xx, y, z - 1, nx, ny, nz, eps2, 0);
            gradient[i] += factor * g;
        }
    }
    const int lid = get_local_id(0);
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LOCAL_SIZE / 2; stride > 0; stride /= 2) {
        if (lid < stride) scratch[lid] += scratch[lid + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0 && get_group_id(0) < GET_IMAGE_WIDTH(partial)) {
        partial[get_group_id(0)] = scratch[0];
    }
}
