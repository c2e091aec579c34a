//! The batched transform written once, generic over [`Lane`] (a register of
//! `W` real numbers), and instantiated per instruction set by the `arch`
//! modules next to this one.
//!
//! Data is in the *lanes layout*: a block of `W` frames is stored as rows, row
//! `e` holding element `e` of every frame, real parts first then imaginary
//! parts (`[re_0 .. re_{W-1}, im_0 .. im_{W-1}]`, `2W` numbers). A complex
//! element of all `W` frames is then two whole registers, so every butterfly
//! of every pass is plain vertical arithmetic with broadcast twiddles: no
//! shuffles, no transposes, and the same code for every radix position.
//!
//! The passes are Stockham passes (the same index maps as [`crate::kernel`]):
//! radix `r`, `m` groups, stride `s`, `w = exp(-+2 pi i / (r*m))`,
//! `y[q + s*(r*p + k)] = w^(k*p) * sum_j x[q + s*(p + j*m)] exp(-+2 pi i j k / r)`.
//! The last pass has `m == 1` and may run in place.

use rustfft::num_traits::{FromPrimitive, One, Zero};

use crate::Complex;
use crate::batch::BatchFloat;

/// A register of `W` real numbers of type `T`.
///
/// Soundness contract (as [`crate::vector::CVec`]): values of a SIMD
/// implementation only come from the `unsafe` constructors, whose callers
/// promise the CPU supports the instruction set; the safe arithmetic relies
/// on a value existing as proof of that.
pub(crate) trait Lane: Copy {
    /// Float type of each lane.
    type T: BatchFloat;
    /// Lanes (frames) per register.
    const W: usize;

    /// Loads `W` numbers from `p` (no alignment needed).
    ///
    /// # Safety
    /// `p` valid for `W` reads; the CPU supports the instruction set.
    unsafe fn load(p: *const Self::T) -> Self;
    /// Stores `W` numbers to `p` (no alignment needed).
    ///
    /// # Safety
    /// `p` valid for `W` writes.
    unsafe fn store(self, p: *mut Self::T);
    /// `x` in every lane.
    ///
    /// # Safety
    /// The CPU supports the instruction set.
    unsafe fn splat(x: Self::T) -> Self;
    /// Lane-wise sum.
    fn add(self, o: Self) -> Self;
    /// Lane-wise difference.
    fn sub(self, o: Self) -> Self;
    /// Lane-wise product.
    fn mul(self, o: Self) -> Self;
    /// `self * b + c` (fused where the instruction set has FMA).
    fn mul_add(self, b: Self, c: Self) -> Self {
        self.mul(b).add(c)
    }
    /// `self * b - c` (fused where the instruction set has FMA).
    fn mul_sub(self, b: Self, c: Self) -> Self {
        self.mul(b).sub(c)
    }
    /// One step of a square transpose: with `a` row `i` and `b` row `i + d`
    /// (`d` a power of two below `W`, bit `d` of `i` clear), exchanges
    /// `a[c + d]` and `b[c]` for every column `c` with bit `d` clear, i.e.
    /// returns `(x, y)` with `x[c] = a[c]`, `x[c|d] = b[c]`, `y[c] = a[c|d]`,
    /// `y[c|d] = b[c|d]`. After the steps `d = W/2, ..., 2, 1` over all row
    /// pairs a `W x W` tile is transposed.
    fn exchange(self, b: Self, d: usize) -> (Self, Self);
}

/// Exchanges rows `i` and `i + D` for every `i < W` with bit `D` clear.
/// Unrolled by hand over literal row indices: LLVM does not always unroll a
/// 16-step loop here, and then `v` lives on the stack.
#[inline(always)]
#[allow(clippy::bad_bit_mask)] // row 0 masks to 0 by design
fn exchange_step<V: Lane, const D: usize>(v: &mut [V; 16]) {
    macro_rules! rows {
        ($($i:literal)*) => {$(
            if $i & D == 0 && $i + D < V::W {
                let (x, y) = v[$i].exchange(v[$i + D], D);
                v[$i] = x;
                v[$i + D] = y;
            }
        )*};
    }
    rows!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
}

