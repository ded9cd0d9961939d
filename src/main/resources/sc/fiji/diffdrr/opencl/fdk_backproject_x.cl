// FDK's voxel-driven backprojector: voxel (i, j, k) gathers, for every view v,
// bilinear(image_v, b/w, a/w) / w^2 with (a, b, w) = P_v (i, j, k, 1), P_v the 12 floats at
// 12 v of matrices (row-major 3x4). Zero off the detector and behind the source.
// One work-item per voxel; the volume accumulates (volume += sum). The buffer may hold only the
// nz planes from plane z0 on (a slab of a larger volume): voxel k of the buffer is plane z0 + k.
inline float pixel_at(__global const float* images, const long base, const int r, const int c,
                      const int height, const int width)
{
    if (r < 0 || c < 0 || r >= height || c >= width) return 0.0f;
    return images[base + (long) r * width + c];
}

__kernel void fdk_backproject(
    IMAGE_images_TYPE images, IMAGE_matrices_TYPE matrices, IMAGE_volume_TYPE volume,
    int nx, int ny, int nz, int z0, int views, int height, int width)
{
    const long idx = get_global_id(0);
    const long voxels = (long) nx * ny * nz;
    if (idx >= voxels || idx >= GET_IMAGE_WIDTH(volume)) return;
    const float x = (float) (idx % nx);
    const float y = (float) ((idx / nx) % ny);
    const float z = (float) (idx / ((long) nx * ny) + z0);
    const long pixels = (long) height * width;
    float sum = 0.0f;
    for (int v = 0; v < views; v++) {
        const int o = 12 * v;
        const float w = matrices[o + 8] * x + matrices[o + 9] * y + matrices[o + 10] * z
            + matrices[o + 11];
        if (!(w > 0.0f)) continue;
        const float inv = 1.0f / w;
        const float c = (matrices[o] * x + matrices[o + 1] * y + matrices[o + 2] * z
            + matrices[o + 3]) * inv;
        const float r = (matrices[o + 4] * x + matrices[o + 5] * y + matrices[o + 6] * z
            + matrices[o + 7]) * inv;
        if (!(c > -1.0f && c < (float) width && r > -1.0f && r < (float) height)) continue;
        const float cf = floor(c), rf = floor(r);
        const int c0 = (int) cf, r0 = (int) rf;
        const float fc = c - cf, fr = r - rf;
        const long base = (long) v * pixels;
        const float top = (1.0f - fc) * pixel_at(images, base, r0, c0, height, width)
            + fc * pixel_at(images, base, r0, c0 + 1, height, width);
        const float bottom = (1.0f - fc) * pixel_at(images, base, r0 + 1, c0, height, width)
            + fc * pixel_at(images, base, r0 + 1, c0 + 1, height, width);
        sum += (top + fr * (bottom - top)) * inv * inv;
    }
    volume[idx] += sum;
}
