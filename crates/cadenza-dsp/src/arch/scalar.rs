//! Portable kernels: the fallback on CPUs without a SIMD path and the
//! definition of every kernel's exact result (the SIMD paths match these
//! bit for bit, except the meters' sum of squares, whose summation order
//! differs).
//!
//! Each function processes `min` of its slice lengths; the public wrappers
//! check lengths first.

/// Scale between integers of `bits` bits and floats in `[-1, 1)`.
pub(crate) const I16_SCALE: f32 = 32768.0;
pub(crate) const I24_SCALE: f32 = 8_388_608.0;
pub(crate) const I32_SCALE: f32 = 2_147_483_648.0;
pub(crate) const I24_MIN: i32 = -8_388_608;
pub(crate) const I24_MAX: i32 = 8_388_607;

#[inline(always)]
pub(crate) fn u8_to_f32(src: &[u8], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = (f32::from(s) - 128.0) * (1.0 / 128.0);
    }
}

#[inline(always)]
pub(crate) fn f32_to_u8(src: &[f32], dst: &mut [u8]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        // `as` saturates and maps NaN to 0.
        let v = ((s * 128.0).round_ties_even() as i16).clamp(-128, 127);
        *d = (v + 128) as u8;
    }
}

#[inline(always)]
pub(crate) fn i16_to_f32(src: &[i16], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = f32::from(s) * (1.0 / I16_SCALE);
    }
}

#[inline(always)]
pub(crate) fn f32_to_i16(src: &[f32], dst: &mut [i16]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = (s * I16_SCALE).round_ties_even() as i16;
    }
}

#[inline(always)]
pub(crate) fn i24_to_f32(src: &[u8], dst: &mut [f32]) {
    for (d, s) in dst.iter_mut().zip(src.chunks_exact(3)) {
        let v = i32::from_le_bytes([0, s[0], s[1], s[2]]) >> 8;
        *d = v as f32 * (1.0 / I24_SCALE);
    }
}

#[inline(always)]
pub(crate) fn f32_to_i24(src: &[f32], dst: &mut [u8]) {
    for (d, &s) in dst.chunks_exact_mut(3).zip(src) {
        let v = ((s * I24_SCALE).round_ties_even() as i32).clamp(I24_MIN, I24_MAX);
        d.copy_from_slice(&v.to_le_bytes()[..3]);
    }
}

#[inline(always)]
pub(crate) fn i32_to_f32(src: &[i32], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = s as f32 * (1.0 / I32_SCALE);
    }
}

#[inline(always)]
pub(crate) fn f32_to_i32(src: &[f32], dst: &mut [i32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = (s * I32_SCALE).round_ties_even() as i32;
    }
}

#[inline(always)]
pub(crate) fn f64_to_f32(src: &[f64], dst: &mut [f32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = s as f32;
    }
}

#[inline(always)]
pub(crate) fn f32_to_f64(src: &[f32], dst: &mut [f64]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = f64::from(s);
    }
}

#[inline(always)]
pub(crate) fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    for ((o, &l), &r) in out.chunks_exact_mut(2).zip(left).zip(right) {
        o[0] = l;
        o[1] = r;
    }
}

#[inline(always)]
pub(crate) fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    for ((i, l), r) in input
        .chunks_exact(2)
        .zip(left.iter_mut())
        .zip(right.iter_mut())
    {
        *l = i[0];
        *r = i[1];
    }
}

#[inline(always)]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    let n = inputs.len();
    if n == 0 {
        return;
    }
    for (c, input) in inputs.iter().enumerate() {
        for (o, &s) in out.iter_mut().skip(c).step_by(n).zip(input.iter()) {
            *o = s;
        }
    }
}

#[inline(always)]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    let n = outputs.len();
    if n == 0 {
        return;
    }
    for (c, output) in outputs.iter_mut().enumerate() {
        for (o, &s) in output.iter_mut().zip(input.iter().skip(c).step_by(n)) {
            *o = s;
        }
    }
}

/// Clamp used by the float mixer: NaN becomes 0, the rest is limited to
/// `[-1, 1]`.
#[inline(always)]
pub(crate) fn clamp_unit(x: f32) -> f32 {
    if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) }
}

#[inline(always)]
pub(crate) fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    for (i, d) in dst.iter_mut().enumerate() {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += s[i] * g;
        }
        *d = clamp_unit(acc);
    }
}

#[inline(always)]
pub(crate) fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    for (i, d) in dst.iter_mut().enumerate() {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += f32::from(s[i]) * g;
        }
        *d = acc.round_ties_even() as i16;
    }
}

/// `buf[i] *= start + step * i` (mul then add, not fused).
#[inline(always)]
pub(crate) fn gain_ramp(buf: &mut [f32], start: f32, step: f32) {
    for (i, x) in buf.iter_mut().enumerate() {
        *x *= start + step * i as f32;
    }
}

#[inline(always)]
pub(crate) fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, &v| m.max(v.abs()))
}

#[inline(always)]
pub(crate) fn sum_squares(x: &[f32]) -> f64 {
    x.iter().map(|&v| f64::from(v * v)).sum()
}

#[inline(always)]
pub(crate) fn peak_sum_squares(x: &[f32]) -> (f32, f64) {
    (peak(x), sum_squares(x))
}