/// Transposes a `W x W` tile: row `i` is read from `src + i*src_stride`,
/// column `i` is written to `dst + i*dst_stride`.
///
/// # Safety
/// The rows are valid for `W` reads / writes; the CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn transpose_tile<V: Lane>(
    src: *const V::T,
    src_stride: usize,
    dst: *mut V::T,
    dst_stride: usize,
) {
    let w = V::W;
    debug_assert!(w.is_power_of_two() && w <= 16);
    // SAFETY: forwarded contract (CPU support).
    let mut v = [unsafe { V::splat(V::T::zero()) }; 16];
    for (i, vi) in v.iter_mut().enumerate().take(w) {
        // SAFETY: forwarded contract.
        *vi = unsafe { V::load(src.add(i * src_stride)) };
    }
    // Constant steps so the loops unroll and `v` stays in registers.
    exchange_step::<V, 8>(&mut v);
    exchange_step::<V, 4>(&mut v);
    exchange_step::<V, 2>(&mut v);
    exchange_step::<V, 1>(&mut v);
    for (i, vi) in v.iter().enumerate().take(w) {
        // SAFETY: forwarded contract.
        unsafe { vi.store(dst.add(i * dst_stride)) };
    }
}

/// `W` complex numbers as two registers (split real and imaginary parts).
#[derive(Clone, Copy)]
pub(crate) struct Cx<V> {
    re: V,
    im: V,
}

impl<V: Lane> Cx<V> {
    /// Loads the row at `p` (`W` reals then `W` imaginaries).
    ///
    /// # Safety
    /// `p` valid for `2W` reads; the CPU supports `V`.
    #[inline(always)]
    pub(crate) unsafe fn load(p: *const V::T) -> Self {
        // SAFETY: forwarded contract.
        unsafe {
            Cx {
                re: V::load(p),
                im: V::load(p.add(V::W)),
            }
        }
    }

    /// Stores the row at `p`.
    ///
    /// # Safety
    /// `p` valid for `2W` writes.
    #[inline(always)]
    pub(crate) unsafe fn store(self, p: *mut V::T) {
        // SAFETY: forwarded contract.
        unsafe {
            self.re.store(p);
            self.im.store(p.add(V::W));
        }
    }

    /// `w` broadcast to every lane.
    ///
    /// # Safety
    /// The CPU supports `V`.
    #[inline(always)]
    pub(crate) unsafe fn splat(w: Complex<V::T>) -> Self {
        // SAFETY: forwarded contract.
        unsafe {
            Cx {
                re: V::splat(w.re),
                im: V::splat(w.im),
            }
        }
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Cx {
            re: self.re.add(o.re),
            im: self.im.add(o.im),
        }
    }

    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Cx {
            re: self.re.sub(o.re),
            im: self.im.sub(o.im),
        }
    }

    /// Multiplies every component by the (broadcast) real `k`.
    #[inline(always)]
    fn scale(self, k: V) -> Self {
        Cx {
            re: self.re.mul(k),
            im: self.im.mul(k),
        }
    }

    /// `self + rot(b)`, `rot` multiplying by `-i` (forward) or `+i` (`INV`).
    #[inline(always)]
    fn add_rot<const INV: bool>(self, b: Self) -> Self {
        if INV {
            Cx {
                re: self.re.sub(b.im),
                im: self.im.add(b.re),
            }
        } else {
            Cx {
                re: self.re.add(b.im),
                im: self.im.sub(b.re),
            }
        }
    }

    /// `self - rot(b)`.
    #[inline(always)]
    fn sub_rot<const INV: bool>(self, b: Self) -> Self {
        if INV {
            self.add_rot::<false>(b)
        } else {
            self.add_rot::<true>(b)
        }
    }

    /// Complex product with `w` (every lane).
    #[inline(always)]
    fn mul_by(self, w: Self) -> Self {
        Cx {
            re: self.re.mul_sub(w.re, self.im.mul(w.im)),
            im: self.re.mul_add(w.im, self.im.mul(w.re)),
        }
    }
}

/// One Stockham pass of a batch plan.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pass {
    /// Radix: 2, 4 or 8.
    pub(crate) radix: usize,
    /// Butterfly groups.
    pub(crate) m: usize,
    /// Stride (product of the earlier radices).
    pub(crate) s: usize,
    /// Offset of this pass's `(radix-1)*m` twiddles in [`Passes::twiddles`].
    pub(crate) tw: usize,
}

