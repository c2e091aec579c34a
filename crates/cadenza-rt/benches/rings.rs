//! Ring throughput between two threads: rtrb vs crossbeam `ArrayQueue` vs std `sync_channel`,
//! for the per-period metadata path (one `FrameMeta` per item) and the sample path (f32 samples
//! moved in 128-sample chunks, reported per sample).
//!
//! Each measurement spawns a consumer thread that takes `iters * BATCH` items while the
//! benchmark thread produces them (spinning when the queue is full), so the figure includes
//! the cross-core cache traffic a real callback/worker pair pays.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use cadenza_rt::FrameMeta;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crossbeam_queue::ArrayQueue;

const META_BATCH: u64 = 4096;
const CHUNK: usize = 128;
const SAMPLE_BATCH_CHUNKS: u64 = 256;
const CAPACITY_CHUNKS: usize = 64;

fn meta(i: u64) -> FrameMeta {
    FrameMeta {
        period: i,
        frame_pos: i * 128,
        frames: 128,
        peak: 0.5,
        rms: 0.25,
        ..FrameMeta::default()
    }
}

fn bench_meta(c: &mut Criterion) {
    let mut g = c.benchmark_group("meta_per_item");
    g.throughput(Throughput::Elements(META_BATCH));
    g.bench_function("rtrb", |b| {
        b.iter_custom(|iters| {
            let n = iters * META_BATCH;
            let (mut p, mut c) = rtrb::RingBuffer::<FrameMeta>::new(1024);
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                let mut got = 0;
                while got < n {
                    if let Ok(m) = c.pop() {
                        black_box(m);
                        got += 1;
                    } else {
                        std::hint::spin_loop();
                    }
                }
            });
            for i in 0..n {
                let mut m = meta(i);
                while let Err(rtrb::PushError::Full(back)) = p.push(m) {
                    m = back;
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.bench_function("crossbeam_array_queue", |b| {
        b.iter_custom(|iters| {
            let n = iters * META_BATCH;
            let q = Arc::new(ArrayQueue::<FrameMeta>::new(1024));
            let qc = Arc::clone(&q);
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                let mut got = 0;
                while got < n {
                    if let Some(m) = qc.pop() {
                        black_box(m);
                        got += 1;
                    } else {
                        std::hint::spin_loop();
                    }
                }
            });
            for i in 0..n {
                let mut m = meta(i);
                while let Err(back) = q.push(m) {
                    m = back;
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.bench_function("std_sync_channel", |b| {
        b.iter_custom(|iters| {
            let n = iters * META_BATCH;
            let (tx, rx) = sync_channel::<FrameMeta>(1024);
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                for _ in 0..n {
                    black_box(rx.recv().unwrap());
                }
            });
            for i in 0..n {
                let mut m = meta(i);
                while let Err(std::sync::mpsc::TrySendError::Full(back)) = tx.try_send(m) {
                    m = back;
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.finish();
}

fn bench_samples(c: &mut Criterion) {
    let mut g = c.benchmark_group("samples_per_sample_chunk128");
    g.throughput(Throughput::Elements(SAMPLE_BATCH_CHUNKS * CHUNK as u64));
    let src: Vec<f32> = (0..CHUNK).map(|i| i as f32).collect();
    g.bench_function("rtrb_chunked", |b| {
        b.iter_custom(|iters| {
            let chunks = iters * SAMPLE_BATCH_CHUNKS;
            let (mut p, mut c) = rtrb::RingBuffer::<f32>::new(CAPACITY_CHUNKS * CHUNK);
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                let mut dst = [0.0f32; CHUNK];
                let mut got = 0;
                while got < chunks {
                    if let Ok(chunk) = c.read_chunk(CHUNK) {
                        let (a, b) = chunk.as_slices();
                        dst[..a.len()].copy_from_slice(a);
                        dst[a.len()..].copy_from_slice(b);
                        chunk.commit_all();
                        black_box(&dst);
                        got += 1;
                    } else {
                        std::hint::spin_loop();
                    }
                }
            });
            for _ in 0..chunks {
                loop {
                    if let Ok(chunk) = p.write_chunk_uninit(CHUNK) {
                        chunk.fill_from_iter(src.iter().copied());
                        break;
                    }
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.bench_function("crossbeam_array_queue_per_sample", |b| {
        b.iter_custom(|iters| {
            let total = iters * SAMPLE_BATCH_CHUNKS * CHUNK as u64;
            let q = Arc::new(ArrayQueue::<f32>::new(CAPACITY_CHUNKS * CHUNK));
            let qc = Arc::clone(&q);
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                let mut got = 0;
                while got < total {
                    if let Some(s) = qc.pop() {
                        black_box(s);
                        got += 1;
                    } else {
                        std::hint::spin_loop();
                    }
                }
            });
            for _ in 0..iters * SAMPLE_BATCH_CHUNKS {
                for &s in &src {
                    while q.push(s).is_err() {
                        std::hint::spin_loop();
                    }
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.bench_function("crossbeam_array_queue_chunk_arrays", |b| {
        b.iter_custom(|iters| {
            let chunks = iters * SAMPLE_BATCH_CHUNKS;
            let q = Arc::new(ArrayQueue::<[f32; CHUNK]>::new(CAPACITY_CHUNKS));
            let qc = Arc::clone(&q);
            let block: [f32; CHUNK] = src.as_slice().try_into().unwrap();
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                let mut got = 0;
                while got < chunks {
                    if let Some(s) = qc.pop() {
                        black_box(&s);
                        got += 1;
                    } else {
                        std::hint::spin_loop();
                    }
                }
            });
            for _ in 0..chunks {
                while q.push(block).is_err() {
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.bench_function("std_sync_channel_chunk_arrays", |b| {
        b.iter_custom(|iters| {
            let chunks = iters * SAMPLE_BATCH_CHUNKS;
            let (tx, rx) = sync_channel::<[f32; CHUNK]>(CAPACITY_CHUNKS);
            let block: [f32; CHUNK] = src.as_slice().try_into().unwrap();
            let start = Instant::now();
            let consumer = std::thread::spawn(move || {
                for _ in 0..chunks {
                    black_box(&rx.recv().unwrap());
                }
            });
            for _ in 0..chunks {
                while let Err(std::sync::mpsc::TrySendError::Full(_)) = tx.try_send(block) {
                    std::hint::spin_loop();
                }
            }
            consumer.join().unwrap();
            start.elapsed()
        })
    });
    g.finish();
}

/// Same-thread variants: fill the queue with a burst, then drain it. No scheduler in the loop,
/// so these isolate the cost of the queue operations themselves (the cross-thread figures on
/// a 2-core shared VM are dominated by who gets descheduled while spinning).
const BURST: usize = 512;

fn bench_same_thread(c: &mut Criterion) {
    let mut g = c.benchmark_group("meta_per_item_same_thread");
    g.throughput(Throughput::Elements(BURST as u64));
    g.bench_function("rtrb", |b| {
        let (mut p, mut c) = rtrb::RingBuffer::<FrameMeta>::new(BURST);
        b.iter(|| {
            for i in 0..BURST as u64 {
                p.push(meta(i)).unwrap();
            }
            for _ in 0..BURST {
                black_box(c.pop().unwrap());
            }
        })
    });
    g.bench_function("crossbeam_array_queue", |b| {
        let q = ArrayQueue::<FrameMeta>::new(BURST);
        b.iter(|| {
            for i in 0..BURST as u64 {
                q.push(meta(i)).unwrap();
            }
            for _ in 0..BURST {
                black_box(q.pop().unwrap());
            }
        })
    });
    g.bench_function("std_sync_channel", |b| {
        let (tx, rx) = sync_channel::<FrameMeta>(BURST);
        b.iter(|| {
            for i in 0..BURST as u64 {
                tx.try_send(meta(i)).unwrap();
            }
            for _ in 0..BURST {
                black_box(rx.try_recv().unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("samples_per_sample_same_thread_chunk128");
    let chunks = BURST / 8;
    g.throughput(Throughput::Elements((chunks * CHUNK) as u64));
    let src: Vec<f32> = (0..CHUNK).map(|i| i as f32).collect();
    let block: [f32; CHUNK] = src.as_slice().try_into().unwrap();
    g.bench_function("rtrb_chunked", |b| {
        let (mut p, mut c) = rtrb::RingBuffer::<f32>::new(chunks * CHUNK);
        let mut dst = [0.0f32; CHUNK];
        b.iter(|| {
            for _ in 0..chunks {
                p.write_chunk_uninit(CHUNK)
                    .unwrap()
                    .fill_from_iter(src.iter().copied());
            }
            for _ in 0..chunks {
                let chunk = c.read_chunk(CHUNK).unwrap();
                let (x, y) = chunk.as_slices();
                dst[..x.len()].copy_from_slice(x);
                dst[x.len()..].copy_from_slice(y);
                chunk.commit_all();
                black_box(&dst);
            }
        })
    });
    g.bench_function("crossbeam_array_queue_per_sample", |b| {
        let q = ArrayQueue::<f32>::new(chunks * CHUNK);
        b.iter(|| {
            for _ in 0..chunks {
                for &s in &src {
                    q.push(s).unwrap();
                }
            }
            for _ in 0..chunks * CHUNK {
                black_box(q.pop().unwrap());
            }
        })
    });
    g.bench_function("crossbeam_array_queue_chunk_arrays", |b| {
        let q = ArrayQueue::<[f32; CHUNK]>::new(chunks);
        b.iter(|| {
            for _ in 0..chunks {
                q.push(block).unwrap();
            }
            for _ in 0..chunks {
                black_box(&q.pop().unwrap());
            }
        })
    });
    g.bench_function("std_sync_channel_chunk_arrays", |b| {
        let (tx, rx) = sync_channel::<[f32; CHUNK]>(chunks);
        b.iter(|| {
            for _ in 0..chunks {
                tx.try_send(block).unwrap();
            }
            for _ in 0..chunks {
                black_box(&rx.try_recv().unwrap());
            }
        })
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = bench_same_thread, bench_meta, bench_samples }
criterion_main!(benches);
