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

//! * small transforms, `n = L * rows` with `rows` registers that fit the
//!   register file (up to 32 with AVX-512), run as one [`Pass::Block`]: the
//!   first pass, then a radix-`rows` butterfly (8, 16 or 32 points, written
//!   out as 4 x 4 and 4 x 8 with constant twiddles) across the transposed
//!   registers, one load and one store per element.
//! * arrays too big for L2 with their scratch end in a [`Pass::Columns`]: the
//!   last passes run on one block of adjacent columns at a time, in cache,
//!   so they cost one read and one write of the array instead of one each
//!   per pass.
//! * arrays past 8 MiB run as a [`Pass::Outer`]: a radix-8 pass over the
//!   columns, eight contiguous sub-transforms in cache, and an interleave
//!   ([`crate::outer`]).
//!
//! Pass semantics (radix `r`, `m` butterfly groups, stride `s`, sub-length
//! `r*m`, `w = exp(-+2 pi i / (r*m))`):
//! `y[q + s*(r*p + k)] = w^(k*p) * sum_j x[q + s*(p + j*m)] * exp(-+2 pi i j k / r)`.
//! The last pass has `m == 1` (no twiddles), and reads and writes the same
//! indices, so it can run in place; that is how an odd number of passes still
//! ends in the caller's buffer.

use cadenza_simd::Level;

use crate::vector::{CVec, Scalar};
use crate::{Complex, FftFloat};

/// `unrolled!(N, |k| body)` runs `body` for `k = 0..N` (`N <= 32`) as
/// straight-line code, so arrays of registers indexed by `k` stay in
/// registers: LLVM does not always fully unroll 16- or 32-trip loops around
/// butterfly-sized bodies, and a register array indexed in a loop lives on
/// the stack. A macro, not a closure: a closure is a function of its own
/// without the entry point's `#[target_feature]`s, so the intrinsics in it
/// would not be inlined.
macro_rules! unrolled {
    ($n:expr, |$k:ident| $body:block) => {
        unrolled!(@ $n, $k, $body, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31)
    };
    (@ $n:expr, $k:ident, $body:block, $($i:literal)*) => {
        const { assert!($n <= 32) };
        // Unoptimised builds keep a stack slot per copy: a plain loop there.
        #[cfg(debug_assertions)]
        for $k in 0..$n {
            $body
        }
        #[cfg(not(debug_assertions))]
        {
            $(
                if $i < $n {
                    let $k: usize = $i;
                    $body
                }
            )*
        }
    };
}
// The x86_64 row codelets use it too.
#[cfg(target_arch = "x86_64")]
pub(crate) use unrolled;

/// One pass over the data (see the module documentation for the index maps).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pass {
    /// Stride-1 pass vectorised across butterflies (`LANES` at a time). Its twiddle
    /// factors `w^(k*p)` live in `Kernel::first_re/first_im` at `(k-1)*m + p`,
    /// or, when `factored`, as the product of the lane factor `w^(k*l)` at
    /// `first_re/first_im[(k-1)*LANES + l]` and the group factor
    /// `w^(k*LANES*g)` at `first_base[(k-1)*m/LANES + g]` (`p = LANES*g + l`).
    First {
        /// Radix of the pass: the vector width in complex numbers, or twice
        /// that with 2 or 4 lanes (see `stockham::first_radix`).
        radix: usize,
        /// Number of butterfly groups.
        m: usize,
        /// Twiddles as lane factor times group factor (see [`Kernel::first_base`]).
        factored: bool,
    },
    /// The whole transform in registers when `n == radix * rows`, `radix ==
    /// LANES` and `rows` registers fit the register file: the first pass with
    /// `m = rows`, then the final `m == 1` radix-`rows` pass along the
    /// transposed registers, without a round trip through memory. Twiddles as
    /// in [`Pass::First`] with `m = rows`.
    Block {
        /// Radix of the first half (equals the vector width).
        radix: usize,
        /// Radix of the second half: registers in flight, a multiple of `radix`.
        rows: usize,
    },
    /// Two consecutive [`Pass::Strided`] passes in one sweep over memory
    /// (arrays of 16 MiB and more, see `stockham::PAIR_BYTES`): for each
    /// group `p2` of the second pass and each chunk of `q`, the first pass's
    /// butterflies that feed it (groups `p2 + m2*j2`) write a tile in scratch
    /// ([`Io::tile`]), and the second pass reads it from there. Each pass
    /// keeps its own twiddles, as two `Strided` passes would.
    Pair {
        /// The first pass: radix, groups, stride and twiddle offset.
        a: Strided,
        /// The second pass (`s = a.s * a.radix`, `m = a.m / radix`).
        b: Strided,
    },
    /// Stride-`s` pass vectorised along the stride (see [`Strided`]).
    Strided(Strided),
    /// The remaining passes, [`Kernel::columns`], one block of columns at a
    /// time (always the last pass). After the passes before it the stride
    /// is `stride`, and what is left is an independent `n/stride`-point
    /// transform for each of the `stride` residues `c` (the column of
    /// elements `c + stride*t`). For each block of `width` adjacent columns
    /// the first of the remaining passes reads the block from the array,
    /// the middle ones run between two buffers of `width * n/stride`
    /// elements that stay in cache ([`Io::tile`]), and the last one writes
    /// the block back to the same positions of the output, so the array is
    /// read and written once for all of them instead of once per pass
    /// (see `stockham::COLUMN_BLOCK_BYTES`).
    Columns {
        /// Adjacent columns per block, a multiple of the vector width.
        width: usize,
        /// Stride of the passes before (the number of columns).
        stride: usize,
    },
    /// The whole transform of an array past the last-level cache as a
    /// radix-`radix` pass over its columns, `radix` contiguous `m`-point
    /// sub-transforms in cache ([`Kernel::inner`]) and an interleave (see
    /// [`crate::outer`]). Always the only pass; its twiddles are factored
    /// as in [`Pass::First`].
    Outer {
        /// Radix of the column pass (the number of sub-transforms).
        radix: usize,
        /// Length of each sub-transform (`n / radix`).
        m: usize,
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
    /// Group factors of a factored first pass (empty otherwise). The full
    /// first-pass tables hold `2 (LANES-1) m` complex numbers, 1.75x the data
    /// itself for `f32` at AVX-512, and every transform streams them once; the
    /// factored form needs `(LANES-1) (2 LANES + m/LANES)` and one more complex
    /// multiply per twiddle.
    pub(crate) first_base: Vec<Complex<T>>,
    /// The passes a [`Pass::Columns`] runs on each block of `width` columns,
    /// with strides as in the block buffer (`s * width / stride`, so the
    /// first has stride `width`); their twiddles are in
    /// [`twiddles`](Self::twiddles) at the offsets of the full passes.
    /// Empty without a `Columns` pass.
    pub(crate) columns: Vec<Strided>,
    /// The sub-transforms' kernel of a [`Pass::Outer`] (never itself an
    /// `Outer`), `None` otherwise.
    pub(crate) inner: Option<Box<Kernel<T>>>,
}

