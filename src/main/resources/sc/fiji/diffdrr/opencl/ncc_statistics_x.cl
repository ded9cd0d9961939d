// Per-view statistics of DiffDRR's NCC, one work-group (LOCAL_SIZE work-items) per slot of the
// batch: x = rendered slot k, y = targets view slots[k] (`pixels` floats each). Two passes (the
// means, then centred sums) for accuracy. stats[5k ..]: mean x, mean y, sigma x, sigma y, ncc,
// with sigma = sqrt(population variance + eps) and ncc = sum (x - mx)(y - my) / (P sx sy).
__kernel void ncc_statistics(
    IMAGE_rendered_TYPE rendered, IMAGE_targets_TYPE targets, IMAGE_slots_TYPE slots,
    IMAGE_stats_TYPE stats, int pixels, float eps)
{
    __local float sa[LOCAL_SIZE];
    __local float sb[LOCAL_SIZE];
    __local float sc[LOCAL_SIZE];
    const int slot = get_group_id(0);
    const int lid = get_local_id(0);
    const long xo = (long) slot * pixels;
    const long yo = (long) slots[slot] * pixels;
    const bool valid = xo + pixels <= GET_IMAGE_WIDTH(rendered)
        && yo >= 0 && yo + pixels <= GET_IMAGE_WIDTH(targets)
        && 5 * slot + 5 <= GET_IMAGE_WIDTH(stats);

    float ax = 0.0f;
    float ay = 0.0f;
    if (valid) {
        for (int p = lid; p < pixels; p += LOCAL_SIZE) {
            ax += rendered[xo + p];
            ay += targets[yo + p];
        }
    }
    sa[lid] = ax;
    sb[lid] = ay;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LOCAL_SIZE / 2; stride > 0; stride /= 2) {
        if (lid < stride) {
            sa[lid] += sa[lid + stride];
            sb[lid] += sb[lid + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float mx = sa[0] / pixels;
    const float my = sb[0] / pixels;
    barrier(CLK_LOCAL_MEM_FENCE);

    float xx = 0.0f;
    float yy = 0.0f;
    float xy = 0.0f;
    if (valid) {
        for (int p = lid; p < pixels; p += LOCAL_SIZE) {
            const float dx = rendered[xo + p] - mx;
            const float dy = targets[yo + p] - my;
            xx += dx * dx;
            yy += dy * dy;
            xy += dx * dy;
        }
    }
    sa[lid] = xx;
    sb[lid] = yy;
    sc[lid] = xy;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LOCAL_SIZE / 2; stride > 0; stride /= 2) {
        if (lid < stride) {
            sa[lid] += sa[lid + stride];
            sb[lid] += sb[lid + stride];
            sc[lid] += sc[lid + stride];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0 && valid) {
        const float sigx = sqrt(sa[0] / pixels + eps);
        const float sigy = sqrt(sb[0] / pixels + eps);
        stats[5 * slot] = mx;
        stats[5 * slot + 1] = my;
        stats[5 * slot + 2] = sigx;
        stats[5 * slot + 3] = sigy;
        stats[5 * slot + 4] = sc[0] / (pixels * sigx * sigy);
    }
}
