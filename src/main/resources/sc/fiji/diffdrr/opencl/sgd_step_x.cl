// One SGD step, torch semantics (no dampening, no Nesterov), element-wise. MOMENTUM 1: at the
// first step buf <- g, afterwards buf <- momentum * buf + g; then x <- x - lr * buf.
// MOMENTUM 0 (momentum 0): x <- x - lr * g, no buffer.
__kernel void sgd_step(
    IMAGE_x_TYPE x, IMAGE_g_TYPE g,
#if MOMENTUM
    IMAGE_buf_TYPE buf, float momentum, int first,
#endif
    float lr)
{
    const size_t i = get_global_id(0);
    if (i >= GET_IMAGE_WIDTH(x) || i >= GET_IMAGE_WIDTH(g)) return;
#if MOMENTUM
    if (i >= GET_IMAGE_WIDTH(buf)) return;
    const float b = first ? g[i] : momentum * buf[i] + g[i];
    buf[i] = b;
    x[i] -= lr * b;
#else
    x[i] -= lr * g[i];
#endif
}
