//! AVX2 (+FMA) kernels: 8 `f32` lanes. Each kernel runs its vector loop over
//! whole chunks (`as_chunks`) and hands the remainder to the portable kernel,
//! which defines the exact result; the vector code reproduces it bit for bit
//! (round-to-nearest-even conversions, NaN masked to 0, the same order of
//! additions), except the sum of squares, whose order differs.

use crate::arch::scalar::{self, I16_SCALE, I24_MAX, I24_MIN, I24_SCALE, I32_SCALE};
use std::arch::x86_64::*;

/// The portable per-`N` interleave compiled for AVX2 (3, 5, 6, 7 and more
/// channels, and the frames after the last block of 8).
#[target_feature(enable = "avx2,fma")]
fn interleave_n_portable(inputs: &[&[f32]], out: &mut [f32]) {
    scalar::interleave_n(inputs, out)
}

/// The portable per-`N` deinterleave compiled for AVX2.
#[target_feature(enable = "avx2,fma")]
fn deinterleave_n_portable(input: &[f32], outputs: &mut [&mut [f32]]) {
    scalar::deinterleave_n(input, outputs)
}

/// `x` with NaN lanes replaced by 0.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn zero_nan(x: __m256) -> __m256 {
    _mm256_and_ps(x, _mm256_cmp_ps::<_CMP_ORD_Q>(x, x))
}

/// Scales, zeroes NaN, caps at `hi` (so the conversion cannot overflow
/// upwards) and converts to `i32` rounding to nearest even.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn to_i32(x: __m256, scale: __m256, hi: __m256) -> __m256i {
    _mm256_cvtps_epi32(_mm256_min_ps(zero_nan(_mm256_mul_ps(x, scale)), hi))
}

/// Packs 16 `i32` (in two vectors) to 16 saturated `i16`, in order.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn pack_i16(a: __m256i, b: __m256i) -> __m256i {
    _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_packs_epi32(a, b))
}

/// `(u - 128) / 128` as one FMA, `u * (1/128) - 1`: both sides are exact
/// in `f32` for every byte, so the result is bit for bit the portable one.
#[target_feature(enable = "avx2,fma")]
pub(crate) fn u8_to_f32(src: &[u8], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = _mm256_set1_ps(1.0 / 128.0);
    let minus_one = _mm256_set1_ps(-1.0);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 bytes (two 8-byte loads), `d` 16 floats;
        // unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = _mm256_cvtepu8_epi32(_mm_loadl_epi64(p.cast()));
            let b = _mm256_cvtepu8_epi32(_mm_loadl_epi64(p.add(8).cast()));
            let fa = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a), k, minus_one);
            let fb = _mm256_fmadd_ps(_mm256_cvtepi32_ps(b), k, minus_one);
            _mm256_storeu_ps(d.as_mut_ptr(), fa);
            _mm256_storeu_ps(d.as_mut_ptr().add(8), fb);
        }
    }
    scalar::u8_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn f32_to_u8(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let scale = _mm256_set1_ps(128.0);
    let hi = _mm256_set1_ps(127.0);
    let flip = _mm256_set1_epi8(-128);
    let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 32 bytes; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i32(_mm256_loadu_ps(p), scale, hi);
            let b = to_i32(_mm256_loadu_ps(p.add(8)), scale, hi);
            let c = to_i32(_mm256_loadu_ps(p.add(16)), scale, hi);
            let e = to_i32(_mm256_loadu_ps(p.add(24)), scale, hi);
            let bytes = _mm256_packs_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, e));
            let v = _mm256_xor_si256(_mm256_permutevar8x32_epi32(bytes, order), flip);
            _mm256_storeu_si256(d.as_mut_ptr().cast(), v);
        }
    }
    scalar::f32_to_u8(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn i16_to_f32(src: &[i16], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = _mm256_set1_ps(1.0 / I16_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 i16, `d` 16 floats; unaligned ops.
        unsafe {
            let a = _mm_loadu_si128(s.as_ptr().cast());
            let b = _mm_loadu_si128(s.as_ptr().add(8).cast());
            let fa = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(a));
            let fb = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(b));
            _mm256_storeu_ps(d.as_mut_ptr(), _mm256_mul_ps(fa, k));
            _mm256_storeu_ps(d.as_mut_ptr().add(8), _mm256_mul_ps(fb, k));
        }
    }
    scalar::i16_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn f32_to_i16(src: &[f32], dst: &mut [i16]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let scale = _mm256_set1_ps(I16_SCALE);
    let hi = _mm256_set1_ps(32767.0);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 32 i16; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i32(_mm256_loadu_ps(p), scale, hi);
            let b = to_i32(_mm256_loadu_ps(p.add(8)), scale, hi);
            let c = to_i32(_mm256_loadu_ps(p.add(16)), scale, hi);
            let e = to_i32(_mm256_loadu_ps(p.add(24)), scale, hi);
            _mm256_storeu_si256(d.as_mut_ptr().cast(), pack_i16(a, b));
            _mm256_storeu_si256(d.as_mut_ptr().add(16).cast(), pack_i16(c, e));
        }
    }
    scalar::f32_to_i16(s_rest, d_rest);
}

