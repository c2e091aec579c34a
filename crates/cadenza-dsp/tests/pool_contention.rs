//! The lock-free pool under contention: several threads take and return
//! buffers as fast as they can; no buffer is ever held by two threads at
//! once (each holder stamps the whole buffer and checks the stamp before
//! returning it, and an in-use flag per buffer catches double hand-outs),
//! and every buffer is free again at the end.

use cadenza_dsp::pool::BufferPool;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

#[test]
fn buffers_are_exclusive_under_contention() {
    const THREADS: usize = 4;
    const BUFFERS: usize = 3; // fewer buffers than threads: forces contention
    const ROUNDS: usize = 20_000;
    let pool = Arc::new(BufferPool::<u32>::new(BUFFERS, 256));
    let in_use: Arc<Vec<AtomicBool>> =
        Arc::new((0..BUFFERS).map(|_| AtomicBool::new(false)).collect());
    let empty_polls = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (pool, in_use, empty_polls) = (pool.clone(), in_use.clone(), empty_polls.clone());
            std::thread::spawn(move || {
                let stamp = t as u32 + 1;
                let mut done = 0;
                while done < ROUNDS {
                    let Some(mut buf) = pool.get() else {
                        empty_polls.fetch_add(1, Ordering::Relaxed);
                        std::hint::spin_loop();
                        continue;
                    };
                    let i = buf.index();
                    assert!(
                        !in_use[i].swap(true, Ordering::AcqRel),
                        "buffer {i} handed out twice"
                    );
                    buf.fill(stamp);
                    std::hint::spin_loop();
                    assert!(
                        buf.iter().all(|&x| x == stamp),
                        "buffer {i} written by another thread"
                    );
                    in_use[i].store(false, Ordering::Release);
                    drop(buf);
                    done += 1;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("worker panicked");
    }
    assert_eq!(pool.available(), BUFFERS);
    // All buffers can be taken at once again, each exactly once.
    let all: Vec<_> = std::iter::from_fn(|| pool.get()).collect();
    let mut idx: Vec<usize> = all.iter().map(|b| b.index()).collect();
    idx.sort_unstable();
    assert_eq!(idx, (0..BUFFERS).collect::<Vec<_>>());
}

#[test]
fn owned_guards_cross_threads_and_come_back() {
    let pool = Arc::new(BufferPool::<f32>::new(8, 64));
    let (tx, rx) = std::sync::mpsc::channel();
    let producer = {
        let pool = pool.clone();
        std::thread::spawn(move || {
            for k in 0..10_000u32 {
                loop {
                    if let Some(mut b) = pool.get_owned() {
                        b.fill(k as f32);
                        tx.send((k, b)).expect("consumer alive");
                        break;
                    }
                    std::thread::yield_now();
                }
            }
        })
    };
    for _ in 0..10_000 {
        let (k, b) = rx.recv().expect("producer alive");
        assert!(b.iter().all(|&x| x == k as f32));
    }
    producer.join().expect("producer panicked");
    assert_eq!(pool.available(), 8);
}
