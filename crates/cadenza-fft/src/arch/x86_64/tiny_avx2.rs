//! Hand-written AVX2+FMA codelets for the complex `f32` FFTs of 16 and 32
//! points, four complex numbers per `ymm` register from load to store.
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
//!
//! The 32-point codelet is the same with eight rows and 8-point DFTs: 14.7-15.0
//! ns latency against 17.1 for the AVX-512 Stockham block (rustfft 16.0-16.8).

use std::arch::x86_64::*;

use crate::Complex;

/// `cos(2 pi j / 32)` for j = 0..=8.
const QUARTER: [f64; 9] = [
    1.0,
    0.980_785_280_403_230_4,
    0.923_879_532_511_286_7,
    0.831_469_612_302_545_2,
    std::f64::consts::FRAC_1_SQRT_2,
    0.555_570_233_019_602_2,
    0.382_683_432_365_089_8,
    0.195_090_322_016_128_3,
    0.0,
];

/// `cos(2 pi j / 32)` for any `j`, by the symmetries of [`QUARTER`].
const fn cos32(j: usize) -> f64 {
    let j = j % 32;
    match j {
        0..=8 => QUARTER[j],
        9..=16 => -QUARTER[16 - j],
        17..=24 => -QUARTER[j - 16],
        _ => QUARTER[32 - j],
    }
}

/// The twiddles of row `k1` of an `n`-point transform (`n` dividing 32):
/// `Wn^(n2 k1)` for lanes n2 = 0..4 (conjugated for the inverse), as
/// `(re, re)` and `(-im, im)` pairs.
const fn row_twiddles(n: usize, k1: usize, inverse: bool) -> ([f32; 8], [f32; 8]) {
    let (mut re, mut im) = ([0.0; 8], [0.0; 8]);
    let mut n2 = 0;
    while n2 < 4 {
        let j = n2 * k1 * (32 / n);
        // Wn^x = cos - i sin, and sin(2 pi j / 32) = cos(2 pi (j - 8) / 32).
        let sin = cos32(j + 24);
        let w_im = if inverse { sin } else { -sin };
        re[2 * n2] = cos32(j) as f32;
        re[2 * n2 + 1] = cos32(j) as f32;
        im[2 * n2] = -w_im as f32;
        im[2 * n2 + 1] = w_im as f32;
        n2 += 1;
    }
    (re, im)
}

/// Twiddles of rows `1..R` of an `n`-point transform, forward (`[0]`) and
/// inverse (`[1]`); row 0 needs none.
const fn twiddles<const R: usize>(n: usize) -> [[([f32; 8], [f32; 8]); R]; 2] {
    let mut t = [[([0.0; 8], [0.0; 8]); R]; 2];
    let mut k1 = 1;
    while k1 < R {
        t[0][k1] = row_twiddles(n, k1, false);
        t[1][k1] = row_twiddles(n, k1, true);
        k1 += 1;
    }
    t
}

/// Row twiddles of the 16-point transform (4 rows).
const TWIDDLES16: [[([f32; 8], [f32; 8]); 4]; 2] = twiddles::<4>(16);

/// Row twiddles of the 32-point transform (8 rows).
const TWIDDLES32: [[([f32; 8], [f32; 8]); 8]; 2] = twiddles::<8>(32);

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

/// 8-point DFTs across registers, lane by lane, outputs in natural order;
/// arranged as [`super::tiny_sse2_f64`]'s 8-point DFT for a short chain:
/// with `a = x1 - x5`, `q = x3 - x7`, `r = rot(a + q)`, the twiddled odd
/// terms are `c (a - q + r)` and `c (r - a + q)`, `c = 1/sqrt 2`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn dft8<const INV: bool>(x: [__m256; 8]) -> [__m256; 8] {
    let e = dft4::<INV>([x[0], x[2], x[4], x[6]]);
    let (a, q) = (_mm256_sub_ps(x[1], x[5]), _mm256_sub_ps(x[3], x[7]));
    let (s0, s2) = (_mm256_add_ps(x[1], x[5]), _mm256_add_ps(x[3], x[7]));
    let (m, r) = (_mm256_sub_ps(a, q), rot::<INV>(_mm256_add_ps(a, q)));
    let c = _mm256_set1_ps(std::f32::consts::FRAC_1_SQRT_2);
    let o = [
        _mm256_add_ps(s0, s2),
        _mm256_mul_ps(_mm256_add_ps(m, r), c),
        rot::<INV>(_mm256_sub_ps(s0, s2)),
        _mm256_mul_ps(_mm256_sub_ps(r, m), c),
    ];
    std::array::from_fn(|k| {
        if k < 4 {
            _mm256_add_ps(e[k], o[k])
        } else {
            _mm256_sub_ps(e[k - 4], o[k - 4])
        }
    })
}