/// Each group of eight samples (24 bytes at `s`) comes from one 32-byte
/// load at `s - 4`: its low half holds samples 0-3 at bytes 4..16, its high
/// half samples 4-7 at bytes 0..12, so no lane-crossing shuffle is needed.
/// Each sample lands in the top three bytes of its lane, `v << 8`, and one
/// multiply by `2^-31` gives `v / 2^23` exactly, as the portable loop does.
/// Two groups per step: with one, the same binary ran 38-74 GB/s in L1
/// from run to run, with two 67-74 (session 12).
#[target_feature(enable = "avx2,fma")]
pub(crate) fn i24_to_f32(src: &[u8], dst: &mut [f32]) {
    let n = (src.len() / 3).min(dst.len());
    let (src, dst) = (&src[..3 * n], &mut dst[..n]);
    // Group g (samples 8g..8g+8) reads bytes 24g - 4 .. 24g + 28: groups
    // 1..groups, where 24 * groups + 4 <= 3n; group 0 and the tail go to
    // the portable loop.
    let groups = (3 * n).saturating_sub(4) / 24;
    let shuffle = _mm256_setr_epi8(
        -1, 4, 5, 6, -1, 7, 8, 9, -1, 10, 11, 12, -1, 13, 14, 15, //
        -1, 0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11,
    );
    let k = _mm256_set1_ps(1.0 / (256.0 * I24_SCALE));
    let head = groups.min(1);
    scalar::i24_to_f32(&src[..24 * head], &mut dst[..8 * head]);
    let mut g = 1;
    // Two groups per step: bytes 24g - 4 .. 24g + 52, floats 8g .. 8g + 16.
    while g + 1 < groups {
        let (s, d) = (&src[24 * g - 4..24 * g + 52], &mut dst[8 * g..8 * g + 16]);
        let (d0, d1) = d.split_at_mut(8);
        i24_group(&s[..32], d0, shuffle, k);
        i24_group(&s[24..], d1, shuffle, k);
        g += 2;
    }
    if g < groups {
        i24_group(
            &src[24 * g - 4..24 * g + 28],
            &mut dst[8 * g..8 * g + 8],
            shuffle,
            k,
        );
    }
    let done = 8 * groups.max(head);
    scalar::i24_to_f32(&src[3 * done..], &mut dst[done..]);
}

/// The eight samples of one [`i24_to_f32`] group from its 32 bytes `s`
/// (starting 4 bytes before the group) into the 8 floats `d`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn i24_group(s: &[u8], d: &mut [f32], shuffle: __m256i, k: __m256) {
    let (s, d): (&[u8; 32], &mut [f32; 8]) = (
        s.try_into().expect("32 bytes"),
        d.try_into().expect("8 floats"),
    );
    // SAFETY: `s` holds 32 bytes, `d` 8 floats; unaligned ops.
    unsafe {
        let v = _mm256_loadu_si256(s.as_ptr().cast());
        let v = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(v, shuffle));
        _mm256_storeu_ps(d.as_mut_ptr(), _mm256_mul_ps(v, k));
    }
}

