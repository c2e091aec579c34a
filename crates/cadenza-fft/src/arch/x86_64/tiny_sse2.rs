//! Hand-written SSE2 codelets for the smallest `f32` transforms: complex
//! FFTs of 2, 4, 8 and 16 points and the r2c of 16 and 32 samples, two complex
//! numbers per register from load to store. (At AVX2 and above, 16 points
//! run as [`super::rows`] instead: same latency, more throughput.)
//!
//! The scalar straight-line versions ([`crate::realtiny`],
//! [`crate::kernel::tiny_fn`]) lost to rustfft/realfft here: LLVM packs pairs of
//! scalar complex `f32` into `xmm` registers with a shuffle around nearly
//! every operation, and it stores the halves of a register separately, so the
//! next 16-byte load of the same bytes misses store forwarding. Written out,
//! the 8-point core is a radix-2 step, a twiddle multiply and two 4-point DFTs
//! on register pairs; the real split works on bins `(k, k+1)` against the
//! mirrored `(8-k, 7-k)`. SSE2 is baseline on x86_64, so no dispatch is
//! needed.

use std::arch::x86_64::*;

use crate::Complex;
use crate::kernel::{RealTwiddles, TinyFn};

/// `x * (-1, 1, -1, 1)`-style sign flips.
#[inline]
#[target_feature(enable = "sse2")]
fn flip(x: __m128, signs: __m128) -> __m128 {
    _mm_xor_ps(x, signs)
}

/// Swaps re and im inside each complex number.
#[inline]
#[target_feature(enable = "sse2")]
fn swap_pairs(x: __m128) -> __m128 {
    _mm_shuffle_ps::<0b10_11_00_01>(x, x)
}

/// `x * w` with `w` given as `(re, re)` pairs and `(-im, im)` pairs.
#[inline]
#[target_feature(enable = "sse2")]
fn cmul(x: __m128, wr: __m128, wi_signed: __m128) -> __m128 {
    _mm_add_ps(_mm_mul_ps(x, wr), _mm_mul_ps(swap_pairs(x), wi_signed))
}

/// 4-point DFT of `(y0, y1)` in `lo`, `(y2, y3)` in `hi`; returns
/// `(Y0, Y2)` and `(Y1, Y3)`. `rot3` is the sign mask of [`rot_mask`].
#[inline]
#[target_feature(enable = "sse2")]
fn dft4(lo: __m128, hi: __m128, rot3: __m128) -> (__m128, __m128) {
    let c = _mm_add_ps(lo, hi);
    // (e0, -+i e1): -i (re + i im) = im - i re, +i (re + i im) = -im + i re.
    let d = _mm_sub_ps(lo, hi);
    let d = flip(_mm_shuffle_ps::<0b10_11_01_00>(d, d), rot3);
    (halves(c), halves(d))
}

/// Sign mask that, after re/im of the upper complex number are swapped,
/// multiplies it by `-i` (forward) or `+i` (inverse).
#[inline]
#[target_feature(enable = "sse2")]
fn rot_mask<const INV: bool>() -> __m128 {
    let neg = -0.0f32;
    if INV {
        _mm_setr_ps(0.0, 0.0, neg, 0.0)
    } else {
        _mm_setr_ps(0.0, 0.0, 0.0, neg)
    }
}

/// 8-point DFT of `(z0, z1)`, `(z2, z3)`, `(z4, z5)`, `(z6, z7)`; returns
/// `(Z0, Z4)`, `(Z2, Z6)`, `(Z1, Z5)`, `(Z3, Z7)`.
#[inline]
#[target_feature(enable = "sse2")]
fn dft8<const INV: bool>(v: [__m128; 4]) -> [__m128; 4] {
    let c = std::f32::consts::FRAC_1_SQRT_2;
    // Imaginary parts of the twiddles flip sign for the inverse.
    let s = if INV { -1.0 } else { 1.0 };
    let [v0, v1, v2, v3] = v;
    // Radix-2 step over z[j], z[j+4], then the twiddles W8^j on the differences.
    let (a0, a1) = (_mm_add_ps(v0, v2), _mm_add_ps(v1, v3));
    let (b0, b1) = (_mm_sub_ps(v0, v2), _mm_sub_ps(v1, v3));
    // Forward W^0 = 1, W^1 = c - ic, W^2 = -i, W^3 = -c - ic; imaginary parts
    // as (-im, im).
    let b0 = cmul(
        b0,
        _mm_setr_ps(1.0, 1.0, c, c),
        _mm_setr_ps(0.0, 0.0, s * c, -s * c),
    );
    let b1 = cmul(
        b1,
        _mm_setr_ps(0.0, 0.0, -c, -c),
        _mm_setr_ps(s, -s, s * c, -s * c),
    );
    let rot3 = rot_mask::<INV>();
    let (e04, e26) = dft4(a0, a1, rot3);
    let (o15, o37) = dft4(b0, b1, rot3);
    [e04, e26, o15, o37]
}

