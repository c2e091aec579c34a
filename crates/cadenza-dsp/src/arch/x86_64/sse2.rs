//! SSE2 kernels (the x86_64 baseline): 4 `f32` lanes. Same structure and
//! exact results as the AVX2 module. Packed 24-bit needs byte shuffles
//! (SSSE3), so those two conversions use the portable loop here.

use crate::arch::scalar::{self, I16_SCALE, I32_SCALE};
use std::arch::x86_64::*;

portable! { "sse2":
    fn i24_to_f32(src: &[u8], dst: &mut [f32]);
    fn f32_to_i24(src: &[f32], dst: &mut [u8]);
    fn interleave_n(inputs: &[&[f32]], out: &mut [f32]);
    fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]);
}

#[inline]
#[target_feature(enable = "sse2")]
fn zero_nan(x: __m128) -> __m128 {
    _mm_and_ps(x, _mm_cmpord_ps(x, x))
}

#[inline]
#[target_feature(enable = "sse2")]
fn to_i32(x: __m128, scale: __m128, hi: __m128) -> __m128i {
    _mm_cvtps_epi32(_mm_min_ps(zero_nan(_mm_mul_ps(x, scale)), hi))
}

/// Sign-extends the low (`HIGH = false`) or high four `i16` to `i32`.
#[inline]
#[target_feature(enable = "sse2")]
fn widen_i16<const HIGH: bool>(v: __m128i) -> __m128i {
    let w = if HIGH {
        _mm_unpackhi_epi16(v, v)
    } else {
        _mm_unpacklo_epi16(v, v)
    };
    _mm_srai_epi32::<16>(w)
}

