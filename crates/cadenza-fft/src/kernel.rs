//! The power-of-two transform: a Stockham autosort FFT written once, generic
//! over [`CVec`], and instantiated per instruction set by `arch/*`.
//!
//! A length-`n` transform runs as a list of [`Pass`]es that ping-pong between
//! the caller's buffer and a scratch buffer of `n` elements (Stockham needs no
//! bit reversal). With `L = V::LANES` complex numbers per register:
//!
//! * the [`Pass::First`] pass (only when `L > 1`) is a radix-`L` pass over the
//!   whole input with stride 1, vectorised across butterflies, whose outputs
//!   are transposed in registers before they are stored;
//! * every later [`Pass::Strided`] pass has a stride `s >= L`, so its loads
//!   and stores are whole registers of consecutive elements, and all lanes of
//!   one register share one twiddle factor (a broadcast).
//!
//! Pass semantics (radix `r`, `m` butterfly groups, stride `s`, sub-length
//! `r*m`, `w = exp(-+2 pi i / (r*m))`):
//! `y[q + s*(r*p + k)] = w^(k*p) * sum_j x[q + s*(p + j*m)] * exp(-+2 pi i j k / r)`.
//! The last pass has `m == 1` (no twiddles), and reads and writes the same
//! indices, so it can run in place; that is how an odd number of passes still
//! ends in the caller's buffer.

use crate::vector::{CVec, Scalar};
use crate::{Complex, FftFloat};

/// One pass over the data (see the module documentation for the index maps).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pass {
    /// Stride-1 radix-`LANES` pass, vectorised across butterflies. Its twiddle
    /// factors `w^(k*p)` live in `Kernel::first_re/first_im` at `(k-1)*m + p`.
    First {
        /// Radix of the pass (equals the vector width in complex numbers).
        radix: usize,
        /// Number of butterfly groups.
        m: usize,
    },
    /// The whole transform when `n == radix^2` and `radix == LANES`: the first
    /// pass, then the final `m == 1` pass on the transposed registers, without
    /// a round trip through memory. Twiddles as in [`Pass::First`] with `m = radix`.
    Square {
        /// Radix of both halves (equals the vector width).
        radix: usize,
    },
    /// Stride-`s` pass vectorised along the stride; twiddles `w^(k*p)` are at
    /// `Kernel::twiddles[tw + p*(radix-1) + k-1]`.
    Strided {
        /// Radix of the pass: 2, 4 or 8.
        radix: usize,
        /// Number of butterfly groups.
        m: usize,
        /// Stride (product of the radices of the earlier passes).
        s: usize,
        /// Offset of this pass's twiddles in `Kernel::twiddles`.
        tw: usize,
    },
}

/// A planned power-of-two transform for one vector width and direction.
#[derive(Debug)]
pub(crate) struct Kernel<T> {
    /// Transform length (a power of two, at least 2).
    pub(crate) n: usize,
    /// `true` for the inverse (`+i`) direction.
    pub(crate) inverse: bool,
    /// The passes, in execution order.
    pub(crate) passes: Vec<Pass>,
    /// Twiddles of the strided passes.
    pub(crate) twiddles: Vec<Complex<T>>,
    /// Twiddles of the first pass as `(re, re)` pairs.
    pub(crate) first_re: Vec<Complex<T>>,
    /// Twiddles of the first pass as `(im, im)` pairs.
    pub(crate) first_im: Vec<Complex<T>>,
}

/// Where a transform reads and writes: pass 0 reads `src`, the last pass
/// writes `dst`, and the passes in between ping-pong through `a` and `b`
/// (the planner hands out 64-byte aligned scratch, so for small sizes only
/// the first loads and the last stores touch the caller's possibly unaligned
/// memory). `src == dst` is allowed (in-place), and so is `b == dst` (two
/// buffers in flight: then an odd pass count ends with the in-place `m == 1`
/// pass). Raw pointers because of that aliasing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Io<T> {
    /// Input, n elements.
    pub(crate) src: *const Complex<T>,
    /// Output, n elements; may equal `src`.
    pub(crate) dst: *mut Complex<T>,
    /// Scratch, n elements, disjoint from the others.
    pub(crate) a: *mut Complex<T>,
    /// Scratch, n elements, disjoint from `src` and `a`; may equal `dst`.
    pub(crate) b: *mut Complex<T>,
}