/// The codelet for an in-place complex FFT of `n` points, if there is one
/// (2, 4, 8 and 16).
pub(crate) fn tiny_fn(n: usize, inverse: bool) -> Option<TinyFn<f32>> {
    Some(match (n, inverse) {
        (2, _) => fft::<2, false>,
        (4, false) => fft::<4, false>,
        (4, true) => fft::<4, true>,
        (8, false) => fft::<8, false>,
        (8, true) => fft::<8, true>,
        (16, false) => fft::<16, false>,
        (16, true) => fft::<16, true>,
        _ => return None,
    })
}

/// [`fft2`], [`fft4`], [`fft8`] or [`fft16`] as a plain function, for a plan
/// to keep a pointer to.
///
/// # Panics
/// If `N` is not 2, 4, 8 or 16 or `buf.len() != N`.
fn fft<const N: usize, const INV: bool>(buf: &mut [Complex<f32>]) {
    // SAFETY: SSE2 is part of the x86_64 baseline.
    unsafe {
        match N {
            2 => fft2(buf),
            4 => fft4::<INV>(buf),
            8 => fft8::<INV>(buf),
            16 => fft16::<INV>(buf),
            _ => unreachable!("no {N}-point codelet"),
        }
    }
}

/// In-place complex FFT of 2 points (the same in both directions): one
/// register, [`halves`].
///
/// # Panics
/// If `buf.len() != 2`.
#[target_feature(enable = "sse2")]
fn fft2(buf: &mut [Complex<f32>]) {
    assert!(buf.len() == 2);
    let p = buf.as_mut_ptr().cast::<f32>();
    // SAFETY: `buf` holds 4 floats (asserted): one unaligned 16-byte load
    // and store.
    unsafe { _mm_storeu_ps(p, halves(_mm_loadu_ps(p))) };
}

/// In-place complex FFT of 4 points.
///
/// # Panics
/// If `buf.len() != 4`.
#[target_feature(enable = "sse2")]
fn fft4<const INV: bool>(buf: &mut [Complex<f32>]) {
    assert_eq!(buf.len(), 4);
    let p = buf.as_mut_ptr().cast::<f32>();
    // SAFETY: `buf` holds 8 floats (asserted): two unaligned 16-byte loads.
    let (lo, hi) = unsafe { (_mm_loadu_ps(p), _mm_loadu_ps(p.add(4))) };
    let (y02, y13) = dft4(lo, hi, rot_mask::<INV>());
    // SAFETY: as for the loads.
    unsafe {
        _mm_storeu_ps(p, _mm_movelh_ps(y02, y13));
        _mm_storeu_ps(p.add(4), _mm_movehl_ps(y13, y02));
    }
}

/// In-place complex FFT of 8 points.
///
/// # Panics
/// If `buf.len() != 8`.
#[target_feature(enable = "sse2")]
fn fft8<const INV: bool>(buf: &mut [Complex<f32>]) {
    assert_eq!(buf.len(), 8);
    let p = buf.as_mut_ptr().cast::<f32>();
    // SAFETY: `buf` holds 16 floats (asserted): four unaligned 16-byte loads.
    let v = unsafe { [0, 4, 8, 12].map(|o| _mm_loadu_ps(p.add(o))) };
    let [e04, e26, o15, o37] = dft8::<INV>(v);
    // SAFETY: as for the loads.
    unsafe {
        _mm_storeu_ps(p, _mm_movelh_ps(e04, o15));
        _mm_storeu_ps(p.add(4), _mm_movelh_ps(e26, o37));
        _mm_storeu_ps(p.add(8), _mm_movehl_ps(o15, e04));
        _mm_storeu_ps(p.add(12), _mm_movehl_ps(o37, e26));
    }
}

/// `x * -i` (forward) or `x * +i` (inverse) for both complex numbers.
#[inline]
#[target_feature(enable = "sse2")]
fn rot_both<const INV: bool>(x: __m128) -> __m128 {
    let neg = -0.0f32;
    let signs = if INV {
        _mm_setr_ps(neg, 0.0, neg, 0.0)
    } else {
        _mm_setr_ps(0.0, neg, 0.0, neg)
    };
    flip(swap_pairs(x), signs)
}

