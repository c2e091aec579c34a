//! NEON (Advanced SIMD) kernels: 4 `f32` lanes per 128-bit register. Each
//! kernel runs its vector loop over whole chunks (`as_chunks`) and hands the
//! remainder to the portable kernel, which defines the exact result; the
//! vector code reproduces it bit for bit, except the sum of squares, whose
//! order of additions differs.
//!
//! NEON needs no masking or capping for the float-to-integer conversions that
//! x86 does: `FCVTNS` (`vcvtnq_s32_f32`) rounds to nearest even, saturates
//! and maps NaN to 0, exactly Rust's `round_ties_even() as i32`, and the
//! saturating narrows (`vqmovn`) then clamp to 16 and 8 bits. Products and
//! sums use separate multiply and add (never `fma`) where the portable kernel
//! rounds twice. The structure loads and stores (`vld2q`/`vld3q`/`vld4q`,
//! `vst2q`/...) interleave channels and split packed 24-bit samples.

use crate::arch::scalar::{self, I16_SCALE, I24_MAX, I24_MIN, I24_SCALE, I32_SCALE};
use std::arch::aarch64::*;

/// The portable interleaver compiled for NEON (channel counts other than 3, 4).
#[target_feature(enable = "neon")]
fn interleave_many(inputs: &[&[f32]], out: &mut [f32]) {
    scalar::interleave_n(inputs, out)
}

/// The portable de-interleaver compiled for NEON (channel counts other than 3, 4).
#[target_feature(enable = "neon")]
fn deinterleave_many(input: &[f32], outputs: &mut [&mut [f32]]) {
    scalar::deinterleave_n(input, outputs)
}

/// `x` with NaN lanes replaced by 0.
#[inline]
#[target_feature(enable = "neon")]
fn zero_nan(x: float32x4_t) -> float32x4_t {
    vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(x), vceqq_f32(x, x)))
}

/// `x * scale` rounded to nearest even, saturated to `i32`, NaN to 0.
#[inline]
#[target_feature(enable = "neon")]
fn to_i32(x: float32x4_t, scale: float32x4_t) -> int32x4_t {
    vcvtnq_s32_f32(vmulq_f32(x, scale))
}

/// Eight `f32` scaled, rounded and saturated to eight `i16`, in order.
#[inline]
#[target_feature(enable = "neon")]
fn to_i16x8(a: float32x4_t, b: float32x4_t, scale: float32x4_t) -> int16x8_t {
    vqmovn_high_s32(vqmovn_s32(to_i32(a, scale)), to_i32(b, scale))
}

/// Eight `i16` widened to two vectors of four `f32` (exact).
#[inline]
#[target_feature(enable = "neon")]
fn i16x8_to_f32(v: int16x8_t) -> [float32x4_t; 2] {
    [
        vcvtq_f32_s32(vmovl_s16(vget_low_s16(v))),
        vcvtq_f32_s32(vmovl_high_s16(v)),
    ]
}

