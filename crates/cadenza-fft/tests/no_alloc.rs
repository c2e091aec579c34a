//! The process calls never allocate: a counting global allocator watches every
//! transform kind after planning.

use cadenza_fft::{Complex, Direction, Planner};

mod common;
use common::allocations_during;

#[test]
fn process_calls_do_not_allocate() {
    for level in cadenza_simd::supported() {
        let planner = Planner::with_level(level);
        for n in [2usize, 8, 64, 1024, 4096, 1000, 6] {
            let fwd = planner.plan_fft_f32(n, Direction::Forward);
            let inv = planner.plan_fft_f64(n, Direction::Inverse);
            let r2c = planner.plan_r2c_f32(n);
            let c2r = planner.plan_c2r_f64(n);
            let mut a = vec![Complex::new(1.0f32, 0.5); n * 3];
            let mut out = vec![Complex::new(0.0f32, 0.0); n];
            let mut b = vec![Complex::new(1.0f64, 0.5); n];
            let mut sa = vec![Complex::default(); fwd.scratch_len()];
            let mut sb = vec![Complex::default(); inv.scratch_len()];
            let mut real = vec![0.25f32; n * 2];
            let mut spec = vec![Complex::default(); (n / 2 + 1) * 2];
            let mut sr = vec![Complex::default(); r2c.scratch_len()];
            let mut spec64 = vec![Complex::new(1.0f64, 0.0); n / 2 + 1];
            let mut real64 = vec![0.0f64; n];
            let mut sc = vec![Complex::default(); c2r.scratch_len()];
            let count = allocations_during(|| {
                fwd.process(&mut a[..n], &mut sa);
                fwd.process_out_of_place(&a[n..2 * n], &mut out, &mut sa);
                fwd.process_batch(&mut a, &mut sa);
                inv.process(&mut b, &mut sb);
                r2c.process(&mut real[..n], &mut spec[..n / 2 + 1], &mut sr);
                r2c.process_batch_preserving(&real, &mut spec, &mut sr);
                c2r.process(&mut spec64, &mut real64, &mut sc);
            });
            assert_eq!(
                count, 0,
                "{level} n={n}: {count} allocations in process calls"
            );
        }
    }
}
