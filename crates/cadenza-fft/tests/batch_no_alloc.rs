//! The batched process calls never allocate: a counting global allocator
//! watches every batched entry point after planning, at every SIMD level.

use cadenza_fft::{Complex, Direction, Planner};

mod common;
use common::allocations_during;

#[test]
fn batch_process_calls_do_not_allocate() {
    for level in cadenza_simd::supported() {
        let planner = Planner::with_level(level);
        for n in [2usize, 64, 1024, 12, 6] {
            let fwd = planner.plan_batch_fft::<f32>(n, Direction::Forward);
            let inv = planner.plan_batch_fft::<f64>(n, Direction::Inverse);
            let r2c = planner.plan_batch_r2c::<f32>(n);
            let frames = 2 * fwd.lanes() + 3;
            let mut a = vec![Complex::new(1.0f32, 0.5); n * frames];
            let mut lanes_a = vec![0.5f32; 2 * fwd.block_len()];
            let mut sa = vec![Complex::default(); fwd.scratch_len()];
            let mut b = vec![Complex::new(1.0f64, 0.5); n * frames];
            let mut lanes_b = vec![0.5f64; inv.block_len()];
            let mut sb = vec![Complex::default(); inv.scratch_len()];
            let real = vec![0.25f32; n * frames];
            let mut spec = vec![Complex::default(); r2c.complex_len() * frames];
            let lanes_real = vec![0.25f32; 2 * r2c.input_block_len()];
            let mut lanes_spec = vec![0.0f32; 2 * r2c.output_block_len()];
            let mut sr = vec![Complex::default(); r2c.scratch_len()];
            let c2r = planner.plan_batch_c2r::<f64>(n);
            let bins = vec![Complex::new(0.5f64, 0.25); c2r.complex_len() * frames];
            let mut samples = vec![0.0f64; n * frames];
            let lanes_bins = vec![0.5f64; 2 * c2r.input_block_len()];
            let mut lanes_samples = vec![0.0f64; 2 * c2r.output_block_len()];
            let mut sc = vec![Complex::default(); c2r.scratch_len()];
            let count = allocations_during(|| {
                fwd.process(&mut a, &mut sa);
                fwd.process_lanes(&mut lanes_a, &mut sa);
                inv.process(&mut b, &mut sb);
                inv.process_lanes(&mut lanes_b, &mut sb);
                r2c.process(&real, &mut spec, &mut sr);
                r2c.process_lanes(&lanes_real, &mut lanes_spec, &mut sr);
                c2r.process(&bins, &mut samples, &mut sc);
                c2r.process_lanes(&lanes_bins, &mut lanes_samples, &mut sc);
            });
            assert_eq!(
                count, 0,
                "{level} n={n}: {count} allocations in batched process calls"
            );
        }
    }
}
