// MSE over a batch of rendered views, first pass: r = rendered - target for every pixel
// (slot k's target is view slots[k] of targets, `pixels` floats per view),
// gradient <- scale * r (scale = 2 / (batch * pixels)), and per work-group partial sums of r^2
// (LOCAL_SIZE work-items, grid-strided; sum_partials_x.cl finishes the loss).
// gradient may be the same buffer as rendered.
__kernel void mse_gradient(
    IMAGE_rendered_TYPE rendered, IMAGE_targets_TYPE targets, IMAGE_slots_TYPE slots,
    IMAGE_gradient_TYPE gradient, IMAGE_partial_TYPE partial,
    int pixels, int batch, float scale)
{
    __local float scratch[LOCAL_SIZE];
    const long n = (long) batch * pixels;
    float acc = 0.0f;
    for (long i = get_global_id(0); i < n; i += get_global_size(0)) {
        const int slot = (int) (i / pixels);
        const long t = (long) slots[slot] * pixels + (i - (long) slot * pixels);
        const float r = rendered[i] - (t >= 0 && t < GET_IMAGE_WIDTH(targets) ? targets[t] : 0.0f);
        gradient[i] = scale * r;
        acc += r * r;
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
