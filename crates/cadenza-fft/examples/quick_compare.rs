//! Quick, load-tolerant comparison used while tuning kernels: the minimum over
//! many short timed batches (the least-disturbed run) of cadenza, rustfft and
//! realfft per size. Criterion (`benches/fft.rs`) gives the reported numbers.
//!
//! `cargo run --release -p cadenza-fft --example quick_compare [complex|real] [f32|f64] [log2 n...]`
//! (default: every size from 2 to 2^20).

use std::time::Instant;

use cadenza_fft::{Complex, Direction, FftFloat, Planner};

fn min_ns(mut f: impl FnMut(), n: usize) -> f64 {
    let reps = (200_000 / n).clamp(4, 2000);
    let mut best = f64::MAX;
    for _ in 0..40 {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        best = best.min(t.elapsed().as_nanos() as f64 / reps as f64);
    }
    best
}

fn run<T: FftFloat>(real: bool, logs: &[u32]) {
    let planner = Planner::new();
    for &log in logs {
        let n = 1usize << log;
        let x: Vec<Complex<T>> = (0..n)
            .map(|k| Complex::new(T::from_f64((k % 7) as f64 * 0.1).unwrap(), T::zero()))
            .collect();
        let (ours, peer) = if real {
            let plan = planner.plan_r2c::<T>(n);
            let xr: Vec<T> = x.iter().map(|c| c.re).collect();
            let mut out = vec![Complex::default(); n / 2 + 1];
            let mut s = vec![Complex::default(); plan.scratch_len()];
            let ours = min_ns(
                || plan.process_preserving(std::hint::black_box(&xr), &mut out, &mut s),
                n,
            );
            let r = realfft::RealFftPlanner::<T>::new().plan_fft_forward(n);
            let mut xi = xr.clone();
            let mut o = r.make_output_vec();
            let mut s = r.make_scratch_vec();
            let peer = min_ns(
                || r.process_with_scratch(&mut xi, &mut o, &mut s).unwrap(),
                n,
            );
            (ours, peer)
        } else {
            let plan = planner.plan_fft::<T>(n, Direction::Forward);
            // QUICK_OFFSET=k shifts both buffers by k elements to test alignment.
            let off: usize = std::env::var("QUICK_OFFSET")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let mut bb = vec![Complex::default(); n + off];
            bb[off..].copy_from_slice(&x);
            let mut ss = vec![Complex::default(); plan.scratch_len() + off];
            // QUICK_ALIAS=1 puts the scratch a multiple of 4096 bytes after the buffer.
            let alias = std::env::var("QUICK_ALIAS").is_ok();
            let stride = n.div_ceil(4096 / std::mem::size_of::<Complex<T>>())
                * (4096 / std::mem::size_of::<Complex<T>>());
            let mut big = vec![Complex::default(); if alias { stride + n + 4096 } else { 0 }];
            let (b, s) = if alias {
                let base = big.as_ptr() as usize % 4096 / std::mem::size_of::<Complex<T>>();
                let start = (4096 / std::mem::size_of::<Complex<T>>() - base)
                    % (4096 / std::mem::size_of::<Complex<T>>());
                let (head, tail) = big[start..].split_at_mut(stride);
                head[..n].copy_from_slice(&x);
                (&mut head[..n], &mut tail[..n])
            } else {
                (&mut bb[off..], &mut ss[off..])
            };
            println!(
                "  buf addr mod 64 = {}, scratch mod 64 = {}",
                b.as_ptr() as usize % 64,
                s.as_ptr() as usize % 64
            );
            let ours = min_ns(|| plan.process(std::hint::black_box(&mut *b), &mut *s), n);
            let f = rustfft::FftPlanner::<T>::new().plan_fft_forward(n);
            let mut b = x.clone();
            let mut s = vec![Complex::default(); f.get_inplace_scratch_len()];
            let peer = min_ns(|| f.process_with_scratch(&mut b, &mut s), n);
            (ours, peer)
        };
        println!(
            "{n:>8} cadenza {ours:>10.1} ns  peer {peer:>10.1} ns  peer/cadenza {:.2}",
            peer / ours
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let real = args.get(1).is_some_and(|a| a == "real");
    let mut logs: Vec<u32> = args.iter().skip(3).filter_map(|a| a.parse().ok()).collect();
    if logs.is_empty() {
        logs = (1..=20).collect();
    }
    if args.get(2).is_some_and(|a| a == "f64") {
        run::<f64>(real, &logs)
    } else {
        run::<f32>(real, &logs)
    }
}
