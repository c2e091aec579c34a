//! Kernel throughput, counted as bytes read + bytes written, at three sizes
//! (working set in L1, in L2, far beyond the last-level cache), for:
//! - `simd`: the dispatched kernel (best level, or `CADENZA_SIMD`), aligned;
//! - `simd_unaligned`: the same with every buffer starting one element past
//!   a 64-byte boundary;
//! - `scalar_loop`: the portable loop (`Level::Scalar`) as a default release
//!   build compiles it;
//!
//! and, in the same group, `memcpy` / `memcpy_unaligned` (`copy_from_slice`
//! moving the same number of bytes read + written) as the bandwidth
//! yardstick. (Throughput uses the memcpy byte count, which equals the
//! kernel's up to rounding to whole samples.)
//!
//! Run: `cargo bench -p cadenza-dsp --bench kernels -- --warm-up-time 1 --measurement-time 2`
//! then `scripts/bench-table.py --throughput` (repository root; honours
//! `CARGO_TARGET_DIR`) prints the ratio table and counts the cells at or
//! above 90 % of memcpy.
//!
//! On a loaded machine criterion's medians of memcpy alone vary several-fold
//! between groups of one run. With `CADENZA_KERNELS_MIN=1` the bench instead
//! prints the same table from the *fastest* of many timed batches per cell
//! (the run least disturbed by other processes; 2000 batches of 20 calls in
//! L1, 400 of 2 in L2, 15 single calls beyond the LLC), with memcpy timed the
//! same way right next to the kernel:
//! `CADENZA_KERNELS_MIN=1 cargo bench -p cadenza-dsp --bench kernels [-- FILTER]`.

use cadenza_dsp::{AlignedBuf, Level, active_level, convert, gain, interleave, meter, mix};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const SIZES: [(&str, usize); 3] = [
    ("l1_16KiB", 16 << 10),
    ("l2_512KiB", 512 << 10),
    ("dram_256MiB", 256 << 20),
];

/// A kernel run: `(level, offset)` processes `n` samples starting `offset`
/// elements into every buffer.
type Run = Box<dyn FnMut(Level, usize)>;

fn buf<T: Copy + Default>(n: usize) -> AlignedBuf<T> {
    AlignedBuf::new(n + 64)
}

fn fill_f32(n: usize) -> AlignedBuf<f32> {
    let mut b = buf::<f32>(n);
    for (i, x) in b.iter_mut().enumerate() {
        *x = ((i as f32) * 0.001).sin() * 0.9;
    }
    b
}

/// `CADENZA_KERNELS_MIN` is set: print min-of-batches rows instead of
/// running criterion.
fn min_mode() -> bool {
    std::env::var_os("CADENZA_KERNELS_MIN").is_some()
}

