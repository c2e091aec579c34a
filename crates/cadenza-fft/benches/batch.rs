//! Criterion bench: 64 transforms of one length in one call — cadenza's
//! batched plans (lanes layout and frame-major) against cadenza's per-frame
//! `process_batch`, rustfft (`process_with_scratch` on the whole 64-frame
//! buffer) and realfft (looping over frames), complex and real `f32`.
//!
//! Groups `batch_complex_f32/N` (`cadenza_lanes`, `cadenza_batched`,
//! `cadenza_per_frame`, `rustfft`), `batch_real_f32/N` (same, `realfft`) and
//! `batch_c2r_f32/N` (the inverse real transform, same entries).
//! Throughput is in frames. Run:
//! `cargo bench -p cadenza-fft --bench batch`
//! (each group warms up 1 s and measures 2 s; `CADENZA_BATCH_SIZES=128,512`
//! picks other lengths).

use std::hint::black_box;
use std::time::Duration;

use cadenza_fft::{Complex, Direction, Planner};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use realfft::RealFftPlanner;
use rustfft::FftPlanner;

const FRAMES: usize = 64;

/// 64, 256, 1024, 4096 (plus 2048 for the real transform: the STFT's size),
/// or the sizes listed in `CADENZA_BATCH_SIZES` (comma-separated) for
/// finding crossovers.
fn sizes(real: bool) -> Vec<usize> {
    if let Ok(list) = std::env::var("CADENZA_BATCH_SIZES") {
        return list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
    }
    if real {
        vec![64, 256, 1024, 2048, 4096]
    } else {
        vec![64, 256, 1024, 4096]
    }
}

fn signal(len: usize) -> Vec<f32> {
    (0..len)
        .map(|k| ((k * 7919) % 1000) as f32 / 1000.0 - 0.5)
        .collect()
}

fn bench_complex(c: &mut Criterion) {
    let planner = Planner::new();
    for n in sizes(false) {
        let mut group = c.benchmark_group(format!("batch_complex_f32/{n}"));
        group.throughput(Throughput::Elements(FRAMES as u64));
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(2));
        let x: Vec<Complex<f32>> = signal(2 * n * FRAMES)
            .chunks_exact(2)
            .map(|p| Complex::new(p[0], p[1]))
            .collect();

        let batch = planner.plan_batch_fft::<f32>(n, Direction::Forward);
        let mut scratch = vec![Complex::default(); batch.scratch_len()];
        let blocks = FRAMES.div_ceil(batch.lanes());
        let mut lanes = signal(blocks * batch.block_len());
        group.bench_function(BenchmarkId::from_parameter("cadenza_lanes"), |b| {
            b.iter(|| batch.process_lanes(black_box(&mut lanes), &mut scratch))
        });
        let mut buf = x.clone();
        group.bench_function(BenchmarkId::from_parameter("cadenza_batched"), |b| {
            b.iter(|| batch.process(black_box(&mut buf), &mut scratch))
        });

        let plan = planner.plan_fft::<f32>(n, Direction::Forward);
        let mut scratch = vec![Complex::default(); plan.scratch_len()];
        let mut buf = x.clone();
        group.bench_function(BenchmarkId::from_parameter("cadenza_per_frame"), |b| {
            b.iter(|| plan.process_batch(black_box(&mut buf), &mut scratch))
        });

        let fft = FftPlanner::<f32>::new().plan_fft_forward(n);
        let mut scratch = vec![Complex::default(); fft.get_inplace_scratch_len()];
        let mut buf = x.clone();
        group.bench_function(BenchmarkId::from_parameter("rustfft"), |b| {
            b.iter(|| fft.process_with_scratch(black_box(&mut buf), &mut scratch))
        });
        group.finish();
    }
}

