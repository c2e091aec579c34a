//! AVX-512 interleaving and deinterleaving of 3, 4, 6 and 8 channels, 16
//! frames per step, built from two-input lane permutes (`vpermt2ps/pd`):
//!
//! - 4 and 8 channels: repeated 2-way zips, first of single samples, then of
//!   sample pairs (64-bit units), then of quadruples (128-bit units): the
//!   classic transpose, `log2(N)` permutes per output vector;
//! - 3 channels: a 3-way zip, one 2-source permute plus one masked permute
//!   of the third source per output vector;
//! - 6 channels: a 2-way zip of channel pairs, then a 3-way zip of the
//!   resulting 64-bit pairs.
//!
//! Deinterleaving runs the inverse steps in reverse order. Other channel
//! counts, and the frames after the last whole step, use the portable loop.

use crate::arch::scalar;
use std::arch::x86_64::*;

// --- permute tables -------------------------------------------------------

/// 2-way zip of 32-bit lanes: `a0 b0 a1 b1 ..`, low and high halves.
const ZIP32: [[i32; 16]; 2] = zip_table32();
/// 2-way zip of 64-bit lanes.
const ZIP64: [[i64; 8]; 2] = [[0, 8, 1, 9, 2, 10, 3, 11], [4, 12, 5, 13, 6, 14, 7, 15]];
/// 2-way zip of 128-bit units, in 64-bit lane indices.
const ZIP128: [[i64; 8]; 2] = [[0, 1, 8, 9, 2, 3, 10, 11], [4, 5, 12, 13, 6, 7, 14, 15]];
/// 2-way unzip of 32-bit lanes: even and odd lanes of `lo:hi`.
const UNZIP32: [[i32; 16]; 2] = unzip_table32();
/// 2-way unzip of 64-bit lanes.
const UNZIP64: [[i64; 8]; 2] = [[0, 2, 4, 6, 8, 10, 12, 14], [1, 3, 5, 7, 9, 11, 13, 15]];
/// 2-way unzip of 128-bit units, in 64-bit lane indices.
const UNZIP128: [[i64; 8]; 2] = [[0, 1, 4, 5, 8, 9, 12, 13], [2, 3, 6, 7, 10, 11, 14, 15]];

const fn zip_table32() -> [[i32; 16]; 2] {
    let mut t = [[0; 16]; 2];
    let mut l = 0;
    while l < 16 {
        // Lane l of the 32-lane zip takes element l/2 of a (even l) or b.
        let src = (l / 2 + 16 * (l % 2)) as i32;
        t[0][l] = src;
        t[1][l] = src + 8;
        l += 1;
    }
    t
}

const fn unzip_table32() -> [[i32; 16]; 2] {
    let mut t = [[0; 16]; 2];
    let mut l = 0;
    while l < 16 {
        t[0][l] = 2 * l as i32;
        t[1][l] = 2 * l as i32 + 1;
        l += 1;
    }
    t
}

/// Tables of a 3-way zip of `LANES`-lane vectors `a, b, c` into three
/// output vectors: element `e` of the output is frame `e / 3` of channel
/// `e % 3`. Per output vector `j`: `ab[j]` indexes `a:b` (2-source permute),
/// `c[j]` indexes `c` for the lanes set in `mask[j]`.
struct Zip3<const LANES: usize> {
    ab: [[i64; LANES]; 3],
    c: [[i64; LANES]; 3],
    mask: [u32; 3],
}

const fn zip3_table<const LANES: usize>() -> Zip3<LANES> {
    let mut t = Zip3 {
        ab: [[0; LANES]; 3],
        c: [[0; LANES]; 3],
        mask: [0; 3],
    };
    let mut j = 0;
    while j < 3 {
        let mut l = 0;
        while l < LANES {
            let e = LANES * j + l;
            let (frame, ch) = ((e / 3) as i64, e % 3);
            match ch {
                0 => t.ab[j][l] = frame,
                1 => t.ab[j][l] = LANES as i64 + frame,
                _ => {
                    t.c[j][l] = frame;
                    t.mask[j] |= 1 << l;
                }
            }
            l += 1;
        }
        j += 1;
    }
    t
}

/// Tables of the inverse 3-way unzip: channel `ch` lane `f` is element
/// `3f + ch` of `x0:x1:x2`; `x01[ch]` indexes `x0:x1`, `x2[ch]` indexes
/// `x2` for the lanes set in `mask[ch]`.
struct Unzip3<const LANES: usize> {
    x01: [[i64; LANES]; 3],
    x2: [[i64; LANES]; 3],
    mask: [u32; 3],
}