/// Seconds per call of the fastest of `batches` batches of `calls` calls.
fn fastest(mut f: impl FnMut(), calls: usize, batches: usize) -> f64 {
    (0..batches)
        .map(|_| {
            let t = std::time::Instant::now();
            for _ in 0..calls {
                f();
            }
            t.elapsed().as_secs_f64() / calls as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// The min-of-batches table rows of one kernel (see the module doc).
fn min_rows(kernel: &str, bytes_per_sample: usize, setup: impl Fn(usize) -> Run) {
    static HEADER: std::sync::Once = std::sync::Once::new();
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filter.is_empty() && !filter.iter().any(|f| kernel.contains(f.as_str())) {
        return;
    }
    HEADER.call_once(|| {
        println!(
            "| kernel | size | SIMD GB/s | memcpy GB/s | SIMD/memcpy | unaligned/memcpy-unaligned \
             | scalar loop GB/s | SIMD/scalar loop |"
        );
        println!("|---|---|---:|---:|---:|---:|---:|---:|");
    });
    let simd = active_level();
    for (size_name, bytes) in SIZES {
        let n = bytes / bytes_per_sample;
        let mut run = setup(n);
        let half = n * bytes_per_sample / 2;
        let src = buf::<u8>(half);
        let mut dst = buf::<u8>(half);
        let (calls, batches) = match bytes {
            b if b <= 64 << 10 => (20, 2000),
            b if b <= 4 << 20 => (2, 400),
            _ => (1, 15),
        };
        let gb = |secs: f64| (2 * half) as f64 / secs / 1e9;
        let t_simd = fastest(|| run(simd, 0), calls, batches);
        let t_copy = fastest(
            || {
                dst[..half].copy_from_slice(black_box(&src[..half]));
                black_box(&mut dst);
            },
            calls,
            batches,
        );
        let t_una = fastest(|| run(simd, 1), calls, batches);
        let t_copy_una = fastest(
            || {
                dst[1..half + 1].copy_from_slice(black_box(&src[3..half + 3]));
                black_box(&mut dst);
            },
            calls,
            batches,
        );
        let t_scalar = fastest(
            || run(Level::Scalar, 0),
            calls.div_ceil(4),
            batches.div_ceil(4),
        );
        println!(
            "| {kernel} | {size_name} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.2}x |",
            gb(t_simd),
            gb(t_copy),
            t_copy / t_simd,
            t_copy_una / t_una,
            gb(t_scalar),
            t_scalar / t_simd
        );
    }
}

fn group(c: &mut Criterion, kernel: &str, bytes_per_sample: usize, setup: impl Fn(usize) -> Run) {
    if min_mode() {
        return min_rows(kernel, bytes_per_sample, setup);
    }
    let simd = active_level();
    for (size_name, bytes) in SIZES {
        let n = bytes / bytes_per_sample;
        let mut run = setup(n);
        // memcpy of half the bytes: the same bytes read + written, measured
        // in the same group so machine load affects both alike.
        let half = n * bytes_per_sample / 2;
        let src = buf::<u8>(half);
        let mut dst = buf::<u8>(half);
        let mut g = c.benchmark_group(format!("{kernel}/{size_name}"));
        g.throughput(Throughput::Bytes((2 * half) as u64));
        if bytes > 32 << 20 {
            g.sample_size(10);
        }
        g.bench_function("simd", |b| b.iter(|| run(simd, 0)));
        g.bench_function("memcpy", |b| {
            b.iter(|| dst[..half].copy_from_slice(black_box(&src[..half])))
        });
        g.bench_function("simd_unaligned", |b| b.iter(|| run(simd, 1)));
        g.bench_function("memcpy_unaligned", |b| {
            b.iter(|| dst[1..half + 1].copy_from_slice(black_box(&src[3..half + 3])))
        });
        g.bench_function("scalar_loop", |b| b.iter(|| run(Level::Scalar, 0)));
        g.finish();
    }
}

macro_rules! conversion {
    ($c:expr, $name:literal, $f:path, $src:ty, $dst:ty, $sp:expr, $dp:expr, $fill:expr) => {
        group(
            $c,
            $name,
            $sp * size_of::<$src>() + $dp * size_of::<$dst>(),
            |n| {
                let mut src = buf::<$src>($sp * n);
                let fill: fn(&mut [$src]) = $fill;
                fill(&mut src);
                let mut dst = buf::<$dst>($dp * n);
                Box::new(move |level, off| {
                    $f(
                        level,
                        black_box(&src[off..off + $sp * n]),
                        &mut dst[off..off + $dp * n],
                    );
                    black_box(&mut dst);
                })
            },
        );
    };
}

fn f32_fill(x: &mut [f32]) {
    for (i, v) in x.iter_mut().enumerate() {
        *v = ((i as f32) * 0.001).sin() * 1.05;
    }
}

fn conversions(c: &mut Criterion) {
    conversion!(
        c,
        "f32_to_i16",
        convert::f32_to_i16_at,
        f32,
        i16,
        1,
        1,
        f32_fill
    );
    conversion!(
        c,
        "i16_to_f32",
        convert::i16_to_f32_at,
        i16,
        f32,
        1,
        1,
        |x| {
            x.iter_mut()
                .enumerate()
                .for_each(|(i, v)| *v = (i * 7919) as i16)
        }
    );
    conversion!(
        c,
        "f32_to_i24",
        convert::f32_to_i24_at,
        f32,
        u8,
        1,
        3,
        f32_fill
    );
    conversion!(
        c,
        "i24_to_f32",
        convert::i24_to_f32_at,
        u8,
        f32,
        3,
        1,
        |x| {
            x.iter_mut()
                .enumerate()
                .for_each(|(i, v)| *v = (i * 31) as u8)
        }
    );
    conversion!(
        c,
        "f32_to_i32",
        convert::f32_to_i32_at,
        f32,
        i32,
        1,
        1,
        f32_fill
    );
    conversion!(
        c,
        "i32_to_f32",
        convert::i32_to_f32_at,
        i32,
        f32,
        1,
        1,
        |x| {
            x.iter_mut()
                .enumerate()
                .for_each(|(i, v)| *v = (i as i32).wrapping_mul(-1_640_531_535))
        }
    );
    conversion!(
        c,
        "f32_to_u8",
        convert::f32_to_u8_at,
        f32,
        u8,
        1,
        1,
        f32_fill
    );
    conversion!(c, "u8_to_f32", convert::u8_to_f32_at, u8, f32, 1, 1, |x| {
        x.iter_mut()
            .enumerate()
            .for_each(|(i, v)| *v = (i * 13) as u8)
    });
    conversion!(
        c,
        "f32_to_f64",
        convert::f32_to_f64_at,
        f32,
        f64,
        1,
        1,
        f32_fill
    );
    conversion!(
        c,
        "f64_to_f32",
        convert::f64_to_f32_at,
        f64,
        f32,
        1,
        1,
        |x| {
            x.iter_mut()
                .enumerate()
                .for_each(|(i, v)| *v = ((i as f64) * 0.001).sin())
        }
    );
}

fn interleaving(c: &mut Criterion) {
    group(c, "interleave2", 16, |n| {
        let (l, r) = (fill_f32(n), fill_f32(n));
        let mut out = buf::<f32>(2 * n);
        Box::new(move |level, off| {
            interleave::interleave2_at(
                level,
                &l[off..off + n],
                &r[off..off + n],
                &mut out[off..off + 2 * n],
            );
            black_box(&mut out);
        })
    });
    group(c, "deinterleave2", 16, |n| {
        let input = fill_f32(2 * n);
        let (mut l, mut r) = (buf::<f32>(n), buf::<f32>(n));
        Box::new(move |level, off| {
            interleave::deinterleave2_at(
                level,
                &input[off..off + 2 * n],
                &mut l[off..off + n],
                &mut r[off..off + n],
            );
            black_box((&mut l, &mut r));
        })
    });
    // 4 (quad), 6 (5.1) and 8 (7.1) channels: the hand-written N-channel paths.
    for ch in [4usize, 6, 8] {
        group(c, &format!("interleave{ch}"), 8 * ch, move |n| {
            let planes: Vec<AlignedBuf<f32>> = (0..ch).map(|_| fill_f32(n)).collect();
            let mut out = buf::<f32>(ch * n);
            Box::new(move |level, off| {
                let refs: [&[f32]; 8] =
                    std::array::from_fn(|k| &planes[k.min(ch - 1)][off..off + n]);
                interleave::interleave_at(level, &refs[..ch], &mut out[off..off + ch * n]);
                black_box(&mut out);
            })
        });
        group(c, &format!("deinterleave{ch}"), 8 * ch, move |n| {
            let input = fill_f32(ch * n);
            let mut planes: Vec<AlignedBuf<f32>> = (0..ch).map(|_| buf::<f32>(n)).collect();
            Box::new(move |level, off| {
                let mut it = planes.iter_mut();
                let mut outs: [&mut [f32]; 8] = std::array::from_fn(|_| match it.next() {
                    Some(p) => &mut p[off..off + n],
                    None => &mut [][..],
                });
                interleave::deinterleave_at(level, &input[off..off + ch * n], &mut outs[..ch]);
                black_box(&mut planes);
            })
        });
    }
}

fn mixing(c: &mut Criterion) {
    const SOURCES: usize = 4;
    let gains = [0.5f32, -0.25, 0.7, 0.3];
    group(c, "mix4_f32", 4 * (SOURCES + 1), move |n| {
        let srcs: Vec<AlignedBuf<f32>> = (0..SOURCES).map(|_| fill_f32(n)).collect();
        let mut dst = buf::<f32>(n);
        Box::new(move |level, off| {
            let refs: [&[f32]; SOURCES] = std::array::from_fn(|k| &srcs[k][off..off + n]);
            mix::mix_f32_at(level, &refs, &gains, &mut dst[off..off + n]);
            black_box(&mut dst);
        })
    });
    group(c, "mix4_i16", 2 * (SOURCES + 1), move |n| {
        let srcs: Vec<AlignedBuf<i16>> = (0..SOURCES)
            .map(|k| {
                let mut b = buf::<i16>(n);
                b.iter_mut()
                    .enumerate()
                    .for_each(|(i, v)| *v = (i * (k + 3) * 977) as i16);
                b
            })
            .collect();
        let mut dst = buf::<i16>(n);
        Box::new(move |level, off| {
            let refs: [&[i16]; SOURCES] = std::array::from_fn(|k| &srcs[k][off..off + n]);
            mix::mix_i16_at(level, &refs, &gains, &mut dst[off..off + n]);
            black_box(&mut dst);
        })
    });
    group(c, "gain_ramp", 8, |n| {
        let mut x = fill_f32(n);
        Box::new(move |level, off| {
            // A flat "ramp" runs the same instructions as any other and keeps
            // the data unchanged across iterations (no drift to inf/denormal).
            gain::gain_ramp_at(level, black_box(&mut x[off..off + n]), 1.0, 1.0);
        })
    });
}

fn meters(c: &mut Criterion) {
    group(c, "peak", 4, |n| {
        let x = fill_f32(n);
        Box::new(move |level, off| {
            black_box(meter::peak_at(level, black_box(&x[off..off + n])));
        })
    });
    group(c, "rms", 4, |n| {
        let x = fill_f32(n);
        Box::new(move |level, off| {
            black_box(meter::rms_at(level, black_box(&x[off..off + n])));
        })
    });
    group(c, "peak_rms", 4, |n| {
        let x = fill_f32(n);
        Box::new(move |level, off| {
            black_box(meter::peak_rms_at(level, black_box(&x[off..off + n])));
        })
    });
}

criterion_group!(benches, conversions, interleaving, mixing, meters);
criterion_main!(benches);