/// The passes and twiddles of one power-of-two length and direction; the
/// same for every lane count.
#[derive(Debug)]
pub(crate) struct Passes<T> {
    /// Transform length.
    pub(crate) n: usize,
    /// `true` for the `+i` direction.
    pub(crate) inverse: bool,
    /// Passes in execution order (empty for `n == 1`).
    pub(crate) passes: Vec<Pass>,
    /// `w^(k*p)` of every pass at `tw + p*(radix-1) + k-1`.
    pub(crate) twiddles: Vec<Complex<T>>,
}

/// Radices of a power-of-two length: as many `max_radix` as fit, the rest
/// as one smaller pass first.
fn radices(n: usize, max_radix: usize) -> Vec<usize> {
    let log = n.trailing_zeros() as usize;
    let step = max_radix.trailing_zeros() as usize;
    let (full, rest) = (log / step, log % step);
    let mut out = Vec::with_capacity(full + 1);
    if rest > 0 {
        out.push(1 << rest);
    }
    out.extend(std::iter::repeat_n(max_radix, full));
    out
}

impl<T: BatchFloat> Passes<T> {
    /// Plans a power-of-two length `n >= 1` with passes of at most
    /// `max_radix` (4 or 8).
    pub(crate) fn new(n: usize, inverse: bool, max_radix: usize) -> Self {
        assert!(n.is_power_of_two(), "batch kernel needs a power of two");
        let mut passes = Vec::new();
        let mut twiddles = Vec::new();
        let mut s = 1;
        if n > 1 {
            for radix in radices(n, max_radix) {
                let m = n / (s * radix);
                let tw = twiddles.len();
                for p in 0..m {
                    for k in 1..radix {
                        twiddles.push(crate::stockham::twiddle::<T>(k * p, radix * m, inverse));
                    }
                }
                passes.push(Pass { radix, m, s, tw });
                s *= radix;
            }
        }
        Passes {
            n,
            inverse,
            passes,
            twiddles,
        }
    }
}

/// Radix-`R` butterfly: `x[k] <- sum_j x[j] exp(-+2 pi i j k / R)`.
#[inline(always)]
fn butterfly<V: Lane, const INV: bool, const R: usize>(x: &mut [Cx<V>; R], c: V) {
    let x = x.as_mut_slice();
    match R {
        2 => {
            let (a, b) = (x[0], x[1]);
            x[0] = a.add(b);
            x[1] = a.sub(b);
        }
        4 => bf4::<V, INV>(x.try_into().expect("radix 4")),
        8 => bf8::<V, INV>(x.try_into().expect("radix 8"), c),
        _ => unreachable!("radix {R}"),
    }
}

#[inline(always)]
fn bf4<V: Lane, const INV: bool>(x: &mut [Cx<V>; 4]) {
    let [a, b, c, d] = *x;
    let (apc, amc) = (a.add(c), a.sub(c));
    let (bpd, bmd) = (b.add(d), b.sub(d));
    *x = [
        apc.add(bpd),
        amc.add_rot::<INV>(bmd),
        apc.sub(bpd),
        amc.sub_rot::<INV>(bmd),
    ];
}

/// Radix 8 as two radix-4 halves; `c` is `1/sqrt(2)` in every lane.
#[inline(always)]
fn bf8<V: Lane, const INV: bool>(x: &mut [Cx<V>; 8], c: V) {
    let mut e = [x[0], x[2], x[4], x[6]];
    let mut o = [x[1], x[3], x[5], x[7]];
    bf4::<V, INV>(&mut e);
    bf4::<V, INV>(&mut o);
    // o1 * w8 = (o1 + rot(o1)) c;  o3 * w8^3 = -(o3 - rot(o3)) c.
    let t1 = o[1].add_rot::<INV>(o[1]).scale(c);
    let t3 = o[3].sub_rot::<INV>(o[3]).scale(c);
    *x = [
        e[0].add(o[0]),
        e[1].add(t1),
        e[2].add_rot::<INV>(o[2]),
        e[3].sub(t3),
        e[0].sub(o[0]),
        e[1].sub(t1),
        e[2].sub_rot::<INV>(o[2]),
        e[3].add(t3),
    ];
}