const fn unzip3_table<const LANES: usize>() -> Unzip3<LANES> {
    let mut t = Unzip3 {
        x01: [[0; LANES]; 3],
        x2: [[0; LANES]; 3],
        mask: [0; 3],
    };
    let mut ch = 0;
    while ch < 3 {
        let mut f = 0;
        while f < LANES {
            let e = 3 * f + ch;
            if e < 2 * LANES {
                t.x01[ch][f] = e as i64;
            } else {
                t.x2[ch][f] = (e - 2 * LANES) as i64;
                t.mask[ch] |= 1 << f;
            }
            f += 1;
        }
        ch += 1;
    }
    t
}

const ZIP3_32: Zip3<16> = zip3_table::<16>();
const ZIP3_64: Zip3<8> = zip3_table::<8>();
const UNZIP3_32: Unzip3<16> = unzip3_table::<16>();
const UNZIP3_64: Unzip3<8> = unzip3_table::<8>();

// --- vector helpers -------------------------------------------------------

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn idx32(t: &[i32; 16]) -> __m512i {
    // SAFETY: `t` is 64 readable bytes; unaligned load.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn idx64(t: &[i64; 8]) -> __m512i {
    // SAFETY: `t` is 64 readable bytes; unaligned load.
    unsafe { _mm512_loadu_si512(t.as_ptr().cast()) }
}

