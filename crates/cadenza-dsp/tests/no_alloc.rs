//! The real-time-safe parts do not allocate: a counting global allocator
//! (per-thread counter) wraps the system allocator, and everything a
//! real-time callback would call runs between two readings of the counter.

use cadenza_dsp::frames::{Frames, FramesMut};
use cadenza_dsp::pool::BufferPool;
use cadenza_dsp::vad::{Vad, VadConfig};
use cadenza_dsp::{AlignedBuf, convert, gain, interleave, meter, mix};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to `System`; the counter is a const-initialised
// thread-local `Cell` (no allocation, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCS.with(Cell::get)
}

#[test]
fn pool_frame_views_kernels_and_vad_do_not_allocate() {
    // Everything allocated up front.
    let pool = Arc::new(BufferPool::<f32>::new(4, 1024));
    let mut vad = Vad::new(VadConfig::default());
    let n = 1000;
    let src = AlignedBuf::<f32>::filled(2 * n, 0.25);
    let mut f32_out = AlignedBuf::<f32>::new(2 * n);
    let mut l = AlignedBuf::<f32>::new(n);
    let mut r = AlignedBuf::<f32>::new(n);
    let mut i16_buf = AlignedBuf::<i16>::new(n);
    let mut mix_i16_out = AlignedBuf::<i16>::new(n);
    let mut i32_buf = AlignedBuf::<i32>::new(n);
    let mut u8_buf = AlignedBuf::<u8>::new(3 * n);
    let mut f64_buf = AlignedBuf::<f64>::new(n);
    let mut mc_planes: Vec<AlignedBuf<f32>> = (0..8).map(|_| AlignedBuf::new(n)).collect();
    let levels: Vec<_> = cadenza_simd::supported().collect();
    let before = allocations();

    for &level in &levels {
        // Pool: get/put, both guard kinds.
        {
            let mut a = pool.get().expect("free buffer");
            let mut b = pool.get_owned().expect("free buffer");
            a.fill(0.5);
            b.copy_from_slice(&a);
        }
        // Frame views.
        let frames = Frames::new(&src[..], 2);
        let s: f32 = frames
            .chunks(64)
            .map(|c| c.channel(1).iter().sum::<f32>())
            .sum();
        assert!(s > 0.0);
        let mut fm = FramesMut::new(&mut f32_out[..], 2);
        for mut chunk in fm.chunks_mut(32) {
            chunk.channel_mut(0).iter_mut().for_each(|x| *x = 1.0);
        }
        // Kernels.
        let x = &src[..n];
        convert::f32_to_i16_at(level, x, &mut i16_buf);
        convert::i16_to_f32_at(level, &i16_buf, &mut l);
        convert::f32_to_i32_at(level, x, &mut i32_buf);
        convert::i32_to_f32_at(level, &i32_buf, &mut l);
        convert::f32_to_i24_at(level, x, &mut u8_buf);
        convert::i24_to_f32_at(level, &u8_buf, &mut l);
        convert::f32_to_u8_at(level, x, &mut u8_buf[..n]);
        convert::u8_to_f32_at(level, &u8_buf[..n], &mut l);
        convert::f32_to_f64_at(level, x, &mut f64_buf);
        convert::f64_to_f32_at(level, &f64_buf, &mut l);
        interleave::interleave2_at(level, &l, x, &mut f32_out);
        interleave::deinterleave2_at(level, &src, &mut l, &mut r);
        interleave::interleave_at(
            level,
            &[&l[..n / 2], &r[..n / 2], &x[..n / 2]],
            &mut f32_out[..3 * n / 2],
        );
        {
            let (a, b) = (&mut l[..], &mut r[..]);
            let mut outs: [&mut [f32]; 2] = [&mut a[..n / 2], &mut b[..n / 2]];
            interleave::deinterleave_at(level, &src[..n], &mut outs);
        }
        // The multichannel paths (per-N loops, hand-written 6 and 8).
        for ch in [3usize, 4, 5, 6, 8] {
            let frames = 2 * n / ch;
            let planes: [&[f32]; 8] = [&x[..frames]; 8];
            interleave::interleave_at(level, &planes[..ch], &mut f32_out[..ch * frames]);
            let mut outs: [&mut [f32]; 8] = Default::default();
            for (o, p) in outs.iter_mut().zip(mc_planes.iter_mut()).take(ch) {
                *o = &mut p[..frames];
            }
            interleave::deinterleave_at(level, &src[..ch * frames], &mut outs[..ch]);
        }
        mix::mix_f32_at(level, &[x, &l, &r], &[0.5, 0.25, 0.25], &mut f32_out[..n]);
        mix::mix_i16_at(level, &[&i16_buf, &i16_buf], &[0.5, 0.5], &mut mix_i16_out);
        gain::gain_ramp_at(level, &mut l, 0.0, 1.0);
        let _ = meter::peak_rms_at(level, x);
        let _ = meter::peak_at(level, x);
        let _ = meter::rms_at(level, x);
    }
    // VAD frames.
    for k in 0..50 {
        let frame = &src[..320];
        let _ = vad.process(if k % 2 == 0 { frame } else { &l[..320] });
    }

    assert_eq!(allocations() - before, 0, "real-time path allocated");
}

#[test]
fn the_counter_sees_allocations() {
    let before = allocations();
    let v: Vec<u8> = std::hint::black_box(Vec::with_capacity(10));
    assert!(allocations() > before);
    drop(v);
    // Building a pool allocates (up front, outside the real-time path).
    let before = allocations();
    let _pool = BufferPool::<f32>::new(2, 16);
    assert!(allocations() > before);
}