fn bench_real(c: &mut Criterion) {
    let planner = Planner::new();
    for n in sizes(true) {
        let mut group = c.benchmark_group(format!("batch_real_f32/{n}"));
        group.throughput(Throughput::Elements(FRAMES as u64));
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(2));
        let x = signal(n * FRAMES);
        let nb = n / 2 + 1;

        let batch = planner.plan_batch_r2c::<f32>(n);
        let mut scratch = vec![Complex::default(); batch.scratch_len()];
        let blocks = FRAMES.div_ceil(batch.lanes());
        let lanes_in = signal(blocks * batch.input_block_len());
        let mut lanes_out = vec![0.0f32; blocks * batch.output_block_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza_lanes"), |b| {
            b.iter(|| batch.process_lanes(black_box(&lanes_in), &mut lanes_out, &mut scratch))
        });
        let mut out = vec![Complex::default(); nb * FRAMES];
        group.bench_function(BenchmarkId::from_parameter("cadenza_batched"), |b| {
            b.iter(|| batch.process(black_box(&x), &mut out, &mut scratch))
        });

        let plan = planner.plan_r2c::<f32>(n);
        let mut scratch = vec![Complex::default(); plan.scratch_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza_per_frame"), |b| {
            b.iter(|| plan.process_batch_preserving(black_box(&x), &mut out, &mut scratch))
        });

        let r2c = RealFftPlanner::<f32>::new().plan_fft_forward(n);
        let mut input = x.clone();
        let mut scratch = r2c.make_scratch_vec();
        group.bench_function(BenchmarkId::from_parameter("realfft"), |b| {
            b.iter(|| {
                let frames = input.chunks_exact_mut(n).zip(out.chunks_exact_mut(nb));
                for (i, o) in frames {
                    r2c.process_with_scratch(black_box(i), o, &mut scratch)
                        .expect("realfft lengths");
                }
            })
        });
        group.finish();
    }
}

fn bench_inverse_real(c: &mut Criterion) {
    let planner = Planner::new();
    for n in sizes(true) {
        let mut group = c.benchmark_group(format!("batch_c2r_f32/{n}"));
        group.throughput(Throughput::Elements(FRAMES as u64));
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(2));
        let nb = n / 2 + 1;
        // Real spectra (bins 0 and n/2 purely real, as realfft requires).
        let r2c = planner.plan_r2c::<f32>(n);
        let mut bins = vec![Complex::default(); nb * FRAMES];
        let mut s = vec![Complex::default(); r2c.scratch_len()];
        r2c.process_batch_preserving(&signal(n * FRAMES), &mut bins, &mut s);
        let mut out = vec![0.0f32; n * FRAMES];

        let batch = planner.plan_batch_c2r::<f32>(n);
        let mut scratch = vec![Complex::default(); batch.scratch_len()];
        let blocks = FRAMES.div_ceil(batch.lanes());
        let lanes_in = signal(blocks * batch.input_block_len());
        let mut lanes_out = vec![0.0f32; blocks * batch.output_block_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza_lanes"), |b| {
            b.iter(|| batch.process_lanes(black_box(&lanes_in), &mut lanes_out, &mut scratch))
        });
        group.bench_function(BenchmarkId::from_parameter("cadenza_batched"), |b| {
            b.iter(|| batch.process(black_box(&bins), &mut out, &mut scratch))
        });

        let plan = planner.plan_c2r::<f32>(n);
        let mut scratch = vec![Complex::default(); plan.scratch_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza_per_frame"), |b| {
            b.iter(|| plan.process_batch_preserving(black_box(&bins), &mut out, &mut scratch))
        });

        let c2r = RealFftPlanner::<f32>::new().plan_fft_inverse(n);
        let mut input = vec![Complex::default(); nb];
        let mut scratch = c2r.make_scratch_vec();
        group.bench_function(BenchmarkId::from_parameter("realfft"), |b| {
            b.iter(|| {
                let frames = bins.chunks_exact(nb).zip(out.chunks_exact_mut(n));
                for (i, o) in frames {
                    // realfft's c2r clobbers its input (and rejects a
                    // non-real bin 0), so each frame is copied in first:
                    // one nb-bin copy, small next to the transform.
                    input.copy_from_slice(i);
                    c2r.process_with_scratch(black_box(&mut input), o, &mut scratch)
                        .expect("realfft lengths and real end bins");
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench_complex, bench_real, bench_inverse_real);
criterion_main!(benches);
