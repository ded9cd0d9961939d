// y <- y + a * x, element-wise.
__kernel void axpy_values(IMAGE_x_TYPE x, IMAGE_y_TYPE y, float a)
{
    const size_t i = get_global_id(0);
    if (i < GET_IMAGE_WIDTH(y) && i < GET_IMAGE_WIDTH(x)) y[i] = y[i] + a * x[i];
}
