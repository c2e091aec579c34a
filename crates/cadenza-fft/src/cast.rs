//! Views of real slices as complex slices (`[re, im, re, im, ...]`).

use crate::Complex;

/// Views `x` (even length) as `x.len() / 2` complex numbers.
pub(crate) fn as_complex<T>(x: &[T]) -> &[Complex<T>] {
    assert!(
        x.len().is_multiple_of(2),
        "a complex view needs an even length"
    );
    // SAFETY: `Complex<T>` is `#[repr(C)] { re: T, im: T }`: size 2*size_of::<T>()
    // and the alignment of `T`, so the memory of 2k `T`s is exactly k complex
    // numbers; the borrow is carried over.
    unsafe { std::slice::from_raw_parts(x.as_ptr().cast(), x.len() / 2) }
}

/// Mutable form of [`as_complex`].
pub(crate) fn as_complex_mut<T>(x: &mut [T]) -> &mut [Complex<T>] {
    assert!(
        x.len().is_multiple_of(2),
        "a complex view needs an even length"
    );
    // SAFETY: as in `as_complex`; the unique borrow is carried over.
    unsafe { std::slice::from_raw_parts_mut(x.as_mut_ptr().cast(), x.len() / 2) }
}
