//! Every SIMD level this CPU supports, run against a naive reference on
//! random and edge inputs: full-scale and out-of-range values, NaN/inf,
//! lengths that are not multiples of any vector width, and unaligned starts.

use cadenza_dsp::{Level, convert, gain, interleave, meter, mix};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0
    }
}

fn levels() -> Vec<Level> {
    let v: Vec<Level> = cadenza_simd::supported().collect();
    assert!(v.contains(&Level::Scalar));
    v
}

const EDGE_F32: &[f32] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    1.000_000_1,
    -1.000_000_1,
    2.0,
    -2.0,
    1e10,
    -1e10,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
    -f32::NAN,
    f32::MIN_POSITIVE,
    1e-40,
    f32::MAX,
    f32::MIN,
    32767.5 / 32768.0,
    -32768.5 / 32768.0,
    0.5 / 32768.0,
    1.5 / 32768.0,
    -0.5 / 32768.0,
    127.5 / 128.0,
    -128.5 / 128.0,
    0.5 / 128.0,
    8_388_607.5 / 8_388_608.0,
    -8_388_608.5 / 8_388_608.0,
    0.999_999_9,
];

/// Inputs of length `len` starting `offset` elements into a buffer (so the
/// data is unaligned for `offset > 0`); a mix of edge and random values.
fn f32_inputs(rng: &mut Rng, len: usize, offset: usize, edge: bool) -> Vec<f32> {
    (0..len + offset)
        .map(|i| {
            if edge && rng.next().is_multiple_of(3) {
                EDGE_F32[(rng.next() as usize + i) % EDGE_F32.len()]
            } else {
                rng.unit() * 1.2
            }
        })
        .collect()
}

fn cases() -> impl Iterator<Item = (usize, usize, bool)> {
    let lens = (0..=70).chain([127, 128, 129, 1000, 4099, 9001]);
    lens.flat_map(|l| [(l, 0, true), (l, 1, true), (l, 3, false), (l, 2, true)])
}