/// `x` scaled, clamped to `lo..=hi` (NaN passes, see [`f32_to_i24`]),
/// converted to `i32` rounding to nearest even, and each lane's low three
/// bytes packed by `shuffle`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn to_i24_lanes(x: __m256, scale: __m256, lo: __m256, hi: __m256, shuffle: __m256i) -> __m256i {
    let x = _mm256_min_ps(hi, _mm256_max_ps(lo, _mm256_mul_ps(x, scale)));
    _mm256_shuffle_epi8(_mm256_cvtps_epi32(x), shuffle)
}

/// Thirty-two samples (96 bytes) per step, stored as three whole 32-byte
/// vectors. The clamps take the constant as their first operand, so a NaN
/// passes through them (`minps`/`maxps` return the second operand when
/// either is NaN) and converts to `i32::MIN`, whose low three bytes are 0:
/// NaN becomes 0 as in the portable loop, without a mask.
#[target_feature(enable = "avx2,fma")]
pub(crate) fn f32_to_i24(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len() / 3);
    let (src, dst) = (&src[..n], &mut dst[..3 * n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<96>();
    let scale = _mm256_set1_ps(I24_SCALE);
    let hi = _mm256_set1_ps(I24_MAX as f32);
    let lo = _mm256_set1_ps(I24_MIN as f32);
    // Per 128-bit lane: the low three bytes of each i32 packed into the
    // lane's first 12 bytes (dwords 0-2 and 4-6 of the vector).
    let shuffle = _mm256_setr_epi8(
        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1, //
        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
    );
    // The 24 packed dwords of four vectors a, b, c, e go to three 8-dword
    // stores: [a0..a5 b0 b1], [b2..b5 c0..c3], [c4 c5 e0..e5] (dword k of
    // a vector sits at position [0, 1, 2, 4, 5, 6][k]). One permute per
    // vector puts each dword where its store wants it (b and c serve two
    // stores each), and blends pick the stores' parts.
    let a_at = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 0, 0);
    let b_at = _mm256_setr_epi32(2, 4, 5, 6, 0, 0, 0, 1);
    let c_at = _mm256_setr_epi32(5, 6, 0, 0, 0, 1, 2, 4);
    let e_at = _mm256_setr_epi32(0, 0, 0, 1, 2, 4, 5, 6);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 96 bytes (three 32-byte
        // stores); unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = to_i24_lanes(_mm256_loadu_ps(p), scale, lo, hi, shuffle);
            let b = to_i24_lanes(_mm256_loadu_ps(p.add(8)), scale, lo, hi, shuffle);
            let c = to_i24_lanes(_mm256_loadu_ps(p.add(16)), scale, lo, hi, shuffle);
            let e = to_i24_lanes(_mm256_loadu_ps(p.add(24)), scale, lo, hi, shuffle);
            let (a, b) = (
                _mm256_permutevar8x32_epi32(a, a_at),
                _mm256_permutevar8x32_epi32(b, b_at),
            );
            let (c, e) = (
                _mm256_permutevar8x32_epi32(c, c_at),
                _mm256_permutevar8x32_epi32(e, e_at),
            );
            let out0 = _mm256_blend_epi32::<0b1100_0000>(a, b);
            let out1 = _mm256_blend_epi32::<0b1111_0000>(b, c);
            let out2 = _mm256_blend_epi32::<0b1111_1100>(c, e);
            let q = d.as_mut_ptr();
            _mm256_storeu_si256(q.cast(), out0);
            _mm256_storeu_si256(q.add(32).cast(), out1);
            _mm256_storeu_si256(q.add(64).cast(), out2);
        }
    }
    scalar::f32_to_i24(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn i32_to_f32(src: &[i32], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let k = _mm256_set1_ps(1.0 / I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 i32, `d` 16 floats; unaligned ops.
        unsafe {
            let a = _mm256_loadu_si256(s.as_ptr().cast());
            let b = _mm256_loadu_si256(s.as_ptr().add(8).cast());
            _mm256_storeu_ps(d.as_mut_ptr(), _mm256_mul_ps(_mm256_cvtepi32_ps(a), k));
            _mm256_storeu_ps(
                d.as_mut_ptr().add(8),
                _mm256_mul_ps(_mm256_cvtepi32_ps(b), k),
            );
        }
    }
    scalar::i32_to_f32(s_rest, d_rest);
}

/// `f32` to `i32` with saturation: lanes at or above 2^31 (where the
/// conversion returns `i32::MIN`) are flipped to `i32::MAX`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn f32_to_i32_vec(x: __m256, scale: __m256) -> __m256i {
    let s = zero_nan(_mm256_mul_ps(x, scale));
    let over = _mm256_castps_si256(_mm256_cmp_ps::<_CMP_GE_OQ>(s, scale));
    _mm256_xor_si256(_mm256_cvtps_epi32(s), over)
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn f32_to_i32(src: &[f32], dst: &mut [i32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    let scale = _mm256_set1_ps(I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 i32; unaligned ops.
        unsafe {
            let a = f32_to_i32_vec(_mm256_loadu_ps(s.as_ptr()), scale);
            let b = f32_to_i32_vec(_mm256_loadu_ps(s.as_ptr().add(8)), scale);
            _mm256_storeu_si256(d.as_mut_ptr().cast(), a);
            _mm256_storeu_si256(d.as_mut_ptr().add(8).cast(), b);
        }
    }
    scalar::f32_to_i32(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn f64_to_f32(src: &[f64], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 doubles, `d` 16 floats; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let a = _mm256_cvtpd_ps(_mm256_loadu_pd(p));
            let b = _mm256_cvtpd_ps(_mm256_loadu_pd(p.add(4)));
            let c = _mm256_cvtpd_ps(_mm256_loadu_pd(p.add(8)));
            let e = _mm256_cvtpd_ps(_mm256_loadu_pd(p.add(12)));
            _mm256_storeu_ps(d.as_mut_ptr(), _mm256_set_m128(b, a));
            _mm256_storeu_ps(d.as_mut_ptr().add(8), _mm256_set_m128(e, c));
        }
    }
    scalar::f64_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn f32_to_f64(src: &[f32], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<16>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<16>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 16 floats, `d` 16 doubles; unaligned ops.
        unsafe {
            let p = s.as_ptr();
            let q = d.as_mut_ptr();
            _mm256_storeu_pd(q, _mm256_cvtps_pd(_mm_loadu_ps(p)));
            _mm256_storeu_pd(q.add(4), _mm256_cvtps_pd(_mm_loadu_ps(p.add(4))));
            _mm256_storeu_pd(q.add(8), _mm256_cvtps_pd(_mm_loadu_ps(p.add(8))));
            _mm256_storeu_pd(q.add(12), _mm256_cvtps_pd(_mm_loadu_ps(p.add(12))));
        }
    }
    scalar::f32_to_f64(s_rest, d_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    let n = left.len().min(right.len()).min(out.len() / 2);
    let (left, right, out) = (&left[..n], &right[..n], &mut out[..2 * n]);
    let (l_chunks, l_rest) = left.as_chunks::<8>();
    let (r_chunks, r_rest) = right.as_chunks::<8>();
    let (o_chunks, o_rest) = out.as_chunks_mut::<16>();
    for ((l, r), o) in l_chunks.iter().zip(r_chunks).zip(o_chunks) {
        // SAFETY: `l`, `r` hold 8 floats, `o` 16; unaligned ops.
        unsafe {
            let a = _mm256_loadu_ps(l.as_ptr());
            let b = _mm256_loadu_ps(r.as_ptr());
            let lo = _mm256_unpacklo_ps(a, b);
            let hi = _mm256_unpackhi_ps(a, b);
            _mm256_storeu_ps(o.as_mut_ptr(), _mm256_permute2f128_ps::<0x20>(lo, hi));
            _mm256_storeu_ps(
                o.as_mut_ptr().add(8),
                _mm256_permute2f128_ps::<0x31>(lo, hi),
            );
        }
    }
    scalar::interleave2(l_rest, r_rest, o_rest);
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    let n = left.len().min(right.len()).min(input.len() / 2);
    let (input, left, right) = (&input[..2 * n], &mut left[..n], &mut right[..n]);
    let (i_chunks, i_rest) = input.as_chunks::<16>();
    let (l_chunks, l_rest) = left.as_chunks_mut::<8>();
    let (r_chunks, r_rest) = right.as_chunks_mut::<8>();
    for ((i, l), r) in i_chunks.iter().zip(l_chunks).zip(r_chunks) {
        // SAFETY: `i` holds 16 floats, `l` and `r` 8 each; unaligned ops.
        unsafe {
            let a = _mm256_loadu_ps(i.as_ptr());
            let b = _mm256_loadu_ps(i.as_ptr().add(8));
            let ev = _mm256_shuffle_ps::<0b10_00_10_00>(a, b);
            let od = _mm256_shuffle_ps::<0b11_01_11_01>(a, b);
            let ev = _mm256_castpd_ps(_mm256_permute4x64_pd::<0b11_01_10_00>(_mm256_castps_pd(ev)));
            let od = _mm256_castpd_ps(_mm256_permute4x64_pd::<0b11_01_10_00>(_mm256_castps_pd(od)));
            _mm256_storeu_ps(l.as_mut_ptr(), ev);
            _mm256_storeu_ps(r.as_mut_ptr(), od);
        }
    }
    scalar::deinterleave2(i_rest, l_rest, r_rest);
}

/// Frames all sources have (and `dst` can take).
fn common_len<T>(sources: &[&[T]], dst_len: usize) -> usize {
    sources.iter().fold(dst_len, |n, s| n.min(s.len()))
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let (lo, hi) = (_mm256_set1_ps(-1.0), _mm256_set1_ps(1.0));
    let blocks = n / 32;
    for (b, d) in dst.as_chunks_mut::<32>().0.iter_mut().enumerate() {
        let at = 32 * b;
        let mut acc = [_mm256_setzero_ps(); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = _mm256_set1_ps(g);
            let s: &[f32; 32] = s[at..at + 32].try_into().expect("32 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 32 floats and `j < 4`.
                let x = unsafe { _mm256_loadu_ps(s.as_ptr().add(8 * j)) };
                *a = _mm256_add_ps(*a, _mm256_mul_ps(x, g));
            }
        }
        for (j, a) in acc.into_iter().enumerate() {
            let v = _mm256_min_ps(_mm256_max_ps(zero_nan(a), lo), hi);
            // SAFETY: `d` holds 32 floats and `j < 4`.
            unsafe { _mm256_storeu_ps(d.as_mut_ptr().add(8 * j), v) };
        }
    }
    mix_f32_tail(sources, gains, dst, 32 * blocks);
}

/// Portable mix of samples `from..` (the part the vector loop left).
fn mix_f32_tail(sources: &[&[f32]], gains: &[f32], dst: &mut [f32], from: usize) {
    for (i, d) in dst.iter_mut().enumerate().skip(from) {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += s[i] * g;
        }
        *d = scalar::clamp_unit(acc);
    }
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let hi = _mm256_set1_ps(32767.0);
    let one = _mm256_set1_ps(1.0);
    let blocks = n / 32;
    for (b, d) in dst.as_chunks_mut::<32>().0.iter_mut().enumerate() {
        let at = 32 * b;
        let mut acc = [_mm256_setzero_ps(); 4];
        for (s, &g) in sources.iter().zip(gains) {
            let g = _mm256_set1_ps(g);
            let s: &[i16; 32] = s[at..at + 32].try_into().expect("32 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 32 i16 and `j < 4`: reads 16 bytes at 16j.
                let x = unsafe { _mm_loadu_si128(s.as_ptr().add(8 * j).cast()) };
                let x = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(x));
                *a = _mm256_add_ps(*a, _mm256_mul_ps(x, g));
            }
        }
        let v0 = pack_i16(to_i32(acc[0], one, hi), to_i32(acc[1], one, hi));
        let v1 = pack_i16(to_i32(acc[2], one, hi), to_i32(acc[3], one, hi));
        // SAFETY: `d` holds 32 i16: two 32-byte stores.
        unsafe {
            _mm256_storeu_si256(d.as_mut_ptr().cast(), v0);
            _mm256_storeu_si256(d.as_mut_ptr().add(16).cast(), v1);
        }
    }
    for (i, d) in dst.iter_mut().enumerate().skip(32 * blocks) {
        let mut acc = 0.0f32;
        for (s, &g) in sources.iter().zip(gains) {
            acc += f32::from(s[i]) * g;
        }
        *d = acc.round_ties_even() as i16;
    }
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn gain_ramp(buf: &mut [f32], start: f32, step: f32) {
    let (chunks, rest) = buf.as_chunks_mut::<16>();
    let vstart = _mm256_set1_ps(start);
    let vstep = _mm256_set1_ps(step);
    let mut idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    let eight = _mm256_set1_epi32(8);
    let done = 16 * chunks.len();
    for c in chunks {
        let g0 = _mm256_add_ps(vstart, _mm256_mul_ps(vstep, _mm256_cvtepi32_ps(idx)));
        idx = _mm256_add_epi32(idx, eight);
        let g1 = _mm256_add_ps(vstart, _mm256_mul_ps(vstep, _mm256_cvtepi32_ps(idx)));
        idx = _mm256_add_epi32(idx, eight);
        // SAFETY: `c` holds 16 floats; unaligned ops.
        unsafe {
            let p = c.as_mut_ptr();
            _mm256_storeu_ps(p, _mm256_mul_ps(_mm256_loadu_ps(p), g0));
            _mm256_storeu_ps(p.add(8), _mm256_mul_ps(_mm256_loadu_ps(p.add(8)), g1));
        }
    }
    for (i, x) in rest.iter_mut().enumerate() {
        *x *= start + step * (done + i) as f32;
    }
}

/// Samples per block whose `f32` partial sums are added up in `f64`.
const BLOCK: usize = 4096;

#[inline]
#[target_feature(enable = "avx2,fma")]
fn hmax(v: __m256) -> f32 {
    let m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
    let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    let m = _mm_max_ss(m, _mm_shuffle_ps::<1>(m, m));
    _mm_cvtss_f32(m)
}

#[inline]
#[target_feature(enable = "avx2,fma")]
fn hsum_f64(v: __m256) -> f64 {
    let d = _mm256_add_pd(
        _mm256_cvtps_pd(_mm256_castps256_ps128(v)),
        _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)),
    );
    let s = _mm_add_pd(_mm256_castpd256_pd128(d), _mm256_extractf128_pd::<1>(d));
    _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)))
}

