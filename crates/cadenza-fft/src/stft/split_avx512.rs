//! AVX-512F kernel of the fused real-FFT split and power for `f32`: 16 bin
//! pairs `(k, h-k)` per iteration. The mirrored half is loaded forward and
//! reversed with one two-source permute that also separates real and imaginary
//! parts, which is the step the compiler does not find on its own.

use std::arch::x86_64::*;

use crate::Complex;

/// Float indices into a 32-float (16-complex) pair of registers.
const EVEN: [i32; 16] = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30];
const ODD: [i32; 16] = [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31];
/// Real / imaginary parts of complex 15, 14, …, 0.
const REV_EVEN: [i32; 16] = [30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0];
const REV_ODD: [i32; 16] = [31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1];
/// Lane reversal of one register.
const REV: [i32; 16] = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];

#[inline]
#[target_feature(enable = "avx512f")]
fn idx(v: &[i32; 16]) -> __m512i {
    // SAFETY: reads exactly 64 bytes from a 16 x i32 array.
    unsafe { _mm512_loadu_si512(v.as_ptr().cast()) }
}

/// Loads 16 complex numbers starting at `p[0]` as (re, im) registers, in order
/// or reversed.
///
/// # Safety
/// `p` must hold at least 16 elements; AVX-512F must be available.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn load16(p: &[Complex<f32>], even: __m512i, odd: __m512i) -> (__m512, __m512) {
    debug_assert!(p.len() >= 16);
    let f = p.as_ptr().cast::<f32>();
    // SAFETY: 16 complex = 32 floats are in bounds (caller contract).
    let (a, b) = unsafe { (_mm512_loadu_ps(f), _mm512_loadu_ps(f.add(16))) };
    (
        _mm512_permutex2var_ps(a, even, b),
        _mm512_permutex2var_ps(a, odd, b),
    )
}

/// See `super::power_rows`; same results as the portable `super::power` per frame.
#[target_feature(enable = "avx512f")]
pub(super) fn power_rows_f32(z: &[Complex<f32>], h: usize, tw: &[Complex<f32>], rows: &mut [f32]) {
    let (even, odd) = (idx(&EVEN), idx(&ODD));
    let (rev_even, rev_odd, rev) = (idx(&REV_EVEN), idx(&REV_ODD), idx(&REV));
    let quarter = _mm512_set1_ps(0.25);
    for (zf, out) in z.chunks_exact(h).zip(rows.chunks_exact_mut(h + 1)) {
        if h < 34 {
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
        while i + 16 <= c {
            // Pair p of this block: k-side lo_z[i + p], mirrored side hi_z[c-1-i-p],
            // i.e. the 16 values hi_z[c-16-i .. c-i] in reverse.
            let hb = c - 16 - i;
            // SAFETY: i + 16 <= c bounds every slice below to 16 valid elements.
            let ((ar, ai), (br, bi), (wr, wi)) = unsafe {
                (
                    load16(&lo_z[i..], even, odd),
                    load16(&hi_z[hb..], rev_even, rev_odd),
                    load16(&tw_c[i..], even, odd),
                )
            };
            let er = _mm512_add_ps(ar, br);
            let ei = _mm512_sub_ps(ai, bi);
            let or = _mm512_add_ps(ai, bi);
            let oi = _mm512_sub_ps(br, ar);
            let tr = _mm512_fmsub_ps(wr, or, _mm512_mul_ps(wi, oi));
            let ti = _mm512_fmadd_ps(wr, oi, _mm512_mul_ps(wi, or));
            let (xr, xi) = (_mm512_add_ps(er, tr), _mm512_add_ps(ei, ti));
            let (yr, yi) = (_mm512_sub_ps(er, tr), _mm512_sub_ps(ei, ti));
            let px = _mm512_mul_ps(_mm512_fmadd_ps(xr, xr, _mm512_mul_ps(xi, xi)), quarter);
            let py = _mm512_mul_ps(_mm512_fmadd_ps(yr, yr, _mm512_mul_ps(yi, yi)), quarter);
            let py = _mm512_permutexvar_ps(rev, py);
            // SAFETY: lo_out[i..i+16] and hi_out[hb..hb+16] are in bounds (i + 16 <= c).
            unsafe {
                _mm512_storeu_ps(lo_out[i..i + 16].as_mut_ptr(), px);
                _mm512_storeu_ps(hi_out[hb..hb + 16].as_mut_ptr(), py);
            }
            i += 16;
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
