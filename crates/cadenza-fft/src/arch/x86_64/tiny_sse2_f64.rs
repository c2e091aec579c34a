//! Hand-written SSE2 codelets for complex `f64` FFTs of 4, 8 and 16 points
//! and the r2c of 16 and 32 samples, one complex number per register from
//! load to store.
//!
//! The generic scalar butterflies ([`crate::kernel::tiny_fn`]) compiled the
//! forward 4- and 8-point transforms into scalar `addsd`/`subsd` on the
//! halves of registers and 8-byte stores; the next transform's 16-byte load
//! of the same element then missed store forwarding, and the 4-point
//! transform took 6.0 ns against rustfft's 4.9 ns. Here every value stays a
//! whole `__m128d` and every store is a 16-byte store. SSE2 is baseline on
//! x86_64, so no dispatch is needed.
//!
//! A transform this small is as slow as its longest dependency chain (a
//! benchmark's next call reads what this one stored), so the DFTs are
//! arranged for short chains rather than few operations. The 16-point one
//! also beat the AVX-512 and AVX2 Stockham blocks (12.4 against 13.0 ns,
//! BENCHMARKS "Session 7"); compiling it for AVX or AVX-512 registers
//! changed nothing.

use std::arch::x86_64::*;

use crate::Complex;
use crate::kernel::{RealTwiddles, TinyFn};

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

/// The codelet for an in-place complex FFT of `n` points, if there is one
/// (4, 8 and 16).
pub(crate) fn tiny_fn(n: usize, inverse: bool) -> Option<TinyFn<f64>> {
    Some(match (n, inverse) {
        (4, false) => fft::<4, false>,
        (4, true) => fft::<4, true>,
        (8, false) => fft::<8, false>,
        (8, true) => fft::<8, true>,
        (16, false) => fft::<16, false>,
        (16, true) => fft::<16, true>,
        _ => return None,
    })
}

