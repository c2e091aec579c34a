//! A hand-written AVX2+FMA codelet for the complex `f32` FFT of 16 points,
//! four complex numbers per `ymm` register from load to store.
//!
//! The 4 x 4 split needs one register per row: lane-wise 4-point DFTs, one
//! complex multiplication per row, a 4 x 4 transpose of 64-bit complex
//! numbers, and lane-wise 4-point DFTs again, whose rows are the output in
//! natural order. Measured with `quick_compare complex f32 4` (BENCHMARKS
//! "Session 7"): one buffer transformed over and over (each call reads what
//! the last stored: latency) 11.0-11.2 ns, like the SSE2 codelet
//! ([`super::tiny_sse2`], 10.8-11.1 ns) and ahead of the AVX-512 Stockham
//! block (11.3-14.0 ns); cycling through 64 buffers (throughput,
//! `QUICK_ROTATE=64`) 5.4 ns against the SSE2 codelet's 7.4. A
//! `fmaddsub` for the twiddle multiply, which LLVM turned into a
//! multiply, a sign flip, a blend and an FMA, made the chain 1.5 ns longer
//! than the two multiplies and an add used here.

use std::arch::x86_64::*;

use crate::Complex;

/// `cos(2 pi j / 16)` for j = 0..16.
const COS16: [f32; 16] = {
    let (r, c8, s8) = (
        std::f32::consts::FRAC_1_SQRT_2,
        0.923_879_5_f32,  // cos(pi/8)
        0.382_683_43_f32, // sin(pi/8)
    );
    [
        1.0, c8, r, s8, 0.0, -s8, -r, -c8, -1.0, -c8, -r, -s8, 0.0, s8, r, c8,
    ]
};

/// The twiddles of row `k1`: `W16^(n2 k1)` for lanes n2 = 0..4 (conjugated
/// for the inverse), as `(re, re)` and `(-im, im)` pairs.
const fn row_twiddles(k1: usize, inverse: bool) -> ([f32; 8], [f32; 8]) {
    let (mut re, mut im) = ([0.0; 8], [0.0; 8]);
    let mut n2 = 0;
    while n2 < 4 {
        let j = n2 * k1 % 16;
        // W16^j = cos - i sin, and sin(2 pi j / 16) = cos(2 pi (j - 4) / 16).
        let sin = COS16[(j + 12) % 16];
        let w_im = if inverse { sin } else { -sin };
        re[2 * n2] = COS16[j];
        re[2 * n2 + 1] = COS16[j];
        im[2 * n2] = -w_im;
        im[2 * n2 + 1] = w_im;
        n2 += 1;
    }
    (re, im)
}

/// Row twiddles for rows 1..4, forward (`[0]`) and inverse (`[1]`).
const TWIDDLES: [[([f32; 8], [f32; 8]); 3]; 2] = {
    let mut t = [[([0.0; 8], [0.0; 8]); 3]; 2];
    let mut k1 = 1;
    while k1 < 4 {
        t[0][k1 - 1] = row_twiddles(k1, false);
        t[1][k1 - 1] = row_twiddles(k1, true);
        k1 += 1;
    }
    t
};

/// `x * -i` (forward) or `x * +i` (inverse) for every complex lane.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn rot<const INV: bool>(x: __m256) -> __m256 {
    let swapped = _mm256_permute_ps::<0b10_11_00_01>(x);
    let neg = -0.0f32;
    let signs = if INV {
        _mm256_setr_ps(neg, 0.0, neg, 0.0, neg, 0.0, neg, 0.0)
    } else {
        _mm256_setr_ps(0.0, neg, 0.0, neg, 0.0, neg, 0.0, neg)
    };
    _mm256_xor_ps(swapped, signs)
}