/// One unit of work for an instruction-set entry point.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Job<'a, T> {
    /// A complex FFT.
    Fft(&'a Kernel<T>, Io<T>),
    /// r2c post-processing in place (see [`crate::realpass::split`]).
    Split {
        /// `h + 1` elements: the `h`-point FFT of the paired samples in `[..h]`.
        out: *mut Complex<T>,
        /// Half the real length.
        h: usize,
        /// Twiddles of the real plan.
        tw: &'a RealTwiddles<T>,
    },
    /// c2r pre-processing (see [`crate::realpass::merge`]).
    Merge {
        /// `h + 1` input bins.
        bins: *const Complex<T>,
        /// `h` outputs, disjoint from `bins`.
        z: *mut Complex<T>,
        /// Half the real length.
        h: usize,
        /// Twiddles of the real plan.
        tw: &'a RealTwiddles<T>,
    },
}

/// Twiddles `exp(-+2 pi i k / n)` for `k = 0..=n/4`, split into `(re, re)`
/// and `(im, im)` pairs for [`CVec::cmul_parts`].
#[derive(Debug)]
pub(crate) struct RealTwiddles<T> {
    /// Real parts, duplicated.
    pub(crate) re: Vec<Complex<T>>,
    /// Imaginary parts, duplicated.
    pub(crate) im: Vec<Complex<T>>,
}

/// Runs `job` with vector type `V`.
///
/// # Safety
/// The pointers in the job are valid for the lengths its documentation gives
/// and do not overlap, an FFT kernel was planned for `V::LANES`, and the CPU
/// supports `V`.
#[inline(always)]
pub(crate) unsafe fn execute<V: CVec>(job: Job<'_, V::T>) {
    match job {
        // SAFETY: forwarded contract.
        Job::Fft(kernel, io) => unsafe { execute_fft::<V>(kernel, io) },
        Job::Split { out, h, tw } => {
            // SAFETY: forwarded contract; the tables hold h/2 + 1 entries.
            unsafe { crate::realpass::split::<V>(out, h, tw.re.as_ptr(), tw.im.as_ptr()) }
        }
        Job::Merge { bins, z, h, tw } => {
            // SAFETY: forwarded contract; the tables hold h/2 + 1 entries.
            unsafe { crate::realpass::merge::<V>(bins, z, h, tw.re.as_ptr(), tw.im.as_ptr()) }
        }
    }
}

#[inline(always)]
unsafe fn execute_fft<V: CVec>(kernel: &Kernel<V::T>, io: Io<V::T>) {
    if kernel.inverse {
        // SAFETY: forwarded contract of this function.
        unsafe { run::<V, true>(kernel, io) }
    } else {
        // SAFETY: forwarded contract of this function.
        unsafe { run::<V, false>(kernel, io) }
    }
}

#[inline(always)]
unsafe fn run<V: CVec, const INV: bool>(kernel: &Kernel<V::T>, io: Io<V::T>) {
    let count = kernel.passes.len();
    let mut from = io.src;
    for (i, pass) in kernel.passes.iter().enumerate() {
        let to = if i + 1 == count {
            io.dst
        } else if i % 2 == 0 {
            io.a
        } else {
            io.b
        };
        debug_assert!(
            from != to.cast_const()
                || matches!(pass, Pass::Strided { m: 1, .. } | Pass::Square { .. })
        );
        // SAFETY: `from` and `to` are distinct n-element buffers, except for a
        // last pass with from == to (src == dst single pass, or b == dst),
        // which has m == 1 or is Square and reads each index before writing it.
        unsafe { run_pass::<V, INV>(kernel, pass, from, to) };
        from = to;
    }
}

#[inline(always)]
unsafe fn run_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    pass: &Pass,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
) {
    match *pass {
        Pass::First { radix, m } => {
            let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
            // SAFETY: the plan sized the first-pass tables (radix-1)*m and
            // `radix == V::LANES`; src/dst hold n = radix*m elements.
            unsafe {
                match radix {
                    2 => first::<V, INV, 2>(src, dst, m, re, im),
                    4 => first::<V, INV, 4>(src, dst, m, re, im),
                    8 => first::<V, INV, 8>(src, dst, m, re, im),
                    _ => unreachable!("first pass radix {radix}"),
                }
            }
        }
        Pass::Square { radix } => {
            let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
            // SAFETY: n = radix^2, the tables hold (radix-1)*radix entries,
            // `radix == V::LANES`; all loads happen before any store, so
            // src == dst is allowed.
            unsafe {
                match radix {
                    2 => square::<V, INV, 2>(src, dst, re, im),
                    4 => square::<V, INV, 4>(src, dst, re, im),
                    8 => square::<V, INV, 8>(src, dst, re, im),
                    _ => unreachable!("square pass radix {radix}"),
                }
            }
        }
        Pass::Strided { radix, m, s, tw } => {
            let tw = kernel.twiddles[tw..].as_ptr();
            // SAFETY: the plan put (radix-1)*m twiddles at `tw`, s is a
            // multiple of V::LANES, and src/dst hold radix*m*s elements.
            unsafe {
                match radix {
                    2 => strided::<V, INV, 2>(src, dst, m, s, tw),
                    4 => strided::<V, INV, 4>(src, dst, m, s, tw),
                    8 => strided::<V, INV, 8>(src, dst, m, s, tw),
                    _ => unreachable!("strided pass radix {radix}"),
                }
            }
        }
    }
}