/// 4-point DFTs across registers, lane by lane: `r[n]` holds sample `n` of
/// two transforms; returns their outputs in natural order.
#[inline]
#[target_feature(enable = "sse2")]
fn dft4_lanes<const INV: bool>(r: [__m128; 4]) -> [__m128; 4] {
    let (a0, a1) = (_mm_add_ps(r[0], r[2]), _mm_sub_ps(r[0], r[2]));
    let (b0, b1) = (
        _mm_add_ps(r[1], r[3]),
        rot_both::<INV>(_mm_sub_ps(r[1], r[3])),
    );
    [
        _mm_add_ps(a0, b0),
        _mm_add_ps(a1, b1),
        _mm_sub_ps(a0, b0),
        _mm_sub_ps(a1, b1),
    ]
}

/// In-place complex FFT of 16 points: 4 x 4, arranged for a short
/// dependency chain (a call this small is as slow as its chain).
///
/// Register `v[2 n1 + h]` holds `x[4 n1 + 2h]` and `x[4 n1 + 2h + 1]`, so the
/// first 4-point DFTs (over `n1`, for each `n2 = 2h, 2h + 1`) run lane by
/// lane; the twiddles `W16^(n2 k1)` are one complex multiplication per
/// register; the second 4-point DFTs (over `n2`) are a radix-2 step across
/// the two registers of each `k1`, then one within the pairs of `k1`,
/// `k1 + 1` regrouped by `movelh`/`movehl`, whose results are the stored
/// pairs `X[k1 + 4 k2]`, `X[k1 + 1 + 4 k2]`.
///
/// # Panics
/// If `buf.len() != 16`.
#[target_feature(enable = "sse2")]
fn fft16<const INV: bool>(buf: &mut [Complex<f32>]) {
    assert_eq!(buf.len(), 16);
    let p = buf.as_mut_ptr().cast::<f32>();
    // SAFETY: `buf` holds 32 floats (asserted): eight unaligned 16-byte loads.
    let v: [__m128; 8] = std::array::from_fn(|k| unsafe { _mm_loadu_ps(p.add(4 * k)) });
    // y[h][k1], lanes n2 = 2h and 2h + 1, twiddled by W16^(n2 k1).
    let y: [[__m128; 4]; 2] = std::array::from_fn(|h| {
        let d = dft4_lanes::<INV>([v[h], v[2 + h], v[4 + h], v[6 + h]]);
        std::array::from_fn(|k1| {
            if k1 == 0 {
                return d[0];
            }
            let w = |n2: usize| {
                let angle = -std::f64::consts::TAU * (n2 * k1) as f64 / 16.0;
                let im = if INV { -angle.sin() } else { angle.sin() };
                (angle.cos() as f32, im as f32)
            };
            let ((r0, i0), (r1, i1)) = (w(2 * h), w(2 * h + 1));
            cmul(
                d[k1],
                _mm_setr_ps(r0, r0, r1, r1),
                _mm_setr_ps(-i0, i0, -i1, i1),
            )
        })
    });
    // Radix-2 across h: u = (y0 + y2, y1 + y3), m = (y0 - y2, y1 - y3).
    let u: [__m128; 4] = std::array::from_fn(|k1| _mm_add_ps(y[0][k1], y[1][k1]));
    let m: [__m128; 4] = std::array::from_fn(|k1| _mm_sub_ps(y[0][k1], y[1][k1]));
    for k1 in [0, 2] {
        let (u_lo, u_hi) = (
            _mm_movelh_ps(u[k1], u[k1 + 1]),
            _mm_movehl_ps(u[k1 + 1], u[k1]),
        );
        let (m_lo, m_hi) = (
            _mm_movelh_ps(m[k1], m[k1 + 1]),
            rot_both::<INV>(_mm_movehl_ps(m[k1 + 1], m[k1])),
        );
        let out = [
            _mm_add_ps(u_lo, u_hi),
            _mm_add_ps(m_lo, m_hi),
            _mm_sub_ps(u_lo, u_hi),
            _mm_sub_ps(m_lo, m_hi),
        ];
        for (k2, o) in out.into_iter().enumerate() {
            // SAFETY: k1 + 4 k2 + 1 < 16: one 16-byte store inside `buf`.
            unsafe { _mm_storeu_ps(p.add(2 * (k1 + 4 * k2)), o) };
        }
    }
}

/// `(v0 + v1, v0 - v1)` of the two complex numbers in `v`.
#[inline]
#[target_feature(enable = "sse2")]
fn halves(v: __m128) -> __m128 {
    let s = _mm_shuffle_ps::<0b01_00_11_10>(v, v);
    _mm_movelh_ps(_mm_add_ps(v, s), _mm_sub_ps(v, s))
}

