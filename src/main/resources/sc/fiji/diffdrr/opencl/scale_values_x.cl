// dst <- factor * dst, element-wise.
__kernel void scale_values(IMAGE_dst_TYPE dst, float factor)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(dst)) dst[i] = factor * dst[i];
}
