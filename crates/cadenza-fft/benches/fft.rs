//! Criterion benches: cadenza against rustfft, realfft and (with the `fftw`
//! feature) the system FFTW, side by side in one group per transform and size.
//!
//! Groups: `complex_f32/N`, `complex_f64/N`, `real_f32/N`, `real_f64/N`, each
//! with `cadenza`, `rustfft` or `realfft`, and `fftw`. Run e.g.
//! `cargo bench -p cadenza-fft --features fftw --bench fft -- complex_f32/1024
//! --warm-up-time 1 --measurement-time 2`.

use std::hint::black_box;

use cadenza_fft::{Complex, Direction, Planner};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use realfft::RealFftPlanner;
use rustfft::FftPlanner;

#[cfg(feature = "fftw")]
mod fftw;

fn sizes() -> Vec<usize> {
    let mut v: Vec<usize> = (6..=16).map(|l| 1 << l).collect();
    v.push(1 << 20);
    v
}

fn signal<T: cadenza_fft::FftFloat>(n: usize) -> Vec<T> {
    (0..n)
        .map(|k| T::from_f64(((k * 7919) % 1000) as f64 / 1000.0 - 0.5).unwrap())
        .collect()
}

fn complex_signal<T: cadenza_fft::FftFloat>(n: usize) -> Vec<Complex<T>> {
    let re = signal::<T>(2 * n);
    re.chunks(2).map(|c| Complex::new(c[0], c[1])).collect()
}

fn bench_complex<T: cadenza_fft::FftFloat>(c: &mut Criterion, name: &str) {
    let planner = Planner::new();
    for n in sizes() {
        let mut group = c.benchmark_group(format!("{name}/{n}"));
        group.throughput(Throughput::Elements(n as u64));
        let x = complex_signal::<T>(n);

        let plan = planner.plan_fft::<T>(n, Direction::Forward);
        let mut buf = x.clone();
        let mut scratch = vec![Complex::<T>::default(); plan.scratch_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza"), |b| {
            b.iter(|| plan.process(black_box(&mut buf), &mut scratch))
        });

        let fft = FftPlanner::<T>::new().plan_fft_forward(n);
        let mut buf = x.clone();
        let mut scratch = vec![Complex::<T>::default(); fft.get_inplace_scratch_len()];
        group.bench_function(BenchmarkId::from_parameter("rustfft"), |b| {
            b.iter(|| fft.process_with_scratch(black_box(&mut buf), &mut scratch))
        });

        #[cfg(feature = "fftw")]
        {
            let double = std::mem::size_of::<T>() == 8;
            let p = fftw::Plan::new(n, false, double);
            group.bench_function(BenchmarkId::from_parameter("fftw"), |b| {
                b.iter(|| p.execute())
            });
        }
        group.finish();
    }
}

fn bench_real<T: cadenza_fft::FftFloat>(c: &mut Criterion, name: &str) {
    let planner = Planner::new();
    for n in sizes() {
        let mut group = c.benchmark_group(format!("{name}/{n}"));
        group.throughput(Throughput::Elements(n as u64));
        let x = signal::<T>(n);

        let plan = planner.plan_r2c::<T>(n);
        let mut out = vec![Complex::<T>::default(); n / 2 + 1];
        let mut scratch = vec![Complex::<T>::default(); plan.scratch_len()];
        group.bench_function(BenchmarkId::from_parameter("cadenza"), |b| {
            b.iter(|| plan.process_preserving(black_box(&x), &mut out, &mut scratch))
        });

        let r2c = RealFftPlanner::<T>::new().plan_fft_forward(n);
        let mut input = x.clone();
        let mut out = r2c.make_output_vec();
        let mut scratch = r2c.make_scratch_vec();
        group.bench_function(BenchmarkId::from_parameter("realfft"), |b| {
            b.iter(|| {
                r2c.process_with_scratch(black_box(&mut input), &mut out, &mut scratch)
                    .expect("realfft lengths")
            })
        });

        #[cfg(feature = "fftw")]
        {
            let double = std::mem::size_of::<T>() == 8;
            let p = fftw::Plan::new(n, true, double);
            group.bench_function(BenchmarkId::from_parameter("fftw"), |b| {
                b.iter(|| p.execute())
            });
        }
        group.finish();
    }
}

fn complex_f32(c: &mut Criterion) {
    bench_complex::<f32>(c, "complex_f32");
}
fn complex_f64(c: &mut Criterion) {
    bench_complex::<f64>(c, "complex_f64");
}
fn real_f32(c: &mut Criterion) {
    bench_real::<f32>(c, "real_f32");
}
fn real_f64(c: &mut Criterion) {
    bench_real::<f64>(c, "real_f64");
}

criterion_group!(benches, complex_f32, complex_f64, real_f32, real_f64);
criterion_main!(benches);