/// One pass computing peak (if `PEAK`) and sum of squares (if `SUMSQ`).
#[inline]
#[target_feature(enable = "avx2,fma")]
fn meter<const PEAK: bool, const SUMSQ: bool>(x: &[f32]) -> (f32, f64) {
    let abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(i32::MAX));
    let mut peak = _mm256_setzero_ps();
    let mut total = 0.0f64;
    let (chunks, rest) = x.as_chunks::<32>();
    for block in chunks.chunks(BLOCK / 32) {
        let mut sq = [_mm256_setzero_ps(); 4];
        let mut pk = [peak; 4];
        for c in block {
            for j in 0..4 {
                // SAFETY: `c` holds 32 floats and `j < 4`.
                let v = unsafe { _mm256_loadu_ps(c.as_ptr().add(8 * j)) };
                if PEAK {
                    // max(a, b) returns b when a is NaN: NaN samples are skipped.
                    pk[j] = _mm256_max_ps(_mm256_and_ps(v, abs_mask), pk[j]);
                }
                if SUMSQ {
                    sq[j] = _mm256_fmadd_ps(v, v, sq[j]);
                }
            }
        }
        peak = _mm256_max_ps(_mm256_max_ps(pk[0], pk[1]), _mm256_max_ps(pk[2], pk[3]));
        if SUMSQ {
            total += hsum_f64(_mm256_add_ps(
                _mm256_add_ps(sq[0], sq[1]),
                _mm256_add_ps(sq[2], sq[3]),
            ));
        }
    }
    let peak = if PEAK {
        hmax(peak).max(scalar::peak(rest))
    } else {
        0.0
    };
    if SUMSQ {
        total += scalar::sum_squares(rest);
    }
    (peak, total)
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn peak(x: &[f32]) -> f32 {
    meter::<true, false>(x).0
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn sum_squares(x: &[f32]) -> f64 {
    meter::<false, true>(x).1
}

#[target_feature(enable = "avx2,fma")]
pub(crate) fn peak_sum_squares(x: &[f32]) -> (f32, f64) {
    meter::<true, true>(x)
}

/// `N` planar channels into frames: 3 and 5 to 8 channels through an
/// in-register 8 x 8 transpose of 8 frames at a time ([`interleave_by_8`]),
/// the others through the portable per-`N` loop. (The portable loop
/// compiled for AVX2 ran 6 and 8 channels at 0.7-0.9x the speed of its
/// baseline-SSE2 build on a Zen 3, session 9; for 4 channels a register zip
/// (session 9) and the 8 x 8 transpose with zero rows (session 12) both
/// measured no faster than it.)
#[target_feature(enable = "avx2,fma")]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    match inputs.len() {
        3 => interleave_by_8::<3>(inputs, out),
        5 => interleave_by_8::<5>(inputs, out),
        6 => interleave_by_8::<6>(inputs, out),
        7 => interleave_by_8::<7>(inputs, out),
        8 => interleave_by_8::<8>(inputs, out),
        _ => interleave_n_portable(inputs, out),
    }
}

