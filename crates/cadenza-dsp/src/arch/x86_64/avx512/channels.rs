//! AVX-512 interleaving of 6 and 8 channels (5.1 and 7.1), 16 frames per
//! step, built from two-input lane permutes (`vpermt2ps/pd`):
//!
//! - 8 channels: repeated 2-way zips, first of single samples, then of
//!   sample pairs (64-bit units), then of quadruples (128-bit units): the
//!   classic transpose, three permutes per output vector;
//! - 6 channels: a 2-way zip of channel pairs, then a 3-way zip of the
//!   resulting 64-bit pairs (one 2-source permute plus one masked permute
//!   of the third source per output vector).
//!
//! Deinterleaving 6 or 8 channels into 64-byte aligned planes runs the
//! inverses: three levels of 2-way unzips (8), or a 3-way unzip of the
//! sample pairs then a 2-way unzip (6). The frames after the last whole step, other
//! channel counts, and the rest of deinterleaving use the portable per-N
//! loop, which the compiler vectorises: that was measured as fast or faster
//! there (see [`interleave_n`] and [`deinterleave_n`]). Deinterleaving far
//! beyond the last-level cache stages that loop's output in L1 and streams
//! it out with non-temporal stores ([`deinterleave_streaming`]).

use crate::arch::scalar;
use std::arch::x86_64::*;

// --- permute tables -------------------------------------------------------

/// 2-way zip of 32-bit lanes: `a0 b0 a1 b1 ..`, low and high halves.
const ZIP32: [[i32; 16]; 2] = zip_table32();
/// 2-way zip of 64-bit lanes.
const ZIP64: [[i64; 8]; 2] = [[0, 8, 1, 9, 2, 10, 3, 11], [4, 12, 5, 13, 6, 14, 7, 15]];
/// 2-way zip of 128-bit units, in 64-bit lane indices.
const ZIP128: [[i64; 8]; 2] = [[0, 1, 8, 9, 2, 3, 10, 11], [4, 5, 12, 13, 6, 7, 14, 15]];

/// 2-way unzip of 32-bit lanes of `a:b`: even lanes, odd lanes.
const UNZIP32: [[i32; 16]; 2] = unzip_table32();

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

/// Tables of a gather of three output vectors from three `LANES`-lane
/// vectors `a, b, c`: per output vector `j`, `ab[j]` indexes `a:b`
/// (2-source permute) and `c[j]` indexes `c` for the lanes set in `mask[j]`.
struct Zip3<const LANES: usize> {
    ab: [[i64; LANES]; 3],
    c: [[i64; LANES]; 3],
    mask: [u32; 3],
}

/// The 3-way zip (`unzip == false`: element `e` of the outputs is frame
/// `e / 3` of input `e % 3`) or its inverse (`unzip == true`: output `j`
/// gathers elements `3*l + j` of the concatenation `a:b:c`).
const fn zip3_table<const LANES: usize>(unzip: bool) -> Zip3<LANES> {
    let mut t = Zip3 {
        ab: [[0; LANES]; 3],
        c: [[0; LANES]; 3],
        mask: [0; 3],
    };
    let mut j = 0;
    while j < 3 {
        let mut l = 0;
        while l < LANES {
            // The source vector (0 = a, 1 = b, 2 = c) and its lane.
            let (src, lane) = if unzip {
                let e = 3 * l + j;
                (e / LANES, e % LANES)
            } else {
                let e = LANES * j + l;
                (e % 3, e / 3)
            };
            if src < 2 {
                t.ab[j][l] = (src * LANES + lane) as i64;
            } else {
                t.c[j][l] = lane as i64;
                t.mask[j] |= 1 << l;
            }
            l += 1;
        }
        j += 1;
    }
    t
}

const ZIP3_64: Zip3<8> = zip3_table::<8>(false);
const UNZIP3_64: Zip3<8> = zip3_table::<8>(true);

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

/// Loaded 3-way zip tables for 64-bit lanes (sample pairs).
#[derive(Clone, Copy)]
struct Three {
    two: [__m512i; 3],
    one: [__m512i; 3],
    mask: [u32; 3],
}

impl Three {
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn zip64() -> Self {
        Self::load(&ZIP3_64)
    }

