//! The portable fallback of the batched kernels: plain arrays of `W` numbers
//! with element-wise loops, which the compiler vectorises for whatever the
//! target's baseline offers (SSE2 on x86_64, NEON on aarch64).

use super::BatchFloat;
use super::kernel::Lane;

/// `W` numbers in an array; needs no CPU feature.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable<T, const W: usize>(pub(crate) [T; W]);

impl<T: BatchFloat, const W: usize> Portable<T, W> {
    #[inline(always)]
    fn zip(self, o: Self, f: impl Fn(T, T) -> T) -> Self {
        let mut out = self.0;
        for (r, &b) in out.iter_mut().zip(&o.0) {
            *r = f(*r, b);
        }
        Portable(out)
    }
}

impl<T: BatchFloat, const W: usize> Lane for Portable<T, W> {
    type T = T;
    const W: usize = W;

    #[inline(always)]
    unsafe fn load(p: *const T) -> Self {
        // SAFETY: the caller guarantees W readable numbers.
        Portable(unsafe { p.cast::<[T; W]>().read_unaligned() })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut T) {
        // SAFETY: the caller guarantees W writable numbers.
        unsafe { p.cast::<[T; W]>().write_unaligned(self.0) }
    }
    #[inline(always)]
    unsafe fn splat(x: T) -> Self {
        Portable([x; W])
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self.zip(o, |a, b| a + b)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        self.zip(o, |a, b| a - b)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        self.zip(o, |a, b| a * b)
    }
    #[inline(always)]
    fn exchange(self, b: Self, d: usize) -> (Self, Self) {
        let (mut x, mut y) = (self.0, b.0);
        for c in (0..W).filter(|c| c & d == 0) {
            std::mem::swap(&mut x[c + d], &mut y[c]);
        }
        (Portable(x), Portable(y))
    }
}
