//! AVX-512 (F + BW + VL) kernels: 16 `f32` lanes, `vfixupimmps` and
//! NaN-propagating min/max for NaN handling and saturation, and masked
//! loads/stores for unaligned heads and the last partial vector (so short
//! and odd-length buffers stay on the vector path, and the bulk's stores
//! start on a 64-byte boundary). Same exact results as the AVX2 module (see
//! there). Two kernels have a faster variant for CPUs with a further
//! extension, detected at run time: `f32` to 24-bit with VBMI byte permutes
//! ([`vbmi`]) and the peak meters with DQ's `vrangeps`; the 6- and
//! 8-channel interleavers are in [`channels`].

use crate::arch::scalar::{I16_SCALE, I24_MAX, I24_MIN, I24_SCALE, I32_SCALE};
use std::arch::x86_64::*;

mod channels;
mod vbmi;
pub(crate) use channels::{deinterleave_n, interleave_n};

/// Mask with the low `k` lanes set (`k <= 16`).
#[inline]
fn lanes(k: usize) -> __mmask16 {
    ((1u32 << k) - 1) as __mmask16
}

/// Runs `body(src_piece, dst_piece, mask)` over the remainders in pieces of
/// at most 16 elements, `mask` selecting the elements present.
#[inline(always)]
fn masked_tail<S, D>(src: &[S], dst: &mut [D], mut body: impl FnMut(&[S], &mut [D], __mmask16)) {
    for (s, d) in src.chunks(16).zip(dst.chunks_mut(16)) {
        body(s, d, lanes(s.len().min(d.len())));
    }
}

/// Runs a conversion in two calls split so that the second (the bulk) has
/// its destination on a 64-byte boundary: stores that straddle two cache
/// lines cost about twice as much, loads much less. `SP` source elements
/// make one destination element.
#[inline(always)]
fn align_dst<S, D, const SP: usize>(src: &[S], dst: &mut [D], kernel: impl Fn(&[S], &mut [D])) {
    let n = (src.len() / SP).min(dst.len());
    let head = dst.as_ptr().align_offset(64).min(n);
    let (s0, s1) = src.split_at(SP * head);
    let (d0, d1) = dst.split_at_mut(head);
    kernel(s0, d0);
    kernel(s1, d1);
}

/// `vfixupimmps` table turning NaN (the QNaN and SNaN classes: response 8,
/// +0) into +0 and keeping every other class (response 1, the source).
/// One instruction, and no compare into a mask register, which on Zen 4
/// measured slower than the fix-up.
const NAN_TO_ZERO: i32 = 0x1111_1188;

/// `x` with NaN lanes set to +0.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn nan_to_zero(x: __m512) -> __m512 {
    _mm512_fixupimm_ps::<0>(x, x, _mm512_set1_epi32(NAN_TO_ZERO))
}

/// Scales, zeroes NaN lanes, caps at `hi` and converts to `i32` (nearest
/// even).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn to_i32(x: __m512, scale: __m512, hi: __m512) -> __m512i {
    _mm512_cvtps_epi32(_mm512_min_ps(nan_to_zero(_mm512_mul_ps(x, scale)), hi))
}

/// Scales and clamps to `[lo, hi]` with NaN passed through (`vmaxps` and
/// `vminps` return their second operand when either is NaN), then converts
/// (nearest even): NaN lanes become `0x8000_0000`, whose low 8, 16 and 24
/// bits are 0, so a truncating narrowing turns NaN into 0 for free.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn scale_clamp_cvt(x: __m512, scale: __m512, lo: __m512, hi: __m512) -> __m512i {
    let s = _mm512_mul_ps(x, scale);
    _mm512_cvtps_epi32(_mm512_min_ps(hi, _mm512_max_ps(lo, s)))
}