    /// The 3-way unzip of 64-bit lanes (see [`zip3_table`]).
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn unzip64() -> Self {
        Self::load(&UNZIP3_64)
    }

    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
    fn load(t: &Zip3<8>) -> Self {
        Three {
            two: [0, 1, 2].map(|j| idx64(&t.ab[j])),
            one: [0, 1, 2].map(|j| idx64(&t.c[j])),
            mask: t.mask,
        }
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

/// Only 6 and 8 channels take the hand-written path: for 3 and 4 channels
/// the portable per-N loop, as the compiler vectorises it (one permute level
/// plus in-lane merges), measured as fast aligned and faster unaligned.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn interleave_n(inputs: &[&[f32]], out: &mut [f32]) {
    match inputs.len() {
        6 => interleave_fixed::<6>(inputs, out),
        8 => interleave_fixed::<8>(inputs, out),
        _ => scalar::interleave_n(inputs, out),
    }
}

/// Deinterleaving runs the portable per-N loop: the permute trees (the
/// inverse of the interleave ones) measured slower than the compiler's
/// one-level permute + `vshuff64x2` code in L2 (4 channels: 0.72 vs 0.96 of
/// memcpy) and with unaligned buffers (0.3-0.45 vs 0.5-0.8), and were ahead
/// only for 8 channels in L1 (0.56 vs 0.45). Six or eight 64-byte aligned
/// outputs beyond [`STREAM_BYTES`] go through [`deinterleave_streaming`];
/// six or eight aligned ones below it through [`deinterleave6`] and
/// [`deinterleave8`] (session 6, `CADENZA_KERNELS_MIN=1 ... --bench kernels
/// -- deinterleave`, two runs against two of the per-N loop, SIMD/memcpy:
/// 8 channels L1 0.39 -> 0.60-0.61, L2 0.66-0.73 -> 0.75; 6 channels L1
/// 0.49-0.50 -> 0.55-0.56, L2 unchanged at 0.77-0.79; unaligned outputs stay
/// on the loop, where the 8-channel unzips measured 0.34 against 0.54).
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn deinterleave_n(input: &[f32], outputs: &mut [&mut [f32]]) {
    if matches!(outputs.len(), 6 | 8)
        && 8 * input.len() >= STREAM_BYTES
        && outputs.iter().all(|o| o.as_ptr().addr().is_multiple_of(64))
    {
        deinterleave_streaming(input, outputs);
    } else if matches!(outputs.len(), 6 | 8)
        && outputs.iter().all(|o| o.as_ptr().addr().is_multiple_of(64))
    {
        if outputs.len() == 8 {
            deinterleave8(input, outputs);
        } else {
            deinterleave6(input, outputs);
        }
    } else {
        scalar::deinterleave_n(input, outputs);
    }
}

/// Eight channels into 64-byte aligned outputs, 16 frames per step: three
/// levels of 2-way unzips of the interleaved stream (even/odd samples), the
/// inverse of the 8-channel zip. Its own function: inlined, it changed how
/// LLVM compiled the streaming path next to it.
#[inline(never)]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn deinterleave8(input: &[f32], outputs: &mut [&mut [f32]]) {
    let frames = outputs.iter().fold(input.len() / 8, |f, c| f.min(c.len()));
    let steps = frames / STEP;
    let t = pair32(&UNZIP32);
    let (in_steps, _) = input[..8 * STEP * steps].as_chunks::<STEP>();
    for s in 0..steps {
        let mut v = [_mm512_setzero_ps(); 8];
        for (vj, chunk) in v.iter_mut().zip(&in_steps[8 * s..8 * s + 8]) {
            *vj = load(chunk);
        }
        for _ in 0..3 {
            let [e0, o0] = perm32(v[0], v[1], &t);
            let [e1, o1] = perm32(v[2], v[3], &t);
            let [e2, o2] = perm32(v[4], v[5], &t);
            let [e3, o3] = perm32(v[6], v[7], &t);
            v = [e0, e1, e2, e3, o0, o1, o2, o3];
        }
        // Unzip 1 splits the channels by bit 0 into the halves of `v`,
        // unzip 2 by bit 1 into its quarters, unzip 3 by bit 2: register c
        // now holds channel c.
        let at = STEP * s;
        for (out, vc) in outputs.iter_mut().zip(v) {
            store((&mut out[at..at + STEP]).try_into().expect("16 frames"), vc);
        }
    }
    deinterleave_tail(input, outputs, STEP * steps, frames);
}

