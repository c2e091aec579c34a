//! Hand-written SSE2 codelets for complex `f64` FFTs of 4 and 8 points, one
//! complex number per register from load to store.
//!
//! The generic scalar butterflies ([`crate::kernel::tiny`]) compiled the
//! forward 4- and 8-point transforms into scalar `addsd`/`subsd` on the
//! halves of registers and 8-byte stores; the next transform's 16-byte load
//! of the same element then missed store forwarding, and the 4-point
//! transform took 6.0 ns against rustfft's 4.9 ns. Here every value stays a
//! whole `__m128d` and every store is a 16-byte store. SSE2 is baseline on
//! x86_64, so no dispatch is needed.

use std::arch::x86_64::*;

use crate::Complex;

/// `x * -i` (forward) or `x * +i` (inverse).
#[inline]
#[target_feature(enable = "sse2")]
fn rot<const INV: bool>(x: __m128d) -> __m128d {
    let swapped = _mm_shuffle_pd::<0b01>(x, x); // (im, re)
    let sign = if INV {
        _mm_setr_pd(-0.0, 0.0)
    } else {
        _mm_setr_pd(0.0, -0.0)
    };
    _mm_xor_pd(swapped, sign)
}

/// 4-point DFT of `x`, outputs in natural order.
#[inline]
#[target_feature(enable = "sse2")]
fn dft4<const INV: bool>(x: [__m128d; 4]) -> [__m128d; 4] {
    let (a0, a1) = (_mm_add_pd(x[0], x[2]), _mm_sub_pd(x[0], x[2]));
    let (b0, b1) = (_mm_add_pd(x[1], x[3]), rot::<INV>(_mm_sub_pd(x[1], x[3])));
    [
        _mm_add_pd(a0, b0),
        _mm_add_pd(a1, b1),
        _mm_sub_pd(a0, b0),
        _mm_sub_pd(a1, b1),
    ]
}

/// Loads `N` complex numbers from `buf`.
///
/// # Panics
/// If `buf.len() != N`.
#[inline]
#[target_feature(enable = "sse2")]
fn load<const N: usize>(buf: &[Complex<f64>]) -> [__m128d; N] {
    assert_eq!(buf.len(), N);
    let p = buf.as_ptr().cast::<f64>();
    // SAFETY: `buf` holds N complex numbers (asserted), 2N doubles.
    std::array::from_fn(|k| unsafe { _mm_loadu_pd(p.add(2 * k)) })
}

/// Stores `N` complex numbers into `buf`.
///
/// # Panics
/// If `buf.len() != N`.
#[inline]
#[target_feature(enable = "sse2")]
fn store<const N: usize>(buf: &mut [Complex<f64>], x: [__m128d; N]) {
    assert_eq!(buf.len(), N);
    let p = buf.as_mut_ptr().cast::<f64>();
    for (k, xk) in x.into_iter().enumerate() {
        // SAFETY: `buf` holds N complex numbers (asserted), k < N.
        unsafe { _mm_storeu_pd(p.add(2 * k), xk) };
    }
}

/// In-place complex FFT of 4 points.
///
/// # Panics
/// If `buf.len() != 4`.
#[target_feature(enable = "sse2")]
pub(crate) fn fft4<const INV: bool>(buf: &mut [Complex<f64>]) {
    let x = load::<4>(buf);
    store(buf, dft4::<INV>(x));
}

/// In-place complex FFT of 8 points: a radix-2 step over `x[j]`, `x[j+4]`,
/// the twiddles `W8^j` on the differences, and two 4-point DFTs.
///
/// # Panics
/// If `buf.len() != 8`.
#[target_feature(enable = "sse2")]
pub(crate) fn fft8<const INV: bool>(buf: &mut [Complex<f64>]) {
    let x = load::<8>(buf);
    let e: [__m128d; 4] = std::array::from_fn(|j| _mm_add_pd(x[j], x[j + 4]));
    let d: [__m128d; 4] = std::array::from_fn(|j| _mm_sub_pd(x[j], x[j + 4]));
    let c = _mm_set1_pd(std::f64::consts::FRAC_1_SQRT_2);
    // W8^1 d = (d -+ i d) / sqrt 2, W8^2 d = -+i d, W8^3 d = -+i W8^1 d.
    let w1 = _mm_mul_pd(_mm_add_pd(d[1], rot::<INV>(d[1])), c);
    let w3 = _mm_mul_pd(_mm_add_pd(d[3], rot::<INV>(d[3])), c);
    let o = [d[0], w1, rot::<INV>(d[2]), rot::<INV>(w3)];
    let (ev, od) = (dft4::<INV>(e), dft4::<INV>(o));
    store(
        buf,
        [ev[0], od[0], ev[1], od[1], ev[2], od[2], ev[3], od[3]],
    );
}