/// 16 lanes of a 32-bit table given with `i64` entries.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn idx32_of64(t: &[i64; 16]) -> __m512i {
    let lo = idx64(t[..8].try_into().expect("8 entries"));
    let hi = idx64(t[8..].try_into().expect("8 entries"));
    // Narrow the 64-bit entries (all < 32) to 32-bit lanes.
    _mm512_inserti64x4::<1>(
        _mm512_castsi256_si512(_mm512_cvtepi64_epi32(lo)),
        _mm512_cvtepi64_epi32(hi),
    )
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn load(s: &[f32; 16]) -> __m512 {
    // SAFETY: `s` holds 16 floats; unaligned load.
    unsafe { _mm512_loadu_ps(s.as_ptr()) }
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn store(d: &mut [f32; 16], v: __m512) {
    // SAFETY: `d` holds 16 floats; unaligned store.
    unsafe { _mm512_storeu_ps(d.as_mut_ptr(), v) }
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn pd(v: __m512) -> __m512d {
    _mm512_castps_pd(v)
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn ps(v: __m512d) -> __m512 {
    _mm512_castpd_ps(v)
}

/// A pair of permute tables in registers (loaded where used: the loads are
/// loop-invariant and hoisted out of the step loops).
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn pair32(t: &[[i32; 16]; 2]) -> [__m512i; 2] {
    [idx32(&t[0]), idx32(&t[1])]
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn pair64(t: &[[i64; 8]; 2]) -> [__m512i; 2] {
    [idx64(&t[0]), idx64(&t[1])]
}

/// Two-source permutes of 32-bit or 64-bit lanes with a table pair.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn perm32(a: __m512, b: __m512, t: &[__m512i; 2]) -> [__m512; 2] {
    [
        _mm512_permutex2var_ps(a, t[0], b),
        _mm512_permutex2var_ps(a, t[1], b),
    ]
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn perm64(a: __m512, b: __m512, t: &[__m512i; 2]) -> [__m512; 2] {
    [
        ps(_mm512_permutex2var_pd(pd(a), t[0], pd(b))),
        ps(_mm512_permutex2var_pd(pd(a), t[1], pd(b))),
    ]
}

/// Loaded 3-way tables for 32-bit (`WIDE = false`) or 64-bit lanes.
#[derive(Clone, Copy)]
struct Three {
    two: [__m512i; 3],
    one: [__m512i; 3],
    mask: [u32; 3],
}

impl Three {
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn zip32() -> Self {
        let t = &ZIP3_32;
        Three {
            two: [0, 1, 2].map(|j| idx32_of64(&t.ab[j])),
            one: [0, 1, 2].map(|j| idx32_of64(&t.c[j])),
            mask: t.mask,
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn zip64() -> Self {
        let t = &ZIP3_64;
        Three {
            two: [0, 1, 2].map(|j| idx64(&t.ab[j])),
            one: [0, 1, 2].map(|j| idx64(&t.c[j])),
            mask: t.mask,
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn unzip32() -> Self {
        let t = &UNZIP3_32;
        Three {
            two: [0, 1, 2].map(|j| idx32_of64(&t.x01[j])),
            one: [0, 1, 2].map(|j| idx32_of64(&t.x2[j])),
            mask: t.mask,
        }
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn unzip64() -> Self {
        let t = &UNZIP3_64;
        Three {
            two: [0, 1, 2].map(|j| idx64(&t.x01[j])),
            one: [0, 1, 2].map(|j| idx64(&t.x2[j])),
            mask: t.mask,
        }
    }

    /// Output `j` of the 3-way (un)zip of 32-bit lanes: two sources through
    /// a 2-source permute, lanes of the third merged in under the mask.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn apply32(&self, j: usize, x: __m512, y: __m512, z: __m512) -> __m512 {
        let v = _mm512_permutex2var_ps(x, self.two[j], y);
        _mm512_mask_permutexvar_ps(v, self.mask[j] as __mmask16, self.one[j], z)
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn apply64(&self, j: usize, x: __m512, y: __m512, z: __m512) -> __m512 {
        let v = _mm512_permutex2var_pd(pd(x), self.two[j], pd(y));
        ps(_mm512_mask_permutexvar_pd(
            v,
            self.mask[j] as __mmask8,
            self.one[j],
            pd(z),
        ))
    }
}

// --- drivers --------------------------------------------------------------

/// Frames per step.
const STEP: usize = 16;

/// One step of an `N`-channel interleave: `N` channel vectors of 16 frames
/// in, `N` vectors of interleaved output.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn zip_step<const N: usize>(v: [__m512; N]) -> [__m512; N] {
    let mut o = v;
    match N {
        3 => {
            let three = Three::zip32();
            for (j, oj) in o.iter_mut().enumerate() {
                *oj = three.apply32(j, v[0], v[1], v[2]);
            }
        }
        4 => {
            let [ab0, ab1] = perm32(v[0], v[1], &pair32(&ZIP32));
            let [cd0, cd1] = perm32(v[2], v[3], &pair32(&ZIP32));
            [o[0], o[1]] = perm64(ab0, cd0, &pair64(&ZIP64));
            [o[2], o[3]] = perm64(ab1, cd1, &pair64(&ZIP64));
        }
        6 => {
            let [ab0, ab1] = perm32(v[0], v[1], &pair32(&ZIP32));
            let [cd0, cd1] = perm32(v[2], v[3], &pair32(&ZIP32));
            let [ef0, ef1] = perm32(v[4], v[5], &pair32(&ZIP32));
            let three = Three::zip64();
            for j in 0..3 {
                o[j] = three.apply64(j, ab0, cd0, ef0);
                o[3 + j] = three.apply64(j, ab1, cd1, ef1);
            }
        }
        8 => {
            let [ab0, ab1] = perm32(v[0], v[1], &pair32(&ZIP32));
            let [cd0, cd1] = perm32(v[2], v[3], &pair32(&ZIP32));
            let [ef0, ef1] = perm32(v[4], v[5], &pair32(&ZIP32));
            let [gh0, gh1] = perm32(v[6], v[7], &pair32(&ZIP32));
            // Four channels per 128-bit unit, frames 0-3, 4-7, 8-11, 12-15.
            let [abcd0, abcd1] = perm64(ab0, cd0, &pair64(&ZIP64));
            let [abcd2, abcd3] = perm64(ab1, cd1, &pair64(&ZIP64));
            let [efgh0, efgh1] = perm64(ef0, gh0, &pair64(&ZIP64));
            let [efgh2, efgh3] = perm64(ef1, gh1, &pair64(&ZIP64));
            [o[0], o[1]] = perm64(abcd0, efgh0, &pair64(&ZIP128));
            [o[2], o[3]] = perm64(abcd1, efgh1, &pair64(&ZIP128));
            [o[4], o[5]] = perm64(abcd2, efgh2, &pair64(&ZIP128));
            [o[6], o[7]] = perm64(abcd3, efgh3, &pair64(&ZIP128));
        }
        _ => unreachable!("no {N}-channel zip"),
    }
    o
}

/// The inverse of [`zip_step`].
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn unzip_step<const N: usize>(x: [__m512; N]) -> [__m512; N] {
    let mut o = x;
    match N {
        3 => {
            let three = Three::unzip32();
            for (j, oj) in o.iter_mut().enumerate() {
                *oj = three.apply32(j, x[0], x[1], x[2]);
            }
        }
        4 => {
            let [ab0, cd0] = perm64(x[0], x[1], &pair64(&UNZIP64));
            let [ab1, cd1] = perm64(x[2], x[3], &pair64(&UNZIP64));
            [o[0], o[1]] = perm32(ab0, ab1, &pair32(&UNZIP32));
            [o[2], o[3]] = perm32(cd0, cd1, &pair32(&UNZIP32));
        }
        6 => {
            // Channel pairs (ab, cd, ef) of frames 0-7 and 8-15.
            let three = Three::unzip64();
            for c in 0..3 {
                let lo = three.apply64(c, x[0], x[1], x[2]);
                let hi = three.apply64(c, x[3], x[4], x[5]);
                [o[2 * c], o[2 * c + 1]] = perm32(lo, hi, &pair32(&UNZIP32));
            }
        }
        8 => {
            let [abcd0, efgh0] = perm64(x[0], x[1], &pair64(&UNZIP128));
            let [abcd1, efgh1] = perm64(x[2], x[3], &pair64(&UNZIP128));
            let [abcd2, efgh2] = perm64(x[4], x[5], &pair64(&UNZIP128));
            let [abcd3, efgh3] = perm64(x[6], x[7], &pair64(&UNZIP128));
            let [ab0, cd0] = perm64(abcd0, abcd1, &pair64(&UNZIP64));
            let [ab1, cd1] = perm64(abcd2, abcd3, &pair64(&UNZIP64));
            let [ef0, gh0] = perm64(efgh0, efgh1, &pair64(&UNZIP64));
            let [ef1, gh1] = perm64(efgh2, efgh3, &pair64(&UNZIP64));
            [o[0], o[1]] = perm32(ab0, ab1, &pair32(&UNZIP32));
            [o[2], o[3]] = perm32(cd0, cd1, &pair32(&UNZIP32));
            [o[4], o[5]] = perm32(ef0, ef1, &pair32(&UNZIP32));
            [o[6], o[7]] = perm32(gh0, gh1, &pair32(&UNZIP32));
        }
        _ => unreachable!("no {N}-channel unzip"),
    }
    o
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn interleave_fixed<const N: usize>(inputs: &[&[f32]], out: &mut [f32]) {
    let inputs = &inputs[..N];
    let frames = inputs.iter().fold(out.len() / N, |n, c| n.min(c.len()));
    let steps = frames / STEP;
    let (o_steps, _) = out.as_chunks_mut::<STEP>();
    for s in 0..steps {
        let at = STEP * s;
        let mut v = [_mm512_setzero_ps(); N];
        for (vc, c) in v.iter_mut().zip(inputs) {
            *vc = load(c[at..at + STEP].try_into().expect("16 frames"));
        }
        let v = zip_step::<N>(v);
        for (oj, vj) in o_steps[N * s..N * s + N].iter_mut().zip(v) {
            store(oj, vj);
        }
    }
    let done = STEP * steps;
    if done < frames {
        let mut rest: [&[f32]; N] = [&[]; N];
        for (r, c) in rest.iter_mut().zip(inputs) {
            *r = &c[done..frames];
        }
        scalar::interleave_n(&rest, &mut out[N * done..N * frames]);
    }
}

#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn deinterleave_fixed<const N: usize>(input: &[f32], outputs: &mut [&mut [f32]]) {
    let outputs = &mut outputs[..N];
    let frames = outputs.iter().fold(input.len() / N, |n, c| n.min(c.len()));
    let steps = frames / STEP;
    let (i_steps, _) = input.as_chunks::<STEP>();
    for s in 0..steps {
        let at = STEP * s;
        let mut x = [_mm512_setzero_ps(); N];
        for (xj, ij) in x.iter_mut().zip(&i_steps[N * s..N * s + N]) {
            *xj = load(ij);
        }
        let v = unzip_step::<N>(x);
        for (o, vc) in outputs.iter_mut().zip(v) {
            store((&mut o[at..at + STEP]).try_into().expect("16 frames"), vc);
        }
    }
    let done = STEP * steps;
    if done < frames {
        let mut it = outputs.iter_mut();
        let mut rest: [&mut [f32]; N] =
            std::array::from_fn(|_| &mut it.next().expect("N outputs")[done..frames]);
        scalar::deinterleave_n(&input[N * done..N * frames], &mut rest);
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    match inputs.len() {
        3 => interleave_fixed::<3>(inputs, out),
        4 => interleave_fixed::<4>(inputs, out),
        6 => interleave_fixed::<6>(inputs, out),
        8 => interleave_fixed::<8>(inputs, out),
        _ => scalar::interleave_n(inputs, out),
    }
}

#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    match outputs.len() {
        3 => deinterleave_fixed::<3>(input, outputs),
        4 => deinterleave_fixed::<4>(input, outputs),
        6 => deinterleave_fixed::<6>(input, outputs),
        8 => deinterleave_fixed::<8>(input, outputs),
        _ => scalar::deinterleave_n(input, outputs),
    }
}
