// dst <- 1 / dst where dst > eps, else 0 (rays and voxels that see nothing get no update).
__kernel void reciprocal_values(IMAGE_dst_TYPE dst, float eps)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(dst)) {
        const float v = dst[i];
        dst[i] = v > eps ? 1.0f / v : 0.0f;
    }
}