#[target_feature(enable = "neon")]
pub(crate) fn u8_to_f32(src: &[u8], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = vdupq_n_f32(1.0 / 128.0);
    let off = vdupq_n_f32(128.0);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 bytes, `d` 16 floats; NEON loads and stores
        // need no alignment.
        unsafe {
            let v = vld1q_u8(s.as_ptr());
            let (lo, hi) = (vmovl_u8(vget_low_u8(v)), vmovl_high_u8(v));
            let words = [
                vmovl_u16(vget_low_u16(lo)),
                vmovl_high_u16(lo),
                vmovl_u16(vget_low_u16(hi)),
                vmovl_high_u16(hi),
            ];
            let q = d.as_mut_ptr();
            for (j, w) in words.into_iter().enumerate() {
                let f = vmulq_f32(vsubq_f32(vcvtq_f32_u32(w), off), k);
                vst1q_f32(q.add(4 * j), f);
            }
        }
    }
    scalar::u8_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f32_to_u8(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let scale = vdupq_n_f32(128.0);
    let flip = vdupq_n_u8(0x80);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 bytes; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i16x8(vld1q_f32(p), vld1q_f32(p.add(4)), scale);
            let b = to_i16x8(vld1q_f32(p.add(8)), vld1q_f32(p.add(12)), scale);
            let v = vqmovn_high_s16(vqmovn_s16(a), b);
            vst1q_u8(d.as_mut_ptr(), veorq_u8(vreinterpretq_u8_s8(v), flip));
        }
    }
    scalar::f32_to_u8(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn i16_to_f32(src: &[i16], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let k = vdupq_n_f32(1.0 / I16_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 i16, `d` 8 floats; unaligned ops.
        unsafe {
            let [a, b] = i16x8_to_f32(vld1q_s16(s.as_ptr()));
            vst1q_f32(d.as_mut_ptr(), vmulq_f32(a, k));
            vst1q_f32(d.as_mut_ptr().add(4), vmulq_f32(b, k));
        }
    }
    scalar::i16_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f32_to_i16(src: &[f32], dst: &mut [i16]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let scale = vdupq_n_f32(I16_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 i16; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i16x8(vld1q_f32(p), vld1q_f32(p.add(4)), scale);
            let b = to_i16x8(vld1q_f32(p.add(8)), vld1q_f32(p.add(12)), scale);
            vst1q_s16(d.as_mut_ptr(), a);
            vst1q_s16(d.as_mut_ptr().add(8), b);
        }
    }
    scalar::f32_to_i16(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn i24_to_f32(src: &[u8], dst: &mut [f32]) {
    let n = (src.len() / 3).min(dst.len());
    let (src, dst) = (&src[..3 * n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<48>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = vdupq_n_f32(1.0 / I24_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 48 bytes (16 packed samples), `d` 16 floats.
        unsafe {
            // De-interleave into low, middle and (signed) high bytes.
            let uint8x16x3_t(b0, b1, b2) = vld3q_u8(s.as_ptr());
            let lo16 = [
                vreinterpretq_u16_u8(vzip1q_u8(b0, b1)),
                vreinterpretq_u16_u8(vzip2q_u8(b0, b1)),
            ];
            let top = vreinterpretq_s8_u8(b2);
            let hi16 = [
                vreinterpretq_u16_s16(vmovl_s8(vget_low_s8(top))),
                vreinterpretq_u16_s16(vmovl_high_s8(top)),
            ];
            let q = d.as_mut_ptr();
            for h in 0..2 {
                let w0 = vreinterpretq_s32_u16(vzip1q_u16(lo16[h], hi16[h]));
                let w1 = vreinterpretq_s32_u16(vzip2q_u16(lo16[h], hi16[h]));
                vst1q_f32(q.add(8 * h), vmulq_f32(vcvtq_f32_s32(w0), k));
                vst1q_f32(q.add(8 * h + 4), vmulq_f32(vcvtq_f32_s32(w1), k));
            }
        }
    }
    scalar::i24_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f32_to_i24(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len() / 3);
    let (src, dst) = (&src[..n], &mut dst[..3 * n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<48>();
    let scale = vdupq_n_f32(I24_SCALE);
    let (lo, hi) = (vdupq_n_s32(I24_MIN), vdupq_n_s32(I24_MAX));
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 48 bytes (16 packed samples).
        unsafe {
            let p = s.as_ptr();
            let w: [uint16x8_t; 4] = std::array::from_fn(|j| {
                let v = vminq_s32(vmaxq_s32(to_i32(vld1q_f32(p.add(4 * j)), scale), lo), hi);
                vreinterpretq_u16_s32(v)
            });
            // Low and high 16-bit halves of each sample, then their bytes.
            let (lo01, hi01) = (vuzp1q_u16(w[0], w[1]), vuzp2q_u16(w[0], w[1]));
            let (lo23, hi23) = (vuzp1q_u16(w[2], w[3]), vuzp2q_u16(w[2], w[3]));
            let (lo01, lo23) = (vreinterpretq_u8_u16(lo01), vreinterpretq_u8_u16(lo23));
            let b0 = vuzp1q_u8(lo01, lo23);
            let b1 = vuzp2q_u8(lo01, lo23);
            let b2 = vuzp1q_u8(vreinterpretq_u8_u16(hi01), vreinterpretq_u8_u16(hi23));
            vst3q_u8(d.as_mut_ptr(), uint8x16x3_t(b0, b1, b2));
        }
    }
    scalar::f32_to_i24(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn i32_to_f32(src: &[i32], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let k = vdupq_n_f32(1.0 / I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 i32, `d` 8 floats; unaligned ops.
        unsafe {
            let a = vcvtq_f32_s32(vld1q_s32(s.as_ptr()));
            let b = vcvtq_f32_s32(vld1q_s32(s.as_ptr().add(4)));
            vst1q_f32(d.as_mut_ptr(), vmulq_f32(a, k));
            vst1q_f32(d.as_mut_ptr().add(4), vmulq_f32(b, k));
        }
    }
    scalar::i32_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f32_to_i32(src: &[f32], dst: &mut [i32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let scale = vdupq_n_f32(I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 floats, `d` 8 i32; unaligned ops.
        unsafe {
            let a = to_i32(vld1q_f32(s.as_ptr()), scale);
            let b = to_i32(vld1q_f32(s.as_ptr().add(4)), scale);
            vst1q_s32(d.as_mut_ptr(), a);
            vst1q_s32(d.as_mut_ptr().add(4), b);
        }
    }
    scalar::f32_to_i32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f64_to_f32(src: &[f64], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 doubles, `d` 8 floats; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = vcvt_high_f32_f64(vcvt_f32_f64(vld1q_f64(p)), vld1q_f64(p.add(2)));
            let b = vcvt_high_f32_f64(vcvt_f32_f64(vld1q_f64(p.add(4))), vld1q_f64(p.add(6)));
            vst1q_f32(d.as_mut_ptr(), a);
            vst1q_f32(d.as_mut_ptr().add(4), b);
        }
    }
    scalar::f64_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn f32_to_f64(src: &[f32], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 floats, `d` 8 doubles; unaligned ops.
        unsafe {
            let a = vld1q_f32(s.as_ptr());
            let b = vld1q_f32(s.as_ptr().add(4));
            let q = d.as_mut_ptr();
            vst1q_f64(q, vcvt_f64_f32(vget_low_f32(a)));
            vst1q_f64(q.add(2), vcvt_high_f64_f32(a));
            vst1q_f64(q.add(4), vcvt_f64_f32(vget_low_f32(b)));
            vst1q_f64(q.add(6), vcvt_high_f64_f32(b));
        }
    }
    scalar::f32_to_f64(s_rest, d_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    let n = left.len().min(right.len()).min(out.len() / 2);
    let (left, right, out) = (&left[..n], &right[..n], &mut out[..2 * n]);
    let (l_chunks, l_rest) = left.as_chunks::<4>();
    let (r_chunks, r_rest) = right.as_chunks::<4>();
    let (o_chunks, o_rest) = out.as_chunks_mut::<8>();
    for ((l, r), o) in l_chunks.iter().zip(r_chunks).zip(o_chunks) {
        // SAFETY: `l`, `r` hold 4 floats, `o` 8; unaligned ops.
        unsafe {
            let pair = float32x4x2_t(vld1q_f32(l.as_ptr()), vld1q_f32(r.as_ptr()));
            vst2q_f32(o.as_mut_ptr(), pair);
        }
    }
    scalar::interleave2(l_rest, r_rest, o_rest);
}

#[target_feature(enable = "neon")]
pub(crate) fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    let n = left.len().min(right.len()).min(input.len() / 2);
    let (input, left, right) = (&input[..2 * n], &mut left[..n], &mut right[..n]);
    let (i_chunks, i_rest) = input.as_chunks::<8>();
    let (l_chunks, l_rest) = left.as_chunks_mut::<4>();
    let (r_chunks, r_rest) = right.as_chunks_mut::<4>();
    for ((i, l), r) in i_chunks.iter().zip(l_chunks).zip(r_chunks) {
        // SAFETY: `i` holds 8 floats, `l` and `r` 4 each; unaligned ops.
        unsafe {
            let float32x4x2_t(a, b) = vld2q_f32(i.as_ptr());
            vst1q_f32(l.as_mut_ptr(), a);
            vst1q_f32(r.as_mut_ptr(), b);
        }
    }
    scalar::deinterleave2(i_rest, l_rest, r_rest);
}

/// Interleaves 3 or 4 channels with `vst3q`/`vst4q`, 4 frames per step;
/// other channel counts use the portable kernel (compiled for NEON).
#[target_feature(enable = "neon")]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    let ch = inputs.len();
    if !(ch == 3 || ch == 4) {
        return interleave_many(inputs, out);
    }
    let frames = inputs.iter().fold(out.len() / ch, |n, c| n.min(c.len()));
    let whole = frames / 4 * 4;
    for (f, o) in out[..ch * whole].chunks_exact_mut(4 * ch).enumerate() {
        let at = 4 * f;
        let s: [&[f32; 4]; 4] = std::array::from_fn(|c| {
            let c = c.min(ch - 1);
            inputs[c][at..at + 4].try_into().expect("4 samples")
        });
        // SAFETY: each `s[c]` holds 4 floats; `o` holds 4 * ch floats, what
        // `vst3q` (ch == 3) or `vst4q` (ch == 4) writes.
        unsafe {
            let [a, b, c, d] = s.map(|p| vld1q_f32(p.as_ptr()));
            if ch == 3 {
                vst3q_f32(o.as_mut_ptr(), float32x4x3_t(a, b, c));
            } else {
                vst4q_f32(o.as_mut_ptr(), float32x4x4_t(a, b, c, d));
            }
        }
    }
    let tails: [&[f32]; 4] = std::array::from_fn(|c| {
        let c = c.min(ch - 1);
        &inputs[c][whole..frames]
    });
    scalar::interleave_n(&tails[..ch], &mut out[ch * whole..ch * frames]);
}

/// De-interleaves 3 or 4 channels with `vld3q`/`vld4q`, 4 frames per step;
/// other channel counts use the portable kernel (compiled for NEON).
#[target_feature(enable = "neon")]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    let ch = outputs.len();
    if !(ch == 3 || ch == 4) {
        return deinterleave_many(input, outputs);
    }
    let frames = outputs.iter().fold(input.len() / ch, |n, c| n.min(c.len()));
    let whole = frames / 4 * 4;
    for (f, i) in input[..ch * whole].chunks_exact(4 * ch).enumerate() {
        let at = 4 * f;
        // SAFETY: `i` holds 4 * ch floats, what `vld3q`/`vld4q` reads.
        let v = unsafe {
            if ch == 3 {
                let float32x4x3_t(a, b, c) = vld3q_f32(i.as_ptr());
                [a, b, c, c]
            } else {
                let float32x4x4_t(a, b, c, d) = vld4q_f32(i.as_ptr());
                [a, b, c, d]
            }
        };
        for (o, x) in outputs.iter_mut().zip(v) {
            let o: &mut [f32; 4] = (&mut o[at..at + 4]).try_into().expect("4 samples");
            // SAFETY: `o` holds 4 floats.
            unsafe { vst1q_f32(o.as_mut_ptr(), x) };
        }
    }
    let mut it = outputs.iter_mut();
    let mut tails: [&mut [f32]; 4] = std::array::from_fn(|_| match it.next() {
        Some(o) => &mut o[whole..frames],
        None => &mut [][..],
    });
    scalar::deinterleave_n(&input[ch * whole..ch * frames], &mut tails[..ch]);
}

fn common_len<T>(sources: &[&[T]], dst_len: usize) -> usize {
    sources.iter().fold(dst_len, |n, s| n.min(s.len()))
}

#[target_feature(enable = "neon")]
pub(crate) fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let (lo, hi) = (vdupq_n_f32(-1.0), vdupq_n_f32(1.0));
    let (chunks, _) = dst.as_chunks_mut::<16>();
    let done = 16 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = 16 * b;
        let mut acc = [vdupq_n_f32(0.0); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = vdupq_n_f32(g);
            let s: &[f32; 16] = s[at..at + 16].try_into().expect("16 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 16 floats and `j < 4`.
                let x = unsafe { vld1q_f32(s.as_ptr().add(4 * j)) };
                // Multiply, then add: the portable kernel rounds twice.
                *a = vaddq_f32(*a, vmulq_f32(x, g));
            }
        }
        for (j, a) in acc.into_iter().enumerate() {
            let v = vminq_f32(vmaxq_f32(zero_nan(a), lo), hi);
            // SAFETY: `d` holds 16 floats and `j < 4`.
            unsafe { vst1q_f32(d.as_mut_ptr().add(4 * j), v) };
        }
    }
    for (i, d) in dst.iter_mut().enumerate().skip(done) {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += s[i] * g;
        }
        *d = scalar::clamp_unit(acc);
    }
}

#[target_feature(enable = "neon")]
pub(crate) fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let one = vdupq_n_f32(1.0);
    let (chunks, _) = dst.as_chunks_mut::<16>();
    let done = 16 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = 16 * b;
        let mut acc = [vdupq_n_f32(0.0); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = vdupq_n_f32(g);
            let s: &[i16; 16] = s[at..at + 16].try_into().expect("16 samples");
            // SAFETY: `s` holds 16 i16: two 8-lane loads.
            let (v0, v1) = unsafe { (vld1q_s16(s.as_ptr()), vld1q_s16(s.as_ptr().add(8))) };
            let [x0, x1] = i16x8_to_f32(v0);
            let [x2, x3] = i16x8_to_f32(v1);
            for (a, x) in acc.iter_mut().zip([x0, x1, x2, x3]) {
                *a = vaddq_f32(*a, vmulq_f32(x, g));
            }
        }
        let p0 = to_i16x8(acc[0], acc[1], one);
        let p1 = to_i16x8(acc[2], acc[3], one);
        // SAFETY: `d` holds 16 i16: two 8-lane stores.
        unsafe {
            vst1q_s16(d.as_mut_ptr(), p0);
            vst1q_s16(d.as_mut_ptr().add(8), p1);
        }
    }
    for (i, d) in dst.iter_mut().enumerate().skip(done) {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += f32::from(s[i]) * g;
        }
        *d = acc.round_ties_even() as i16;
    }
}

#[target_feature(enable = "neon")]
pub(crate) fn gain_ramp(buf: &mut [f32], start: f32, step: f32) {
    let (chunks, rest) = buf.as_chunks_mut::<8>();
    let vstart = vdupq_n_f32(start);
    let vstep = vdupq_n_f32(step);
    // SAFETY: the array holds 4 u32.
    let mut idx = unsafe { vld1q_u32([0u32, 1, 2, 3].as_ptr()) };
    let four = vdupq_n_u32(4);
    let done = 8 * chunks.len();
    for c in chunks {
        // `start + step * i`, multiply then add like the portable kernel.
        let g0 = vaddq_f32(vstart, vmulq_f32(vstep, vcvtq_f32_u32(idx)));
        idx = vaddq_u32(idx, four);
        let g1 = vaddq_f32(vstart, vmulq_f32(vstep, vcvtq_f32_u32(idx)));
        idx = vaddq_u32(idx, four);
        // SAFETY: `c` holds 8 floats; unaligned ops.
        unsafe {
            let p = c.as_mut_ptr();
            vst1q_f32(p, vmulq_f32(vld1q_f32(p), g0));
            vst1q_f32(p.add(4), vmulq_f32(vld1q_f32(p.add(4)), g1));
        }
    }
    for (i, x) in rest.iter_mut().enumerate() {
        *x *= start + step * (done + i) as f32;
    }
}

/// Samples summed in `f32` before the partial sum moves to `f64`.
const BLOCK: usize = 4096;

/// Lane-wise running maximum of `|v|` that ignores NaN like `f32::max`
/// (a compare and select: `vmaxq` would propagate NaN).
#[inline]
#[target_feature(enable = "neon")]
fn max_abs(peak: float32x4_t, v: float32x4_t) -> float32x4_t {
    let a = vabsq_f32(v);
    vbslq_f32(vcgtq_f32(a, peak), a, peak)
}

#[inline]
#[target_feature(enable = "neon")]
fn meter<const PEAK: bool, const SUMSQ: bool>(x: &[f32]) -> (f32, f64) {
    let mut peak = vdupq_n_f32(0.0);
    let mut total = 0.0f64;
    let (chunks, rest) = x.as_chunks::<16>();
    for block in chunks.chunks(BLOCK / 16) {
        let mut sq = [vdupq_n_f32(0.0); 4];
        let mut pk = [peak; 4];
        for c in block {
            for j in 0..4 {
                // SAFETY: `c` holds 16 floats and `j < 4`.
                let v = unsafe { vld1q_f32(c.as_ptr().add(4 * j)) };
                if PEAK {
                    pk[j] = max_abs(pk[j], v);
                }
                if SUMSQ {
                    sq[j] = vfmaq_f32(sq[j], v, v);
                }
            }
        }
        peak = max_abs(max_abs(pk[0], pk[1]), max_abs(pk[2], pk[3]));
        if SUMSQ {
            let s = vaddq_f32(vaddq_f32(sq[0], sq[1]), vaddq_f32(sq[2], sq[3]));
            let d = vaddq_f64(vcvt_f64_f32(vget_low_f32(s)), vcvt_high_f64_f32(s));
            total += vaddvq_f64(d);
        }
    }
    let peak = if PEAK {
        vmaxvq_f32(peak).max(scalar::peak(rest))
    } else {
        0.0
    };
    if SUMSQ {
        total += scalar::sum_squares(rest);
    }
    (peak, total)
}

#[target_feature(enable = "neon")]
pub(crate) fn peak(x: &[f32]) -> f32 {
    meter::<true, false>(x).0
}

#[target_feature(enable = "neon")]
pub(crate) fn sum_squares(x: &[f32]) -> f64 {
    meter::<false, true>(x).1
}

#[target_feature(enable = "neon")]
pub(crate) fn peak_sum_squares(x: &[f32]) -> (f32, f64) {
    meter::<true, true>(x)
}