impl<T> Kernel<T> {
    /// Whether the whole transform is one [`Pass::Block`] in registers.
    pub(crate) fn is_block(&self) -> bool {
        matches!(self.passes[..], [Pass::Block { .. }])
    }

    /// Scratch elements the [`Pass::Pair`]s need for their tile and a
    /// [`Pass::Columns`] for its two block buffers (0 without either).
    pub(crate) fn tile_len(&self) -> usize {
        self.passes
            .iter()
            .map(|p| match *p {
                Pass::Pair { .. } => PAIR_TILE,
                Pass::Columns { width, stride } => 2 * width * (self.n / stride),
                Pass::Outer { .. } => self.inner.as_ref().map_or(0, |k| k.tile_len()),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
}

/// One stride-`s` pass ([`Pass::Strided`], or half of a [`Pass::Pair`]);
/// its twiddles `w^(k*p)` are at `Kernel::twiddles[tw + p*(radix-1) + k-1]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Strided {
    /// Radix of the pass: 2, 4, 8 or 16 (4 or 8 in a pair).
    pub(crate) radix: usize,
    /// Number of butterfly groups.
    pub(crate) m: usize,
    /// Stride (product of the radices of the earlier passes).
    pub(crate) s: usize,
    /// Offset of this pass's twiddles in `Kernel::twiddles`.
    pub(crate) tw: usize,
}

/// Where a transform reads and writes: pass 0 reads `src`, the last pass
/// writes `dst`, and the passes in between ping-pong through `a` and `b`
/// (the planner hands out 64-byte aligned scratch, so for small sizes only
/// the first loads and the last stores touch the caller's possibly unaligned
/// memory). `src == dst` is allowed (in-place), and so is `b == dst` (two
/// buffers in flight: then an odd pass count ends with the in-place `m == 1`
/// pass). A third layout needs no scratch at all when the input may be
/// overwritten: `a == dst` and `b == src` (every pass but the last moves
/// between the two buffers, and the last one, always `m == 1` or a
/// [`Pass::Block`], runs in place when it starts in `dst`). Raw pointers
/// because of that aliasing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Io<T> {
    /// Input, n elements.
    pub(crate) src: *const Complex<T>,
    /// Output, n elements; may equal `src`.
    pub(crate) dst: *mut Complex<T>,
    /// Scratch, n elements, disjoint from the others (or equal to `dst` in
    /// the clobbering layout).
    pub(crate) a: *mut Complex<T>,
    /// Scratch, n elements, disjoint from `src` and `a`; may equal `dst` (or
    /// `src` in the clobbering layout).
    pub(crate) b: *mut Complex<T>,
    /// The [`Pass::Pair`] tile or the [`Pass::Columns`] block buffers,
    /// [`Kernel::tile_len`] elements disjoint from all the others (dangling
    /// when that is 0).
    pub(crate) tile: *mut Complex<T>,
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
        /// `h` outputs, disjoint from `bins` or equal to it (in place).
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

/// Runs `job` with vector type `V`. With `SMALL` and `ROWS == 0` only
/// splits and merges are compiled in, with `SMALL` and `ROWS > 0` only FFTs
/// whose kernel is one [`Pass::Block`] of `ROWS` rows, so each entry point
/// that instantiates it keeps the stack frame its own job needs (see
/// [`crate::float::Sealed::execute_block`]).
///
/// # Safety
/// The pointers in the job are valid for the lengths its documentation gives
/// and do not overlap, an FFT kernel was planned for `V::LANES`, and the CPU
/// supports `V`; with `SMALL` the job is one of the kinds above.
#[inline(always)]
pub(crate) unsafe fn execute<V: CVec, const SMALL: bool, const ROWS: usize>(job: Job<'_, V::T>) {
    match job {
        Job::Fft(kernel, io) if SMALL => {
            let [Pass::Block { radix, rows }] = kernel.passes[..] else {
                unreachable!("not a block kernel")
            };
            assert!(
                ROWS > 0 && rows == ROWS,
                "block of {rows} rows in entry for {ROWS}"
            );
            // SAFETY: forwarded contract: a one-pass kernel reads `src` and
            // writes `dst`, which may be equal for a block.
            unsafe {
                if kernel.inverse {
                    block_pass::<V, true>(kernel, radix, ROWS, io.src, io.dst)
                } else {
                    block_pass::<V, false>(kernel, radix, ROWS, io.src, io.dst)
                }
            }
        }
        // SAFETY: forwarded contract.
        Job::Fft(kernel, io) => unsafe { execute_fft::<V>(kernel, io) },
        Job::Split { .. } | Job::Merge { .. } if SMALL && ROWS > 0 => {
            unreachable!("real pass in a block entry")
        }
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

/// Runs `kernel` as `io` says: its passes, or for a [`Pass::Outer`] the
/// column pass, the sub-transforms and the interleave (one call site of
/// [`run_passes`] either way, so each entry point inlines it once).
#[inline(always)]
unsafe fn run<V: CVec, const INV: bool>(kernel: &Kernel<V::T>, io: Io<V::T>) {
    let outer = match (&kernel.passes[..], kernel.inner.as_deref()) {
        ([Pass::Outer { radix, m }], Some(inner)) => Some((*radix, *m, inner)),
        _ => None,
    };
    let (target, count) = outer.map_or((kernel, 1), |(radix, _, inner)| (inner, radix));
    if let Some((radix, m, _)) = outer {
        // SAFETY: forwarded contract; the plan built the outer kernel's
        // factored tables for `radix` and `m`.
        unsafe { crate::outer::columns::<V, INV>(kernel, radix, m, io) };
    }
    for r in 0..count {
        let io = match outer {
            Some((_, m, _)) => crate::outer::row_io(io, r, m),
            None => io,
        };
        // SAFETY: forwarded contract; an outer kernel's sub-transforms
        // run on rows of m elements of buffers that hold n = radix*m.
        unsafe { run_passes::<V, INV>(target, io) };
    }
    if let Some((radix, m, _)) = outer {
        // SAFETY: forwarded contract.
        unsafe { crate::outer::interleave::<V>(radix, m, io) };
    }
}

/// Runs the passes of `kernel`, which has no [`Pass::Outer`], as `io` says.
///
/// # Safety
/// As [`execute`].
#[inline(always)]
unsafe fn run_passes<V: CVec, const INV: bool>(kernel: &Kernel<V::T>, io: Io<V::T>) {
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
                || matches!(
                    pass,
                    Pass::Strided(Strided { m: 1, .. }) | Pass::Block { .. } | Pass::Columns { .. }
                )
        );
        // SAFETY: `from` and `to` are distinct n-element buffers, except for a
        // last pass with from == to (src == dst single pass, b == dst, or the
        // clobbering layout a == dst), which has m == 1, is a Block or is
        // Columns and reads each index before writing it.
        unsafe { run_pass::<V, INV>(kernel, pass, from, to, io.tile) };
        from = to;
    }
}

#[inline(always)]
unsafe fn run_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    pass: &Pass,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    tile: *mut Complex<V::T>,
) {
    match *pass {
        Pass::First { radix, m, factored } => {
            // SAFETY: forwarded contract.
            if unsafe { crate::fixed::first_pass::<V, INV>(kernel, (radix, m, factored), src, dst) }
            {
                return;
            }
            let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
            let base = kernel.first_base.as_ptr();
            // SAFETY: the plan sized the first-pass tables for `factored`
            // ((radix-1)*m entries, or (radix-1)*LANES lane and
            // (radix-1)*m/LANES group factors), `radix` is a multiple of
            // V::LANES; src/dst hold n = radix*m elements.
            unsafe {
                match (radix, factored) {
                    (2, false) => first::<V, INV, 2, false, true>(src, dst, m, re, im, base),
                    (4, false) => first::<V, INV, 4, false, true>(src, dst, m, re, im, base),
                    (8, false) => first::<V, INV, 8, false, true>(src, dst, m, re, im, base),
                    (2, true) => first::<V, INV, 2, true, true>(src, dst, m, re, im, base),
                    (4, true) => first::<V, INV, 4, true, true>(src, dst, m, re, im, base),
                    (8, true) => first::<V, INV, 8, true, true>(src, dst, m, re, im, base),
                    _ => unreachable!("first pass radix {radix}"),
                }
            }
        }
        Pass::Block { radix, rows } => {
            // SAFETY: forwarded contract.
            unsafe { block_pass::<V, INV>(kernel, radix, rows, src, dst) }
        }
        Pass::Pair { a, b } => {
            let (ta, tb) = (
                kernel.twiddles[a.tw..].as_ptr(),
                kernel.twiddles[b.tw..].as_ptr(),
            );
            debug_assert!(b.s == a.s * a.radix && b.m * b.radix == a.m);
            let (src, dst) = (src, (dst, tile));
            // SAFETY: the plan put each pass's twiddles at its offset, s is a
            // multiple of V::LANES, src/dst hold a.radix*a.m*a.s elements and
            // are distinct (a pair is never the last, in-place pass), and the
            // kernel has pairs, so `tile` holds PAIR_TILE elements.
            unsafe {
                match (a.radix, b.radix) {
                    (4, 4) => pair::<V, INV, 4, 4>(src, dst, a.m, a.s, ta, tb),
                    (4, 8) => pair::<V, INV, 4, 8>(src, dst, a.m, a.s, ta, tb),
                    (8, 8) => pair::<V, INV, 8, 8>(src, dst, a.m, a.s, ta, tb),
                    _ => unreachable!("pass pair {} x {}", a.radix, b.radix),
                }
            }
        }
        Pass::Strided(Strided { radix, m, s, tw }) => {
            // SAFETY: forwarded contract.
            if unsafe { crate::fixed::strided::<V, INV>(kernel, (radix, m, s), tw, src, dst) } {
                return;
            }
            // SAFETY: the plan put (radix-1)*m twiddles at `tw`, s is a
            // multiple of V::LANES, and src/dst hold radix*m*s elements:
            // the plain layout's rows s*p + j*m*s and radix*s*p + k*s, runs
            // of s elements, lie inside them (either disjoint or, when
            // m == 1, identical).
            unsafe {
                let layout = Layout::plain(radix, m, s);
                mapped_pass::<V, INV>(kernel, radix, m, tw, src, dst, layout)
            }
        }
        Pass::Columns { width, stride } => {
            // SAFETY: forwarded contract; a kernel with a Columns pass has
            // a tile of 2*width*n/stride elements.
            unsafe { columns::<V, INV>(kernel, width, stride, src, dst, tile) }
        }
        Pass::Outer { .. } => unreachable!("an outer pass is run by `run`"),
    }
}

/// The [`Pass::Columns`] of `kernel`: for each block of `width` adjacent
/// columns (elements `q0 + c + stride*t`, `c < width`, `t < n/stride`),
/// runs [`Kernel::columns`] with the block as rows of `width` in `tile`:
/// the first pass reads the columns straight from `src`, the passes ping-pong
/// between `tile` and `tile + width*n/stride`, and the last one (`m == 1`)
/// writes the block back to the same positions in `dst`. Each block is read
/// whole by the first pass before the last writes it, so `src == dst` is
/// allowed.
///
/// # Safety
/// `src`/`dst` valid for `n` elements (disjoint or identical), `tile` for
/// `2*width*n/stride` and disjoint from both, `width` a multiple of
/// `V::LANES` dividing `stride`, the column passes planned for a block of
/// `width*n/stride` elements; CPU supports `V`.
#[cfg_attr(debug_assertions, inline(never))] // see `first`
#[cfg_attr(not(debug_assertions), inline(always))]
unsafe fn columns<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    width: usize,
    stride: usize,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    tile: *mut Complex<V::T>,
) {
    let len = width * (kernel.n / stride);
    let count = kernel.columns.len();
    debug_assert!(width.is_multiple_of(V::LANES) && stride.is_multiple_of(width));
    for q0 in (0..stride).step_by(width) {
        // SAFETY: the tile holds two buffers of `len` elements.
        let (mut from, mut to) = (tile, unsafe { tile.add(len) });
        for (i, &Strided { radix, m, s, tw }) in kernel.columns.iter().enumerate() {
            // Pass 0 reads the block's columns in place: block row t is
            // array row t (pitch `stride`) from column q0.
            let (x, pitch) = if i == 0 {
                // SAFETY: q0 < stride <= n.
                (unsafe { src.add(q0) }, stride)
            } else {
                (from.cast_const(), s)
            };
            if i + 1 < count {
                let layout = Layout {
                    src_group: pitch,
                    src_row: pitch * m,
                    ..Layout::plain(radix, m, s)
                };
                // SAFETY: block element q + s*(p + j*m) is x + q +
                // pitch*(p + j*m), inside src or the block buffer; the
                // output block buffer `to` holds len = radix*m*s elements.
                unsafe { column_pass::<V, INV>(kernel, radix, m, tw, x, to, layout) };
                (from, to) = (to, from);
            } else {
                // Block columns hi*width.. (s = width*u) are array rows
                // hi + u*k, from column q0.
                debug_assert!(m == 1 && s.is_multiple_of(width));
                let u = s / width;
                let layout = Layout {
                    src_group: 0,
                    src_row: pitch,
                    dst_group: 0,
                    dst_row: stride * u,
                    len: width,
                };
                for hi in 0..u {
                    // SAFETY: the block's element hi*width + c + s*j (pass 0
                    // only when u == 1) and array element q0 + c +
                    // stride*(hi + u*k) lie inside their buffers for
                    // c < width, j, k < radix.
                    unsafe {
                        let (x, y) = (x.add(hi * width), dst.add(q0 + stride * hi));
                        column_pass::<V, INV>(kernel, radix, 1, tw, x, y, layout);
                    }
                }
            }
        }
    }
}

