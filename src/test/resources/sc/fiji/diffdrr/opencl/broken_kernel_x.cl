// Deliberately does not compile: the memory test checks that a failed build throws with the
// log and leaves no buffer behind.
__kernel void broken_kernel(IMAGE_dst_TYPE dst)
{
    dst[get_global_id(0)] = undeclared_identifier;
}
