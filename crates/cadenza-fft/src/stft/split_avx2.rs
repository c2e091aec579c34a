//! AVX2+FMA kernel of the fused real-FFT split and power for `f32`: 8 bin
//! pairs `(k, h-k)` per iteration, the AVX2 counterpart of `split_avx512.rs`
//! (same loop, half the width). The portable loop compiled for AVX2 did not
//! vectorise the mirrored half and took 52 % of a 2048/512 STFT on a Zen 3
//! (perf, session 9).

use std::arch::x86_64::*;

use crate::Complex;

/// Lane reversal of one register.
const REV: [i32; 8] = [7, 6, 5, 4, 3, 2, 1, 0];

/// Loads 8 complex numbers starting at `p[0]` as (re, im) registers in order:
/// an in-lane shuffle of the two halves, then a 64-bit permute that puts the
/// pairs back in order.
///
/// # Safety
/// `p` must hold at least 8 elements; AVX2 must be available.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn load8(p: &[Complex<f32>]) -> (__m256, __m256) {
    debug_assert!(p.len() >= 8);
    let f = p.as_ptr().cast::<f32>();
    // SAFETY: 8 complex = 16 floats are in bounds (caller contract).
    let (a, b) = unsafe { (_mm256_loadu_ps(f), _mm256_loadu_ps(f.add(8))) };
    let re = _mm256_shuffle_ps::<0b10_00_10_00>(a, b);
    let im = _mm256_shuffle_ps::<0b11_01_11_01>(a, b);
    let fix =
        |v: __m256| _mm256_castpd_ps(_mm256_permute4x64_pd::<0b11_01_10_00>(_mm256_castps_pd(v)));
    (fix(re), fix(im))
}

/// See `super::power_rows`; same results as the portable `super::power` per frame.
#[target_feature(enable = "avx2,fma")]
pub(super) fn power_rows_f32(z: &[Complex<f32>], h: usize, tw: &[Complex<f32>], rows: &mut [f32]) {
    // SAFETY: reads exactly 32 bytes from an 8 x i32 array.
    let rev = unsafe { _mm256_loadu_si256(REV.as_ptr().cast()) };
    let quarter = _mm256_set1_ps(0.25);
    for (zf, out) in z.chunks_exact(h).zip(rows.chunks_exact_mut(h + 1)) {
        if h < 18 {
            super::power(zf, tw, out);
            continue;
        }
        let z0 = zf[0];
        out[0] = (z0.re + z0.im) * (z0.re + z0.im);
        out[h] = (z0.re - z0.im) * (z0.re - z0.im);
        let c = (h - 1) / 2;
        let lo_z = &zf[1..=c];
        let hi_z = &zf[h - c..h];
        let tw_c = &tw[1..=c];
        let (lo_out, rest) = out[1..h].split_at_mut(c);
        let (mid_out, hi_out) = rest.split_at_mut(rest.len() - c);
        let mut i = 0;
        while i + 8 <= c {
            // Pair p of this block: k-side lo_z[i + p], mirrored side hi_z[c-1-i-p],
            // i.e. the 8 values hi_z[c-8-i .. c-i] in reverse.
            let hb = c - 8 - i;
            // SAFETY: i + 8 <= c bounds every slice below to 8 valid elements.
            let ((ar, ai), (br, bi), (wr, wi)) =
                unsafe { (load8(&lo_z[i..]), load8(&hi_z[hb..]), load8(&tw_c[i..])) };
            let (br, bi) = (
                _mm256_permutevar8x32_ps(br, rev),
                _mm256_permutevar8x32_ps(bi, rev),
            );
            let er = _mm256_add_ps(ar, br);
            let ei = _mm256_sub_ps(ai, bi);
            let or = _mm256_add_ps(ai, bi);
            let oi = _mm256_sub_ps(br, ar);
            let tr = _mm256_fmsub_ps(wr, or, _mm256_mul_ps(wi, oi));
            let ti = _mm256_fmadd_ps(wr, oi, _mm256_mul_ps(wi, or));
            let (xr, xi) = (_mm256_add_ps(er, tr), _mm256_add_ps(ei, ti));
            let (yr, yi) = (_mm256_sub_ps(er, tr), _mm256_sub_ps(ei, ti));
            let px = _mm256_mul_ps(_mm256_fmadd_ps(xr, xr, _mm256_mul_ps(xi, xi)), quarter);
            let py = _mm256_mul_ps(_mm256_fmadd_ps(yr, yr, _mm256_mul_ps(yi, yi)), quarter);
            let py = _mm256_permutevar8x32_ps(py, rev);
            // SAFETY: lo_out[i..i+8] and hi_out[hb..hb+8] are in bounds (i + 8 <= c).
            unsafe {
                _mm256_storeu_ps(lo_out[i..i + 8].as_mut_ptr(), px);
                _mm256_storeu_ps(hi_out[hb..hb + 8].as_mut_ptr(), py);
            }
            i += 8;
        }
        for i in i..c {
            let a = lo_z[i];
            let b = hi_z[c - 1 - i];
            let w = tw_c[i];
            let (er, ei) = (a.re + b.re, a.im - b.im);
            let (or, oi) = (a.im + b.im, b.re - a.re);
            let tr = w.re * or - w.im * oi;
            let ti = w.re * oi + w.im * or;
            lo_out[i] = ((er + tr) * (er + tr) + (ei + ti) * (ei + ti)) * 0.25;
            hi_out[c - 1 - i] = ((er - tr) * (er - tr) + (ei - ti) * (ei - ti)) * 0.25;
        }
        if let Some(m) = mid_out.first_mut() {
            let zm = zf[h / 2];
            *m = zm.re * zm.re + zm.im * zm.im;
        }
    }
}
