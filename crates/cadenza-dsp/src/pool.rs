//! A real-time-safe buffer pool: a fixed number of equally sized buffers,
//! allocated once up front, handed out and returned without locks or
//! allocation.
//!
//! Free buffers form a Treiber stack threaded through a `next` index array.
//! The stack head packs the top index and a 32-bit modification tag into one
//! `AtomicU64`; every successful push or pop bumps the tag, so a thread that
//! read a stale head (the ABA case: index popped and pushed back meanwhile)
//! fails its compare-and-swap and retries. Buffer contents are published by
//! the release CAS of `put` and acquired by `get`.

use crate::AlignedBuf;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// Marks an empty stack / the end of the free list.
const NIL: u32 = u32::MAX;

/// A fixed set of `count` buffers of `len` elements each.
///
/// Each buffer starts on a 64-byte boundary. Buffers keep whatever data the
/// last user left in them; clear them if that matters.
pub struct BufferPool<T: Copy = f32> {
    storage: AlignedBuf<T>,
    base: NonNull<T>,
    stride: usize,
    len: usize,
    count: u32,
    next: Box<[AtomicU32]>,
    /// Low 32 bits: index of the top free buffer (`NIL` if none). High 32
    /// bits: tag incremented on every successful update.
    head: AtomicU64,
}

// SAFETY: the pool owns its buffers; a buffer is reachable only through the
// single guard that popped it, so moving the pool between threads is like
// moving a `Vec<Box<[T]>>`.
unsafe impl<T: Copy + Send> Send for BufferPool<T> {}
// SAFETY: `get`/`put` are lock-free and hand each buffer to at most one guard
// at a time (the tagged CAS makes pop/push linearisable), so shared access
// from several threads never creates aliasing `&mut`.
unsafe impl<T: Copy + Send> Sync for BufferPool<T> {}

fn pack(tag: u32, index: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(index)
}

fn unpack(v: u64) -> (u32, u32) {
    ((v >> 32) as u32, v as u32)
}

impl<T: Copy + Default> BufferPool<T> {
    /// Allocates `count` buffers of `len` elements, all free, set to
    /// `T::default()`. This is the only allocation the pool ever makes.
    ///
    /// # Panics
    /// If `count >= u32::MAX` or the total size overflows.
    pub fn new(count: usize, len: usize) -> Self {
        assert!(count < NIL as usize, "BufferPool: too many buffers");
        let per_line = (crate::ALIGN / size_of::<T>().max(1)).max(1);
        let stride = len.div_ceil(per_line) * per_line;
        let total = stride
            .checked_mul(count)
            .expect("BufferPool: size overflow");
        let mut storage = AlignedBuf::<T>::new(total);
        let base = NonNull::new(storage.as_mut_ptr()).expect("non-null");
        let next: Box<[AtomicU32]> = (0..count)
            .map(|i| AtomicU32::new(if i + 1 < count { (i + 1) as u32 } else { NIL }))
            .collect();
        let top = if count == 0 { NIL } else { 0 };
        BufferPool {
            storage,
            base,
            stride,
            len,
            count: count as u32,
            next,
            head: AtomicU64::new(pack(0, top)),
        }
    }
}

impl<T: Copy> BufferPool<T> {
    /// Number of buffers (free or in use).
    pub fn count(&self) -> usize {
        self.count as usize
    }

    /// Elements per buffer.
    pub fn buffer_len(&self) -> usize {
        self.len
    }

    /// Takes a free buffer, or `None` if all are in use. Lock-free, no
    /// allocation; the buffer goes back to the pool when the guard drops.
    pub fn get(&self) -> Option<PoolBuf<'_, T>> {
        self.pop().map(|index| PoolBuf { pool: self, index })
    }

    /// Like [`get`](Self::get) but the guard keeps the pool alive through an
    /// `Arc` (cloning it is an atomic increment, not an allocation), so it
    /// can be sent to another thread independently of any borrow.
    ///
    /// Dropping the last guard of a pool whose other `Arc`s are gone frees
    /// the pool; avoid that on a real-time thread.
    pub fn get_owned(self: &Arc<Self>) -> Option<OwnedPoolBuf<T>> {
        self.pop().map(|index| OwnedPoolBuf {
            pool: Arc::clone(self),
            index,
        })
    }

    /// Number of buffers currently free (a snapshot; may be stale at once).
    pub fn available(&self) -> usize {
        let (_, mut i) = unpack(self.head.load(Ordering::Acquire));
        let mut n = 0;
        while i != NIL && n < self.count as usize {
            n += 1;
            i = self.next[i as usize].load(Ordering::Relaxed);
        }
        n
    }

    fn pop(&self) -> Option<u32> {
        let mut cur = self.head.load(Ordering::Acquire);
        loop {
            let (tag, top) = unpack(cur);
            if top == NIL {
                return None;
            }
            // A stale read here is harmless: if `top` was popped meanwhile the
            // tag changed and the CAS below fails.
            let below = self.next[top as usize].load(Ordering::Relaxed);
            match self.head.compare_exchange_weak(
                cur,
                pack(tag.wrapping_add(1), below),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return Some(top),
                Err(actual) => cur = actual,
            }
        }
    }

    fn push(&self, index: u32) {
        let mut cur = self.head.load(Ordering::Relaxed);
        loop {
            let (tag, top) = unpack(cur);
            self.next[index as usize].store(top, Ordering::Relaxed);
            match self.head.compare_exchange_weak(
                cur,
                pack(tag.wrapping_add(1), index),
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(actual) => cur = actual,
            }
        }
    }

    fn buffer_ptr(&self, index: u32) -> *mut T {
        debug_assert!(index < self.count);
        // SAFETY: `index < count`, so the offset stays inside `storage`.
        unsafe { self.base.as_ptr().add(index as usize * self.stride) }
    }

    /// # Safety
    /// The caller must hold the guard that popped `index`.
    unsafe fn slice(&self, index: u32) -> &[T] {
        // SAFETY: the buffer holds `len` initialised elements and the caller
        // owns it exclusively (see the function contract).
        unsafe { std::slice::from_raw_parts(self.buffer_ptr(index), self.len) }
    }

    /// # Safety
    /// The caller must hold, mutably, the guard that popped `index`.
    #[allow(clippy::mut_from_ref)]
    unsafe fn slice_mut(&self, index: u32) -> &mut [T] {
        // SAFETY: as in `slice`; the `&mut` guard rules out other borrows.
        unsafe { std::slice::from_raw_parts_mut(self.buffer_ptr(index), self.len) }
    }
}

