// dst <- min(max(dst, lo), hi), element-wise.
__kernel void clamp_values(IMAGE_dst_TYPE dst, float lo, float hi)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(dst)) dst[i] = fmin(fmax(dst[i], lo), hi);
}