/// Word indices of the low halves of the dwords of `a:b` (a truncating
/// 32 -> 16-bit narrowing of two vectors with one `vpermt2w`).
const LOW_WORDS: [i16; 32] = {
    let mut t = [0; 32];
    let mut i = 0;
    while i < 32 {
        t[i] = 2 * i as i16;
        i += 1;
    }
    t
};

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn u8_to_f32(src: &[u8], dst: &mut [f32]) {
    align_dst::<_, _, 1>(src, dst, |s, d| u8_to_f32_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn u8_to_f32_bulk(src: &[u8], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let k = _mm512_set1_ps(1.0 / 128.0);
    let off = _mm512_set1_epi32(128);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 bytes, `d` 32 floats; unaligned ops.
        unsafe {
            let a = _mm512_cvtepu8_epi32(_mm_loadu_si128(s.as_ptr().cast()));
            let b = _mm512_cvtepu8_epi32(_mm_loadu_si128(s.as_ptr().add(16).cast()));
            let fa = _mm512_cvtepi32_ps(_mm512_sub_epi32(a, off));
            let fb = _mm512_cvtepi32_ps(_mm512_sub_epi32(b, off));
            _mm512_storeu_ps(d.as_mut_ptr(), _mm512_mul_ps(fa, k));
            _mm512_storeu_ps(d.as_mut_ptr().add(16), _mm512_mul_ps(fb, k));
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(m, s.as_ptr().cast()));
            let f = _mm512_cvtepi32_ps(_mm512_sub_epi32(v, off));
            _mm512_mask_storeu_ps(d.as_mut_ptr(), m, _mm512_mul_ps(f, k));
        }
    });
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f32_to_u8(src: &[f32], dst: &mut [u8]) {
    align_dst::<_, _, 1>(src, dst, |s, d| f32_to_u8_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_u8_bulk(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<64>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<64>();
    let scale = _mm512_set1_ps(128.0);
    let (lo, hi) = (_mm512_set1_ps(-128.0), _mm512_set1_ps(127.0));
    let flip = _mm512_set1_epi8(-128);
    // After two in-lane pack steps, dword k of 128-bit lane L holds samples
    // 4L..4L+4 of vector k: gather them back into sample order.
    let order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 64 floats, `d` 64 bytes; unaligned ops.
        unsafe {
            let mut v = [_mm512_setzero_si512(); 4];
            for (j, vj) in v.iter_mut().enumerate() {
                let x = _mm512_loadu_ps(s.as_ptr().add(16 * j));
                // NaN lanes 0, capped at 127; the packs saturate the low side.
                *vj = to_i32(x, scale, hi);
            }
            let p0 = _mm512_packs_epi32(v[0], v[1]);
            let p1 = _mm512_packs_epi32(v[2], v[3]);
            let b = _mm512_permutexvar_epi32(order, _mm512_packs_epi16(p0, p1));
            _mm512_storeu_si512(d.as_mut_ptr().cast(), _mm512_xor_si512(b, flip));
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = scale_clamp_cvt(_mm512_maskz_loadu_ps(m, s.as_ptr()), scale, lo, hi);
            // Truncation: NaN's 0x8000_0000 becomes 0.
            let v = _mm_xor_si128(_mm512_cvtepi32_epi8(v), _mm512_castsi512_si128(flip));
            _mm_mask_storeu_epi8(d.as_mut_ptr().cast(), m, v);
        }
    });
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn i16_to_f32(src: &[i16], dst: &mut [f32]) {
    align_dst::<_, _, 1>(src, dst, |s, d| i16_to_f32_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn i16_to_f32_bulk(src: &[i16], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let k = _mm512_set1_ps(1.0 / I16_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 i16, `d` 32 floats; unaligned ops.
        unsafe {
            let a = _mm512_cvtepi16_epi32(_mm256_loadu_si256(s.as_ptr().cast()));
            let b = _mm512_cvtepi16_epi32(_mm256_loadu_si256(s.as_ptr().add(16).cast()));
            _mm512_storeu_ps(d.as_mut_ptr(), _mm512_mul_ps(_mm512_cvtepi32_ps(a), k));
            _mm512_storeu_ps(
                d.as_mut_ptr().add(16),
                _mm512_mul_ps(_mm512_cvtepi32_ps(b), k),
            );
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = _mm512_cvtepi16_epi32(_mm256_maskz_loadu_epi16(m, s.as_ptr()));
            _mm512_mask_storeu_ps(d.as_mut_ptr(), m, _mm512_mul_ps(_mm512_cvtepi32_ps(v), k));
        }
    });
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f32_to_i16(src: &[f32], dst: &mut [i16]) {
    align_dst::<_, _, 1>(src, dst, |s, d| f32_to_i16_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_i16_bulk(src: &[f32], dst: &mut [i16]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let scale = _mm512_set1_ps(I16_SCALE);
    let (lo, hi) = (_mm512_set1_ps(-32768.0), _mm512_set1_ps(32767.0));
    // SAFETY: `LOW_WORDS` is 64 readable bytes; unaligned load.
    let low_words = unsafe { _mm512_loadu_si512(LOW_WORDS.as_ptr().cast()) };
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 32 i16; unaligned ops.
        unsafe {
            let a = scale_clamp_cvt(_mm512_loadu_ps(s.as_ptr()), scale, lo, hi);
            let b = scale_clamp_cvt(_mm512_loadu_ps(s.as_ptr().add(16)), scale, lo, hi);
            let v = _mm512_permutex2var_epi16(a, low_words, b);
            _mm512_storeu_si512(d.as_mut_ptr().cast(), v);
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = scale_clamp_cvt(_mm512_maskz_loadu_ps(m, s.as_ptr()), scale, lo, hi);
            _mm256_mask_storeu_epi16(d.as_mut_ptr(), m, _mm512_cvtepi32_epi16(v));
        }
    });
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn i24_to_f32(src: &[u8], dst: &mut [f32]) {
    // (A VBMI `vpermb` version measured slower than dword permute + `pshufb`.)
    i24_to_f32_bw(src, dst)
}

/// AVX-512VBMI (byte permutes): not part of what the crate requires for the
/// AVX-512 level, so checked here (a cached flag after the first call).
#[inline]
fn has_vbmi() -> bool {
    std::arch::is_x86_feature_detected!("avx512vbmi")
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn i24_to_f32_bw(src: &[u8], dst: &mut [f32]) {
    let n = (src.len() / 3).min(dst.len());
    let (src, dst) = (&src[..3 * n], &mut dst[..n]);
    // 16 samples (48 bytes) per step, read with one 64-byte load, so the
    // last 16 bytes must exist: stop while 64 bytes remain.
    let groups = if 3 * n >= 64 {
        (3 * n - 64) / 48 + 1
    } else {
        0
    };
    // Lane L gets input bytes 12L..12L+16 (dwords 3L..3L+4).
    let spread = _mm512_setr_epi32(0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9, 9, 10, 11, 12);
    let shuffle = _mm512_broadcast_i32x4(_mm_setr_epi8(
        -1, 0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11,
    ));
    // The shuffle leaves sample << 8 in each dword (exact in f32: at most
    // 24 significant bits), so scaling by 2^-31 replaces shift + 2^-23.
    let k = _mm512_set1_ps(1.0 / I32_SCALE);
    let (d_chunks, _) = dst.as_chunks_mut::<16>();
    for (g, d) in d_chunks.iter_mut().take(groups).enumerate() {
        let s: &[u8; 64] = src[48 * g..48 * g + 64].try_into().expect("64 bytes");
        // SAFETY: `s` holds 64 bytes, `d` 16 floats; unaligned ops.
        unsafe {
            let v = _mm512_loadu_si512(s.as_ptr().cast());
            let v = _mm512_shuffle_epi8(_mm512_permutexvar_epi32(spread, v), shuffle);
            _mm512_storeu_ps(d.as_mut_ptr(), _mm512_mul_ps(_mm512_cvtepi32_ps(v), k));
        }
    }
    super::avx2::i24_to_f32(&src[48 * groups..], &mut dst[16 * groups..]);
}

/// Dword sources for packing four vectors of 24-bit samples (compacted by
/// `pshufb` to 12 bytes at the start of each 128-bit lane) into
/// three full 64-byte stores: output vector `m` takes its dwords from
/// vectors `m` (indices < 16) and `m + 1` (indices >= 16).
const I24_COMPACT: [[i32; 16]; 3] = i24_compact_table();

const fn i24_compact_table() -> [[i32; 16]; 3] {
    let mut t = [[0; 16]; 3];
    let mut m = 0;
    while m < 3 {
        let mut p = 0;
        while p < 16 {
            // Dword q of the packed stream: vector q / 12, lane r / 3,
            // dword r % 3 of that lane.
            let q = 16 * m + p;
            let (j, r) = (q / 12, q % 12);
            let from_next = if j == m { 0 } else { 16 };
            t[m][p] = (from_next + 4 * (r / 3) + r % 3) as i32;
            p += 1;
        }
        m += 1;
    }
    t
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f32_to_i24(src: &[f32], dst: &mut [u8]) {
    if has_vbmi() {
        // SAFETY: AVX-512VBMI was detected; the rest is guaranteed by the caller.
        unsafe { vbmi::f32_to_i24(src, dst) }
    } else {
        f32_to_i24_bw(src, dst)
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_i24_bw(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len() / 3);
    let (src, dst) = (&src[..n], &mut dst[..3 * n]);
    // 64 samples per step: four vectors packed into three 64-byte stores.
    let scale = _mm512_set1_ps(I24_SCALE);
    let hi = _mm512_set1_ps(I24_MAX as f32);
    let lo = _mm512_set1_ps(I24_MIN as f32);
    let shuffle = _mm512_broadcast_i32x4(_mm_setr_epi8(
        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
    ));
    // SAFETY: each table row is 64 readable bytes; unaligned loads.
    let compact = I24_COMPACT.map(|row| unsafe { _mm512_loadu_si512(row.as_ptr().cast()) });
    let (s_chunks, _) = src.as_chunks::<64>();
    let (d_chunks, _) = dst.as_chunks_mut::<192>();
    let steps = s_chunks.len().min(d_chunks.len());
    for (s, d) in s_chunks.iter().zip(d_chunks.iter_mut()) {
        // SAFETY: `s` holds 64 floats, `d` 192 bytes; unaligned ops.
        unsafe {
            let mut v = [_mm512_setzero_si512(); 4];
            for (j, vj) in v.iter_mut().enumerate() {
                let x = _mm512_loadu_ps(s.as_ptr().add(16 * j));
                *vj = _mm512_shuffle_epi8(scale_clamp_cvt(x, scale, lo, hi), shuffle);
            }
            for m in 0..3 {
                let o = _mm512_permutex2var_epi32(v[m], compact[m], v[m + 1]);
                _mm512_storeu_si512(d.as_mut_ptr().add(64 * m).cast(), o);
            }
        }
    }
    f32_to_i24_by16(&src[64 * steps..], &mut dst[192 * steps..]);
}

/// [`f32_to_i24`] 16 samples at a time (for what the 64-sample steps leave).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_i24_by16(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len() / 3);
    let (src, dst) = (&src[..n], &mut dst[..3 * n]);
    // 16 samples per step, written with one 64-byte store whose last 16
    // bytes are rewritten by the next step (or the portable tail).
    let groups = if 3 * n >= 64 {
        (3 * n - 64) / 48 + 1
    } else {
        0
    };
    let scale = _mm512_set1_ps(I24_SCALE);
    let hi = _mm512_set1_ps(I24_MAX as f32);
    let lo = _mm512_set1_ps(I24_MIN as f32);
    let shuffle = _mm512_broadcast_i32x4(_mm_setr_epi8(
        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
    ));
    let gather = _mm512_setr_epi32(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 15, 15, 15);
    let (s_chunks, _) = src.as_chunks::<16>();
    for (g, s) in s_chunks.iter().take(groups).enumerate() {
        let d: &mut [u8; 64] = (&mut dst[48 * g..48 * g + 64])
            .try_into()
            .expect("64 bytes");
        // SAFETY: `s` holds 16 floats, `d` 64 bytes; unaligned ops.
        unsafe {
            let x = _mm512_loadu_ps(s.as_ptr());
            let v = _mm512_shuffle_epi8(scale_clamp_cvt(x, scale, lo, hi), shuffle);
            _mm512_storeu_si512(d.as_mut_ptr().cast(), _mm512_permutexvar_epi32(gather, v));
        }
    }
    super::avx2::f32_to_i24(&src[16 * groups..], &mut dst[48 * groups..]);
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn i32_to_f32(src: &[i32], dst: &mut [f32]) {
    align_dst::<_, _, 1>(src, dst, |s, d| i32_to_f32_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn i32_to_f32_bulk(src: &[i32], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let k = _mm512_set1_ps(1.0 / I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 i32, `d` 32 floats; unaligned ops.
        unsafe {
            let a = _mm512_loadu_si512(s.as_ptr().cast());
            let b = _mm512_loadu_si512(s.as_ptr().add(16).cast());
            _mm512_storeu_ps(d.as_mut_ptr(), _mm512_mul_ps(_mm512_cvtepi32_ps(a), k));
            _mm512_storeu_ps(
                d.as_mut_ptr().add(16),
                _mm512_mul_ps(_mm512_cvtepi32_ps(b), k),
            );
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(m, s.as_ptr()));
            _mm512_mask_storeu_ps(d.as_mut_ptr(), m, _mm512_mul_ps(v, k));
        }
    });
}

/// `f32` to `i32` with saturation (lanes at or above 2^31 become `i32::MAX`).
/// NaN lanes are turned into +0 by one `vfixupimmps` (response 8, "+0", for
/// the QNaN and SNaN classes, 1, "keep", for the other six), then a single
/// masked convert writes `i32::MAX` where the lane is not below 2^31; below
/// -2^31 the convert's own 0x8000_0000 is already `i32::MIN`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_i32_vec(x: __m512, scale: __m512) -> __m512i {
    let s = _mm512_mul_ps(x, scale);
    let s = nan_to_zero(s);
    let below = _mm512_cmp_ps_mask::<_CMP_LT_OQ>(s, scale);
    _mm512_mask_cvtps_epi32(_mm512_set1_epi32(i32::MAX), below, s)
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f32_to_i32(src: &[f32], dst: &mut [i32]) {
    align_dst::<_, _, 1>(src, dst, |s, d| f32_to_i32_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_i32_bulk(src: &[f32], dst: &mut [i32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    let scale = _mm512_set1_ps(I32_SCALE);
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 32 i32; unaligned ops.
        unsafe {
            let a = f32_to_i32_vec(_mm512_loadu_ps(s.as_ptr()), scale);
            let b = f32_to_i32_vec(_mm512_loadu_ps(s.as_ptr().add(16)), scale);
            _mm512_storeu_si512(d.as_mut_ptr().cast(), a);
            _mm512_storeu_si512(d.as_mut_ptr().add(16).cast(), b);
        }
    }
    masked_tail(s_rest, d_rest, |s, d, m| {
        // SAFETY: masked ops touch only the lanes selected by `m`, inside `s` and `d`.
        unsafe {
            let v = f32_to_i32_vec(_mm512_maskz_loadu_ps(m, s.as_ptr()), scale);
            _mm512_mask_storeu_epi32(d.as_mut_ptr(), m, v);
        }
    });
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f64_to_f32(src: &[f64], dst: &mut [f32]) {
    align_dst::<_, _, 1>(src, dst, |s, d| f64_to_f32_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f64_to_f32_bulk(src: &[f64], dst: &mut [f32]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 doubles, `d` 32 floats; unaligned ops.
        unsafe {
            for j in 0..4 {
                let v = _mm512_cvtpd_ps(_mm512_loadu_pd(s.as_ptr().add(8 * j)));
                _mm256_storeu_ps(d.as_mut_ptr().add(8 * j), v);
            }
        }
    }
    super::avx2::f64_to_f32(s_rest, d_rest);
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn f32_to_f64(src: &[f32], dst: &mut [f64]) {
    align_dst::<_, _, 1>(src, dst, |s, d| f32_to_f64_bulk(s, d))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn f32_to_f64_bulk(src: &[f32], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let (src, dst) = (&src[..n], &mut dst[..n]);
    let (s_chunks, s_rest) = src.as_chunks::<32>();
    let (d_chunks, d_rest) = dst.as_chunks_mut::<32>();
    for (s, d) in s_chunks.iter().zip(d_chunks) {
        // SAFETY: `s` holds 32 floats, `d` 32 doubles; unaligned ops.
        unsafe {
            for j in 0..4 {
                let v = _mm512_cvtps_pd(_mm256_loadu_ps(s.as_ptr().add(8 * j)));
                _mm512_storeu_pd(d.as_mut_ptr().add(8 * j), v);
            }
        }
    }
    super::avx2::f32_to_f64(s_rest, d_rest);
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn interleave2(left: &[f32], right: &[f32], out: &mut [f32]) {
    let n = left.len().min(right.len()).min(out.len() / 2);
    let (left, right, out) = (&left[..n], &right[..n], &mut out[..2 * n]);
    let (l_chunks, l_rest) = left.as_chunks::<16>();
    let (r_chunks, r_rest) = right.as_chunks::<16>();
    let (o_chunks, o_rest) = out.as_chunks_mut::<32>();
    let lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    let hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for ((l, r), o) in l_chunks.iter().zip(r_chunks).zip(o_chunks) {
        // SAFETY: `l`, `r` hold 16 floats, `o` 32; unaligned ops.
        unsafe {
            let a = _mm512_loadu_ps(l.as_ptr());
            let b = _mm512_loadu_ps(r.as_ptr());
            _mm512_storeu_ps(o.as_mut_ptr(), _mm512_permutex2var_ps(a, lo, b));
            _mm512_storeu_ps(o.as_mut_ptr().add(16), _mm512_permutex2var_ps(a, hi, b));
        }
    }
    super::avx2::interleave2(l_rest, r_rest, o_rest);
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn deinterleave2(input: &[f32], left: &mut [f32], right: &mut [f32]) {
    let n = left.len().min(right.len()).min(input.len() / 2);
    let (input, left, right) = (&input[..2 * n], &mut left[..n], &mut right[..n]);
    let (i_chunks, i_rest) = input.as_chunks::<32>();
    let (l_chunks, l_rest) = left.as_chunks_mut::<16>();
    let (r_chunks, r_rest) = right.as_chunks_mut::<16>();
    let even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    let odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for ((i, l), r) in i_chunks.iter().zip(l_chunks).zip(r_chunks) {
        // SAFETY: `i` holds 32 floats, `l` and `r` 16 each; unaligned ops.
        unsafe {
            let a = _mm512_loadu_ps(i.as_ptr());
            let b = _mm512_loadu_ps(i.as_ptr().add(16));
            _mm512_storeu_ps(l.as_mut_ptr(), _mm512_permutex2var_ps(a, even, b));
            _mm512_storeu_ps(r.as_mut_ptr(), _mm512_permutex2var_ps(a, odd, b));
        }
    }
    super::avx2::deinterleave2(i_rest, l_rest, r_rest);
}

/// `min(x, hi)` with NaN lanes set to 0.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn nan_to_zero_min(x: __m512, hi: __m512) -> __m512 {
    _mm512_min_ps(nan_to_zero(x), hi)
}

/// `vfixupimmps` table turning NaN and both zeros into +0 (response 8 for
/// the QNaN, SNaN and zero classes), keeping the rest.
const NAN_AND_ZERO_TO_PLUS_ZERO: i32 = 0x1111_1888;

/// The float mixer's clamp: NaN and -0 become +0, the rest is limited to
/// `[lo, hi]` = `[-1, 1]` (a sum that starts from +0, as the reference's
/// does, is never -0).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn unit_clamp(x: __m512, lo: __m512, hi: __m512) -> __m512 {
    let x = _mm512_fixupimm_ps::<0>(x, x, _mm512_set1_epi32(NAN_AND_ZERO_TO_PLUS_ZERO));
    _mm512_max_ps(_mm512_min_ps(x, hi), lo)
}

fn common_len<T>(sources: &[&[T]], dst_len: usize) -> usize {
    sources.iter().fold(dst_len, |n, s| n.min(s.len()))
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn mix_f32(sources: &[&[f32]], gains: &[f32], dst: &mut [f32]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let (lo, hi) = (_mm512_set1_ps(-1.0), _mm512_set1_ps(1.0));
    // The bulk starts where `dst` is 64-byte aligned (no split stores).
    let head = dst.as_ptr().align_offset(64).min(n);
    mix_f32_masked(sources, gains, dst, 0, head);
    let (chunks, _) = dst[head..].as_chunks_mut::<64>();
    let done = head + 64 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = head + 64 * b;
        let mut acc = [_mm512_setzero_ps(); 4];
        for (k, (s, &g)) in sources.iter().zip(gains).enumerate() {
            let g = _mm512_set1_ps(g);
            let s: &[f32; 64] = s[at..at + 64].try_into().expect("64 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 64 floats and `j < 4`.
                let x = unsafe { _mm512_loadu_ps(s.as_ptr().add(16 * j)) };
                let p = _mm512_mul_ps(x, g);
                // The reference starts from +0; starting from the first
                // product differs only in giving -0 where it gives +0,
                // which `unit_clamp` maps to +0.
                *a = if k == 0 { p } else { _mm512_add_ps(*a, p) };
            }
        }
        for (j, a) in acc.into_iter().enumerate() {
            let v = unit_clamp(a, lo, hi);
            // SAFETY: `d` holds 64 floats and `j < 4`.
            unsafe { _mm512_storeu_ps(d.as_mut_ptr().add(16 * j), v) };
        }
    }
    mix_f32_masked(sources, gains, dst, done, n);
}

/// [`mix_f32`] over `dst[from..to]` with masked loads and stores, 16
/// samples at a time (the unaligned head and the tail).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn mix_f32_masked(sources: &[&[f32]], gains: &[f32], dst: &mut [f32], from: usize, to: usize) {
    let (lo, hi) = (_mm512_set1_ps(-1.0), _mm512_set1_ps(1.0));
    let n = to;
    let mut at = from;
    while at < n {
        let k = (n - at).min(16);
        let m = lanes(k);
        let mut acc = _mm512_setzero_ps();
        for (s, &g) in sources.iter().zip(gains) {
            let s = &s[at..at + k];
            // SAFETY: the masked load reads only the `k` samples of `s`.
            let x = unsafe { _mm512_maskz_loadu_ps(m, s.as_ptr()) };
            acc = _mm512_add_ps(acc, _mm512_mul_ps(x, _mm512_set1_ps(g)));
        }
        let v = unit_clamp(acc, lo, hi);
        let d = &mut dst[at..at + k];
        // SAFETY: the masked store writes only the `k` samples of `d`.
        unsafe { _mm512_mask_storeu_ps(d.as_mut_ptr(), m, v) };
        at += k;
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn mix_i16(sources: &[&[i16]], gains: &[f32], dst: &mut [i16]) {
    let sources = &sources[..sources.len().min(gains.len())];
    let n = common_len(sources, dst.len());
    let dst = &mut dst[..n];
    let hi = _mm512_set1_ps(32767.0);
    let order = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
    // The bulk starts where `dst` is 64-byte aligned (no split stores).
    let head = dst.as_ptr().align_offset(64).min(n);
    mix_i16_masked(sources, gains, dst, 0, head);
    let (chunks, _) = dst[head..].as_chunks_mut::<64>();
    let done = head + 64 * chunks.len();
    for (b, d) in chunks.iter_mut().enumerate() {
        let at = head + 64 * b;
        let mut acc = [_mm512_setzero_ps(); 4];
        for (k, (s, &g)) in sources.iter().zip(gains).enumerate() {
            let g = _mm512_set1_ps(g);
            let s: &[i16; 64] = s[at..at + 64].try_into().expect("64 samples");
            for (j, a) in acc.iter_mut().enumerate() {
                // SAFETY: `s` holds 64 i16 and `j < 4`: 32 bytes at 32j.
                let x = unsafe { _mm256_loadu_si256(s.as_ptr().add(16 * j).cast()) };
                let p = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi16_epi32(x)), g);
                // 0 + p == p up to the sign of zero, which rounds to 0 anyway.
                *a = if k == 0 { p } else { _mm512_add_ps(*a, p) };
            }
        }
        let r = acc.map(|a| _mm512_cvtps_epi32(nan_to_zero_min(a, hi)));
        let p0 = _mm512_packs_epi32(r[0], r[1]);
        let p1 = _mm512_packs_epi32(r[2], r[3]);
        // SAFETY: `d` holds 64 i16: two 64-byte stores.
        unsafe {
            _mm512_storeu_si512(d.as_mut_ptr().cast(), _mm512_permutexvar_epi64(order, p0));
            _mm512_storeu_si512(
                d.as_mut_ptr().add(32).cast(),
                _mm512_permutexvar_epi64(order, p1),
            );
        }
    }
    mix_i16_masked(sources, gains, dst, done, n);
}

/// [`mix_i16`] over `dst[from..to]` with masked loads and stores, 16
/// samples at a time (the unaligned head and the tail).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn mix_i16_masked(sources: &[&[i16]], gains: &[f32], dst: &mut [i16], from: usize, to: usize) {
    let hi = _mm512_set1_ps(32767.0);
    let n = to;
    let mut at = from;
    while at < n {
        let k = (n - at).min(16);
        let m = lanes(k);
        let mut acc = _mm512_setzero_ps();
        for (s, &g) in sources.iter().zip(gains) {
            let s = &s[at..at + k];
            // SAFETY: the masked load reads only the `k` samples of `s`.
            let x = unsafe { _mm256_maskz_loadu_epi16(m, s.as_ptr()) };
            let x = _mm512_cvtepi32_ps(_mm512_cvtepi16_epi32(x));
            acc = _mm512_add_ps(acc, _mm512_mul_ps(x, _mm512_set1_ps(g)));
        }
        let v = _mm512_cvtsepi32_epi16(_mm512_cvtps_epi32(nan_to_zero_min(acc, hi)));
        let d = &mut dst[at..at + k];
        // SAFETY: the masked store writes only the `k` samples of `d`.
        unsafe { _mm256_mask_storeu_epi16(d.as_mut_ptr(), m, v) };
        at += k;
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn gain_ramp(buf: &mut [f32], start: f32, step: f32) {
    let (chunks, rest) = buf.as_chunks_mut::<32>();
    let vstart = _mm512_set1_ps(start);
    let vstep = _mm512_set1_ps(step);
    // Indices as floats, stepped by adding 32.0 (two independent chains, so
    // the add latency is not on the critical path): exact below 2^24 (the
    // caller's segments are shorter), one add instead of convert + add.
    let mut idx0 = _mm512_setr_ps(
        0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
    );
    let sixteen = _mm512_set1_ps(16.0);
    let thirty_two = _mm512_set1_ps(32.0);
    let mut idx1 = _mm512_add_ps(idx0, sixteen);
    for c in chunks {
        let g0 = _mm512_add_ps(vstart, _mm512_mul_ps(vstep, idx0));
        let g1 = _mm512_add_ps(vstart, _mm512_mul_ps(vstep, idx1));
        idx0 = _mm512_add_ps(idx0, thirty_two);
        idx1 = _mm512_add_ps(idx1, thirty_two);
        // SAFETY: `c` holds 32 floats; unaligned ops.
        unsafe {
            let p = c.as_mut_ptr();
            _mm512_storeu_ps(p, _mm512_mul_ps(_mm512_loadu_ps(p), g0));
            _mm512_storeu_ps(p.add(16), _mm512_mul_ps(_mm512_loadu_ps(p.add(16)), g1));
        }
    }
    for c in rest.chunks_mut(16) {
        let m = lanes(c.len());
        let g = _mm512_add_ps(vstart, _mm512_mul_ps(vstep, idx0));
        idx0 = _mm512_add_ps(idx0, sixteen);
        // SAFETY: masked ops touch only the `c.len()` samples of `c`.
        unsafe {
            let x = _mm512_maskz_loadu_ps(m, c.as_ptr());
            _mm512_mask_storeu_ps(c.as_mut_ptr(), m, _mm512_mul_ps(x, g));
        }
    }
}

/// Samples per block whose `f32` partial sums are added up in `f64`.
const BLOCK: usize = 4096;

/// Independent accumulators per meter (8 vectors in flight cover the FMA
/// latency with two loads per cycle).
const ACC: usize = 8;

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn sum_all(v: [__m512; ACC]) -> __m512 {
    let [a, b, c, d, e, f, g, h] = v;
    let ab = _mm512_add_ps(_mm512_add_ps(a, b), _mm512_add_ps(c, d));
    _mm512_add_ps(ab, _mm512_add_ps(_mm512_add_ps(e, f), _mm512_add_ps(g, h)))
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn hsum_f64(v: __m512) -> f64 {
    let lo = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
    let hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(
        _mm512_castps_pd(v),
    )));
    _mm512_reduce_add_pd(_mm512_add_pd(lo, hi))
}

/// `vrangeps` selector: the larger magnitude, sign cleared (`max(|a|, |b|)`
/// in one instruction).
const MAX_ABS: i32 = 0b1011;

/// The meters with AVX-512DQ: the peak runs on `vrangeps` (one instruction
/// per vector for abs + max instead of two). `vrangeps` passes NaN on, so a
/// block whose peak comes out NaN held a NaN sample and its peak is taken
/// again with the NaN-skipping `max(|x|, acc)` (rare: only blocks with NaN).
/// The sum of squares is the same as [`meter`]'s.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx2,fma")]
fn meter_dq<const SUMSQ: bool>(x: &[f32]) -> (f32, f64) {
    let mut peak = _mm512_setzero_ps();
    let mut total = 0.0f64;
    let (chunks, rest) = x.as_chunks::<{ 16 * ACC }>();
    for block in chunks.chunks(BLOCK / (16 * ACC)) {
        let mut sq = [_mm512_setzero_ps(); ACC];
        let mut pk = [_mm512_setzero_ps(); ACC];
        for c in block {
            for j in 0..ACC {
                // SAFETY: `c` holds 16 * ACC floats and `j < ACC`.
                let v = unsafe { _mm512_loadu_ps(c.as_ptr().add(16 * j)) };
                pk[j] = _mm512_range_ps::<MAX_ABS>(pk[j], v);
                if SUMSQ {
                    sq[j] = _mm512_fmadd_ps(v, v, sq[j]);
                }
            }
        }
        let p = pk
            .into_iter()
            .fold(_mm512_setzero_ps(), |a, b| _mm512_range_ps::<MAX_ABS>(a, b));
        let p = if _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(p, p) == 0 {
            p
        } else {
            _mm512_set1_ps(meter::<true, false>(block.as_flattened()).0)
        };
        peak = _mm512_max_ps(p, peak);
        if SUMSQ {
            total += hsum_f64(sum_all(sq));
        }
    }
    let (rest_peak, rest_total) = meter::<true, SUMSQ>(rest);
    (
        _mm512_reduce_max_ps(peak).max(rest_peak),
        total + rest_total,
    )
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn meter<const PEAK: bool, const SUMSQ: bool>(x: &[f32]) -> (f32, f64) {
    let mut peak = _mm512_setzero_ps();
    let mut total = 0.0f64;
    let (chunks, rest) = x.as_chunks::<{ 16 * ACC }>();
    for block in chunks.chunks(BLOCK / (16 * ACC)) {
        let mut sq = [_mm512_setzero_ps(); ACC];
        let mut pk = [peak; ACC];
        for c in block {
            for j in 0..ACC {
                // SAFETY: `c` holds 16 * ACC floats and `j < ACC`.
                let v = unsafe { _mm512_loadu_ps(c.as_ptr().add(16 * j)) };
                if PEAK {
                    // max(a, b) returns b when a is NaN: NaN samples are skipped.
                    pk[j] = _mm512_max_ps(_mm512_abs_ps(v), pk[j]);
                }
                if SUMSQ {
                    sq[j] = _mm512_fmadd_ps(v, v, sq[j]);
                }
            }
        }
        peak = pk.into_iter().fold(peak, |a, b| _mm512_max_ps(b, a));
        if SUMSQ {
            total += hsum_f64(sum_all(sq));
        }
    }
    let mut sq = _mm512_setzero_ps();
    for c in rest.chunks(16) {
        // SAFETY: the masked load reads only the `c.len()` samples of `c`;
        // the other lanes are 0 and change neither peak nor sum.
        let v = unsafe { _mm512_maskz_loadu_ps(lanes(c.len()), c.as_ptr()) };
        peak = _mm512_max_ps(_mm512_abs_ps(v), peak);
        sq = _mm512_fmadd_ps(v, v, sq);
    }
    let peak = if PEAK {
        _mm512_reduce_max_ps(peak)
    } else {
        0.0
    };
    if SUMSQ {
        total += hsum_f64(sq);
    }
    (peak, total)
}

/// Runs a meter over `x` with the bulk starting on a 64-byte boundary (so
/// no load splits a cache line): the unaligned head, at most 15 samples,
/// goes through the masked path of [`meter`].
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn aligned_meter<const PEAK: bool, const SUMSQ: bool>(
    x: &[f32],
    bulk: impl FnOnce(&[f32]) -> (f32, f64),
) -> (f32, f64) {
    let (head, body) = x.split_at(x.as_ptr().align_offset(64).min(x.len()));
    let (hp, hs) = meter::<PEAK, SUMSQ>(head);
    let (bp, bs) = bulk(body);
    (hp.max(bp), hs + bs)
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn peak(x: &[f32]) -> f32 {
    if has_dq() {
        // SAFETY: AVX-512DQ was detected; the rest is guaranteed by the caller.
        aligned_meter::<true, false>(x, |b| unsafe { meter_dq::<false>(b) }).0
    } else {
        aligned_meter::<true, false>(x, |b| meter::<true, false>(b)).0
    }
}

/// AVX-512DQ (`vrangeps`): not part of what the crate requires for the
/// AVX-512 level, so checked here (a cached flag after the first call).
#[inline]
fn has_dq() -> bool {
    std::arch::is_x86_feature_detected!("avx512dq")
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn sum_squares(x: &[f32]) -> f64 {
    aligned_meter::<false, true>(x, |b| meter::<false, true>(b)).1
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn peak_sum_squares(x: &[f32]) -> (f32, f64) {
    if has_dq() {
        // SAFETY: AVX-512DQ was detected; the rest is guaranteed by the caller.
        aligned_meter::<true, true>(x, |b| unsafe { meter_dq::<true>(b) })
    } else {
        aligned_meter::<true, true>(x, |b| meter::<true, true>(b))
    }
}

/// The optional-extension paths (VBMI byte permutes, DQ `vrangeps`) replace
/// the plain AVX-512BW ones whenever the CPU has them, so the public-API
/// tests only reach one of each pair: these run both against the portable
/// reference.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::scalar;

    fn avx512() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
    }

    fn samples(n: usize) -> Vec<f32> {
        let edge = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f32::NAN,
            -f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            8_388_607.5 / 8_388_608.0,
            -8_388_608.5 / 8_388_608.0,
            1e10,
            -1e10,
        ];
        let mut r = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|i| {
                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                if i % 7 == 3 {
                    edge[(r as usize) % edge.len()]
                } else {
                    ((r >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * 1.1
                }
            })
            .collect()
    }

    #[test]
    fn i24_paths_with_and_without_vbmi_match_the_reference() {
        if !avx512() {
            return;
        }
        let vbmi = std::arch::is_x86_feature_detected!("avx512vbmi");
        for len in (0..140).chain([1000, 4099]) {
            for off in [0usize, 1, 2] {
                let x = samples(len + off);
                let x = &x[off..];
                let mut want = vec![0u8; 3 * len];
                scalar::f32_to_i24(x, &mut want);
                let mut got = vec![0u8; 3 * len];
                // SAFETY: AVX-512F/BW/VL, AVX2 and FMA checked above.
                unsafe { f32_to_i24_bw(x, &mut got) };
                assert_eq!(got, want, "bw f32_to_i24 len {len}");
                let mut back_want = vec![0f32; len];
                scalar::i24_to_f32(&want, &mut back_want);
                let mut back = vec![0f32; len];
                // SAFETY: as above.
                unsafe { i24_to_f32_bw(&want, &mut back) };
                assert_eq!(back, back_want, "bw i24_to_f32 len {len}");
                if vbmi {
                    got.fill(0);
                    // SAFETY: as above, plus AVX-512VBMI detected.
                    unsafe { vbmi::f32_to_i24(x, &mut got) };
                    assert_eq!(got, want, "vbmi f32_to_i24 len {len}");
                }
            }
        }
    }

    #[test]
    fn peak_paths_with_and_without_dq_match_the_reference() {
        if !avx512() {
            return;
        }
        let dq = std::arch::is_x86_feature_detected!("avx512dq");
        for len in (0..300).step_by(7).chain([4096, 4097, 8192 + 130, 20_000]) {
            let x = samples(len);
            let want = x
                .iter()
                .filter(|v| !v.is_nan())
                .fold(0f32, |m, v| m.max(v.abs()));
            // SAFETY: AVX-512F/BW/VL, AVX2 and FMA checked above.
            let got = unsafe { meter::<true, true>(&x).0 };
            assert_eq!(got, want, "bw peak len {len}");
            if dq {
                // SAFETY: as above, plus AVX-512DQ detected.
                let got = unsafe { meter_dq::<true>(&x).0 };
                assert_eq!(got, want, "dq peak len {len}");
                // SAFETY: as above.
                let got = unsafe { meter_dq::<false>(&x).0 };
                assert_eq!(got, want, "dq peak-only len {len}");
            }
        }
    }
}
