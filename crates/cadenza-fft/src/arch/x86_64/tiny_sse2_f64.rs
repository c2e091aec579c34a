//! Hand-written SSE2 codelets for complex `f64` FFTs of 4 and 8 points and
//! the r2c of 16 and 32 samples, one complex number per register from load
//! to store.
//!
//! The generic scalar butterflies ([`crate::kernel::tiny_fn`]) compiled the
//! forward 4- and 8-point transforms into scalar `addsd`/`subsd` on the
//! halves of registers and 8-byte stores; the next transform's 16-byte load
//! of the same element then missed store forwarding, and the 4-point
//! transform took 6.0 ns against rustfft's 4.9 ns. Here every value stays a
//! whole `__m128d` and every store is a 16-byte store. SSE2 is baseline on
//! x86_64, so no dispatch is needed.

use std::arch::x86_64::*;

use crate::Complex;
use crate::kernel::RealTwiddles;

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

/// [`fft4`] or [`fft8`] as a plain function, for a plan to keep a pointer to.
///
/// # Panics
/// If `N` is not 4 or 8 or `buf.len() != N`.
pub(crate) fn fft<const N: usize, const INV: bool>(buf: &mut [Complex<f64>]) {
    // SAFETY: SSE2 is part of the x86_64 baseline.
    unsafe {
        match N {
            4 => fft4::<INV>(buf),
            8 => fft8::<INV>(buf),
            _ => unreachable!("no {N}-point codelet"),
        }
    }
}

/// In-place complex FFT of 4 points.
///
/// # Panics
/// If `buf.len() != 4`.
#[target_feature(enable = "sse2")]
fn fft4<const INV: bool>(buf: &mut [Complex<f64>]) {
    let x = load::<4>(buf);
    store(buf, dft4::<INV>(x));
}

/// 8-point DFT of `x`, outputs in natural order: a radix-2 step over `x[j]`,
/// `x[j+4]`, the twiddles `W8^j` on the differences, and two 4-point DFTs.
#[inline]
#[target_feature(enable = "sse2")]
fn dft8<const INV: bool>(x: [__m128d; 8]) -> [__m128d; 8] {
    let e: [__m128d; 4] = std::array::from_fn(|j| _mm_add_pd(x[j], x[j + 4]));
    let d: [__m128d; 4] = std::array::from_fn(|j| _mm_sub_pd(x[j], x[j + 4]));
    let c = _mm_set1_pd(std::f64::consts::FRAC_1_SQRT_2);
    // W8^1 d = (d -+ i d) / sqrt 2, W8^2 d = -+i d, W8^3 d = -+i W8^1 d.
    let w1 = _mm_mul_pd(_mm_add_pd(d[1], rot::<INV>(d[1])), c);
    let w3 = _mm_mul_pd(_mm_add_pd(d[3], rot::<INV>(d[3])), c);
    let o = [d[0], w1, rot::<INV>(d[2]), rot::<INV>(w3)];
    let (ev, od) = (dft4::<INV>(e), dft4::<INV>(o));
    [ev[0], od[0], ev[1], od[1], ev[2], od[2], ev[3], od[3]]
}

/// In-place complex FFT of 8 points.
///
/// # Panics
/// If `buf.len() != 8`.
#[target_feature(enable = "sse2")]
fn fft8<const INV: bool>(buf: &mut [Complex<f64>]) {
    let x = load::<8>(buf);
    store(buf, dft8::<INV>(x));
}

/// r2c of `input` (16 samples) into `output` (9 bins): the 8-point DFT of
/// the paired samples, then [`split_store`]; `tw` the plan's split twiddles
/// (`W^k`, k = 0..=4, as `(re, re)` / `(im, im)` pairs).
///
/// # Panics
/// If the lengths are not 16, 9 and at least 5.
#[target_feature(enable = "sse2")]
pub(crate) fn r2c16(input: &[f64], output: &mut [Complex<f64>], tw: &RealTwiddles<f64>) {
    assert_eq!(input.len(), 16);
    let (pairs, _) = input.as_chunks::<2>();
    // SAFETY: each pair is two contiguous doubles.
    let z = dft8::<false>(std::array::from_fn(|k| unsafe {
        _mm_loadu_pd(pairs[k].as_ptr())
    }));
    split_store::<8>(&z, output, tw);
}