/// One radix-`R` pass over a block.
///
/// # Safety
/// `src`/`dst` valid for `R*m*s` rows of `2W` (disjoint, or identical when
/// `m == 1`), `tw` for `(R-1)*m` twiddles; the CPU supports `V`.
#[inline(always)]
unsafe fn pass<V: Lane, const INV: bool, const R: usize>(
    src: *const V::T,
    dst: *mut V::T,
    m: usize,
    s: usize,
    tw: *const Complex<V::T>,
) {
    let row = 2 * V::W;
    let ms = m * s;
    // SAFETY: creating registers needs only the CPU support of our contract.
    let c = unsafe { V::splat(<V::T as crate::float::Sealed>::FRAC_1_SQRT_2) };
    // SAFETY: as above.
    let one = unsafe { Cx::<V>::splat(Complex::new(V::T::one(), V::T::zero())) };
    // Plain loops, not `array::from_fn`, which is not always inlined.
    for p in 0..m {
        let mut w = [one; R];
        for (k, wk) in w.iter_mut().enumerate().skip(1) {
            // SAFETY: p*(R-1) + k - 1 < (R-1)*m for k < R; CPU as above.
            *wk = unsafe { Cx::splat(*tw.add(p * (R - 1) + k - 1)) };
        }
        for q in 0..s {
            let mut x = [one; R];
            for (j, xj) in x.iter_mut().enumerate() {
                // SAFETY: q + s*(p + j*m) < s*m*R for j < R: row in bounds.
                *xj = unsafe { Cx::load(src.add((q + s * p + j * ms) * row)) };
            }
            butterfly::<V, INV, R>(&mut x, c);
            for (k, xk) in x.iter().enumerate() {
                let y = if k == 0 || p == 0 {
                    *xk
                } else {
                    xk.mul_by(w[k])
                };
                // SAFETY: q + s*(R*p + k) < s*R*m: row in bounds. With
                // m == 1 all R rows were loaded above before any store.
                unsafe { y.store(dst.add((q + s * (R * p + k)) * row)) };
            }
        }
    }
}

/// Runs one pass.
///
/// # Safety
/// As [`pass`], with `p` a pass of `plan`.
#[inline(always)]
unsafe fn run_pass<V: Lane, const INV: bool>(
    plan: &Passes<V::T>,
    p: &Pass,
    src: *const V::T,
    dst: *mut V::T,
) {
    let tw = plan.twiddles[p.tw..].as_ptr();
    // SAFETY: forwarded contract; the plan put (radix-1)*m twiddles at `tw`.
    unsafe {
        match p.radix {
            2 => pass::<V, INV, 2>(src, dst, p.m, p.s, tw),
            4 => pass::<V, INV, 4>(src, dst, p.m, p.s, tw),
            8 => pass::<V, INV, 8>(src, dst, p.m, p.s, tw),
            r => unreachable!("radix {r}"),
        }
    }
}

/// Transforms one block from `src` into `dst` (may be equal), using `tmp`.
///
/// # Safety
/// `src`, `dst`, `tmp` valid for `n` rows of `2W`; `tmp` disjoint from both;
/// `src` and `dst` identical or disjoint; the CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn fft_block<V: Lane>(
    plan: &Passes<V::T>,
    src: *const V::T,
    dst: *mut V::T,
    tmp: *mut V::T,
) {
    let count = plan.passes.len();
    if count == 0 {
        if src != dst.cast_const() {
            // SAFETY: n == 1: one row of 2W, disjoint buffers.
            unsafe { std::ptr::copy_nonoverlapping(src, dst, 2 * V::W) };
        }
        return;
    }
    // Targets chosen backwards from `dst`, alternating with `tmp`; when that
    // would make pass 0 write its own (in-place) source, the passes before
    // the last alternate tmp, dst, ... and the last (m == 1) runs in place.
    let backwards = !(src == dst.cast_const() && count % 2 == 1 && count > 1);
    let mut from = src;
    for (i, p) in plan.passes.iter().enumerate() {
        let to = if i + 1 == count {
            dst
        } else if backwards {
            if (count - 1 - i) % 2 == 0 { dst } else { tmp }
        } else if i % 2 == 0 {
            tmp
        } else {
            dst
        };
        // SAFETY: `from != to` except for the last pass in place (m == 1),
        // or the single pass of an in-place transform (also m == 1).
        unsafe {
            if plan.inverse {
                run_pass::<V, true>(plan, p, from, to);
            } else {
                run_pass::<V, false>(plan, p, from, to);
            }
        }
        from = to;
    }
}

