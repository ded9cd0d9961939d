// One SGD step, torch semantics (no dampening, no Nesterov), element-wise: at the first step
// (first = 1) or with momentum 0, buf <- g; afterwards buf <- momentum * buf + g; then
// x <- x - lr * buf.
__kernel void sgd_step(
    IMAGE_x_TYPE x, IMAGE_g_TYPE g, IMAGE_buf_TYPE buf, float lr, float momentum, int first)
{
    const size_t i = get_global_id(0);
    if (i >= GET_IMAGE_WIDTH(x) || i >= GET_IMAGE_WIDTH(g) || i >= GET_IMAGE_WIDTH(buf)) return;
    const float b = (first || momentum == 0.0f) ? g[i] : momentum * buf[i] + g[i];
    buf[i] = b;
    x[i] -= lr * b;
}
