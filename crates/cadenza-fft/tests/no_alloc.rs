//! The process calls never allocate: a counting global allocator watches every
//! transform kind after planning.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use cadenza_fft::{Complex, Direction, Planner};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCS.load(Ordering::SeqCst);
    f();
    ALLOCS.load(Ordering::SeqCst) - before
}

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