/// Six channels into 64-byte aligned outputs, 16 frames per step: a 3-way
/// unzip of the sample pairs (channels 0-1, 2-3, 4-5), then a 2-way unzip of
/// the samples, the inverse of the 6-channel zip.
#[inline(never)]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn deinterleave6(input: &[f32], outputs: &mut [&mut [f32]]) {
    let frames = outputs.iter().fold(input.len() / 6, |f, c| f.min(c.len()));
    let steps = frames / STEP;
    let three = Three::unzip64();
    let t = pair32(&UNZIP32);
    let (in_steps, _) = input[..6 * STEP * steps].as_chunks::<STEP>();
    for s in 0..steps {
        let mut v = [_mm512_setzero_ps(); 6];
        for (vj, chunk) in v.iter_mut().zip(&in_steps[6 * s..6 * s + 6]) {
            *vj = load(chunk);
        }
        let at = STEP * s;
        for k in 0..3 {
            // Channels 2k and 2k+1, frames 0-7 and 8-15, still paired.
            let lo = three.apply64(k, v[0], v[1], v[2]);
            let hi = three.apply64(k, v[3], v[4], v[5]);
            let [even, odd] = perm32(lo, hi, &t);
            store(
                (&mut outputs[2 * k][at..at + STEP])
                    .try_into()
                    .expect("16 frames"),
                even,
            );
            store(
                (&mut outputs[2 * k + 1][at..at + STEP])
                    .try_into()
                    .expect("16 frames"),
                odd,
            );
        }
    }
    deinterleave_tail(input, outputs, STEP * steps, frames);
}

/// Frames `done..frames` of a deinterleave, by the per-N loop.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn deinterleave_tail(input: &[f32], outputs: &mut [&mut [f32]], done: usize, frames: usize) {
    let n = outputs.len();
    if done < frames {
        let mut rest: [&mut [f32]; 8] = Default::default();
        for (r, c) in rest.iter_mut().zip(outputs.iter_mut()) {
            *r = &mut c[done..frames];
        }
        scalar::deinterleave_n(&input[n * done..n * frames], &mut rest[..n]);
    }
}

/// Bytes read + written from which deinterleaving streams its output: well
/// past the last-level cache (32 MiB here), where every plain store of the
/// N planar outputs first reads its cache line from DRAM. Measured at 256
/// MiB (`CADENZA_KERNELS_MIN=1 cargo bench -p cadenza-dsp --bench kernels --
/// deinterleave`, quiet machine, session 5), SIMD/memcpy plain -> streamed:
/// 8 channels 0.51 -> 0.65-0.69, 6 channels 0.68 -> 0.74-0.79, but 4
/// channels 0.88 -> 0.83-0.87 (so 2-4 channels stay plain), and with
/// unaligned outputs 0.24-0.29 (the partial lines at each run's ends mix
/// plain and streaming stores; so only aligned outputs stream).
const STREAM_BYTES: usize = 64 << 20;

/// Frames deinterleaved into the on-stack stage per step: 64 frames (four
/// lines per channel) measured best among 16-1024.
const STAGE_FRAMES: usize = 64;

/// [`scalar::deinterleave_n`] for 2-8 channels through an L1-resident stage:
/// each step deinterleaves [`STAGE_FRAMES`] frames into the stage, then
/// copies every channel's run out with non-temporal stores ([`stream_copy`]),
/// so the outputs are written as whole lines without being read first.
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
pub(crate) fn deinterleave_streaming(input: &[f32], outputs: &mut [&mut [f32]]) {
    let n = outputs.len();
    assert!((2..=8).contains(&n), "{n} channels");
    let frames = outputs.iter().fold(input.len() / n, |f, c| f.min(c.len()));
    let mut stage = [[0.0f32; STAGE_FRAMES]; 8];
    let mut at = 0;
    while at < frames {
        let k = (frames - at).min(STAGE_FRAMES);
        let mut views = stage.each_mut().map(|s| &mut s[..k]);
        scalar::deinterleave_n(&input[n * at..n * (at + k)], &mut views[..n]);
        for (out, staged) in outputs.iter_mut().zip(&stage) {
            stream_copy(&mut out[at..at + k], &staged[..k]);
        }
        at += k;
    }
    // Non-temporal stores are weakly ordered: fence before anyone reads.
    _mm_sfence();
}

/// Copies `src` into `dst` (same length): plain stores up to the first
/// 64-byte boundary of `dst` and after the last one, non-temporal 64-byte
/// stores in between.
#[inline]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,fma")]
fn stream_copy(dst: &mut [f32], src: &[f32]) {
    let head = dst.as_ptr().align_offset(64).min(dst.len());
    dst[..head].copy_from_slice(&src[..head]);
    let (lines, tail) = dst[head..].as_chunks_mut::<16>();
    let (src_lines, src_tail) = src[head..].as_chunks::<16>();
    for (d, s) in lines.iter_mut().zip(src_lines) {
        // SAFETY: `d` is 16 floats starting on a 64-byte boundary (after
        // `head`, every chunk of 16 floats starts on one); `s` 16 floats.
        unsafe { _mm512_stream_ps(d.as_mut_ptr(), _mm512_loadu_ps(s.as_ptr())) };
    }
    tail.copy_from_slice(src_tail);
}