/// Radix-`R` butterfly on registers: `x[k] <- sum_j x[j] exp(-+2 pi i j k / R)`.
#[inline(always)]
pub(crate) fn butterfly<V: CVec, const INV: bool, const R: usize>(x: &mut [V; R]) {
    let x = x.as_mut_slice();
    match R {
        1 => {}
        2 => butterfly2(x.try_into().expect("radix 2")),
        4 => butterfly4::<V, INV>(x.try_into().expect("radix 4")),
        8 => butterfly8::<V, INV>(x.try_into().expect("radix 8")),
        _ => unreachable!("radix {R}"),
    }
}

#[inline(always)]
fn butterfly2<V: CVec>(x: &mut [V; 2]) {
    let [a, b] = *x;
    *x = [a.add(b), a.sub(b)];
}

#[inline(always)]
fn butterfly4<V: CVec, const INV: bool>(x: &mut [V; 4]) {
    let [a, b, c, d] = *x;
    let (apc, amc) = (a.add(c), a.sub(c));
    let (bpd, bmd) = (b.add(d), b.sub(d).rot::<INV>());
    *x = [apc.add(bpd), amc.add(bmd), apc.sub(bpd), amc.sub(bmd)];
}

#[inline(always)]
fn butterfly8<V: CVec, const INV: bool>(x: &mut [V; 8]) {
    let mut e = [x[0], x[2], x[4], x[6]];
    let mut o = [x[1], x[3], x[5], x[7]];
    butterfly4::<V, INV>(&mut e);
    butterfly4::<V, INV>(&mut o);
    let half = <V::T as crate::float::Sealed>::FRAC_1_SQRT_2;
    // o[k] *= exp(-+2 pi i k / 8)
    let o1 = o[1].add(o[1].rot::<INV>()).scale(half);
    let o2 = o[2].rot::<INV>();
    let o3 = o[3].rot::<INV>().sub(o[3]).scale(half);
    *x = [
        e[0].add(o[0]),
        e[1].add(o1),
        e[2].add(o2),
        e[3].add(o3),
        e[0].sub(o[0]),
        e[1].sub(o1),
        e[2].sub(o2),
        e[3].sub(o3),
    ];
}

#[inline(always)]
fn transpose<V: CVec, const R: usize>(x: &mut [V; R]) {
    let x = x.as_mut_slice();
    match R {
        1 => {}
        2 => V::transpose2(x.try_into().expect("2 rows")),
        4 => V::transpose4(x.try_into().expect("4 rows")),
        8 => V::transpose8(x.try_into().expect("8 rows")),
        _ => unreachable!("transpose of {R} rows"),
    }
}

/// Loads `R` registers from `p`, `p + stride`, ...
///
/// # Safety
/// Every `p + j*stride` (j < R) is valid for `V::LANES` reads; CPU supports `V`.
#[inline(always)]
unsafe fn load_rows<V: CVec, const R: usize>(p: *const Complex<V::T>, stride: usize) -> [V; R] {
    // SAFETY: forwarded contract.
    let mut v = [unsafe { V::zero() }; R];
    for (j, vj) in v.iter_mut().enumerate() {
        // SAFETY: forwarded contract.
        *vj = unsafe { V::load(p.add(j * stride)) };
    }
    v
}

/// Stride-1 radix-`R` pass with `R == V::LANES`.
///
/// # Safety
/// `src`/`dst` valid for `R*m` elements (disjoint), `re`/`im` for `(R-1)*m`,
/// `m` a multiple of `R`, CPU supports `V`.
#[inline(always)]
unsafe fn first<V: CVec, const INV: bool, const R: usize>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    m: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    debug_assert_eq!(R, V::LANES);
    let mut p = 0;
    while p < m {
        // SAFETY: p + j*m + R <= R*m for j < R because p + R <= m.
        let mut v: [V; R] = unsafe { load_rows(src.add(p), m) };
        butterfly::<V, INV, R>(&mut v);
        for (k, vk) in v.iter_mut().enumerate().skip(1) {
            let at = (k - 1) * m + p;
            // SAFETY: at + R <= (R-1)*m, the size of both tables.
            let (wr, wi) = unsafe { (V::load(re.add(at)), V::load(im.add(at))) };
            *vk = vk.cmul_parts(wr, wi);
        }
        transpose::<V, R>(&mut v);
        for (i, vi) in v.iter().enumerate() {
            // SAFETY: R*(p+i) + R <= R*m.
            unsafe { vi.store(dst.add(R * (p + i))) };
        }
        p += R;
    }
}

