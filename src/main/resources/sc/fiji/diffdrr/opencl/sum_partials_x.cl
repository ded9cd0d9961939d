// Final pass of a parallel reduction, one work-group of LOCAL_SIZE work-items:
// dst[0] <- scale * (partial[0] + ... + partial[count - 1]).
__kernel void sum_partials(IMAGE_partial_TYPE partial, IMAGE_dst_TYPE dst, int count, float scale)
{
    __local float scratch[LOCAL_SIZE];
    const int lid = get_local_id(0);
    const int n = min((long) count, GET_IMAGE_WIDTH(partial));
    float acc = 0.0f;
    for (int i = lid; i < n; i += LOCAL_SIZE) acc += partial[i];
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int stride = LOCAL_SIZE / 2; stride > 0; stride /= 2) {
        if (lid < stride) scratch[lid] += scratch[lid + stride];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) dst[0] = scale * scratch[0];
}