/// r2c of `input` (32 samples) into `output` (17 bins): a radix-2 step with
/// the twiddles `W16^j` over the 16 paired samples, two 8-point DFTs, then
/// [`split_store`]; `tw` the plan's split twiddles (`W^k`, k = 0..=8).
///
/// # Panics
/// If the lengths are not 32, 17 and at least 9.
#[target_feature(enable = "sse2")]
pub(crate) fn r2c32(input: &[f64], output: &mut [Complex<f64>], tw: &RealTwiddles<f64>) {
    assert_eq!(input.len(), 32);
    let (pairs, _) = input.as_chunks::<2>();
    // SAFETY: each pair is two contiguous doubles.
    let x: [__m128d; 16] = std::array::from_fn(|k| unsafe { _mm_loadu_pd(pairs[k].as_ptr()) });
    let (r, c8, s8) = (
        std::f64::consts::FRAC_1_SQRT_2,
        0.923_879_532_511_286_7, // cos(pi/8)
        0.382_683_432_365_089_8, // sin(pi/8)
    );
    // W16^j = (re, im) for j = 0..8.
    let w16 = [
        (1.0, 0.0),
        (c8, -s8),
        (r, -r),
        (s8, -c8),
        (0.0, -1.0),
        (-s8, -c8),
        (-r, -r),
        (-c8, -s8),
    ];
    let e = dft8::<false>(std::array::from_fn(|j| _mm_add_pd(x[j], x[j + 8])));
    let o = dft8::<false>(std::array::from_fn(|j| {
        let d = _mm_sub_pd(x[j], x[j + 8]);
        let (wr, wi) = w16[j];
        cmul(d, _mm_set1_pd(wr), _mm_setr_pd(-wi, wi))
    }));
    let z: [__m128d; 16] = std::array::from_fn(|k| if k % 2 == 0 { e[k / 2] } else { o[k / 2] });
    split_store::<16>(&z, output, tw);
}

/// `x * w` with `w` given as `(re, re)` and `(-im, im)`.
#[inline]
#[target_feature(enable = "sse2")]
fn cmul(x: __m128d, wr: __m128d, wi_signed: __m128d) -> __m128d {
    _mm_add_pd(
        _mm_mul_pd(x, wr),
        _mm_mul_pd(_mm_shuffle_pd::<0b01>(x, x), wi_signed),
    )
}

/// The r2c split of the `H`-point DFT `z` of the paired samples into the
/// `H + 1` bins of `output` ([`crate::realpass`]'s formulas, bin `k` against
/// bin `H - k`), each bin stored as soon as it is known, which keeps the
/// spills down.
///
/// # Panics
/// If `output` does not hold `H + 1` bins or `tw` fewer than `H/2 + 1`.
#[inline]
#[target_feature(enable = "sse2")]
fn split_store<const H: usize>(
    z: &[__m128d; H],
    output: &mut [Complex<f64>],
    tw: &RealTwiddles<f64>,
) {
    assert!(output.len() == H + 1 && tw.re.len() > H / 2 && tw.im.len() > H / 2);
    let conj = _mm_setr_pd(0.0, -0.0);
    let half = _mm_set1_pd(0.5);
    let swapped = _mm_shuffle_pd::<0b01>(z[0], z[0]);
    let zero = _mm_setzero_pd();
    let out = output.as_mut_ptr().cast::<f64>();
    // SAFETY: `output` holds H + 1 bins (asserted) and every k <= H.
    let put = |k: usize, v: __m128d| unsafe { _mm_storeu_pd(out.add(2 * k), v) };
    put(0, _mm_move_sd(zero, _mm_add_pd(z[0], swapped))); // (re + im, 0)
    put(H, _mm_move_sd(zero, _mm_sub_pd(z[0], swapped))); // (re - im, 0)
    for_pairs::<H>(|k| {
        let (a, b) = (z[k], _mm_xor_pd(z[H - k], conj));
        let e = _mm_mul_pd(_mm_add_pd(a, b), half);
        let o = rot::<false>(_mm_mul_pd(_mm_sub_pd(a, b), half));
        // SAFETY: k <= H/2 < the table lengths (asserted); each entry is two
        // contiguous doubles.
        let (wr, wi) = unsafe {
            (
                _mm_loadu_pd(std::ptr::from_ref(&tw.re[k]).cast()),
                _mm_loadu_pd(std::ptr::from_ref(&tw.im[k]).cast()),
            )
        };
        let t = cmul(o, wr, _mm_xor_pd(wi, _mm_setr_pd(-0.0, 0.0)));
        put(k, _mm_add_pd(e, t));
        put(H - k, _mm_xor_pd(_mm_sub_pd(e, t), conj));
    });
}

/// Calls `f(1)` to `f(H/2)` with literal arguments, so every array index in
/// `f` is a constant and the arrays stay in registers.
#[inline(always)]
fn for_pairs<const H: usize>(mut f: impl FnMut(usize)) {
    match H {
        8 => {
            f(1);
            f(2);
            f(3);
            f(4);
        }
        16 => {
            f(1);
            f(2);
            f(3);
            f(4);
            f(5);
            f(6);
            f(7);
            f(8);
        }
        _ => unreachable!("split of {H} bins"),
    }
}