/// [`fft4`], [`fft8`] or [`fft16`] as a plain function, for a plan to keep a
/// pointer to.
///
/// # Panics
/// If `N` is not 4, 8 or 16 or `buf.len() != N`.
fn fft<const N: usize, const INV: bool>(buf: &mut [Complex<f64>]) {
    // SAFETY: SSE2 is part of the x86_64 baseline.
    unsafe {
        match N {
            4 => fft4::<INV>(buf),
            8 => fft8::<INV>(buf),
            16 => fft16::<INV>(buf),
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

/// 8-point DFT of `x`, outputs in natural order, arranged for a short
/// dependency chain (the codelet's time is its latency: each call reads what
/// the last one stored).
///
/// Decimation in time, `X[k] = E[k] + W8^k O[k]` and `X[k+4] = E[k] -
/// W8^k O[k]`, with `E`, `O` the 4-point DFTs of the even and odd samples.
/// With `a = x1 - x5`, `q = x3 - x7` and `r = rot(a + q)` (`rot` the
/// multiplication by `-+i`): `W8 O[1] = c (a - q + r)` and
/// `W8^3 O[3] = c (r - a + q)`, `c = 1/sqrt 2`, so the twiddled odd terms are
/// three additions and one multiplication deep instead of five and one.
#[inline]
#[target_feature(enable = "sse2")]
fn dft8<const INV: bool>(x: [__m128d; 8]) -> [__m128d; 8] {
    let e = dft4::<INV>([x[0], x[2], x[4], x[6]]);
    let (a, q) = (_mm_sub_pd(x[1], x[5]), _mm_sub_pd(x[3], x[7]));
    let (s0, s2) = (_mm_add_pd(x[1], x[5]), _mm_add_pd(x[3], x[7]));
    let (m, r) = (_mm_sub_pd(a, q), rot::<INV>(_mm_add_pd(a, q)));
    let c = _mm_set1_pd(std::f64::consts::FRAC_1_SQRT_2);
    let o1 = _mm_mul_pd(_mm_add_pd(m, r), c);
    let o3 = _mm_mul_pd(_mm_sub_pd(r, m), c);
    let o0 = _mm_add_pd(s0, s2);
    let o2 = rot::<INV>(_mm_sub_pd(s0, s2));
    [
        _mm_add_pd(e[0], o0),
        _mm_add_pd(e[1], o1),
        _mm_add_pd(e[2], o2),
        _mm_add_pd(e[3], o3),
        _mm_sub_pd(e[0], o0),
        _mm_sub_pd(e[1], o1),
        _mm_sub_pd(e[2], o2),
        _mm_sub_pd(e[3], o3),
    ]
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

/// `W16^j = (re, im)` for j = 0..=9 (the exponents [`dft16`] needs).
const W16: [(f64, f64); 10] = {
    let (r, c8, s8) = (
        std::f64::consts::FRAC_1_SQRT_2,
        0.923_879_532_511_286_7, // cos(pi/8)
        0.382_683_432_365_089_8, // sin(pi/8)
    );
    [
        (1.0, 0.0),
        (c8, -s8),
        (r, -r),
        (s8, -c8),
        (0.0, -1.0),
        (-s8, -c8),
        (-r, -r),
        (-c8, -s8),
        (-1.0, 0.0),
        (-c8, s8),
    ]
};

/// `x * W16^j` (`W16^-j` for the inverse) for `j` known at compile time:
/// nothing, a [`rot`] for `j = 4`, a complex multiplication by constants
/// otherwise.
#[inline]
#[target_feature(enable = "sse2")]
fn twiddle16<const INV: bool>(x: __m128d, j: usize) -> __m128d {
    match j {
        0 => x,
        4 => rot::<INV>(x),
        _ => {
            let (re, im) = W16[j];
            let im = if INV { -im } else { im };
            cmul(x, _mm_set1_pd(re), _mm_setr_pd(-im, im))
        }
    }
}

/// 16-point DFT of `x`, outputs in natural order: 4 x 4, the twiddles
/// between the two 4-point stages, so every output is two 4-point DFTs and
/// one complex multiplication deep.
#[inline]
#[target_feature(enable = "sse2")]
fn dft16<const INV: bool>(x: [__m128d; 16]) -> [__m128d; 16] {
    // y[n2][k1]: 4-point DFTs over x[n2 + 4 n1], twiddled by W16^(n2 k1).
    let y: [[__m128d; 4]; 4] = std::array::from_fn(|n2| {
        let d = dft4::<INV>([x[n2], x[n2 + 4], x[n2 + 8], x[n2 + 12]]);
        std::array::from_fn(|k1| twiddle16::<INV>(d[k1], n2 * k1))
    });
    let z: [[__m128d; 4]; 4] =
        std::array::from_fn(|k1| dft4::<INV>([y[0][k1], y[1][k1], y[2][k1], y[3][k1]]));
    std::array::from_fn(|k| z[k % 4][k / 4])
}

/// In-place complex FFT of 16 points ([`dft16`]).
///
/// # Panics
/// If `buf.len() != 16`.
#[inline]
#[target_feature(enable = "sse2")]
fn fft16<const INV: bool>(buf: &mut [Complex<f64>]) {
    let x = load::<16>(buf);
    store(buf, dft16::<INV>(x));
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

/// r2c of `input` (32 samples) into `output` (17 bins): the 16-point DFT
/// ([`dft16`]) of the paired samples, then [`split_store`]; `tw` the plan's
/// split twiddles (`W^k`, k = 0..=8).
///
/// # Panics
/// If the lengths are not 32, 17 and at least 9.
#[target_feature(enable = "sse2")]
pub(crate) fn r2c32(input: &[f64], output: &mut [Complex<f64>], tw: &RealTwiddles<f64>) {
    assert_eq!(input.len(), 32);
    let (pairs, _) = input.as_chunks::<2>();
    // SAFETY: each pair is two contiguous doubles.
    let x: [__m128d; 16] = std::array::from_fn(|k| unsafe { _mm_loadu_pd(pairs[k].as_ptr()) });
    let z = dft16::<false>(x);
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
