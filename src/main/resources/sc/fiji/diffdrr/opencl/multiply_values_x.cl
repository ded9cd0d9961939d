// y <- x * y, element-wise.
__kernel void multiply_values(IMAGE_x_TYPE x, IMAGE_y_TYPE y)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(y) && i < GET_IMAGE_WIDTH(x)) y[i] = x[i] * y[i];
}