/// Frames into `N` planar channels, the inverse of [`interleave_n`]: 3 to 8
/// channels through in-register transposes of 8 frames at a time.
#[target_feature(enable = "avx2,fma")]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    match outputs.len() {
        3 => deinterleave_by_8::<3>(input, outputs),
        4 => deinterleave_by_8::<4>(input, outputs),
        5 => deinterleave_by_8::<5>(input, outputs),
        6 => deinterleave_by_8::<6>(input, outputs),
        7 => deinterleave_by_8::<7>(input, outputs),
        8 => deinterleave_by_8::<8>(input, outputs),
        _ => deinterleave_n_portable(input, outputs),
    }
}

/// Transposes 8 x 8 floats: `r[i]` is row `i`; the result's register `j` is
/// column `j`. Its own inverse.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn transpose8(r: [__m256; 8]) -> [__m256; 8] {
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
    let s0 = _mm256_shuffle_ps::<0x44>(t0, t2);
    let s1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
    let s2 = _mm256_shuffle_ps::<0x44>(t1, t3);
    let s3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
    let s4 = _mm256_shuffle_ps::<0x44>(t4, t6);
    let s5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
    let s6 = _mm256_shuffle_ps::<0x44>(t5, t7);
    let s7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
    [
        _mm256_permute2f128_ps::<0x20>(s0, s4),
        _mm256_permute2f128_ps::<0x20>(s1, s5),
        _mm256_permute2f128_ps::<0x20>(s2, s6),
        _mm256_permute2f128_ps::<0x20>(s3, s7),
        _mm256_permute2f128_ps::<0x31>(s0, s4),
        _mm256_permute2f128_ps::<0x31>(s1, s5),
        _mm256_permute2f128_ps::<0x31>(s2, s6),
        _mm256_permute2f128_ps::<0x31>(s3, s7),
    ]
}

