//! `AlignedBuf<T>`: fixed-length sample storage whose first element sits on a
//! 64-byte boundary (one cache line, one AVX-512 vector), so SIMD kernels can
//! use aligned loads and no buffer shares a cache line with its neighbour.
//!
//! The length is fixed at construction and the buffer never reallocates:
//! once built it is safe to use from a real-time thread.

use std::alloc::{Layout, alloc_zeroed, dealloc, handle_alloc_error};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Alignment in bytes of every [`AlignedBuf`].
pub const ALIGN: usize = 64;

/// A heap buffer of `len` elements of `T`, 64-byte aligned, never reallocated.
///
/// `T: Copy` keeps dropping trivial (no element destructors run).
pub struct AlignedBuf<T: Copy> {
    ptr: NonNull<T>,
    len: usize,
    _owns: PhantomData<T>,
}

// SAFETY: `AlignedBuf` owns its elements exactly like `Box<[T]>`.
unsafe impl<T: Copy + Send> Send for AlignedBuf<T> {}
// SAFETY: shared access only hands out `&[T]`, like `Box<[T]>`.
unsafe impl<T: Copy + Sync> Sync for AlignedBuf<T> {}

impl<T: Copy> AlignedBuf<T> {
    fn layout(len: usize) -> Layout {
        Layout::array::<T>(len)
            .and_then(|l| l.align_to(ALIGN))
            .expect("AlignedBuf: capacity overflow")
    }

    /// A buffer of `len` copies of `value`.
    pub fn filled(len: usize, value: T) -> Self {
        let layout = Self::layout(len);
        let ptr = if layout.size() == 0 {
            // A dangling but 64-byte aligned, non-null pointer: valid for
            // zero-sized slices and zero-sized `T`.
            NonNull::new(std::ptr::without_provenance_mut::<T>(ALIGN)).expect("non-null")
        } else {
            // SAFETY: the layout has non-zero size.
            let raw = unsafe { alloc_zeroed(layout) }.cast::<T>();
            match NonNull::new(raw) {
                Some(p) => p,
                None => handle_alloc_error(layout),
            }
        };
        for i in 0..len {
            // SAFETY: `i < len` and the allocation holds `len` elements.
            unsafe { ptr.as_ptr().add(i).write(value) };
        }
        AlignedBuf {
            ptr,
            len,
            _owns: PhantomData,
        }
    }

    /// A copy of `src` in aligned storage.
    pub fn from_slice(src: &[T]) -> Self
    where
        T: Default,
    {
        let mut b = Self::filled(src.len(), T::default());
        b.copy_from_slice(src);
        b
    }

    /// Number of elements (fixed for the buffer's lifetime).
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when the buffer holds no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Raw pointer to the first element (64-byte aligned).
    pub fn as_ptr(&self) -> *const T {
        self.ptr.as_ptr()
    }

    /// Raw mutable pointer to the first element (64-byte aligned). Creates
    /// no reference, so pointers derived from it stay valid while the buffer
    /// lives and is not accessed through references.
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.ptr.as_ptr()
    }
}

impl<T: Copy + Default> AlignedBuf<T> {
    /// A buffer of `len` elements set to `T::default()` (zero for samples).
    pub fn new(len: usize) -> Self {
        Self::filled(len, T::default())
    }
}

impl<T: Copy> Drop for AlignedBuf<T> {
    fn drop(&mut self) {
        let layout = Self::layout(self.len);
        if layout.size() != 0 {
            // SAFETY: allocated in `filled` with exactly this layout.
            unsafe { dealloc(self.ptr.as_ptr().cast(), layout) };
        }
    }
}

impl<T: Copy> Deref for AlignedBuf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` is valid for `len` initialised elements, aligned.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> DerefMut for AlignedBuf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref`, and `&mut self` guarantees exclusivity.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> Clone for AlignedBuf<T> {
    fn clone(&self) -> Self {
        match self.first() {
            None => AlignedBuf {
                ptr: self.ptr,
                len: 0,
                _owns: PhantomData,
            },
            Some(&v) => {
                let mut b = Self::filled(self.len, v);
                b.copy_from_slice(self);
                b
            }
        }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for AlignedBuf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_is_64_byte_aligned_and_zeroed() {
        for len in [0usize, 1, 3, 16, 17, 1000] {
            let b = AlignedBuf::<f32>::new(len);
            assert_eq!(b.as_ptr() as usize % ALIGN, 0);
            assert_eq!(b.len(), len);
            assert!(b.iter().all(|&x| x == 0.0));
            let b = AlignedBuf::<u8>::new(len);
            assert_eq!(b.as_ptr() as usize % ALIGN, 0);
        }
    }

    #[test]
    fn clone_and_from_slice_copy_contents() {
        let src: Vec<i16> = (0..100).collect();
        let a = AlignedBuf::from_slice(&src);
        let b = a.clone();
        assert_eq!(&b[..], &src[..]);
        assert_eq!(b.as_ptr() as usize % ALIGN, 0);
        let e = AlignedBuf::<f64>::new(0);
        assert!(e.clone().is_empty());
    }

    #[test]
    fn zero_sized_elements_do_not_allocate_or_crash() {
        let b = AlignedBuf::<()>::new(10);
        assert_eq!(b.len(), 10);
    }
}