/// Split of bins `a = (Z[k], Z[k+1])` against `b = (Z[8-k], Z[7-k])`:
/// returns `(X[k], X[k+1])` and `(X[8-k], X[7-k])`, where
/// `X[k] = E + W^k O`, `X[8-k] = conj(E - W^k O)`, `E = (Z[k] + conj Z[8-k]) / 2`
/// and `O = -i (Z[k] - conj Z[8-k]) / 2`; `wr`/`wi` as in [`cmul`].
#[inline]
#[target_feature(enable = "sse2")]
fn split(a: __m128, b: __m128, wr: __m128, wi: __m128) -> (__m128, __m128) {
    let neg = -0.0f32;
    let conj = _mm_setr_ps(0.0, neg, 0.0, neg);
    let half = _mm_set1_ps(0.5);
    let b = flip(b, conj);
    let e = _mm_mul_ps(_mm_add_ps(a, b), half);
    let d = _mm_mul_ps(_mm_sub_ps(a, b), half);
    let o = flip(swap_pairs(d), conj); // -i d = (d.im, -d.re)
    let t = cmul(o, wr, wi);
    (_mm_add_ps(e, t), flip(_mm_sub_ps(e, t), conj))
}

/// r2c of `input` (16 samples) into `output` (9 bins); `tw` the plan's split
/// twiddles (`W^k`, k = 0..=4, as `(re, re)` / `(im, im)` pairs).
///
/// # Panics
/// If the lengths are not 16, 9 and at least 5.
#[target_feature(enable = "sse2")]
pub(crate) fn r2c16(input: &[f32], output: &mut [Complex<f32>], tw: &RealTwiddles<f32>) {
    assert!(input.len() == 16 && output.len() == 9 && tw.re.len() >= 5 && tw.im.len() >= 5);
    let neg = -0.0f32;
    // SAFETY: `input` holds 16 floats (asserted): four unaligned 16-byte loads.
    let v = unsafe {
        let p = input.as_ptr();
        [0, 4, 8, 12].map(|o| _mm_loadu_ps(p.add(o)))
    };
    // (Z0, Z4), (Z2, Z6), (Z1, Z5), (Z3, Z7) of the paired samples.
    let [e04, e26, o15, o37] = dft8::<false>(v);

    let neg_even = _mm_setr_ps(neg, 0.0, neg, 0.0);
    // SAFETY: tw.re/tw.im hold at least 5 entries (asserted): 16-byte loads
    // of entries 1-2 and 3-4.
    let (wr12, wi12, wr34, wi34) = unsafe {
        let (r, i) = (tw.re.as_ptr().cast::<f32>(), tw.im.as_ptr().cast::<f32>());
        (
            _mm_loadu_ps(r.add(2)),
            flip(_mm_loadu_ps(i.add(2)), neg_even),
            _mm_loadu_ps(r.add(6)),
            flip(_mm_loadu_ps(i.add(6)), neg_even),
        )
    };
    let (x12, x76) = split(_mm_movelh_ps(o15, e26), _mm_movehl_ps(e26, o37), wr12, wi12);
    let (x34, x54) = split(
        _mm_shuffle_ps::<0b11_10_01_00>(o37, e04),
        _mm_movehl_ps(e04, o15),
        wr34,
        wi34,
    );
    let mut z0 = [0.0f32; 4];
    // SAFETY: `z0` holds 4 floats.
    unsafe { _mm_storeu_ps(z0.as_mut_ptr(), e04) };
    output[0] = Complex::new(z0[0] + z0[1], 0.0);
    output[8] = Complex::new(z0[0] - z0[1], 0.0);
    // SAFETY: `output` holds 9 bins (asserted): 16-byte stores at bins 1, 3
    // and 6 and an 8-byte store at bin 5, all within 0..9.
    unsafe {
        let p = output.as_mut_ptr().cast::<f32>();
        _mm_storeu_ps(p.add(2), x12);
        _mm_storeu_ps(p.add(6), x34);
        _mm_storel_epi64(p.add(10).cast(), _mm_castps_si128(x54));
        _mm_storeu_ps(p.add(12), _mm_shuffle_ps::<0b01_00_11_10>(x76, x76));
    }
}