/// Where a strided pass reads and writes, in elements: group `p` reads its
/// rows `j` at `src + src_group*p + src_row*j` and writes its rows `k` at
/// `dst + dst_group*p + dst_row*k`, `len` elements per row. A plain stride-`s`
/// pass is `(s, m*s, R*s, s, s)`; a [`Pass::Columns`] block reads or writes
/// the array in place.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) src_group: usize,
    pub(crate) src_row: usize,
    pub(crate) dst_group: usize,
    pub(crate) dst_row: usize,
    pub(crate) len: usize,
}

impl Layout {
    /// A [`Pass::Strided`] pass of radix `r`, `m` groups and stride `s`
    /// from one whole array to another (or in place when `m == 1`).
    pub(crate) fn plain(r: usize, m: usize, s: usize) -> Self {
        Layout {
            src_group: s,
            src_row: m * s,
            dst_group: r * s,
            dst_row: s,
            len: s,
        }
    }
}

/// [`mapped_pass`] for a pass of a [`Pass::Columns`] block: with the
/// shape as constants when it is one of [`crate::fixed::column`]'s.
///
/// # Safety
/// As [`mapped_pass`].
#[inline(always)]
unsafe fn column_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    radix: usize,
    m: usize,
    tw: usize,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    layout: Layout,
) {
    // SAFETY: forwarded contract.
    unsafe {
        if !crate::fixed::column::<V, INV>(kernel, (radix, m, tw), src, dst, layout) {
            mapped_pass::<V, INV>(kernel, radix, m, tw, src, dst, layout);
        }
    }
}

