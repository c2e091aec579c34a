//! avx512 kernels.

portable! { "avx512f,avx512bw,avx2,fma":
    fn u8_to_f32(src: &[u8], dst: &mut [f32]);
    fn f32_to_u8(src: &[f32], dst: &mut [u8]);
    fn i16_to_f32(src: &[i16], dst: &mut [f32]);
    fn f32_to_i16(src: &[f32], dst: &mut [i16]);
    fn i24_to_f32(src: &[u8], dst: &mut [f32]);
    fn f32_to_i24(src: &[f32], dst: &mut [u8]);
    fn i32_to_f32(src: &[i32], dst: &mut [f32]);
    fn f32_to_i32(src: &[f32], dst: &mut [i32]);
    fn f64_to_f32(src: &[f64], dst: &mut [f32]);
    fn f32_to_f64(src: &[f32], dst: &mut [f64]);
    fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]);
    fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]);
    fn interleave_n(inputs: &[&[f32]], out: &mut [f32]);
    fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]);
    fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]);
    fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]);
    fn gain_ramp(buf: &mut [f32], start: f32, step: f32);
    fn peak(x: &[f32]) -> f32;
    fn sum_squares(x: &[f32]) -> f64;
    fn peak_sum_squares(x: &[f32]) -> (f32, f64);
}