/// r2c of `input` (32 samples) into `output` (17 bins): a radix-2 step and
/// twiddles over the 16 paired samples, two 8-point DFTs ([`dft8`]), then the
/// split of bins `(k, k+1)` against `(16-k, 15-k)`; `tw` the plan's split
/// twiddles (`W^k`, k = 0..=8).
///
/// # Panics
/// If the lengths are not 32, 17 and at least 9.
#[target_feature(enable = "sse2")]
pub(crate) fn r2c32(input: &[f32], output: &mut [Complex<f32>], tw: &RealTwiddles<f32>) {
    assert!(input.len() == 32 && output.len() == 17 && tw.re.len() >= 9 && tw.im.len() >= 9);
    let (r, c8, s8) = (
        std::f32::consts::FRAC_1_SQRT_2,
        0.923_879_5_f32,  // cos(pi/8)
        0.382_683_43_f32, // sin(pi/8)
    );
    // SAFETY: `input` holds 32 floats (asserted): eight unaligned 16-byte
    // loads of the paired samples (z[2j], z[2j+1]).
    let v: [__m128; 8] = unsafe {
        let p = input.as_ptr();
        std::array::from_fn(|j| _mm_loadu_ps(p.add(4 * j)))
    };
    // z[k] + z[k+8] and (z[k] - z[k+8]) W16^k, k = 2j, 2j+1 per register;
    // W16^m = (re, im), imaginary parts as (-im, im).
    let a: [__m128; 4] = std::array::from_fn(|j| _mm_add_ps(v[j], v[j + 4]));
    let b = [
        (
            _mm_setr_ps(1.0, 1.0, c8, c8),
            _mm_setr_ps(0.0, 0.0, s8, -s8),
        ),
        (_mm_setr_ps(r, r, s8, s8), _mm_setr_ps(r, -r, c8, -c8)),
        (
            _mm_setr_ps(0.0, 0.0, -s8, -s8),
            _mm_setr_ps(1.0, -1.0, c8, -c8),
        ),
        (_mm_setr_ps(-r, -r, -c8, -c8), _mm_setr_ps(r, -r, s8, -s8)),
    ];
    let b: [__m128; 4] = std::array::from_fn(|j| cmul(_mm_sub_ps(v[j], v[j + 4]), b[j].0, b[j].1));
    // Z[2k] = E[k], Z[2k+1] = O[k].
    let [e04, e26, e15, e37] = dft8::<false>(a);
    let [o04, o26, o15, o37] = dft8::<false>(b);

    let neg_even = _mm_setr_ps(-0.0, 0.0, -0.0, 0.0);
    // Twiddles of bins k, k+1 for k = 1, 3, 5, 7.
    // SAFETY: tw.re/tw.im hold at least 9 entries (asserted): 16-byte loads
    // of entries k and k+1 <= 8.
    let w = |k: usize| unsafe {
        let (re, im) = (tw.re.as_ptr().cast::<f32>(), tw.im.as_ptr().cast::<f32>());
        (
            _mm_loadu_ps(re.add(2 * k)),
            flip(_mm_loadu_ps(im.add(2 * k)), neg_even),
        )
    };
    let pairs = [
        (_mm_movelh_ps(o04, e15), _mm_movehl_ps(e37, o37)), // (Z1, Z2), (Z15, Z14)
        (_mm_movelh_ps(o15, e26), _mm_movehl_ps(e26, o26)), // (Z3, Z4), (Z13, Z12)
        (_mm_movelh_ps(o26, e37), _mm_movehl_ps(e15, o15)), // (Z5, Z6), (Z11, Z10)
        (
            _mm_shuffle_ps::<0b11_10_01_00>(o37, e04),
            _mm_movehl_ps(e04, o04),
        ), // (Z7, Z8), (Z9, Z8)
    ];
    let mut z0 = [0.0f32; 4];
    // SAFETY: `z0` holds 4 floats.
    unsafe { _mm_storeu_ps(z0.as_mut_ptr(), e04) };
    output[0] = Complex::new(z0[0] + z0[1], 0.0);
    output[16] = Complex::new(z0[0] - z0[1], 0.0);
    let p = output.as_mut_ptr().cast::<f32>();
    for (i, (lo, hi)) in pairs.into_iter().enumerate() {
        let k = 2 * i + 1;
        let (wr, wi) = w(k);
        let (xk, xm) = split(lo, hi, wr, wi); // (X[k], X[k+1]), (X[16-k], X[15-k])
        // SAFETY: `output` holds 17 bins (asserted): bins k, k+1 <= 8, and
        // 15-k, 16-k >= 9 (for k = 7 only bin 9, an 8-byte store).
        unsafe {
            _mm_storeu_ps(p.add(2 * k), xk);
            if k == 7 {
                _mm_storel_epi64(p.add(18).cast(), _mm_castps_si128(xm));
            } else {
                _mm_storeu_ps(p.add(2 * (15 - k)), _mm_shuffle_ps::<0b01_00_11_10>(xm, xm));
            }
        }
    }
}
