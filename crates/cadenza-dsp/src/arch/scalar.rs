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

/// Interleaves with the channel count known at compile time, frame by
/// frame (sequential writes; the compiler turns the fixed pattern into
/// shuffles when a vector ISA is enabled).
#[inline(always)]
fn interleave_const<const N: usize>(inputs: &[&[f32]], out: &mut [f32]) {
    let frames = inputs.iter().fold(out.len() / N, |n, c| n.min(c.len()));
    let ins: [&[f32]; N] = std::array::from_fn(|c| &inputs[c][..frames]);
    for (i, frame) in out.chunks_exact_mut(N).take(frames).enumerate() {
        for c in 0..N {
            frame[c] = ins[c][i];
        }
    }
}

#[inline(always)]
fn deinterleave_const<const N: usize>(input: &[f32], outputs: &mut [&mut [f32]]) {
    let frames = outputs.iter().fold(input.len() / N, |n, c| n.min(c.len()));
    let mut it = outputs.iter_mut();
    let outs: [&mut [f32]; N] =
        std::array::from_fn(|_| &mut it.next().expect("N outputs")[..frames]);
    for (i, frame) in input.chunks_exact(N).take(frames).enumerate() {
        for c in 0..N {
            outs[c][i] = frame[c];
        }
    }
}

#[inline(always)]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    match inputs.len() {
        0 => {}
        1 => interleave_const::<1>(inputs, out),
        2 => interleave_const::<2>(inputs, out),
        3 => interleave_const::<3>(inputs, out),
        4 => interleave_const::<4>(inputs, out),
        5 => interleave_const::<5>(inputs, out),
        6 => interleave_const::<6>(inputs, out),
        7 => interleave_const::<7>(inputs, out),
        8 => interleave_const::<8>(inputs, out),
        n => {
            for (i, frame) in out.chunks_exact_mut(n).enumerate() {
                for (o, input) in frame.iter_mut().zip(inputs) {
                    if let Some(&s) = input.get(i) {
                        *o = s;
                    }
                }
            }
        }
    }
}

#[inline(always)]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    match outputs.len() {
        0 => {}
        1 => deinterleave_const::<1>(input, outputs),
        2 => deinterleave_const::<2>(input, outputs),
        3 => deinterleave_const::<3>(input, outputs),
        4 => deinterleave_const::<4>(input, outputs),
        5 => deinterleave_const::<5>(input, outputs),
        6 => deinterleave_const::<6>(input, outputs),
        7 => deinterleave_const::<7>(input, outputs),
        8 => deinterleave_const::<8>(input, outputs),
        n => {
            for (i, frame) in input.chunks_exact(n).enumerate() {
                for (&s, output) in frame.iter().zip(outputs.iter_mut()) {
                    if let Some(o) = output.get_mut(i) {
                        *o = s;
                    }
                }
            }
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