/// r2c post-processing in place on one block of `h + 1` rows whose first `h`
/// hold the `h`-point FFT `Z` of the paired samples (see [`crate::realpass`]
/// for the formulas). `tw[k] = exp(-2 pi i k / 2h)`, `k = 0..=h/2`.
///
/// # Safety
/// `out` valid for `h + 1` rows of `2W`, `tw` for `h/2 + 1`; CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn split_block<V: Lane>(out: *mut V::T, h: usize, tw: *const Complex<V::T>) {
    let row = 2 * V::W;
    // SAFETY: rows 0..=h are in bounds; tw holds h/2 + 1 entries; the CPU
    // supports V (contract).
    unsafe {
        let zero = V::splat(V::T::zero());
        let half = V::splat(V::T::from_f64(0.5).unwrap_or_default());
        let z0 = Cx::<V>::load(out);
        Cx {
            re: z0.re.add(z0.im),
            im: zero,
        }
        .store(out);
        Cx {
            re: z0.re.sub(z0.im),
            im: zero,
        }
        .store(out.add(h * row));
        for k in 1..=h / 2 {
            let j = h - k;
            let a = Cx::<V>::load(out.add(k * row));
            let b = Cx::<V>::load(out.add(j * row));
            // e = (a + conj b)/2, d = (a - conj b)/2, o = -i d, t = o w.
            let e = Cx {
                re: a.re.add(b.re),
                im: a.im.sub(b.im),
            }
            .scale(half);
            let o = Cx {
                re: a.im.add(b.im),
                im: b.re.sub(a.re),
            }
            .scale(half);
            let t = o.mul_by(Cx::splat(*tw.add(k)));
            e.add(t).store(out.add(k * row));
            if j != k {
                let d = e.sub(t);
                Cx {
                    re: d.re,
                    im: zero.sub(d.im),
                }
                .store(out.add(j * row));
            }
        }
    }
}

/// c2r pre-processing, the inverse of [`split_block`] times 2: `h + 1` bin
/// rows at `bins` to `h` rows at `z`, whose unnormalised inverse `h`-point
/// FFT is `n` times the paired samples (formulas in [`crate::realpass`]).
/// `tw[k] = exp(+2 pi i k / 2h)`, `k = 0..=h/2`. The imaginary parts of bins
/// 0 and `h` are ignored, as in the per-frame plan.
///
/// # Safety
/// `bins` valid for `h + 1` rows of `2W` reads, `z` for `h` rows of writes
/// (disjoint from `bins`, or equal to it: every pair of rows is read before
/// it is written), `tw` for `h/2 + 1`; CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn merge_block<V: Lane>(
    bins: *const V::T,
    z: *mut V::T,
    h: usize,
    tw: *const Complex<V::T>,
) {
    let row = 2 * V::W;
    // SAFETY: rows 0..=h of `bins` and 0..h of `z` are in bounds; tw holds
    // h/2 + 1 entries; row 0 is read before it is written; the CPU supports
    // V (contract).
    unsafe {
        let zero = V::splat(V::T::zero());
        let x0 = Cx::<V>::load(bins);
        let xh = Cx::<V>::load(bins.add(h * row));
        Cx {
            re: x0.re.add(xh.re),
            im: x0.re.sub(xh.re),
        }
        .store(z);
        for k in 1..=h / 2 {
            let j = h - k;
            let a = Cx::<V>::load(bins.add(k * row));
            let b = Cx::<V>::load(bins.add(j * row));
            // e = a + conj b, t = i (a - conj b) w.
            let e = Cx {
                re: a.re.add(b.re),
                im: a.im.sub(b.im),
            };
            let u = Cx {
                re: a.re.sub(b.re),
                im: a.im.add(b.im),
            }
            .mul_by(Cx::splat(*tw.add(k)));
            let t = Cx {
                re: zero.sub(u.im),
                im: u.re,
            };
            e.add(t).store(z.add(k * row));
            if j != k {
                let d = e.sub(t);
                Cx {
                    re: d.re,
                    im: zero.sub(d.im),
                }
                .store(z.add(j * row));
            }
        }
    }
}