/// 4-point DFTs across registers, lane by lane, outputs in natural order.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn dft4<const INV: bool>(r: [__m256; 4]) -> [__m256; 4] {
    let (a0, a1) = (_mm256_add_ps(r[0], r[2]), _mm256_sub_ps(r[0], r[2]));
    let (b0, b1) = (
        _mm256_add_ps(r[1], r[3]),
        rot::<INV>(_mm256_sub_ps(r[1], r[3])),
    );
    [
        _mm256_add_ps(a0, b0),
        _mm256_add_ps(a1, b1),
        _mm256_sub_ps(a0, b0),
        _mm256_sub_ps(a1, b1),
    ]
}

/// `x * w` lane by lane, `w` as `(re, re)` and `(-im, im)` pairs:
/// `x wr + swap(x) wi`, two multiplications in parallel and an addition.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn cmul(x: __m256, (re, im): &([f32; 8], [f32; 8])) -> __m256 {
    // SAFETY: both arrays hold 8 floats.
    let (wr, wi) = unsafe { (_mm256_loadu_ps(re.as_ptr()), _mm256_loadu_ps(im.as_ptr())) };
    let cross = _mm256_mul_ps(_mm256_permute_ps::<0b10_11_00_01>(x), wi);
    _mm256_add_ps(_mm256_mul_ps(x, wr), cross)
}

/// In-place complex FFT of 16 points.
///
/// # Safety
/// The CPU supports AVX2 and FMA.
///
/// # Panics
/// If `buf.len() != 16`.
#[target_feature(enable = "avx2,fma")]
unsafe fn fft16_avx2<const INV: bool>(buf: &mut [Complex<f32>]) {
    assert_eq!(buf.len(), 16);
    let p = buf.as_mut_ptr().cast::<f32>();
    // Row n1 holds x[4 n1 .. 4 n1 + 4]: lane n2 is x[4 n1 + n2].
    // SAFETY: `buf` holds 32 floats (asserted): four 32-byte loads.
    let x: [__m256; 4] = std::array::from_fn(|n1| unsafe { _mm256_loadu_ps(p.add(8 * n1)) });
    // Row k1 of the first DFTs, lanes n2, twiddled by W16^(n2 k1).
    let y = dft4::<INV>(x);
    let tw = &TWIDDLES[usize::from(INV)];
    let t = [
        y[0],
        cmul(y[1], &tw[0]),
        cmul(y[2], &tw[1]),
        cmul(y[3], &tw[2]),
    ];
    // Transpose the 4 x 4 complex numbers (64 bits each): row n2, lanes k1.
    let t = t.map(|r| _mm256_castps_pd(r));
    let (u0, u1) = (
        _mm256_unpacklo_pd(t[0], t[1]),
        _mm256_unpackhi_pd(t[0], t[1]),
    );
    let (u2, u3) = (
        _mm256_unpacklo_pd(t[2], t[3]),
        _mm256_unpackhi_pd(t[2], t[3]),
    );
    let s = [
        _mm256_permute2f128_pd::<0x20>(u0, u2),
        _mm256_permute2f128_pd::<0x20>(u1, u3),
        _mm256_permute2f128_pd::<0x31>(u0, u2),
        _mm256_permute2f128_pd::<0x31>(u1, u3),
    ]
    .map(|r| _mm256_castpd_ps(r));
    // Row k2 of the second DFTs, lane k1, is X[k1 + 4 k2].
    for (k2, z) in dft4::<INV>(s).into_iter().enumerate() {
        // SAFETY: k2 < 4: one 32-byte store inside `buf`.
        unsafe { _mm256_storeu_ps(p.add(8 * k2), z) };
    }
}

/// [`fft16_avx2`] as a plain function, for a plan to keep a pointer to.
///
/// Only [`super::tiny_fn`] hands it out, for plans at a level of AVX2 or
/// above, which the planner only picks on CPUs with AVX2 and FMA.
///
/// # Panics
/// If `buf.len() != 16`.
pub(super) fn fft16<const INV: bool>(buf: &mut [Complex<f32>]) {
    // SAFETY: see the function's documentation: the CPU has AVX2 and FMA.
    unsafe { fft16_avx2::<INV>(buf) }
}