/// 8 frames of 4 channels, as frames 0-1, 2-3, 4-5, 6-7 (2 x 4 channels
/// each) in `r`, to one register per channel.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn unzip4(r: [__m256; 4]) -> [__m256; 4] {
    // Frames (0 | 4), (1 | 5), (2 | 6), (3 | 7).
    let u0 = _mm256_permute2f128_ps::<0x20>(r[0], r[2]);
    let u1 = _mm256_permute2f128_ps::<0x31>(r[0], r[2]);
    let u2 = _mm256_permute2f128_ps::<0x20>(r[1], r[3]);
    let u3 = _mm256_permute2f128_ps::<0x31>(r[1], r[3]);
    let t0 = _mm256_unpacklo_ps(u0, u1);
    let t1 = _mm256_unpackhi_ps(u0, u1);
    let t2 = _mm256_unpacklo_ps(u2, u3);
    let t3 = _mm256_unpackhi_ps(u2, u3);
    [
        _mm256_shuffle_ps::<0x44>(t0, t2),
        _mm256_shuffle_ps::<0xEE>(t0, t2),
        _mm256_shuffle_ps::<0x44>(t1, t3),
        _mm256_shuffle_ps::<0xEE>(t1, t3),
    ]
}

/// Blocks of 8 frames whose `N`-float rows can be moved as whole 8-float
/// vectors at `N * (f + j)`, `j < 8`, within the first `N * frames` floats:
/// with fewer than 8 channels each such vector reaches `8 - N` floats into
/// the next frame, which the next frame's store overwrites (or, reading,
/// which the transpose leaves in rows the kernel does not use).
fn whole_vector_blocks<const N: usize>(frames: usize) -> usize {
    let mut blocks = frames / 8;
    while blocks > 0 && N * (8 * blocks - 1) + 8 > N * frames {
        blocks -= 1;
    }
    blocks
}

