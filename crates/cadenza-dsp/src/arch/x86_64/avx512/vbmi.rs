//! `f32` to packed 24-bit with AVX-512 VBMI byte permutes (Ice Lake, Zen 4
//! and later): three `vpermt2b` pack four vectors into three full stores,
//! where AVX-512BW alone needs four `pshufb` plus three dword permutes.
//! Results are identical to the BW kernel (same rounding and clamping);
//! used when the CPU reports VBMI. (The reverse direction with a masked
//! `vpermb` measured slower than the BW kernel on Zen 4, so it has none.)

use super::{f32_to_i24_by16, scale_clamp_cvt};
use crate::arch::scalar::{I24_MAX, I24_MIN, I24_SCALE};
use std::arch::x86_64::*;

/// Byte sources of the three 64-byte stores that pack four vectors of
/// 24-bit samples (low three bytes of each dword): store `m` takes byte
/// `4l + b` of vector `m` (index < 64) or `m + 1` (index >= 64).
const PACK: [[u8; 64]; 3] = {
    let mut t = [[0; 64]; 3];
    let mut m = 0;
    while m < 3 {
        let mut p = 0;
        while p < 64 {
            let q = 64 * m + p;
            let (sample, byte) = (q / 3, q % 3);
            let from_next = if sample / 16 == m { 0 } else { 64 };
            t[m][p] = (from_next + 4 * (sample % 16) + byte) as u8;
            p += 1;
        }
        m += 1;
    }
    t
};

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vbmi,avx2,fma")]
fn table(t: &[u8; 64]) -> __m512i {
    // SAFETY: `t` is 64 readable bytes; unaligned load.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vbmi,avx2,fma")]
pub(crate) fn f32_to_i24(src: &[f32], dst: &mut [u8]) {
    let n = src.len().min(dst.len() / 3);
    let (src, dst) = (&src[..n], &mut dst[..3 * n]);
    let scale = _mm512_set1_ps(I24_SCALE);
    let hi = _mm512_set1_ps(I24_MAX as f32);
    let lo = _mm512_set1_ps(I24_MIN as f32);
    let pack = [table(&PACK[0]), table(&PACK[1]), table(&PACK[2])];
    let (s_chunks, _) = src.as_chunks::<64>();
    let (d_chunks, _) = dst.as_chunks_mut::<192>();
    let steps = s_chunks.len().min(d_chunks.len());
    for (s, d) in s_chunks.iter().zip(d_chunks.iter_mut()) {
        // SAFETY: `s` holds 64 floats, `d` 192 bytes; unaligned ops.
        unsafe {
            let mut v = [_mm512_setzero_si512(); 4];
            for (j, vj) in v.iter_mut().enumerate() {
                let x = _mm512_loadu_ps(s.as_ptr().add(16 * j));
                *vj = scale_clamp_cvt(x, scale, lo, hi);
            }
            for (m, pm) in pack.iter().enumerate() {
                let o = _mm512_permutex2var_epi8(v[m], *pm, v[m + 1]);
                _mm512_storeu_si512(d.as_mut_ptr().add(64 * m).cast(), o);
            }
        }
    }
    f32_to_i24_by16(&src[64 * steps..], &mut dst[192 * steps..]);
}
