// dst <- value, element-wise.
__kernel void fill_value(IMAGE_dst_TYPE dst, float value)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(dst)) dst[i] = value;
}