/// [`interleave_n`] for `N` = 3..=8 channels (4 is not dispatched here):
/// blocks of 8 frames in registers (rows `N..8` of the transpose are zero),
/// each frame stored as a whole vector in frame order, so the `8 - N`
/// floats it writes past its end are overwritten by the next one; the
/// remaining frames through the portable loop.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn interleave_by_8<const N: usize>(inputs: &[&[f32]], out: &mut [f32]) {
    let frames = inputs.iter().fold(out.len() / N, |n, c| n.min(c.len()));
    let done = 8 * whole_vector_blocks::<N>(frames);
    let out = &mut out[..N * frames];
    for f in (0..done).step_by(8) {
        let mut c = [_mm256_setzero_ps(); 8];
        for (k, reg) in c.iter_mut().enumerate().take(N) {
            let src = &inputs[k][f..f + 8];
            // SAFETY: `src` holds 8 floats; unaligned load.
            *reg = unsafe { _mm256_loadu_ps(src.as_ptr()) };
        }
        let block = &mut out[N * f..N * f + 7 * N + 8];
        for (j, v) in transpose8(c).into_iter().enumerate() {
            let d = &mut block[N * j..N * j + 8];
            // SAFETY: `d` holds 8 floats; unaligned store.
            unsafe { _mm256_storeu_ps(d.as_mut_ptr(), v) }
        }
    }
    let mut rest: [&[f32]; N] = [&[]; N];
    for (r, input) in rest.iter_mut().zip(inputs) {
        *r = &input[done..frames];
    }
    interleave_n_portable(&rest, &mut out[N * done..]);
}