/// A radix-`radix` pass of `m` groups with twiddles at `tw` in `kernel`'s
/// table, laid out as `layout` says.
///
/// # Safety
/// Every row `layout` gives lies inside `src`/`dst`, which are disjoint
/// unless `m == 1` and the rows coincide; `layout.len` is a multiple of
/// `V::LANES`; the table holds `(radix-1)*m` twiddles at `tw`; CPU supports `V`.
#[inline(always)]
unsafe fn mapped_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    radix: usize,
    m: usize,
    tw: usize,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    layout: Layout,
) {
    let tw = kernel.twiddles[tw..].as_ptr();
    // SAFETY: forwarded contract.
    unsafe {
        match radix {
            2 => mapped::<V, INV, 2>(src, dst, m, tw, layout),
            4 => mapped::<V, INV, 4>(src, dst, m, tw, layout),
            8 => mapped::<V, INV, 8>(src, dst, m, tw, layout),
            16 => mapped::<V, INV, 16>(src, dst, m, tw, layout),
            _ => unreachable!("strided pass radix {radix}"),
        }
    }
}

/// The [`Pass::Block`] of `kernel` (`radix * rows` points).
///
/// # Safety
/// As [`run_pass`].
#[inline(always)]
unsafe fn block_pass<V: CVec, const INV: bool>(
    kernel: &Kernel<V::T>,
    radix: usize,
    rows: usize,
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
) {
    let (re, im) = (kernel.first_re.as_ptr(), kernel.first_im.as_ptr());
    // SAFETY: n = radix*rows, the tables hold (radix-1)*rows entries,
    // `radix == V::LANES`; all loads happen before any store, so
    // src == dst is allowed.
    unsafe {
        match (radix, rows) {
            (2, 8) if V::LANES == 2 => block::<V, INV, 2, 8>(src, dst, re, im),
            (2, 16) if V::LANES == 2 => block::<V, INV, 2, 16>(src, dst, re, im),
            (4, 4) if V::LANES == 4 => block::<V, INV, 4, 4>(src, dst, re, im),
            (4, 8) if V::LANES == 4 => block::<V, INV, 4, 8>(src, dst, re, im),
            (4, 16) if V::LANES == 4 => block::<V, INV, 4, 16>(src, dst, re, im),
            (4, 32) if V::LANES == 4 => block::<V, INV, 4, 32>(src, dst, re, im),
            (8, 8) if V::LANES == 8 => block::<V, INV, 8, 8>(src, dst, re, im),
            (8, 16) if V::LANES == 8 => block::<V, INV, 8, 16>(src, dst, re, im),
            (8, 32) if V::LANES == 8 => block::<V, INV, 8, 32>(src, dst, re, im),
            _ => unreachable!("block pass {radix} x {rows}"),
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
        16 => butterfly16::<V, INV>(x.try_into().expect("radix 16")),
        32 => butterfly32::<V, INV>(x.try_into().expect("radix 32")),
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

/// The 8-point butterfly, arranged for a short dependency chain: the even
/// samples through [`butterfly4`], and with `a = x1 - x5`, `q = x3 - x7`,
/// `r = rot(a + q)` the twiddled odd terms are `c (a - q + r)` and
/// `c (r - a + q)`, `c = 1/sqrt 2` (three additions and a multiply deep
/// instead of five, and two rotations fewer; session 7).
#[inline(always)]
fn butterfly8<V: CVec, const INV: bool>(x: &mut [V; 8]) {
    let mut e = [x[0], x[2], x[4], x[6]];
    butterfly4::<V, INV>(&mut e);
    let (a, q) = (x[1].sub(x[5]), x[3].sub(x[7]));
    let (s0, s2) = (x[1].add(x[5]), x[3].add(x[7]));
    let (m, r) = (a.sub(q), a.add(q).rot::<INV>());
    let half = <V::T as crate::float::Sealed>::FRAC_1_SQRT_2;
    let o = [
        s0.add(s2),
        m.add(r).scale(half),
        s0.sub(s2).rot::<INV>(),
        r.sub(m).scale(half),
    ];
    *x = [
        e[0].add(o[0]),
        e[1].add(o[1]),
        e[2].add(o[2]),
        e[3].add(o[3]),
        e[0].sub(o[0]),
        e[1].sub(o[1]),
        e[2].sub(o[2]),
        e[3].sub(o[3]),
    ];
}

/// `cos(2 pi e / 256)` for `e = 0..=64`: the constant twiddles of the
/// radix-16 and radix-32 butterflies and of the row codelets of up to 256
/// points (the other octants follow by symmetry).
const COS_256: [f64; 65] = [
    1.0,
    0.9996988186962042,
    0.9987954562051724,
    0.9972904566786902,
    0.9951847266721969,
    0.99247953459871,
    0.989176509964781,
    0.9852776423889412,
    0.9807852804032304,
    0.9757021300385286,
    0.970031253194544,
    0.9637760657954398,
    0.9569403357322088,
    0.9495281805930367,
    0.9415440651830208,
    0.932992798834739,
    0.9238795325112867,
    0.9142097557035307,
    0.9039892931234433,
    0.8932243011955153,
    0.881921264348355,
    0.8700869911087115,
    0.8577286100002721,
    0.8448535652497071,
    0.8314696123025452,
    0.8175848131515837,
    0.8032075314806449,
    0.7883464276266063,
    0.773010453362737,
    0.7572088465064846,
    0.7409511253549591,
    0.724247082951467,
    std::f64::consts::FRAC_1_SQRT_2,
    0.6895405447370669,
    0.6715589548470183,
    0.6531728429537768,
    0.6343932841636455,
    0.6152315905806268,
    0.5956993044924335,
    0.5758081914178453,
    0.5555702330196023,
    0.5349976198870973,
    0.5141027441932217,
    0.4928981922297841,
    0.4713967368259978,
    0.4496113296546066,
    0.4275550934302822,
    0.40524131400498986,
    0.38268343236508984,
    0.3598950365349883,
    0.33688985339222005,
    0.3136817403988916,
    0.29028467725446233,
    0.2667127574748984,
    0.24298017990326398,
    0.21910124015686977,
    0.19509032201612833,
    0.17096188876030136,
    0.14673047445536175,
    0.12241067519921628,
    0.09801714032956077,
    0.07356456359966745,
    0.049067674327418126,
    0.024541228522912264,
    0.0,
];

/// `x` rounded to `T`.
#[inline(always)]
pub(crate) fn float<T: FftFloat>(x: f64) -> T {
    T::from_f64(x).unwrap_or_else(T::zero)
}

/// `cos(2 pi e / 256)` for any `e`, from [`COS_256`].
#[inline(always)]
pub(crate) fn cos_256(e: usize) -> f64 {
    let e = e % 256;
    match e {
        0..=64 => COS_256[e],
        65..=128 => -COS_256[128 - e],
        129..=192 => -COS_256[e - 128],
        _ => COS_256[256 - e],
    }
}

/// `cos(2 pi e / 32)` for any `e`.
#[inline(always)]
pub(crate) fn cos_32(e: usize) -> f64 {
    cos_256(8 * (e % 32))
}

/// `v * exp(-+2 pi i e / r)` for a compile-time `e` and `r` dividing 32; the
/// multiples of `pi/4` cost no multiplication (or one scale).
#[inline(always)]
fn mul_root<V: CVec, const INV: bool>(v: V, e: usize, r: usize) -> V {
    let e32 = (e * (32 / r)) % 32;
    let half = <V::T as crate::float::Sealed>::FRAC_1_SQRT_2;
    match e32 {
        0 => v,
        8 => v.rot::<INV>(),
        16 => v.scale(float::<V::T>(-1.0)),
        24 if INV => v.rot::<false>(),
        24 => v.rot::<true>(),
        4 => v.add(v.rot::<INV>()).scale(half),
        12 => v.rot::<INV>().sub(v).scale(half),
        _ => {
            let c = cos_32(e32);
            let s = cos_32(e32 + 24); // sin(2 pi e32 / 32)
            let im = if INV { s } else { -s };
            let w = Complex::new(float::<V::T>(c), float::<V::T>(im));
            // SAFETY: `w` is a local; a register value exists (`v`), so the
            // CPU supports `V`.
            let (wr, wi) = unsafe { V::splat_parts(&w) };
            v.cmul_parts(wr, wi)
        }
    }
}

/// One column of a radix-`4*R2` butterfly split as `R2` radix-4 butterflies
/// then radix-`R2` ones: the radix-4 butterfly of `x[j2 + R2*j1]` (`j1 < 4`)
/// and its twiddles `exp(-+2 pi i j2 k1 / r)`. `j2` and `r` are constants
/// after inlining, so the twiddles fold to cheap rotations or broadcasts.
#[inline(always)]
fn column4<V: CVec, const INV: bool>(mut c: [V; 4], j2: usize, r: usize) -> [V; 4] {
    butterfly4::<V, INV>(&mut c);
    [
        c[0],
        mul_root::<V, INV>(c[1], j2, r),
        mul_root::<V, INV>(c[2], 2 * j2, r),
        mul_root::<V, INV>(c[3], 3 * j2, r),
    ]
}

/// Radix-16 butterfly as 4 x 4 (`j = 4*j1 + j2`, `k = k1 + 4*k2`), written
/// out without loops so every value stays in a register.
#[inline(always)]
fn butterfly16<V: CVec, const INV: bool>(x: &mut [V; 16]) {
    let c0 = column4::<V, INV>([x[0], x[4], x[8], x[12]], 0, 16);
    let c1 = column4::<V, INV>([x[1], x[5], x[9], x[13]], 1, 16);
    let c2 = column4::<V, INV>([x[2], x[6], x[10], x[14]], 2, 16);
    let c3 = column4::<V, INV>([x[3], x[7], x[11], x[15]], 3, 16);
    let mut r0 = [c0[0], c1[0], c2[0], c3[0]];
    let mut r1 = [c0[1], c1[1], c2[1], c3[1]];
    let mut r2 = [c0[2], c1[2], c2[2], c3[2]];
    let mut r3 = [c0[3], c1[3], c2[3], c3[3]];
    butterfly4::<V, INV>(&mut r0);
    butterfly4::<V, INV>(&mut r1);
    butterfly4::<V, INV>(&mut r2);
    butterfly4::<V, INV>(&mut r3);
    *x = [
        r0[0], r1[0], r2[0], r3[0], r0[1], r1[1], r2[1], r3[1], r0[2], r1[2], r2[2], r3[2], r0[3],
        r1[3], r2[3], r3[3],
    ];
}

/// Radix-32 butterfly as 4 x 8 (`j = 8*j1 + j2`, `k = k1 + 4*k2`), written
/// out without loops.
#[inline(always)]
fn butterfly32<V: CVec, const INV: bool>(x: &mut [V; 32]) {
    let c0 = column4::<V, INV>([x[0], x[8], x[16], x[24]], 0, 32);
    let c1 = column4::<V, INV>([x[1], x[9], x[17], x[25]], 1, 32);
    let c2 = column4::<V, INV>([x[2], x[10], x[18], x[26]], 2, 32);
    let c3 = column4::<V, INV>([x[3], x[11], x[19], x[27]], 3, 32);
    let c4 = column4::<V, INV>([x[4], x[12], x[20], x[28]], 4, 32);
    let c5 = column4::<V, INV>([x[5], x[13], x[21], x[29]], 5, 32);
    let c6 = column4::<V, INV>([x[6], x[14], x[22], x[30]], 6, 32);
    let c7 = column4::<V, INV>([x[7], x[15], x[23], x[31]], 7, 32);
    let mut r0 = [c0[0], c1[0], c2[0], c3[0], c4[0], c5[0], c6[0], c7[0]];
    let mut r1 = [c0[1], c1[1], c2[1], c3[1], c4[1], c5[1], c6[1], c7[1]];
    let mut r2 = [c0[2], c1[2], c2[2], c3[2], c4[2], c5[2], c6[2], c7[2]];
    let mut r3 = [c0[3], c1[3], c2[3], c3[3], c4[3], c5[3], c6[3], c7[3]];
    butterfly8::<V, INV>(&mut r0);
    butterfly8::<V, INV>(&mut r1);
    butterfly8::<V, INV>(&mut r2);
    butterfly8::<V, INV>(&mut r3);
    *x = [
        r0[0], r1[0], r2[0], r3[0], r0[1], r1[1], r2[1], r3[1], r0[2], r1[2], r2[2], r3[2], r0[3],
        r1[3], r2[3], r3[3], r0[4], r1[4], r2[4], r3[4], r0[5], r1[5], r2[5], r3[5], r0[6], r1[6],
        r2[6], r3[6], r0[7], r1[7], r2[7], r3[7],
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
pub(crate) unsafe fn load_rows<V: CVec, const R: usize>(
    p: *const Complex<V::T>,
    stride: usize,
) -> [V; R] {
    // SAFETY: forwarded contract.
    let mut v = [unsafe { V::zero() }; R];
    for (j, vj) in v.iter_mut().enumerate() {
        // SAFETY: forwarded contract.
        *vj = unsafe { V::load(p.add(j * stride)) };
    }
    v
}

/// Stride-1 radix-`R` pass, `R` a multiple of `V::LANES`: `LANES`
/// butterflies side by side, whose `R` outputs are transposed in
/// `LANES x LANES` tiles before they are stored ([`store_transposed`]), or
/// without `TRANSPOSED` stored as rows: output `k` of butterfly `p` at
/// `k*m + p` (the column pass of [`Pass::Outer`]). Without `FACTORED` the
/// twiddle `w^(k*p)` is read from the full tables at `(k-1)*m + p`; with it,
/// for `p = L*g + l` (`L = V::LANES`), it is the lane factor `w^(k*l)`
/// (`re`/`im` at `(k-1)*L + l`, one register per `k`, the same for every
/// group) times the group factor `w^(k*L*g)` (`base` at `(k-1)*m/L + g`, a
/// broadcast), so the pass reads `(R-1)*m/L` complex numbers of tables
/// instead of `2*(R-1)*m`.
///
/// # Safety
/// `src`/`dst` valid for `R*m` elements (disjoint, or identical without
/// `TRANSPOSED`: each butterfly's rows are read before they are written),
/// `m` a multiple of `V::LANES`, CPU supports `V`; `re`/`im` valid for
/// `(R-1)*m` elements, or
/// with `FACTORED` for `(R-1)*V::LANES` and `base` for `(R-1)*m/V::LANES`
/// (unused otherwise).
// Debug builds inline `#[inline(always)]` too; without optimisation every
// unrolled copy keeps its own stack slots, so one entry point's frame grew to
// 600 KB and nested entry points overflowed a test thread's 2 MB stack.
// Out-of-line passes in debug builds keep each frame to one pass.
#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) unsafe fn first<
    V: CVec,
    const INV: bool,
    const R: usize,
    const FACTORED: bool,
    const TRANSPOSED: bool,
>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    m: usize,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
    base: *const Complex<V::T>,
) {
    debug_assert!(R.is_multiple_of(V::LANES));
    let groups = m / V::LANES;
    let mut p = 0;
    while p < m {
        // SAFETY: p + j*m + LANES <= R*m for j < R because p + LANES <= m.
        let mut v: [V; R] = unsafe { load_rows(src.add(p), m) };
        butterfly::<V, INV, R>(&mut v);
        for (k, vk) in v.iter_mut().enumerate().skip(1) {
            *vk = if FACTORED {
                let lane = (k - 1) * V::LANES;
                // SAFETY: lane + LANES <= (R-1)*LANES lane factors and
                // (k-1)*groups + p/LANES < (R-1)*groups group factors.
                let ((lr, li), (gr, gi)) = unsafe {
                    (
                        (V::load(re.add(lane)), V::load(im.add(lane))),
                        V::splat_parts(base.add((k - 1) * groups + p / V::LANES)),
                    )
                };
                vk.cmul_parts(lr, li).cmul_parts(gr, gi)
            } else {
                let at = (k - 1) * m + p;
                // SAFETY: at + LANES <= (R-1)*m, the size of both tables.
                let (wr, wi) = unsafe { (V::load(re.add(at)), V::load(im.add(at))) };
                vk.cmul_parts(wr, wi)
            };
        }
        if TRANSPOSED {
            // SAFETY: forwarded contract (n = R*m elements at dst).
            unsafe { store_transposed::<V, R>(v, dst, p) };
        } else {
            for (k, vk) in v.iter().enumerate() {
                // SAFETY: k*m + p + LANES <= R*m.
                unsafe { vk.store(dst.add(k * m + p)) };
            }
        }
        p += V::LANES;
    }
}

/// Stores the `R` outputs `v` of the `LANES` butterflies `p..p + LANES`
/// (register `k` holds output `k` of each) in natural order: butterfly
/// `p + i`'s outputs at `dst + R*(p + i)..`, by transposing `LANES x LANES`
/// tiles.
///
/// # Safety
/// `dst + R*p .. dst + R*(p + LANES)` is valid for writing; CPU supports `V`.
#[inline(always)]
pub(crate) unsafe fn store_transposed<V: CVec, const R: usize>(
    mut v: [V; R],
    dst: *mut Complex<V::T>,
    p: usize,
) {
    transpose_tiles::<V, R>(&mut v);
    // Tile `t`, row `i` holds outputs `t*LANES..` of butterfly `p + i`.
    for (j, vj) in v.iter().enumerate() {
        let (t, i) = (j / V::LANES, j % V::LANES);
        // SAFETY: R*(p+i) + t*LANES + LANES <= R*(p + LANES) (contract).
        unsafe { vj.store(dst.add(R * (p + i) + t * V::LANES)) };
    }
}

/// Transposes each run of `LANES` registers of `x` as a square tile.
#[inline(always)]
fn transpose_tiles<V: CVec, const R: usize>(x: &mut [V; R]) {
    let x = x.as_mut_slice();
    // Plain loops, not closures: a closure does not carry the entry point's
    // `#[target_feature]`s (see `unrolled!`).
    match V::LANES {
        1 => {}
        2 => {
            for t in x.chunks_exact_mut(2) {
                V::transpose2(t.try_into().expect("2 rows"));
            }
        }
        4 => {
            for t in x.chunks_exact_mut(4) {
                V::transpose4(t.try_into().expect("4 rows"));
            }
        }
        8 => {
            for t in x.chunks_exact_mut(8) {
                V::transpose8(t.try_into().expect("8 rows"));
            }
        }
        l => unreachable!("transpose of {l} lanes"),
    }
}

/// A whole `L*ROWS`-point transform in registers (see [`Pass::Block`]).
///
/// # Safety
/// `src`/`dst` valid for `L*ROWS` elements (identical or disjoint), `re`/`im`
/// for `(L-1)*ROWS`, `L == V::LANES`, `ROWS` a multiple of `L`, CPU supports `V`.
#[cfg_attr(debug_assertions, inline(never))] // see `first`
#[cfg_attr(not(debug_assertions), inline(always))]
unsafe fn block<V: CVec, const INV: bool, const L: usize, const ROWS: usize>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    re: *const Complex<V::T>,
    im: *const Complex<V::T>,
) {
    debug_assert_eq!(L, V::LANES);
    // SAFETY: a zero register needs only the CPU support of our contract.
    let mut v = [unsafe { V::zero() }; ROWS];
    unrolled!(ROWS, |p| {
        if p % L == 0 {
            // SAFETY: p + j*ROWS + L <= L*ROWS for j < L because p + L <= ROWS.
            let mut u: [V; L] = unsafe { load_rows(src.add(p), ROWS) };
            butterfly::<V, INV, L>(&mut u);
            unrolled!(L, |k| {
                if k > 0 {
                    let at = (k - 1) * ROWS + p;
                    // SAFETY: at + L <= (L-1)*ROWS, the size of both tables.
                    let (wr, wi) = unsafe { (V::load(re.add(at)), V::load(im.add(at))) };
                    u[k] = u[k].cmul_parts(wr, wi);
                }
            });
            transpose::<V, L>(&mut u);
            unrolled!(L, |i| {
                v[p + i] = u[i];
            });
        }
    });
    butterfly::<V, INV, ROWS>(&mut v);
    unrolled!(ROWS, |k| {
        // SAFETY: L*k + L <= L*ROWS.
        unsafe { v[k].store(dst.add(L * k)) };
    });
}

/// An in-place transform of a fixed tiny length.
pub(crate) type TinyFn<T> = fn(&mut [Complex<T>]);

/// The transform of `n` points in `direction` a plan at `level` (supported
/// by the CPU) calls through a pointer, without dispatch: a hand-written
/// codelet where [`FftFloat`] has one, scalar butterflies for the other
/// lengths up to 8, `None` beyond.
pub(crate) fn tiny_fn<T: FftFloat>(n: usize, inverse: bool, level: Level) -> Option<TinyFn<T>> {
    if let Some(f) = T::tiny_fn(n, inverse, level) {
        return Some(f);
    }
    Some(match (n, inverse) {
        (2, _) => tiny_r::<T, false, 2>,
        (4, false) => tiny_r::<T, false, 4>,
        (4, true) => tiny_r::<T, true, 4>,
        (8, false) => tiny_r::<T, false, 8>,
        (8, true) => tiny_r::<T, true, 8>,
        _ => return None,
    })
}

fn tiny_r<T: FftFloat, const INV: bool, const R: usize>(buf: &mut [Complex<T>]) {
    assert_eq!(buf.len(), R);
    let mut v: [Scalar<T>; R] = std::array::from_fn(|i| Scalar(buf[i]));
    butterfly::<Scalar<T>, INV, R>(&mut v);
    for (b, s) in buf.iter_mut().zip(v) {
        *b = s.0;
    }
}

/// Complex numbers in the tile of [`pair`] (scratch): 256 KiB of `f64`,
/// 128 KiB of `f32`, inside L2. Each of the `R1*R2` streams a step reads is
/// then a run of `PAIR_TILE/(R1*R2)` consecutive elements (4 KiB of `f64`
/// with radix 8 x 8). With 1024 (runs of 256 bytes) pairs lost to single
/// passes, 64 streams of short runs being more than the hardware
/// prefetchers follow; 32768 measured no better than 16384 (session 8).
pub(crate) const PAIR_TILE: usize = 16384;

/// The twiddle registers `w^(k*p)`, `k = 1..R`, of group `p` of a strided
/// pass whose table starts at `tw` (entry `k = 0` is unused).
///
/// # Safety
/// `tw` is valid for `(p+1)*(R-1)` elements; the CPU supports `V`.
#[inline(always)]
unsafe fn group_twiddles<V: CVec, const R: usize>(
    tw: *const Complex<V::T>,
    p: usize,
) -> [(V, V); R] {
    // SAFETY: creating zeros needs only the CPU support of our contract.
    let zero = unsafe { V::zero() };
    let mut w = [(zero, zero); R];
    for (k, wk) in w.iter_mut().enumerate().skip(1) {
        // SAFETY: p*(R-1) + k - 1 < (p+1)*(R-1).
        *wk = unsafe { V::splat_parts(tw.add(p * (R - 1) + k - 1)) };
    }
    w
}

/// A radix-`R` butterfly of `v`, twiddled by `w` unless `p == 0`, stored
/// as rows `k` at `y + k*stride`.
///
/// # Safety
/// `y + k*stride` is valid for writing `V::LANES` elements for `k < R`.
#[inline(always)]
unsafe fn butterfly_store<V: CVec, const INV: bool, const R: usize>(
    mut v: [V; R],
    w: &[(V, V); R],
    p: usize,
    y: *mut Complex<V::T>,
    stride: usize,
) {
    butterfly::<V, INV, R>(&mut v);
    for (k, vk) in v.iter().enumerate() {
        let out = if k == 0 || p == 0 {
            *vk
        } else {
            vk.cmul_parts(w[k].0, w[k].1)
        };
        // SAFETY: forwarded contract.
        unsafe { out.store(y.add(k * stride)) };
    }
}

/// A radix-`R1` strided pass (`m1` groups, stride `s`, twiddles `tw1`)
/// followed by the radix-`R2` pass after it (`m2 = m1/R2` groups, stride
/// `s*R1`, twiddles `tw2`), in one sweep: see [`Pass::Pair`]. Group `p2` of
/// the second pass reads the first pass's outputs of groups
/// `p = p2 + m2*j2`, `j2 < R2`, at `q + s*k1`. One step covers `groups`
/// consecutive `p2` and `chunk` consecutive `q` (all of them, `chunk = s`,
/// when `s` is short): the first pass reads `R1*R2` runs of
/// `groups*chunk` consecutive elements and writes the tile as rows
/// `(k1*R2 + j2)*groups + g`, the second reads it back.
///
/// # Safety
/// `src`/`dst` valid for `R1*m1*s` elements and disjoint, `tw1` for
/// `(R1-1)*m1`, `tw2` for `(R2-1)*m1/R2`, `s` a multiple of `V::LANES`,
/// `t` valid for `PAIR_TILE` elements and disjoint from both,
/// `R1*R2*V::LANES <= PAIR_TILE`, `R2` divides `m1`, CPU supports `V`.
#[cfg_attr(debug_assertions, inline(never))] // see `first`
#[cfg_attr(not(debug_assertions), inline(always))]
unsafe fn pair<V: CVec, const INV: bool, const R1: usize, const R2: usize>(
    src: *const Complex<V::T>,
    (dst, t): (*mut Complex<V::T>, *mut Complex<V::T>),
    m1: usize,
    s: usize,
    tw1: *const Complex<V::T>,
    tw2: *const Complex<V::T>,
) {
    let m2 = m1 / R2;
    let per_row = PAIR_TILE / (R1 * R2);
    let chunk = s.min(per_row);
    let groups = (per_row / chunk).min(m2);
    debug_assert!(chunk >= V::LANES && s.is_multiple_of(chunk) && m1.is_multiple_of(R2));
    debug_assert!(m2.is_multiple_of(groups));
    let row = groups * chunk;
    for base in (0..m2).step_by(groups) {
        for q0 in (0..s).step_by(chunk) {
            for j2 in 0..R2 {
                for g in 0..groups {
                    let p = base + g + m2 * j2;
                    // SAFETY: p < m1: the first pass's twiddles and its input
                    // rows x + q + j1*m1*s, q < chunk, lie inside tw1 and src.
                    let (w1, x) = unsafe { (group_twiddles::<V, R1>(tw1, p), src.add(s * p + q0)) };
                    let mut q = 0;
                    while q < chunk {
                        // SAFETY: see above; tile rows (k1*R2 + j2)*groups + g
                        // < R1*R2*groups hold `chunk` elements each, and
                        // R1*R2*row <= PAIR_TILE.
                        unsafe {
                            let v: [V; R1] = load_rows(x.add(q), m1 * s);
                            let y = t.add((j2 * groups + g) * chunk + q);
                            butterfly_store::<V, INV, R1>(v, &w1, p, y, R2 * row);
                        }
                        q += V::LANES;
                    }
                }
            }
            for g in 0..groups {
                let p2 = base + g;
                // SAFETY: p2 < m2: its (R2-1) twiddles lie inside tw2, and its
                // output block of R1*R2*s elements at R1*R2*s*p2 inside dst.
                let (w2, y) =
                    unsafe { (group_twiddles::<V, R2>(tw2, p2), dst.add(R1 * R2 * s * p2)) };
                for k1 in 0..R1 {
                    let mut q = 0;
                    while q < chunk {
                        // SAFETY: tile rows (k1*R2 + j2)*groups + g (see
                        // above); output q0 + q + s*k1 + s*R1*k2 < R1*R2*s.
                        unsafe {
                            let x = t.add((k1 * R2 * groups + g) * chunk + q);
                            let v: [V; R2] = load_rows(x, row);
                            butterfly_store::<V, INV, R2>(
                                v,
                                &w2,
                                p2,
                                y.add(q0 + q + s * k1),
                                s * R1,
                            );
                        }
                        q += V::LANES;
                    }
                }
            }
        }
    }
}

/// Radix-`R` pass of `m` groups laid out as `layout` says (see [`Layout`]),
/// vectorised along the rows.
///
/// # Safety
/// As [`mapped_pass`], with `tw` the pass's own `(R-1)*m` twiddles.
#[cfg_attr(debug_assertions, inline(never))] // see `first`
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) unsafe fn mapped<V: CVec, const INV: bool, const R: usize>(
    src: *const Complex<V::T>,
    dst: *mut Complex<V::T>,
    m: usize,
    tw: *const Complex<V::T>,
    layout: Layout,
) {
    for p in 0..m {
        // SAFETY: the group's rows lie inside src/dst (contract); the table
        // holds (p+1)*(R-1) twiddles.
        let (x, y, w) = unsafe {
            (
                src.add(layout.src_group * p),
                dst.add(layout.dst_group * p),
                group_twiddles::<V, R>(tw, p),
            )
        };
        let mut q = 0;
        while q < layout.len {
            // SAFETY: see above; q + LANES <= len. All R rows are loaded
            // before any is stored, so an m == 1 pass may run in place.
            unsafe {
                let v: [V; R] = load_rows(x.add(q), layout.src_row);
                butterfly_store::<V, INV, R>(v, &w, p, y.add(q), layout.dst_row);
            }
            q += V::LANES;
        }
    }
}
