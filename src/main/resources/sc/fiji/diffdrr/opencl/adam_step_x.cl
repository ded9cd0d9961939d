// One Adam step, torch semantics, element-wise:
// m <- beta1 m + (1 - beta1) g; v <- beta2 v + (1 - beta2) g^2;
// x <- x - step_size * m / (sqrt(v) * inv_sqrt_bc2 + eps),
// with step_size = lr / (1 - beta1^t) and inv_sqrt_bc2 = 1 / sqrt(1 - beta2^t) from the host.
__kernel void adam_step(
    IMAGE_x_TYPE x, IMAGE_g_TYPE g, IMAGE_m_TYPE m, IMAGE_v_TYPE v,
    float beta1, float beta2, float step_size, float inv_sqrt_bc2, float eps)
{
    const size_t i = get_global_id(0);
    if (i >= GET_IMAGE_WIDTH(x) || i >= GET_IMAGE_WIDTH(g) || i >= GET_IMAGE_WIDTH(m)
        || i >= GET_IMAGE_WIDTH(v)) return;
    const float gi = g[i];
    const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
    const float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    x[i] -= step_size * mi / (sqrt(vi) * inv_sqrt_bc2 + eps);
}