#[target_feature(enable = "sse2")]
pub(crate) fn u8_to_f32(src: &[u8], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = _mm_set1_ps(1.0 / 128.0);
    let off = _mm_set1_epi16(128);
    let zero = _mm_setzero_si128();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 bytes, `d` 16 floats; unaligned ops.
        unsafe {
            let v = _mm_loadu_si128(s.as_ptr().cast());
            let lo = _mm_sub_epi16(_mm_unpacklo_epi8(v, zero), off);
            let hi = _mm_sub_epi16(_mm_unpackhi_epi8(v, zero), off);
            let q = d.as_mut_ptr();
            for (j, w) in [
                widen_i16::<false>(lo),
                widen_i16::<true>(lo),
                widen_i16::<false>(hi),
                widen_i16::<true>(hi),
            ]
            .into_iter()
            .enumerate()
            {
                _mm_storeu_ps(q.add(4 * j), _mm_mul_ps(_mm_cvtepi32_ps(w), k));
            }
        }
    }
    scalar::u8_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn f32_to_u8(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let scale = _mm_set1_ps(128.0);
    let hi = _mm_set1_ps(127.0);
    let flip = _mm_set1_epi8(-128);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 bytes; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i32(_mm_loadu_ps(p), scale, hi);
            let b = to_i32(_mm_loadu_ps(p.add(4)), scale, hi);
            let c = to_i32(_mm_loadu_ps(p.add(8)), scale, hi);
            let e = to_i32(_mm_loadu_ps(p.add(12)), scale, hi);
            let v = _mm_packs_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, e));
            _mm_storeu_si128(d.as_mut_ptr().cast(), _mm_xor_si128(v, flip));
        }
    }
    scalar::f32_to_u8(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn i16_to_f32(src: &[i16], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let k = _mm_set1_ps(1.0 / I16_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 i16, `d` 8 floats; unaligned ops.
        unsafe {
            let v = _mm_loadu_si128(s.as_ptr().cast());
            let a = _mm_cvtepi32_ps(widen_i16::<false>(v));
            let b = _mm_cvtepi32_ps(widen_i16::<true>(v));
            _mm_storeu_ps(d.as_mut_ptr(), _mm_mul_ps(a, k));
            _mm_storeu_ps(d.as_mut_ptr().add(4), _mm_mul_ps(b, k));
        }
    }
    scalar::i16_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn f32_to_i16(src: &[f32], dst: &mut [i16]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let scale = _mm_set1_ps(I16_SCALE);
    let hi = _mm_set1_ps(32767.0);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 i16; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i32(_mm_loadu_ps(p), scale, hi);
            let b = to_i32(_mm_loadu_ps(p.add(4)), scale, hi);
            let c = to_i32(_mm_loadu_ps(p.add(8)), scale, hi);
            let e = to_i32(_mm_loadu_ps(p.add(12)), scale, hi);
            _mm_storeu_si128(d.as_mut_ptr().cast(), _mm_packs_epi32(a, b));
            _mm_storeu_si128(d.as_mut_ptr().add(8).cast(), _mm_packs_epi32(c, e));
        }
    }
    scalar::f32_to_i16(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn i32_to_f32(src: &[i32], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let k = _mm_set1_ps(1.0 / I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 i32, `d` 8 floats; unaligned ops.
        unsafe {
            let a = _mm_loadu_si128(s.as_ptr().cast());
            let b = _mm_loadu_si128(s.as_ptr().add(4).cast());
            _mm_storeu_ps(d.as_mut_ptr(), _mm_mul_ps(_mm_cvtepi32_ps(a), k));
            _mm_storeu_ps(d.as_mut_ptr().add(4), _mm_mul_ps(_mm_cvtepi32_ps(b), k));
        }
    }
    scalar::i32_to_f32(s_rest, d_rest);
}

#[inline]
#[target_feature(enable = "sse2")]
fn f32_to_i32_vec(x: __m128, scale: __m128) -> __m128i {
    let s = zero_nan(_mm_mul_ps(x, scale));
    let over = _mm_castps_si128(_mm_cmpge_ps(s, scale));
    _mm_xor_si128(_mm_cvtps_epi32(s), over)
}

#[target_feature(enable = "sse2")]
pub(crate) fn f32_to_i32(src: &[f32], dst: &mut [i32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    let scale = _mm_set1_ps(I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 floats, `d` 8 i32; unaligned ops.
        unsafe {
            let a = f32_to_i32_vec(_mm_loadu_ps(s.as_ptr()), scale);
            let b = f32_to_i32_vec(_mm_loadu_ps(s.as_ptr().add(4)), scale);
            _mm_storeu_si128(d.as_mut_ptr().cast(), a);
            _mm_storeu_si128(d.as_mut_ptr().add(4).cast(), b);
        }
    }
    scalar::f32_to_i32(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn f64_to_f32(src: &[f64], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 doubles, `d` 8 floats; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = _mm_cvtpd_ps(_mm_loadu_pd(p));
            let b = _mm_cvtpd_ps(_mm_loadu_pd(p.add(2)));
            let c = _mm_cvtpd_ps(_mm_loadu_pd(p.add(4)));
            let e = _mm_cvtpd_ps(_mm_loadu_pd(p.add(6)));
            _mm_storeu_ps(d.as_mut_ptr(), _mm_movelh_ps(a, b));
            _mm_storeu_ps(d.as_mut_ptr().add(4), _mm_movelh_ps(c, e));
        }
    }
    scalar::f64_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn f32_to_f64(src: &[f32], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<8>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<8>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 8 floats, `d` 8 doubles; unaligned ops.
        unsafe {
            let a = _mm_loadu_ps(s.as_ptr());
            let b = _mm_loadu_ps(s.as_ptr().add(4));
            let q = d.as_mut_ptr();
            _mm_storeu_pd(q, _mm_cvtps_pd(a));
            _mm_storeu_pd(q.add(2), _mm_cvtps_pd(_mm_movehl_ps(a, a)));
            _mm_storeu_pd(q.add(4), _mm_cvtps_pd(b));
            _mm_storeu_pd(q.add(6), _mm_cvtps_pd(_mm_movehl_ps(b, b)));
        }
    }
    scalar::f32_to_f64(s_rest, d_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    let n = left.len().min(right.len()).min(out.len() / 2);
    let (left, right, out) = (&left[..n], &right[..n], &mut out[..2 * n]);
    let (l_chunks, l_rest) = left.as_chunks::<4>();
    let (r_chunks, r_rest) = right.as_chunks::<4>();
    let (o_chunks, o_rest) = out.as_chunks_mut::<8>();
    for ((l, r), o) in l_chunks.iter().zip(r_chunks).zip(o_chunks) {
        // SAFETY: `l`, `r` hold 4 floats, `o` 8; unaligned ops.
        unsafe {
            let a = _mm_loadu_ps(l.as_ptr());
            let b = _mm_loadu_ps(r.as_ptr());
            _mm_storeu_ps(o.as_mut_ptr(), _mm_unpacklo_ps(a, b));
            _mm_storeu_ps(o.as_mut_ptr().add(4), _mm_unpackhi_ps(a, b));
        }
    }
    scalar::interleave2(l_rest, r_rest, o_rest);
}

#[target_feature(enable = "sse2")]
pub(crate) fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    let n = left.len().min(right.len()).min(input.len() / 2);
    let (input, left, right) = (&input[..2 * n], &mut left[..n], &mut right[..n]);
    let (i_chunks, i_rest) = input.as_chunks::<8>();
    let (l_chunks, l_rest) = left.as_chunks_mut::<4>();
    let (r_chunks, r_rest) = right.as_chunks_mut::<4>();
    for ((i, l), r) in i_chunks.iter().zip(l_chunks).zip(r_chunks) {
        // SAFETY: `i` holds 8 floats, `l` and `r` 4 each; unaligned ops.
        unsafe {
            let a = _mm_loadu_ps(i.as_ptr());
            let b = _mm_loadu_ps(i.as_ptr().add(4));
            _mm_storeu_ps(l.as_mut_ptr(), _mm_shuffle_ps::<0b10_00_10_00>(a, b));
            _mm_storeu_ps(r.as_mut_ptr(), _mm_shuffle_ps::<0b11_01_11_01>(a, b));
        }
    }
    scalar::deinterleave2(i_rest, l_rest, r_rest);
}

fn common_len<T>(sources: &[&[T]], dst_len: usize) -> usize {
    sources.iter().fold(dst_len, |n, s| n.min(s.len()))
}

#[target_feature(enable = "sse2")]
pub(crate) fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let (lo, hi) = (_mm_set1_ps(-1.0), _mm_set1_ps(1.0));
    let (chunks, _) = dst.as_chunks_mut::<16>();
    let done = 16 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = 16 * b;
        let mut acc = [_mm_setzero_ps(); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = _mm_set1_ps(g);
            let s: &[f32; 16] = s[at..at + 16].try_into().expect("16 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 16 floats and `j < 4`.
                let x = unsafe { _mm_loadu_ps(s.as_ptr().add(4 * j)) };
                *a = _mm_add_ps(*a, _mm_mul_ps(x, g));
            }
        }
        for (j, a) in acc.into_iter().enumerate() {
            let v = _mm_min_ps(_mm_max_ps(zero_nan(a), lo), hi);
            // SAFETY: `d` holds 16 floats and `j < 4`.
            unsafe { _mm_storeu_ps(d.as_mut_ptr().add(4 * j), v) };
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

#[target_feature(enable = "sse2")]
pub(crate) fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let hi = _mm_set1_ps(32767.0);
    let one = _mm_set1_ps(1.0);
    let (chunks, _) = dst.as_chunks_mut::<16>();
    let done = 16 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = 16 * b;
        let mut acc = [_mm_setzero_ps(); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = _mm_set1_ps(g);
            let s: &[i16; 16] = s[at..at + 16].try_into().expect("16 samples");
            // SAFETY: `s` holds 16 i16: two 16-byte loads.
            let (v0, v1) = unsafe {
                (
                    _mm_loadu_si128(s.as_ptr().cast()),
                    _mm_loadu_si128(s.as_ptr().add(8).cast()),
                )
            };
            let xs = [
                widen_i16::<false>(v0),
                widen_i16::<true>(v0),
                widen_i16::<false>(v1),
                widen_i16::<true>(v1),
            ];
            for (a, x) in acc.iter_mut().zip(xs) {
                *a = _mm_add_ps(*a, _mm_mul_ps(_mm_cvtepi32_ps(x), g));
            }
        }
        let p0 = _mm_packs_epi32(to_i32(acc[0], one, hi), to_i32(acc[1], one, hi));
        let p1 = _mm_packs_epi32(to_i32(acc[2], one, hi), to_i32(acc[3], one, hi));
        // SAFETY: `d` holds 16 i16: two 16-byte stores.
        unsafe {
            _mm_storeu_si128(d.as_mut_ptr().cast(), p0);
            _mm_storeu_si128(d.as_mut_ptr().add(8).cast(), p1);
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

#[target_feature(enable = "sse2")]
pub(crate) fn gain_ramp(buf: &mut [f32], start: f32, step: f32) {
    let (chunks, rest) = buf.as_chunks_mut::<8>();
    let vstart = _mm_set1_ps(start);
    let vstep = _mm_set1_ps(step);
    let mut idx = _mm_setr_epi32(0, 1, 2, 3);
    let four = _mm_set1_epi32(4);
    let done = 8 * chunks.len();
    for c in chunks {
        let g0 = _mm_add_ps(vstart, _mm_mul_ps(vstep, _mm_cvtepi32_ps(idx)));
        idx = _mm_add_epi32(idx, four);
        let g1 = _mm_add_ps(vstart, _mm_mul_ps(vstep, _mm_cvtepi32_ps(idx)));
        idx = _mm_add_epi32(idx, four);
        // SAFETY: `c` holds 8 floats; unaligned ops.
        unsafe {
            let p = c.as_mut_ptr();
            _mm_storeu_ps(p, _mm_mul_ps(_mm_loadu_ps(p), g0));
            _mm_storeu_ps(p.add(4), _mm_mul_ps(_mm_loadu_ps(p.add(4)), g1));
        }
    }
    for (i, x) in rest.iter_mut().enumerate() {
        *x *= start + step * (done + i) as f32;
    }
}

const BLOCK: usize = 4096;

#[inline]
#[target_feature(enable = "sse2")]
fn meter<const PEAK: bool, const SUMSQ: bool>(x: &[f32]) -> (f32, f64) {
    let abs_mask = _mm_castsi128_ps(_mm_set1_epi32(i32::MAX));
    let mut peak = _mm_setzero_ps();
    let mut total = 0.0f64;
    let (chunks, rest) = x.as_chunks::<16>();
    for block in chunks.chunks(BLOCK / 16) {
        let mut sq = [_mm_setzero_ps(); 4];
        let mut pk = [peak; 4];
        for c in block {
            for j in 0..4 {
                // SAFETY: `c` holds 16 floats and `j < 4`.
                let v = unsafe { _mm_loadu_ps(c.as_ptr().add(4 * j)) };
                if PEAK {
                    pk[j] = _mm_max_ps(_mm_and_ps(v, abs_mask), pk[j]);
                }
                if SUMSQ {
                    sq[j] = _mm_add_ps(sq[j], _mm_mul_ps(v, v));
                }
            }
        }
        peak = _mm_max_ps(_mm_max_ps(pk[0], pk[1]), _mm_max_ps(pk[2], pk[3]));
        if SUMSQ {
            let s = _mm_add_ps(_mm_add_ps(sq[0], sq[1]), _mm_add_ps(sq[2], sq[3]));
            let d = _mm_add_pd(_mm_cvtps_pd(s), _mm_cvtps_pd(_mm_movehl_ps(s, s)));
            total += _mm_cvtsd_f64(_mm_add_sd(d, _mm_unpackhi_pd(d, d)));
        }
    }
    let peak = if PEAK {
        let m = _mm_max_ps(peak, _mm_movehl_ps(peak, peak));
        let m = _mm_max_ss(m, _mm_shuffle_ps::<1>(m, m));
        _mm_cvtss_f32(m).max(scalar::peak(rest))
    } else {
        0.0
    };
    if SUMSQ {
        total += scalar::sum_squares(rest);
    }
    (peak, total)
}

#[target_feature(enable = "sse2")]
pub(crate) fn peak(x: &[f32]) -> f32 {
    meter::<true, false>(x).0
}

#[target_feature(enable = "sse2")]
pub(crate) fn sum_squares(x: &[f32]) -> f64 {
    meter::<false, true>(x).1
}

#[target_feature(enable = "sse2")]
pub(crate) fn peak_sum_squares(x: &[f32]) -> (f32, f64) {
    meter::<true, true>(x)
}