impl<T: Copy> std::fmt::Debug for BufferPool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BufferPool")
            .field("count", &self.count)
            .field("buffer_len", &self.len)
            .field("storage_len", &self.storage.len())
            .finish()
    }
}

/// A buffer borrowed from a [`BufferPool`]; returned to the pool on drop.
pub struct PoolBuf<'a, T: Copy = f32> {
    pool: &'a BufferPool<T>,
    index: u32,
}

impl<T: Copy> PoolBuf<'_, T> {
    /// Which of the pool's buffers this is (stable for the pool's lifetime).
    pub fn index(&self) -> usize {
        self.index as usize
    }
}

impl<T: Copy> Deref for PoolBuf<'_, T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: this guard popped `index` and has not returned it.
        unsafe { self.pool.slice(self.index) }
    }
}

impl<T: Copy> DerefMut for PoolBuf<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: this guard popped `index`; `&mut self` makes access unique.
        unsafe { self.pool.slice_mut(self.index) }
    }
}

impl<T: Copy> Drop for PoolBuf<'_, T> {
    fn drop(&mut self) {
        self.pool.push(self.index);
    }
}

/// A buffer taken with [`BufferPool::get_owned`]; returned on drop.
pub struct OwnedPoolBuf<T: Copy = f32> {
    pool: Arc<BufferPool<T>>,
    index: u32,
}

impl<T: Copy> OwnedPoolBuf<T> {
    /// Which of the pool's buffers this is.
    pub fn index(&self) -> usize {
        self.index as usize
    }
}

impl<T: Copy> Deref for OwnedPoolBuf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: this guard popped `index` and has not returned it.
        unsafe { self.pool.slice(self.index) }
    }
}

impl<T: Copy> DerefMut for OwnedPoolBuf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: this guard popped `index`; `&mut self` makes access unique.
        unsafe { self.pool.slice_mut(self.index) }
    }
}

impl<T: Copy> Drop for OwnedPoolBuf<T> {
    fn drop(&mut self) {
        self.pool.push(self.index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_out_each_buffer_once_then_none() {
        let pool = BufferPool::<f32>::new(3, 10);
        let a = pool.get().unwrap();
        let b = pool.get().unwrap();
        let c = pool.get().unwrap();
        assert!(pool.get().is_none());
        let mut idx = [a.index(), b.index(), c.index()];
        idx.sort_unstable();
        assert_eq!(idx, [0, 1, 2]);
        drop(b);
        assert_eq!(pool.available(), 1);
        assert!(pool.get().is_some());
        assert_eq!(pool.available(), 1);
    }

    #[test]
    fn buffers_are_aligned_and_disjoint() {
        let pool = BufferPool::<i16>::new(4, 33);
        let mut bufs: Vec<_> = std::iter::from_fn(|| pool.get()).collect();
        assert_eq!(bufs.len(), 4);
        for (i, b) in bufs.iter_mut().enumerate() {
            assert_eq!(b.len(), 33);
            assert_eq!(b.as_ptr() as usize % 64, 0);
            b.fill(i as i16);
        }
        for (i, b) in bufs.iter().enumerate() {
            assert!(b.iter().all(|&x| x == i as i16));
        }
    }

    #[test]
    fn empty_pool_returns_none() {
        let pool = BufferPool::<f32>::new(0, 8);
        assert!(pool.get().is_none());
        assert_eq!(pool.available(), 0);
    }

    #[test]
    fn owned_guard_outlives_the_borrow() {
        let pool = Arc::new(BufferPool::<f32>::new(1, 4));
        let mut g = pool.get_owned().unwrap();
        g[0] = 1.0;
        let h = std::thread::spawn(move || g[0]).join().unwrap();
        assert_eq!(h, 1.0);
        assert_eq!(pool.available(), 1);
    }
}