fn same_f32(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn same_f64(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn round_clamp(x: f32, scale: f64, lo: f64, hi: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    (f64::from(x) * scale).round_ties_even().clamp(lo, hi) as i64
}

#[test]
fn float_to_integer_conversions_match_reference_at_every_level() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for level in levels() {
        for (len, off, edge) in cases() {
            let buf = f32_inputs(&mut rng, len, off, edge);
            let src = &buf[off..];

            let mut d16 = vec![0i16; len + off];
            convert::f32_to_i16_at(level, src, &mut d16[off..]);
            for (i, (&x, &y)) in src.iter().zip(&d16[off..]).enumerate() {
                let want = round_clamp(x, 32768.0, -32768.0, 32767.0) as i16;
                assert_eq!(
                    y, want,
                    "{level} f32_to_i16 len {len} off {off} [{i}] x={x}"
                );
            }

            let mut d32 = vec![0i32; len + off];
            convert::f32_to_i32_at(level, src, &mut d32[off..]);
            for (i, (&x, &y)) in src.iter().zip(&d32[off..]).enumerate() {
                let want = round_clamp(x, 2_147_483_648.0, -2_147_483_648.0, 2_147_483_647.0);
                assert_eq!(
                    i64::from(y),
                    want,
                    "{level} f32_to_i32 len {len} [{i}] x={x}"
                );
            }

            let mut d8 = vec![0u8; len + off];
            convert::f32_to_u8_at(level, src, &mut d8[off..]);
            for (i, (&x, &y)) in src.iter().zip(&d8[off..]).enumerate() {
                let want = (round_clamp(x, 128.0, -128.0, 127.0) + 128) as u8;
                assert_eq!(y, want, "{level} f32_to_u8 len {len} [{i}] x={x}");
            }

            let mut d24 = vec![0u8; 3 * (len + off)];
            convert::f32_to_i24_at(level, src, &mut d24[off..off + 3 * len]);
            for (i, &x) in src.iter().enumerate() {
                let b = &d24[off + 3 * i..off + 3 * i + 3];
                let got = i32::from_le_bytes([0, b[0], b[1], b[2]]) >> 8;
                let want = round_clamp(x, 8_388_608.0, -8_388_608.0, 8_388_607.0);
                assert_eq!(
                    i64::from(got),
                    want,
                    "{level} f32_to_i24 len {len} [{i}] x={x}"
                );
            }
            // The bytes past the output are untouched.
            assert!(d24[off + 3 * len..].iter().all(|&b| b == 0));

            let mut d64 = vec![0f64; len + off];
            convert::f32_to_f64_at(level, src, &mut d64[off..]);
            for (&x, &y) in src.iter().zip(&d64[off..]) {
                assert!(same_f64(f64::from(x), y), "{level} f32_to_f64 {x}");
            }
        }
    }
}

#[test]
fn integer_to_float_conversions_match_reference_at_every_level() {
    let mut rng = Rng(0x0bad_cafe_f00d_d00d);
    for level in levels() {
        for (len, off, edge) in cases() {
            let mut out = vec![0f32; len + off];

            let s16: Vec<i16> = (0..len + off)
                .map(|i| match (edge, i % 7) {
                    (true, 0) => i16::MIN,
                    (true, 1) => i16::MAX,
                    _ => rng.next() as i16,
                })
                .collect();
            convert::i16_to_f32_at(level, &s16[off..], &mut out[off..]);
            for (&x, &y) in s16[off..].iter().zip(&out[off..]) {
                assert_eq!(y, (f64::from(x) / 32768.0) as f32, "{level} i16_to_f32 {x}");
            }

            let s32: Vec<i32> = (0..len + off)
                .map(|i| match (edge, i % 7) {
                    (true, 0) => i32::MIN,
                    (true, 1) => i32::MAX,
                    _ => rng.next() as i32,
                })
                .collect();
            convert::i32_to_f32_at(level, &s32[off..], &mut out[off..]);
            for (&x, &y) in s32[off..].iter().zip(&out[off..]) {
                assert_eq!(
                    y,
                    (f64::from(x) / 2_147_483_648.0) as f32,
                    "{level} i32_to_f32 {x}"
                );
            }

            let s8: Vec<u8> = (0..len + off).map(|_| rng.next() as u8).collect();
            convert::u8_to_f32_at(level, &s8[off..], &mut out[off..]);
            for (&x, &y) in s8[off..].iter().zip(&out[off..]) {
                assert_eq!(
                    y,
                    ((f64::from(x) - 128.0) / 128.0) as f32,
                    "{level} u8_to_f32 {x}"
                );
            }

            let s24: Vec<u8> = (0..3 * len + off).map(|_| rng.next() as u8).collect();
            convert::i24_to_f32_at(level, &s24[off..], &mut out[off..]);
            for (i, &y) in out[off..].iter().enumerate() {
                let b = &s24[off + 3 * i..off + 3 * i + 3];
                let v = i32::from(b[0]) | i32::from(b[1]) << 8 | i32::from(b[2] as i8) << 16;
                assert_eq!(
                    y,
                    (f64::from(v) / 8_388_608.0) as f32,
                    "{level} i24_to_f32 [{i}]"
                );
            }

            let s64: Vec<f64> = (0..len + off)
                .map(|i| match (edge, i % 9) {
                    (true, 0) => f64::NAN,
                    (true, 1) => f64::INFINITY,
                    (true, 2) => 1e300,
                    (true, 3) => -1e-300,
                    (true, 4) => 1.0 + f64::EPSILON,
                    _ => f64::from(rng.unit()) + f64::from(rng.unit()) * 1e-9,
                })
                .collect();
            convert::f64_to_f32_at(level, &s64[off..], &mut out[off..]);
            for (&x, &y) in s64[off..].iter().zip(&out[off..]) {
                assert!(same_f32(x as f32, y), "{level} f64_to_f32 {x} -> {y}");
            }
        }
    }
}

#[test]
fn interleaving_round_trips_at_every_level() {
    let mut rng = Rng(42);
    for level in levels() {
        for (len, off, _) in cases() {
            let l = f32_inputs(&mut rng, len, off, true);
            let r = f32_inputs(&mut rng, len, off, true);
            let mut out = vec![0f32; 2 * len + off];
            interleave::interleave2_at(level, &l[off..], &r[off..], &mut out[off..]);
            for i in 0..len {
                assert!(
                    same_f32(out[off + 2 * i], l[off + i]),
                    "{level} interleave2 L"
                );
                assert!(
                    same_f32(out[off + 2 * i + 1], r[off + i]),
                    "{level} interleave2 R"
                );
            }
            let (mut l2, mut r2) = (vec![0f32; len + off], vec![0f32; len + off]);
            interleave::deinterleave2_at(level, &out[off..], &mut l2[off..], &mut r2[off..]);
            assert!(
                l2[off..]
                    .iter()
                    .zip(&l[off..])
                    .all(|(a, b)| same_f32(*a, *b))
            );
            assert!(
                r2[off..]
                    .iter()
                    .zip(&r[off..])
                    .all(|(a, b)| same_f32(*a, *b))
            );

            for ch in [1usize, 2, 3, 4, 5, 6, 7, 8, 9, 12] {
                let planes: Vec<Vec<f32>> = (0..ch)
                    .map(|_| f32_inputs(&mut rng, len, off, false))
                    .collect();
                let refs: Vec<&[f32]> = planes.iter().map(|p| &p[off..]).collect();
                let mut inter = vec![0f32; ch * len + off];
                interleave::interleave_at(level, &refs, &mut inter[off..]);
                for i in 0..len {
                    for c in 0..ch {
                        assert_eq!(
                            inter[off + i * ch + c],
                            planes[c][off + i],
                            "{level} {ch}ch"
                        );
                    }
                }
                let mut back: Vec<Vec<f32>> = vec![vec![0f32; len + off]; ch];
                let mut outs: Vec<&mut [f32]> = back.iter_mut().map(|p| &mut p[off..]).collect();
                interleave::deinterleave_at(level, &inter[off..], &mut outs);
                for c in 0..ch {
                    assert_eq!(
                        back[c][off..],
                        planes[c][off..],
                        "{level} deinterleave {ch}ch"
                    );
                }
            }
        }
    }
}

/// Six or eight 64-byte aligned planes past 64 MiB of traffic are written
/// with non-temporal stores through an L1 stage on AVX-512: every level must
/// still put each sample in its slot, across the stage boundaries and in the
/// last, partial stage (the frame counts are not multiples of 64).
#[test]
fn deinterleaving_far_beyond_the_cache_matches_at_every_level() {
    for ch in [6usize, 8] {
        let frames = (64usize << 20) / (8 * ch) + 45;
        // Sample k is k itself: exact in f32 below 2^24 (here < 8.5 M).
        let inter: Vec<f32> = (0..ch * frames).map(|k| k as f32).collect();
        let mut planes: Vec<cadenza_dsp::AlignedBuf<f32>> = (0..ch)
            .map(|_| cadenza_dsp::AlignedBuf::new(frames))
            .collect();
        for level in levels() {
            for p in planes.iter_mut() {
                p.fill(-1.0);
            }
            let mut outs: Vec<&mut [f32]> = planes.iter_mut().map(|p| &mut p[..]).collect();
            interleave::deinterleave_at(level, &inter, &mut outs);
            for (c, p) in planes.iter().enumerate() {
                if let Some(i) = (0..frames).find(|&i| p[i] != (i * ch + c) as f32) {
                    panic!("{level} {ch}ch: channel {c} frame {i} holds {}", p[i]);
                }
            }
        }
    }
}

/// Every sample of every channel carries its own bit pattern (channel and
/// frame coded in, NaN payloads and signed zeros among them), so a sample
/// moved to the wrong slot, or altered on the way, is caught. Covers 3 to 8
/// channels (hand-written AVX-512 for 6 and 8, the per-N portable loop for
/// the rest) at lengths around the 16-frame step and unaligned starts.
#[test]
fn interleaving_moves_every_bit_pattern_to_its_slot_at_every_level() {
    let lens = (0..=50).chain([63, 64, 65, 255, 256, 257, 1000]);
    for level in levels() {
        for ch in [3usize, 4, 5, 6, 7, 8] {
            for len in lens.clone() {
                for off in [0usize, 1, 5] {
                    let planes: Vec<Vec<f32>> = (0..ch)
                        .map(|c| {
                            (0..len + off)
                                .map(|i| f32::from_bits(pattern(c, i)))
                                .collect()
                        })
                        .collect();
                    let refs: Vec<&[f32]> = planes.iter().map(|p| &p[off..]).collect();
                    // One spare sample after the output must stay untouched.
                    let mut inter = vec![f32::from_bits(1); ch * len + off + 1];
                    interleave::interleave_at(level, &refs, &mut inter[off..off + ch * len]);
                    for i in 0..len {
                        for c in 0..ch {
                            assert_eq!(
                                inter[off + i * ch + c].to_bits(),
                                pattern(c, off + i),
                                "{level} interleave {ch}ch len {len} off {off} frame {i} ch {c}"
                            );
                        }
                    }
                    assert_eq!(inter[off + ch * len].to_bits(), 1, "{level} {ch}ch overrun");

                    let mut back: Vec<Vec<f32>> = vec![vec![f32::from_bits(1); len + off + 1]; ch];
                    let mut outs: Vec<&mut [f32]> =
                        back.iter_mut().map(|p| &mut p[off..off + len]).collect();
                    interleave::deinterleave_at(level, &inter[off..off + ch * len], &mut outs);
                    for (c, b) in back.iter().enumerate() {
                        for i in 0..len {
                            assert_eq!(
                                b[off + i].to_bits(),
                                pattern(c, off + i),
                                "{level} deinterleave {ch}ch len {len} off {off} frame {i} ch {c}"
                            );
                        }
                        assert_eq!(b[off + len].to_bits(), 1, "{level} {ch}ch overrun");
                    }
                }
            }
        }
    }
}

/// The bits of sample `i` of channel `c` in the bit-pattern tests: channel
/// and frame coded in, NaN payloads and signed zeros among them.
fn pattern(c: usize, i: usize) -> u32 {
    match i % 5 {
        // Quiet and signalling NaNs with the position as payload.
        0 => 0x7fc0_0000 | (c << 16 | i) as u32 & 0x3f_ffff,
        1 => 0xff80_0001 | (c << 16 | i) as u32 & 0x3f_ffff,
        2 if c.is_multiple_of(2) => 0x8000_0000,
        _ => (c as u32 + 1) << 24 | i as u32 & 0xff_ffff,
    }
}

/// Deinterleaving into 64-byte aligned planes takes its own paths for 6 and
/// 8 channels on AVX-512 (unzips, 16 frames per step): every bit pattern
/// must reach its slot, around the step and with unaligned input.
#[test]
fn deinterleaving_into_aligned_planes_moves_every_bit_pattern_at_every_level() {
    let lens = (0..=50).chain([63, 64, 65, 255, 256, 257, 1000]);
    for level in levels() {
        for ch in [2usize, 4, 6, 8] {
            for len in lens.clone() {
                for off in [0usize, 1, 5] {
                    let inter: Vec<f32> = (0..off + ch * len)
                        .map(|k| match k.checked_sub(off) {
                            Some(k) => f32::from_bits(pattern(k % ch, k / ch)),
                            None => 0.0,
                        })
                        .collect();
                    let mut planes: Vec<cadenza_dsp::AlignedBuf<f32>> = (0..ch)
                        .map(|_| cadenza_dsp::AlignedBuf::filled(len + 1, f32::from_bits(1)))
                        .collect();
                    let mut outs: Vec<&mut [f32]> =
                        planes.iter_mut().map(|p| &mut p[..len]).collect();
                    interleave::deinterleave_at(level, &inter[off..], &mut outs);
                    for (c, p) in planes.iter().enumerate() {
                        for i in 0..len {
                            assert_eq!(
                                p[i].to_bits(),
                                pattern(c, i),
                                "{level} {ch}ch len {len} off {off} frame {i} ch {c}"
                            );
                        }
                        assert_eq!(p[len].to_bits(), 1, "{level} {ch}ch overrun");
                    }
                }
            }
        }
    }
}

#[test]
fn mixing_matches_reference_at_every_level() {
    let mut rng = Rng(7);
    for level in levels() {
        for (len, off, edge) in cases() {
            for n_src in [0usize, 1, 2, 3, 5] {
                let srcs: Vec<Vec<f32>> = (0..n_src)
                    .map(|_| f32_inputs(&mut rng, len, off, edge))
                    .collect();
                let gains: Vec<f32> = (0..n_src).map(|_| rng.unit() * 2.0).collect();
                let refs: Vec<&[f32]> = srcs.iter().map(|s| &s[off..]).collect();
                let mut out = vec![9f32; len + off];
                mix::mix_f32_at(level, &refs, &gains, &mut out[off..]);
                for i in 0..len {
                    let mut acc = 0.0f32;
                    for k in 0..n_src {
                        acc += refs[k][i] * gains[k];
                    }
                    let want = if acc.is_nan() {
                        0.0
                    } else {
                        acc.clamp(-1.0, 1.0)
                    };
                    assert!(
                        same_f32(out[off + i], want),
                        "{level} mix_f32 {n_src} [{i}]"
                    );
                }

                let s16: Vec<Vec<i16>> = (0..n_src)
                    .map(|_| {
                        (0..len + off)
                            .map(|i| {
                                if edge && i.is_multiple_of(5) {
                                    i16::MAX
                                } else {
                                    rng.next() as i16
                                }
                            })
                            .collect()
                    })
                    .collect();
                let refs16: Vec<&[i16]> = s16.iter().map(|s| &s[off..]).collect();
                let mut out16 = vec![0i16; len + off];
                mix::mix_i16_at(level, &refs16, &gains, &mut out16[off..]);
                for i in 0..len {
                    let mut acc = 0.0f32;
                    for k in 0..n_src {
                        acc += f32::from(refs16[k][i]) * gains[k];
                    }
                    let want = round_clamp(acc, 1.0, -32768.0, 32767.0) as i16;
                    assert_eq!(out16[off + i], want, "{level} mix_i16 {n_src} [{i}] {acc}");
                }
            }
        }
    }
}

#[test]
fn gain_ramps_match_reference_at_every_level() {
    let mut rng = Rng(99);
    for level in levels() {
        for (len, off, edge) in cases() {
            let buf = f32_inputs(&mut rng, len, off, edge);
            let (start, end) = (rng.unit(), rng.unit() * 3.0);
            let mut got = buf.clone();
            gain::gain_ramp_at(level, &mut got[off..], start, end);
            let step = ((f64::from(end) - f64::from(start)) / len as f64) as f32;
            for i in 0..len {
                let want = buf[off + i] * (start + step * i as f32);
                assert!(same_f32(got[off + i], want), "{level} ramp len {len} [{i}]");
            }
        }
    }
}

#[test]
fn meters_match_reference_at_every_level() {
    let mut rng = Rng(5);
    for level in levels() {
        for (len, off, edge) in cases() {
            let buf = f32_inputs(&mut rng, len, off, edge);
            let x = &buf[off..];
            let want_peak = x
                .iter()
                .filter(|v| !v.is_nan())
                .fold(0f32, |m, v| m.max(v.abs()));
            // Squares are formed in f32 (documented): |x| > 1.8e19 squares to inf.
            let ss: f64 = x.iter().map(|&v| f64::from(v * v)).sum();
            let want_rms = if len == 0 {
                0.0
            } else {
                (ss / len as f64).sqrt()
            };
            let pr = meter::peak_rms_at(level, x);
            let rms = meter::rms_at(level, x);
            assert_eq!(
                meter::peak_at(level, x),
                want_peak,
                "{level} peak len {len}"
            );
            assert_eq!(pr.peak, want_peak, "{level} peak_rms.peak len {len}");
            for got in [pr.rms, rms] {
                let ok = if want_rms.is_nan() {
                    got.is_nan()
                } else if want_rms.is_infinite() || want_rms > f64::from(f32::MAX) {
                    got.is_infinite()
                } else {
                    (f64::from(got) - want_rms).abs() <= 1e-5 * want_rms + 1e-30
                };
                assert!(ok, "{level} rms len {len}: {got} vs {want_rms}");
            }
        }
    }
}

#[test]
fn long_buffer_rms_keeps_precision() {
    // 4M samples of a constant: f32 running sums would lose digits.
    let x = vec![0.3f32; 4 << 20];
    for level in levels() {
        let r = meter::rms_at(level, &x);
        assert!((r - 0.3).abs() < 1e-6, "{level}: {r}");
    }
}

/// The AVX-512DQ peak lets a NaN sample poison its accumulator and then
/// re-measures that block: the peak after a NaN (in the same 4096-sample
/// block and in the next) must still be found, and NaN-free blocks kept.
#[test]
fn peak_after_a_nan_in_a_long_block_is_still_found() {
    for level in levels() {
        for (nan_at, peak_at) in [(5usize, 3000usize), (5, 70), (4100, 8000), (100, 4500)] {
            let mut x: Vec<f32> = (0..9000).map(|i| ((i as f32) * 0.01).sin() * 0.5).collect();
            x[nan_at] = f32::NAN;
            x[peak_at] = -0.75;
            let pr = meter::peak_rms_at(level, &x);
            assert_eq!(meter::peak_at(level, &x), 0.75, "{level} NaN at {nan_at}");
            assert_eq!(pr.peak, 0.75, "{level} NaN at {nan_at}");
            assert!(pr.rms.is_nan(), "{level}: a NaN sample makes the RMS NaN");
        }
    }
}
