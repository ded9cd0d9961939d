// Weighted least squares over a batch of rendered views, first pass: r = rendered - target for
// every pixel (slot k's target and weight are view slots[k] of targets and weights, `pixels`
// floats per view), gradient <- scale * w * r (scale = 2 / (batch * pixels)), and per work-group
// partial sums of w * r^2 (LOCAL_SIZE work-items, grid-strided; sum_partials_x.cl finishes the
// loss). gradient may be the same buffer as rendered.
__kernel void wls_gradient(
    IMAGE_rendered_TYPE rendered, IMAGE_targets_TYPE targets, IMAGE_weights_TYPE weights,
    IMAGE_slots_TYPE slots, IMAGE_gradient_TYPE gradient, IMAGE_partial_TYPE partial,
    int pixels, int batch, float scale)
{
    __local float scratch[LOCAL_SIZE];
    const long n = (long) batch * pixels;
    float acc = 0.0f;
    for (long i = get_global_id(0); i < n; i += get_global_size(0)) {
        const int slot = (int) (i / pixels);
        const long t = (long) slots[slot] * pixels + (i - (long) slot * pixels);
        const bool inside = t >= 0 && t < GET_IMAGE_WIDTH(targets) && t < GET_IMAGE_WIDTH(weights);
        const float r = rendered[i] - (inside ? targets[t] : 0.0f);
        const float wr = (inside ? weights[t] : 0.0f) * r;
        gradient[i] = scale * wr;
        acc += wr * r;
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