/// Transposes 4 x 4 complex numbers: row `i` lane `j` becomes row `j` lane
/// `i`.
#[inline]
#[target_feature(enable = "avx2,fma")]
fn transpose4(t: [__m256; 4]) -> [__m256; 4] {
    // A complex f32 is 64 bits: shuffle them as doubles.
    let t = t.map(|r| _mm256_castps_pd(r));
    let (u0, u1) = (
        _mm256_unpacklo_pd(t[0], t[1]),
        _mm256_unpackhi_pd(t[0], t[1]),
    );
    let (u2, u3) = (
        _mm256_unpacklo_pd(t[2], t[3]),
        _mm256_unpackhi_pd(t[2], t[3]),
    );
    [
        _mm256_permute2f128_pd::<0x20>(u0, u2),
        _mm256_permute2f128_pd::<0x20>(u1, u3),
        _mm256_permute2f128_pd::<0x31>(u0, u2),
        _mm256_permute2f128_pd::<0x31>(u1, u3),
    ]
    .map(|r| _mm256_castpd_ps(r))
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
    assert!(buf.len() == 16);
    let p = buf.as_mut_ptr().cast::<f32>();
    // Row n1 holds x[4 n1 .. 4 n1 + 4]: lane n2 is x[4 n1 + n2].
    // SAFETY: `buf` holds 32 floats (asserted): four 32-byte loads.
    let x: [__m256; 4] = std::array::from_fn(|n1| unsafe { _mm256_loadu_ps(p.add(8 * n1)) });
    // Row k1 of the first DFTs, lanes n2, twiddled by W16^(n2 k1).
    let y = dft4::<INV>(x);
    let tw = &TWIDDLES16[usize::from(INV)];
    let t: [__m256; 4] =
        std::array::from_fn(|k1| if k1 == 0 { y[0] } else { cmul(y[k1], &tw[k1]) });
    // Row n2, lanes k1.
    let s = transpose4(t);
    // Row k2 of the second DFTs, lane k1, is X[k1 + 4 k2].
    for (k2, z) in dft4::<INV>(s).into_iter().enumerate() {
        // SAFETY: k2 < 4: one 32-byte store inside `buf`.
        unsafe { _mm256_storeu_ps(p.add(8 * k2), z) };
    }
}

/// In-place complex FFT of 32 points: 8 x 4, as [`fft16_avx2`] with
/// 8-point DFTs ([`dft8`]) over the eight rows, and two 4 x 4 transposes
/// feeding two sets of lane-wise 4-point DFTs.
///
/// # Safety
/// The CPU supports AVX2 and FMA.
///
/// # Panics
/// If `buf.len() != 32`.
#[target_feature(enable = "avx2,fma")]
unsafe fn fft32_avx2<const INV: bool>(buf: &mut [Complex<f32>]) {
    assert!(buf.len() == 32);
    let p = buf.as_mut_ptr().cast::<f32>();
    // Row n1 holds x[4 n1 .. 4 n1 + 4]: lane n2 is x[4 n1 + n2].
    // SAFETY: `buf` holds 64 floats (asserted): eight 32-byte loads.
    let x: [__m256; 8] = std::array::from_fn(|n1| unsafe { _mm256_loadu_ps(p.add(8 * n1)) });
    // Row k1 of the first DFTs, lanes n2, twiddled by W32^(n2 k1).
    let y = dft8::<INV>(x);
    let tw = &TWIDDLES32[usize::from(INV)];
    let t: [__m256; 8] =
        std::array::from_fn(|k1| if k1 == 0 { y[0] } else { cmul(y[k1], &tw[k1]) });
    for g in 0..2 {
        // Row n2, lanes k1 = 4g .. 4g + 4.
        let s = transpose4([t[4 * g], t[4 * g + 1], t[4 * g + 2], t[4 * g + 3]]);
        // Row k2, lane k1 - 4g, is X[k1 + 8 k2].
        for (k2, z) in dft4::<INV>(s).into_iter().enumerate() {
            // SAFETY: 4g + 8 k2 + 4 <= 32: one 32-byte store inside `buf`.
            unsafe { _mm256_storeu_ps(p.add(2 * (4 * g + 8 * k2)), z) };
        }
    }
}

/// [`fft32_avx2`] as a plain function, for a plan to keep a pointer to;
/// handed out as [`fft16`] is.
///
/// # Panics
/// If `buf.len() != 32`.
pub(super) fn fft32<const INV: bool>(buf: &mut [Complex<f32>]) {
    // SAFETY: see [`fft16`]: the CPU has AVX2 and FMA.
    unsafe { fft32_avx2::<INV>(buf) }
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