/// [`deinterleave_n`] for `N` = 3..=8 channels: blocks of 8 frames in
/// registers (4 channels as two frames per register, [`unzip4`]; the others
/// one frame per register, read as a whole vector at the frame's start,
/// through [`transpose8`], whose rows `N..8` are not used), the remaining
/// frames through the portable loop.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn deinterleave_by_8<const N: usize>(input: &[f32], outputs: &mut [&mut [f32]]) {
    let frames = outputs.iter().fold(input.len() / N, |n, c| n.min(c.len()));
    let done = 8 * whole_vector_blocks::<N>(frames);
    for f in (0..done).step_by(8) {
        let mut store = |k: usize, v: __m256| {
            let d = &mut outputs[k][f..f + 8];
            // SAFETY: `d` holds 8 floats; unaligned store.
            unsafe { _mm256_storeu_ps(d.as_mut_ptr(), v) }
        };
        if N == 4 {
            let src = &input[4 * f..4 * f + 32];
            let mut r = [_mm256_setzero_ps(); 4];
            for (j, reg) in r.iter_mut().enumerate() {
                let s = &src[8 * j..8 * j + 8];
                // SAFETY: `s` holds 8 floats; unaligned load.
                *reg = unsafe { _mm256_loadu_ps(s.as_ptr()) };
            }
            for (k, v) in unzip4(r).into_iter().enumerate() {
                store(k, v);
            }
        } else {
            let block = &input[N * f..N * f + 7 * N + 8];
            let mut r = [_mm256_setzero_ps(); 8];
            for (j, reg) in r.iter_mut().enumerate() {
                let s = &block[N * j..N * j + 8];
                // SAFETY: `s` holds 8 floats; unaligned load.
                *reg = unsafe { _mm256_loadu_ps(s.as_ptr()) };
            }
            for (k, v) in transpose8(r).into_iter().enumerate().take(N) {
                store(k, v);
            }
        }
    }
    let mut it = outputs.iter_mut();
    let mut rest: [&mut [f32]; N] = std::array::from_fn(|_| match it.next() {
        Some(o) => &mut o[done..frames],
        None => &mut [],
    });
    deinterleave_n_portable(&input[N * done..N * frames], &mut rest);
}