/// A whole `R*R`-point transform in registers (see [`Pass::Square`]).
///
/// # Safety
/// `src`/`dst` valid for `R*R` elements (identical or disjoint), `re`/`im`
/// for `(R-1)*R`, `R == V::LANES`, CPU supports `V`.
#[inline(always)]
unsafe fn square<V: CVec, const INV: bool, const R: usize>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    // SAFETY: rows j*R .. j*R + R for j < R are inside the R*R elements.
    let mut v: [V; R] = unsafe { load_rows(src, R) };
    butterfly::<V, INV, R>(&mut v);
    for (k, vk) in v.iter_mut().enumerate().skip(1) {
        let at = (k - 1) * R;
        // SAFETY: at + R <= (R-1)*R, the size of both tables.
        let (wr, wi) = unsafe { (V::load(re.add(at)), V::load(im.add(at))) };
        *vk = vk.cmul_parts(wr, wi);
    }
    transpose::<V, R>(&mut v);
    butterfly::<V, INV, R>(&mut v);
    for (k, vk) in v.iter().enumerate() {
        // SAFETY: R*k + R <= R*R.
        unsafe { vk.store(dst.add(R * k)) };
    }
}

/// Transforms of 2, 4 or 8 points with scalar butterflies and no dispatch.
pub(crate) fn tiny<T: FftFloat>(buf: &mut [Complex<T>], inverse: bool) {
    match (buf.len(), inverse) {
        (2, _) => tiny_r::<T, false, 2>(buf),
        (4, false) => tiny_r::<T, false, 4>(buf),
        (4, true) => tiny_r::<T, true, 4>(buf),
        (8, false) => tiny_r::<T, false, 8>(buf),
        (8, true) => tiny_r::<T, true, 8>(buf),
        (n, _) => unreachable!("tiny transform of {n} points"),
    }
}

#[inline(always)]
fn tiny_r<T: FftFloat, const INV: bool, const R: usize>(buf: &mut [Complex<T>]) {
    let mut v: [Scalar<T>; R] = std::array::from_fn(|i| Scalar(buf[i]));
    butterfly::<Scalar<T>, INV, R>(&mut v);
    for (b, s) in buf.iter_mut().zip(v) {
        *b = s.0;
    }
}

/// Radix-`R` pass with stride `s`, vectorised along the stride.
///
/// # Safety
/// `src`/`dst` valid for `R*m*s` elements (either disjoint or, when `m == 1`,
/// identical), `tw` for `(R-1)*m`, `s` a multiple of `V::LANES`, CPU supports `V`.
#[inline(always)]
unsafe fn strided<V: CVec, const INV: bool, const R: usize>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    m: usize,
    s: usize,
    tw: *const Complex<V::T>,
) {
    let ms = m * s;
    for p in 0..m {
        // SAFETY: s*p + q + j*ms < R*m*s and R*s*p + q + k*s < R*m*s for q < s.
        let (x, y) = unsafe { (src.add(s * p), dst.add(R * s * p)) };
        if p == 0 {
            let mut q = 0;
            while q < s {
                // SAFETY: see above; q + LANES <= s.
                let mut v: [V; R] = unsafe { load_rows(x.add(q), ms) };
                butterfly::<V, INV, R>(&mut v);
                for (k, vk) in v.iter().enumerate() {
                    // SAFETY: see above.
                    unsafe { vk.store(y.add(q + k * s)) };
                }
                q += V::LANES;
            }
        } else {
            let base = p * (R - 1);
            // SAFETY: creating zeros needs only the CPU support of our contract.
            let zero = unsafe { V::zero() };
            let mut w = [(zero, zero); R];
            for (k, wk) in w.iter_mut().enumerate().skip(1) {
                // SAFETY: base + k - 1 < (R-1)*m.
                *wk = unsafe { V::splat_parts(tw.add(base + k - 1)) };
            }
            let mut q = 0;
            while q < s {
                // SAFETY: see above; q + LANES <= s.
                let mut v: [V; R] = unsafe { load_rows(x.add(q), ms) };
                butterfly::<V, INV, R>(&mut v);
                for (k, vk) in v.iter().enumerate() {
                    let out = if k == 0 {
                        *vk
                    } else {
                        vk.cmul_parts(w[k].0, w[k].1)
                    };
                    // SAFETY: see above.
                    unsafe { out.store(y.add(q + k * s)) };
                }
                q += V::LANES;
            }
        }
    }
}
