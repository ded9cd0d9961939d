// First pass of a parallel reduction: each work-group (LOCAL_SIZE work-items, a power of two)
// sums a grid-strided share of the array in float, then a tree in local memory; partial[group]
// receives the group's sum. REDUCE 0: sum of a; 1: sum of a^2; 2: sum of a*b (same lengths).
__kernel void partial_sums(
    IMAGE_a_TYPE a,
#if REDUCE == 2
    IMAGE_b_TYPE b,
#endif
    IMAGE_partial_TYPE partial)
{
    __local float scratch[LOCAL_SIZE];
    const size_t n = GET_IMAGE_WIDTH(a);
    float acc = 0.0f;
    for (size_t i = get_global_id(0); i < n; i += get_global_size(0)) {
#if REDUCE == 0
        acc += a[i];
#elif REDUCE == 1
        acc += a[i] * a[i];
#else
        if (i < GET_IMAGE_WIDTH(b)) acc += a[i] * b[i];
#endif
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
