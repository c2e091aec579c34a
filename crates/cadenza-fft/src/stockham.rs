//! Builds a [`Kernel`]: the pass list and twiddle tables for one length,
//! direction and vector width.
//!
//! Twiddles are computed in `f64` from the exact integer exponent and rounded
//! once to the target type, so `f32` plans carry no accumulated angle error.

use crate::kernel::{Kernel, Pass, Strided};
use crate::{Complex, FftFloat};

/// `exp(-+2 pi i e / len)` rounded to `T` (`+` when `inverse`).
pub(crate) fn twiddle<T: FftFloat>(e: usize, len: usize, inverse: bool) -> Complex<T> {
    let e = e % len;
    let angle = -2.0 * std::f64::consts::PI * (e as f64) / (len as f64);
    let (sin, cos) = angle.sin_cos();
    let im = if inverse { -sin } else { sin };
    Complex::new(
        T::from_f64(cos).unwrap_or_else(T::zero),
        T::from_f64(im).unwrap_or_else(T::zero),
    )
}

/// Splits a power-of-two length into Stockham radices of at most
/// `2^max_log`: the fewest passes over memory, with the radices as even as
/// possible and the larger ones last (the last pass has no twiddles).
fn radices(len: usize, max_log: u32) -> Vec<usize> {
    let log = len.trailing_zeros();
    if log == 0 {
        return Vec::new();
    }
    let passes = log.div_ceil(max_log);
    let (base, extra) = (log / passes, log % passes);
    (0..passes)
        .map(|i| 1usize << (base + u32::from(i >= passes - extra)))
        .collect()
}

/// Radices of the strided passes over `len` points after the first pass of
/// an `n`-point plan at registers of `lanes` complex numbers: [`radices`],
/// except for f64 at 2 lanes (AVX2) with 32 KiB of data (2048 points),
/// which runs radix-4 passes and one radix 8 last (`4, 4, 4, 8` instead of
/// `8, 8, 8`). Measured with `ab_compare.py` (session 14, Zen 3 at AVX2,
/// every shape constant, `CADENZA_RADICES` on one binary): complex f64
/// 2048 0.83-0.85x rustfft -> 1.15-1.16 (five and seven rounds; `4, 4, 8, 4`
/// 1.11-1.14, `8, 4, 4, 4` 1.09, `4, 8, 16` 0.84); r2c f64 4096, which runs
/// the same plan, 1.17 either way. The same change lost at f64 256
/// (`4, 4, 4` 0.89 -> 0.83) and was neutral at f64 16384 and at SSE2 f32
/// 2048, so it stays a rule for the one size. The tuning variable
/// `CADENZA_RADICES` (comma-separated, for example `4,4,4,8`) replaces the
/// list when its product is `len` (read when a plan is built).
fn strided_radices<T>(n: usize, lanes: usize, len: usize, max_log: u32) -> Vec<usize> {
    let listed: Option<Vec<usize>> = std::env::var("CADENZA_RADICES")
        .ok()
        .and_then(|v| v.split(',').map(|r| r.trim().parse().ok()).collect());
    if let Some(r) = listed
        && r.iter().product::<usize>() == len
        && r.iter().all(|&x| matches!(x, 2 | 4 | 8 | 16))
    {
        return r;
    }
    let complex = std::mem::size_of::<Complex<T>>();
    if lanes == 2 && complex == 16 && n * complex == 32 * 1024 && len == 512 {
        return vec![4, 4, 4, 8];
    }
    radices(len, max_log)
}

/// First-pass twiddles `w^(k*p)` of a pass over `radix * m` points, for
/// `k = 1..radix` and `p = 0..count`, as the `(re, re)` and `(im, im)` tables
/// of [`Kernel::first_re`]/`first_im`: `count = m` gives the full tables,
/// `count = radix` the lane factors of a factored first pass.
fn first_tables<T: FftFloat>(
    radix: usize,
    m: usize,
    count: usize,
    inverse: bool,
) -> (Vec<Complex<T>>, Vec<Complex<T>>) {
    let n = radix * m;
    let mut re = Vec::with_capacity((radix - 1) * count);
    let mut im = Vec::with_capacity((radix - 1) * count);
    for k in 1..radix {
        for p in 0..count {
            let w = twiddle::<T>(k * p, n, inverse);
            re.push(Complex::new(w.re, w.re));
            im.push(Complex::new(w.im, w.im));
        }
    }
    (re, im)
}

/// Whether the first pass of `radix * m` points uses factored twiddles: when
/// its full tables exceed [`FIRST_TABLE_BYTES`] with registers of 64 bytes
/// (AVX-512), or [`NARROW_FIRST_TABLE_BYTES`] with narrower ones. Measured
/// with `quick_compare` (session 4, Zen 4): at AVX-512 factoring took
/// complex `f32` 4096 from 2.9 to 2.1 µs, 65536 from 80 to 56 µs and 2^20
/// from 2.2 to 1.25 ms, `f64` 2048-2^20 5-10 %; below 32 KiB of tables (f32
/// 1024/2048) the extra multiply lost 10-15 %. At AVX2 (session 6, two
/// runs) factoring lost up to 10 % while the tables fit in 384 KiB (f64
/// 8192) and won from 768 KiB on (f64 32768 0.96-0.98 -> 1.01-1.10x
/// rustfft, f32 2^20 1.18 -> 1.42-1.53, f64 2^22 0.78 -> 0.86-0.88).
/// `CADENZA_FIRST_TABLE_BYTES=N` overrides the limit at every level (tuning
/// only; read when a plan is built).
fn first_is_factored<T>(radix: usize, lanes: usize, m: usize) -> bool {
    let bytes = 2 * (radix - 1) * m * std::mem::size_of::<Complex<T>>();
    let default = if wide_registers::<T>(lanes) {
        FIRST_TABLE_BYTES
    } else {
        NARROW_FIRST_TABLE_BYTES
    };
    bytes > tuning_limit("CADENZA_FIRST_TABLE_BYTES", default)
}

/// Whether registers of `lanes` complex numbers are 64 bytes wide (AVX-512),
/// where the first-pass tables and the strided radix have their own limits.
fn wide_registers<T>(lanes: usize) -> bool {
    lanes * std::mem::size_of::<Complex<T>>() >= 64
}

/// `default`, or the tuning variable `name` when it is set to a number (read
/// when a plan is built).
fn tuning_limit(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Largest full first-pass table (bytes) kept as is at AVX-512.
const FIRST_TABLE_BYTES: usize = 32 * 1024;

/// Largest full first-pass table (bytes) kept as is with registers narrower
/// than 64 bytes.
const NARROW_FIRST_TABLE_BYTES: usize = 512 * 1024;

/// log2 of the largest strided radix for `n` points at registers of `lanes`
/// complex numbers: radix 8, or radix 16 at AVX-512 once the data reaches
/// [`RADIX16_BYTES`]. There every pass streams the whole array from DRAM,
/// and radix 16 saves one or two of the 6-7 passes: measured with
/// `quick_compare` (session 5, Zen 4 with a 32 MiB last-level cache,
/// alternating runs), complex f64 2^21 / 2^22 went from 0.93-0.97 / 0.95x
/// rustfft to 1.00-1.02 / 1.00-1.02, f32 2^22 from 0.98-1.00 to 1.08-1.10.
/// Below that size radix 16 lost (f32 2^21 1.21 -> 1.06, f64 2^18 1.38 ->
/// 0.78): sixteen power-of-two-strided streams thrash the L1 sets and the
/// registers spill. Since session 8 the sizes it applied to run radix-8
/// [`Pass::Pair`]s instead (from [`PAIR_BYTES`]), which measured faster, so
/// radix 16 only runs when `CADENZA_PAIR_BYTES` moves that limit up.
/// `CADENZA_RADIX16_BYTES=N` overrides the limit at every level (tuning
/// only; read when a plan is built).
fn strided_max_log<T>(n: usize, lanes: usize) -> u32 {
    let complex = std::mem::size_of::<Complex<T>>();
    let default = if wide_registers::<T>(lanes) {
        RADIX16_BYTES
    } else {
        usize::MAX
    };
    if n * complex >= tuning_limit("CADENZA_RADIX16_BYTES", default) {
        4
    } else {
        3
    }
}

/// Radix of the first pass of `n` points at registers of `lanes` complex
/// numbers: `lanes` or `2 * lanes`. The doubled radix does twice the
/// butterfly work per load and store; measured with `quick_compare`
/// (session 6, Zen 4, `CADENZA_FIRST_RADIX=1|2` back to back, two runs):
/// - 2 lanes (AVX2 f64, SSE2 and NEON f32): radix 4 instead of 2 wins at
///   every size (AVX2 f64 512/1024 0.90-0.97 -> 1.12-1.15x rustfft, 4096-16384
///   +10-20 %, none lost; SSE2 f32 +0-10 %; NEON unmeasured);
/// - 4 lanes (AVX2 f32, AVX-512 f64): radix 8 wins while the data fits in
///   16 KiB (AVX-512 f64 256-1024 1.24-1.56 -> 1.54-1.78, AVX2 f32 1024/2048
///   1.05/1.00 -> 1.20/1.12) and loses beyond (AVX2 f32 4096 1.08-1.19 ->
///   0.81, AVX-512 f64 8192 1.6 -> 1.44);
/// - 8 lanes (AVX-512 f32): radix 16 lost from 4096 on and was mixed below
///   (measured with a radix-16 arm since removed).
///
/// `CADENZA_FIRST_RADIX=1|2` forces the factor up to 4 lanes (tuning only;
/// read when a plan is built).
fn first_radix<T>(n: usize, lanes: usize) -> usize {
    let doubled = match lanes {
        2 => true,
        4 => n * std::mem::size_of::<Complex<T>>() <= 16 * 1024,
        _ => false,
    };
    match tuning_limit("CADENZA_FIRST_RADIX", 0) {
        1 => lanes,
        2 if lanes <= 4 => 2 * lanes,
        _ if doubled => 2 * lanes,
        _ => lanes,
    }
}

/// Data size (bytes) from which AVX-512 plans use radix-16 strided passes.
const RADIX16_BYTES: usize = 32 << 20;

/// Plans a power-of-two transform of length `n` for registers of `lanes`
/// complex numbers. Lengths up to `lanes * max_rows` run as one
/// [`Pass::Block`] in registers (`max_rows`: 8, 16 or 32, how many registers
/// the block may keep in flight). Longer ones run radix-8 (and 4 or 2)
/// strided passes after the first pass, radix 16 only beyond the last-level
/// cache ([`strided_max_log`]): in cache, radix-16 and radix-32 strided
/// passes were measured and lost, since 16 or 32 power-of-two-strided
/// streams thrash the L1 sets and the registers spill. Data of more than
/// 8 MiB and at most 32 MiB runs as a [`Pass::Outer`] over eight such plans
/// of 1/8 the length ([`OUTER_FROM_BYTES`]). Needs `n >= 2` and, when
/// `lanes > 1`, `n >= lanes^2`.
pub(crate) fn plan<T: FftFloat>(
    n: usize,
    inverse: bool,
    lanes: usize,
    max_rows: usize,
) -> Kernel<T> {
    let bytes = n * std::mem::size_of::<Complex<T>>();
    if bytes > tuning_limit("CADENZA_OUTER_FROM_BYTES", OUTER_FROM_BYTES)
        && bytes <= tuning_limit("CADENZA_OUTER_TO_BYTES", OUTER_TO_BYTES)
    {
        let inner = plan_in_cache::<T>(n / OUTER_RADIX, inverse, lanes, max_rows);
        return outer_with(n, inverse, lanes, inner);
    }
    plan_in_cache(n, inverse, lanes, max_rows)
}

/// Data sizes (bytes) for which a transform runs as a [`Pass::Outer`] over
/// eight sub-transforms of 1/8 the size: past 8 MiB, where the column
/// blocks stop, up to 32 MiB, while a sub-transform (at most 4 MiB) and
/// its scratch fit the 32 MiB L3. Measured with `quick_compare` (session
/// 11, Zen 3 at AVX2, outer pass on against off in one sweep, BENCHMARKS
/// "Session 11"): complex f32 2^21 0.85-0.90x rustfft -> 0.93-0.99, f64
/// 2^20 0.73-0.78 -> 0.86, f64 2^21 0.82-0.83 -> 0.88-0.91, f32 2^22 the
/// same (0.92 / 0.93); past 32 MiB it lost (f64 2^22 0.87 -> 0.73: the
/// 8 MiB sub-transforms no longer stay in cache, and the plain plan's pass
/// pairs are better there), and so it did from 4 MiB (f32 2^19 1.23 ->
/// 0.91, f64 2^18 1.27 -> 0.84). A radix-16 column pass (sub-transforms
/// of 1/16) spilled and lost (f32 2^21/2^22 0.93/0.87 -> 0.76/0.74).
/// `CADENZA_OUTER_FROM_BYTES=N` and `CADENZA_OUTER_TO_BYTES=N` override the
/// limits (read when a plan is built).
const OUTER_FROM_BYTES: usize = 8 << 20;

/// Largest data size (bytes) with a [`Pass::Outer`].
const OUTER_TO_BYTES: usize = 32 << 20;

/// [`plan`] without a [`Pass::Outer`].
fn plan_in_cache<T: FftFloat>(n: usize, inverse: bool, lanes: usize, max_rows: usize) -> Kernel<T> {
    let first = first_radix::<T>(n, lanes);
    let pair = lanes > 1
        && n * std::mem::size_of::<Complex<T>>() >= tuning_limit("CADENZA_PAIR_BYTES", PAIR_BYTES);
    let max_log = if pair {
        3
    } else {
        strided_max_log::<T>(n, lanes)
    };
    let columns = column_blocks::<T>(n, lanes, first);
    let kernel = plan_with(n, inverse, lanes, max_rows, first, max_log, columns);
    if pair { paired(kernel) } else { kernel }
}

/// The [`Pass::Columns`] shape `(width, rows)` for `n` points at registers
/// of `lanes` complex numbers with a first pass of radix `first`, or `None`
/// outside [`COLUMNS_FROM_BYTES`]..=[`COLUMNS_TO_BYTES`] of data. A block
/// is `width` columns of [`COLUMN_WIDTH_BYTES`] (at least one register) by
/// the most `rows` (a power of two) whose block buffer fits
/// [`COLUMN_BLOCK_BYTES`]; the passes before it take the array to stride
/// `n/rows`, which must leave room for the first pass and one block width.
/// Tuning variables `CADENZA_COLUMNS_FROM_BYTES`, `CADENZA_COLUMNS_TO_BYTES`,
/// `CADENZA_COLUMN_BLOCK_BYTES` and `CADENZA_COLUMN_WIDTH_BYTES` override
/// the four limits (read when a plan is built).
fn column_blocks<T>(n: usize, lanes: usize, first: usize) -> Option<(usize, usize)> {
    let complex = std::mem::size_of::<Complex<T>>();
    let bytes = n * complex;
    if bytes < tuning_limit("CADENZA_COLUMNS_FROM_BYTES", COLUMNS_FROM_BYTES)
        || bytes > tuning_limit("CADENZA_COLUMNS_TO_BYTES", COLUMNS_TO_BYTES)
    {
        return None;
    }
    let width = (tuning_limit("CADENZA_COLUMN_WIDTH_BYTES", COLUMN_WIDTH_BYTES) / complex)
        .max(lanes)
        .next_power_of_two();
    let block = tuning_limit("CADENZA_COLUMN_BLOCK_BYTES", COLUMN_BLOCK_BYTES);
    let most = (block / (width * complex)).max(1);
    let rows = 1usize << most.ilog2();
    let stride = n / rows.min(n);
    (rows >= 16 && stride >= width.max(first) && n >= lanes * lanes).then_some((width, rows))
}

/// Data sizes (bytes) for which the last passes run on blocks of columns
/// ([`Pass::Columns`]): from 256 KiB (where the data and the scratch buffer
/// no longer fit a 512 KiB L2 together) to 8 MiB. Measured with
/// `quick_compare` (session 10, Zen 3 at AVX2, columns forced on against
/// off, two rounds): complex f32 2^15-2^19 went from 0.62-1.02x rustfft
/// to 0.97-1.24x (blocks of 256-byte rows, 128 KiB), f64 2^15-2^18 from
/// 0.61-0.95 to 1.01-1.19 and f64 2^19 from 0.87 to 0.94-0.96, f32 2^20
/// from 0.87 to 0.93; beyond, the block rows lie 16 KiB and more apart, the
/// copy-in stalls, and they lost (f32 2^21/2^22 0.83/0.95 -> 0.76/0.80,
/// f64 2^20 0.75 -> 0.67). Narrower rows (128 bytes) and smaller blocks
/// (16-64 KiB) measured the same or worse; f64 2^14 (256 KiB) was the same.
const COLUMNS_FROM_BYTES: usize = 256 * 1024;

/// Largest data size (bytes) with [`Pass::Columns`].
const COLUMNS_TO_BYTES: usize = 8 << 20;

/// Bytes of one row of a [`Pass::Columns`] block: four cache lines.
const COLUMN_WIDTH_BYTES: usize = 256;

/// Bytes of one [`Pass::Columns`] block buffer; the pass uses two.
const COLUMN_BLOCK_BYTES: usize = 128 * 1024;

/// Data size (bytes) from which strided passes run two per sweep
/// ([`Pass::Pair`]), with radix 8 at most. Measured with `quick_compare`
/// (session 8, Zen 4, 32 MiB L3, pairs forced with `CADENZA_PAIR_BYTES=0`
/// against none): from 16 MiB on pairs won at both levels (complex f64
/// 2^20-2^22 at AVX-512 5.5/14.6/31.5 -> 4.8/12.9/25.7 ms, AVX2
/// 6.6/18.6/38.5 -> 5.5/14.8/29.9 ms; f32 2^21-2^22 0-12 %); at 4-8 MiB
/// they lost up to 20 % (f64 2^19, f32 2^20, AVX2 f32 2^19), and in cache
/// results were mixed (AVX2 f32 2^16 70 -> 95 us, AVX-512 f64 2^18 570 ->
/// 530 us). `CADENZA_PAIR_BYTES=N` overrides the limit (tuning only; read
/// when a plan is built).
const PAIR_BYTES: usize = 16 << 20;

/// `kernel` with its strided passes fused two by two into [`Pass::Pair`]s,
/// from the front; the last pass stays alone (it may run in place, which a
/// pair cannot), and so does a pass whose radix a pair does not take.
fn paired<T>(mut kernel: Kernel<T>) -> Kernel<T> {
    let last = kernel.passes.pop();
    let mut out = Vec::with_capacity(kernel.passes.len());
    let mut pending: Option<Strided> = None;
    for pass in kernel.passes.drain(..) {
        let Pass::Strided(this) = pass else {
            out.extend(pending.take().map(Pass::Strided));
            out.push(pass);
            continue;
        };
        match pending.take() {
            Some(a) if matches!((a.radix, this.radix), (4, 4) | (4, 8) | (8, 8)) => {
                out.push(Pass::Pair { a, b: this });
            }
            Some(a) => {
                out.push(Pass::Strided(a));
                pending = Some(this);
            }
            None => pending = Some(this),
        }
    }
    out.extend(pending.map(Pass::Strided));
    out.extend(last);
    kernel.passes = out;
    kernel
}

/// [`plan`] with a first pass of radix `first` (`lanes` or `2 * lanes`; the
/// first pass needs `n >= first * lanes`, else it falls back to `lanes`),
/// strided passes of radix at most `2^max_log` (3 or 4), and with
/// `columns = Some((width, rows))` the passes after stride `n/rows` run as
/// a [`Pass::Columns`] on blocks of `width` columns (see [`column_blocks`]).
fn plan_with<T: FftFloat>(
    n: usize,
    inverse: bool,
    lanes: usize,
    max_rows: usize,
    first: usize,
    max_log: u32,
    columns: Option<(usize, usize)>,
) -> Kernel<T> {
    assert!(
        n >= 2 && n.is_power_of_two(),
        "Stockham kernel needs a power of two >= 2, got {n}"
    );
    assert!(
        lanes == 1 || n >= lanes * lanes,
        "length {n} too short for {lanes} lanes"
    );
    assert!(
        max_rows.is_power_of_two() && (8..=32).contains(&max_rows),
        "max rows {max_rows}"
    );
    let mut passes = Vec::new();
    let mut twiddles = Vec::new();
    let (mut first_re, mut first_im) = (Vec::new(), Vec::new());
    let mut first_base = Vec::new();
    let mut s = 1;
    if lanes > 1 {
        let m = n / lanes;
        if m <= max_rows {
            (first_re, first_im) = first_tables::<T>(lanes, m, m, inverse);
            passes.push(Pass::Block {
                radix: lanes,
                rows: m,
            });
            s = n;
        } else {
            let radix = if n >= first * lanes { first } else { lanes };
            let m = n / radix;
            let factored = first_is_factored::<T>(radix, lanes, m);
            let count = if factored { lanes } else { m };
            (first_re, first_im) = first_tables::<T>(radix, m, count, inverse);
            if factored {
                first_base = group_factors::<T>(radix, lanes, m, inverse);
            }
            passes.push(Pass::First { radix, m, factored });
            s = radix;
        }
    }
    let rows = columns.map_or(1, |(_, rows)| rows);
    let mut column_passes = Vec::new();
    for radix in strided_radices::<T>(n, lanes, n / rows / s, max_log)
        .into_iter()
        .chain(radices(rows, max_log))
    {
        let m = n / (s * radix);
        let tw = twiddles.len();
        for p in 0..m {
            for k in 1..radix {
                twiddles.push(twiddle::<T>(k * p, radix * m, inverse));
            }
        }
        let pass = Strided { radix, m, s, tw };
        match columns {
            Some((width, rows)) if s >= n / rows => column_passes.push(Strided {
                s: s / (n / rows) * width,
                ..pass
            }),
            _ => passes.push(Pass::Strided(pass)),
        }
        s *= radix;
    }
    debug_assert_eq!(s, n);
    if let Some((width, rows)) = columns {
        assert!(n / rows >= width, "column blocks {width} x {rows} of {n}");
        passes.push(Pass::Columns {
            width,
            stride: n / rows,
        });
    }
    Kernel {
        n,
        inverse,
        passes,
        twiddles,
        first_re,
        first_im,
        first_base,
        columns: column_passes,
        inner: None,
    }
}

/// Group factors `w^(k*lanes*g)` of a factored first pass of `radix * m`
/// points, for `k = 1..radix` and `g = 0..m/lanes` (see [`Kernel::first_base`]).
fn group_factors<T: FftFloat>(
    radix: usize,
    lanes: usize,
    m: usize,
    inverse: bool,
) -> Vec<Complex<T>> {
    (1..radix)
        .flat_map(|k| (0..m / lanes).map(move |g| (k, g)))
        .map(|(k, g)| twiddle::<T>(k * lanes * g, radix * m, inverse))
        .collect()
}

/// The [`Pass::Outer`] kernel of `n` points at registers of `lanes`
/// complex numbers: a radix-[`OUTER_RADIX`] column pass with factored
/// twiddles, whose `n / OUTER_RADIX`-point sub-transforms run `inner`.
fn outer_with<T: FftFloat>(n: usize, inverse: bool, lanes: usize, inner: Kernel<T>) -> Kernel<T> {
    let (radix, m) = (OUTER_RADIX, n / OUTER_RADIX);
    assert!(
        inner.n == m && m.is_multiple_of(lanes) && inner.inner.is_none(),
        "outer pass of {n} points over an inner kernel of {}",
        inner.n
    );
    let (first_re, first_im) = first_tables::<T>(radix, m, lanes, inverse);
    Kernel {
        n,
        inverse,
        passes: vec![Pass::Outer { radix, m }],
        twiddles: Vec::new(),
        first_re,
        first_im,
        first_base: group_factors::<T>(radix, lanes, m, inverse),
        columns: Vec::new(),
        inner: Some(Box::new(inner)),
    }
}

/// Radix of a [`Pass::Outer`]: eight rows, eight streams in and out.
const OUTER_RADIX: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    /// Radix-16 strided passes only run on arrays of 32 MiB and more, too
    /// big for the accuracy suite in a debug build: here they are forced at
    /// small sizes, at every level, and checked against the radix-8 plan.
    #[test]
    fn radix16_strided_passes_match_radix8() {
        use crate::Direction;
        for level in cadenza_simd::supported() {
            let lanes = <f64 as crate::float::Sealed>::lanes(level);
            let rows = crate::plan::max_block_rows(level);
            // After the first pass (radix `lanes`) 2^8 or 2^12 points remain:
            // two or three radix-16 passes.
            for rest in [1usize << 8, 1 << 12] {
                let n = lanes * rest;
                assert!(n >= lanes * lanes && n > lanes * rows);
                for direction in [Direction::Forward, Direction::Inverse] {
                    let inverse = direction == Direction::Inverse;
                    let k16 = plan_with::<f64>(n, inverse, lanes, rows, lanes, 4, None);
                    assert!(
                        k16.passes
                            .iter()
                            .any(|p| matches!(p, Pass::Strided(Strided { radix: 16, .. }))),
                        "{level} n={n}: no radix-16 pass in {:?}",
                        k16.passes
                    );
                    let k8 = plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, None);
                    assert_same_transform(level, n, direction, k16, k8, "radix 16");
                }
            }
        }
        // The default limit: radix 16 from 32 MiB at 64-byte registers only.
        assert_eq!(strided_max_log::<f64>(1 << 21, 4), 4);
        assert_eq!(strided_max_log::<f32>(1 << 21, 8), 3);
        assert_eq!(strided_max_log::<f32>(1 << 22, 8), 4);
        assert_eq!(strided_max_log::<f64>(1 << 22, 2), 3);
    }

    /// Asserts the kernels `a` and `b` (planned for `level`) give the same
    /// `n`-point transform in `direction` to 1e-13 in `f64`; `what` names `a`.
    fn assert_same_transform(
        level: cadenza_simd::Level,
        n: usize,
        direction: crate::Direction,
        a: Kernel<f64>,
        b: Kernel<f64>,
        what: &str,
    ) {
        use crate::plan::FftPlan;
        let pa = FftPlan::<f64>::with_kernel(n, direction, a, level);
        let pb = FftPlan::<f64>::with_kernel(n, direction, b, level);
        let x: Vec<Complex<f64>> = (0..n)
            .map(|t| Complex::new((t % 13) as f64 - 6.0, (t * 7 % 11) as f64 - 5.0))
            .collect();
        let (mut ya, mut yb) = (x.clone(), x);
        let mut scratch = vec![Complex::default(); pa.scratch_len().max(pb.scratch_len())];
        pa.process(&mut ya, &mut scratch);
        pb.process(&mut yb, &mut scratch);
        let norm: f64 = yb.iter().map(|c| c.norm_sqr()).sum::<f64>().sqrt();
        let diff: f64 = ya
            .iter()
            .zip(&yb)
            .map(|(u, v)| (u - v).norm_sqr())
            .sum::<f64>()
            .sqrt();
        assert!(
            diff <= 1e-13 * norm,
            "{level} n={n} {direction:?}: {what} differs by {diff:e} (norm {norm:e})"
        );
    }

    /// Pass pairs run by default only on arrays of 16 MiB and more: here
    /// they are forced at small sizes, at every level, for each radix pair
    /// the planner makes ((4, 4), (4, 8), (8, 8)) and for strides shorter
    /// and longer than a tile row, and checked against the single passes.
    #[test]
    fn pass_pairs_match_single_passes() {
        use crate::Direction;
        for level in cadenza_simd::supported() {
            let lanes = <f64 as crate::float::Sealed>::lanes(level);
            if lanes == 1 {
                continue; // no pairs without a first pass
            }
            let rows = crate::plan::max_block_rows(level);
            // After the first pass (radix `lanes`): 8 x 8 + 8; 4 x 4 + 8 x 8;
            // 4 x 8 + 8 + 8; and 8 x 8 twice + 8 with strides past 256.
            for rest in [1usize << 9, 1 << 10, 1 << 11, 1 << 15] {
                let n = lanes * rest;
                for direction in [Direction::Forward, Direction::Inverse] {
                    let inverse = direction == Direction::Inverse;
                    let single = plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, None);
                    let pairs = paired(plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, None));
                    assert!(
                        pairs.passes.iter().any(|p| matches!(p, Pass::Pair { .. })),
                        "{level} n={n}: no pair in {:?}",
                        pairs.passes
                    );
                    assert_same_transform(level, n, direction, pairs, single, "pairs");
                }
            }
        }
        // The default limit: pairs from 16 MiB (unless the tuning variable
        // moves it, as when the whole suite runs with pairs forced). Since
        // the outer pass (8-32 MiB, sub-transforms of at most 4 MiB), only
        // plans past 32 MiB have them.
        if std::env::var_os("CADENZA_PAIR_BYTES").is_none() {
            let pairs = |n| {
                let kernel = plan_in_cache::<f64>(n, false, 4, 32);
                kernel.passes.iter().any(|p| matches!(p, Pass::Pair { .. }))
            };
            assert!(!pairs(1 << 19) && pairs(1 << 20));
        }
    }

    /// Column blocks run by default only on arrays of 256 KiB and more:
    /// here they are forced at small sizes, at every level, with blocks one
    /// register wide and wider, tall and short (the passes before them one,
    /// several, or paired), and checked against the plain passes.
    #[test]
    fn column_blocks_match_plain_passes() {
        use crate::Direction;
        for level in cadenza_simd::supported() {
            let lanes = <f64 as crate::float::Sealed>::lanes(level);
            let rows = crate::plan::max_block_rows(level);
            for (n, width, block_rows) in [
                (lanes * 512, lanes, 16),
                (lanes * 512, 4 * lanes, 64),
                (lanes * 4096, 2 * lanes, 512),
                (lanes * 4096, lanes, 32),
            ] {
                for direction in [Direction::Forward, Direction::Inverse] {
                    let inverse = direction == Direction::Inverse;
                    let plain = || plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, None);
                    let cols = || {
                        let columns = Some((width, block_rows));
                        plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, columns)
                    };
                    let what = format!("{width} x {block_rows} column blocks");
                    assert!(
                        matches!(cols().passes.last(), Some(Pass::Columns { .. })),
                        "{level} n={n}: no column pass in {:?}",
                        cols().passes
                    );
                    assert_same_transform(level, n, direction, cols(), plain(), &what);
                    if lanes > 1 {
                        let what = format!("{what} after pairs");
                        assert_same_transform(level, n, direction, paired(cols()), plain(), &what);
                    }
                }
            }
        }
        // The default shape: from 256 KiB to 8 MiB, blocks of 256-byte rows
        // and 128 KiB (unless the tuning variables move them).
        let tuned = ["FROM_BYTES", "TO_BYTES"]
            .map(|v| format!("CADENZA_COLUMNS_{v}"))
            .into_iter()
            .chain(["BLOCK_BYTES", "WIDTH_BYTES"].map(|v| format!("CADENZA_COLUMN_{v}")))
            .any(|v| std::env::var_os(v).is_some());
        if !tuned {
            assert_eq!(column_blocks::<f32>(1 << 14, 4, 4), None);
            assert_eq!(column_blocks::<f32>(1 << 15, 4, 4), Some((32, 512)));
            assert_eq!(column_blocks::<f64>(1 << 19, 2, 4), Some((16, 512)));
            assert_eq!(column_blocks::<f64>(1 << 20, 2, 4), None);
        }
    }

    /// The outer pass runs by default only past 8 MiB, too big for the
    /// accuracy suite in a debug build: here it is forced at small sizes, at
    /// every level, over inner kernels of one block, plain passes and column
    /// blocks, and checked against the plain plan in place, out of place
    /// (input untouched) and in the clobbering layout of the real plans.
    #[test]
    fn outer_pass_matches_plain_passes() {
        use crate::Direction;
        use crate::plan::FftPlan;
        for level in cadenza_simd::supported() {
            let lanes = <f64 as crate::float::Sealed>::lanes(level);
            let rows = crate::plan::max_block_rows(level);
            for m in [lanes * 8, lanes * 64, lanes * 4096] {
                let n = OUTER_RADIX * m;
                for direction in [Direction::Forward, Direction::Inverse] {
                    let inverse = direction == Direction::Inverse;
                    let plain = || plan_with::<f64>(n, inverse, lanes, rows, lanes, 3, None);
                    let columns = (m >= 4096).then_some((lanes, 64));
                    let inner = || plan_with::<f64>(m, inverse, lanes, rows, lanes, 3, columns);
                    let outer = || outer_with::<f64>(n, inverse, lanes, inner());
                    assert_same_transform(level, n, direction, outer(), plain(), "outer pass");
                    let po = FftPlan::<f64>::with_kernel(n, direction, outer(), level);
                    let pp = FftPlan::<f64>::with_kernel(n, direction, plain(), level);
                    let x: Vec<Complex<f64>> = (0..n)
                        .map(|t| Complex::new((t % 11) as f64 - 5.0, (t * 5 % 13) as f64 - 6.0))
                        .collect();
                    let mut want = x.clone();
                    let mut scratch =
                        vec![Complex::default(); po.scratch_len().max(pp.scratch_len())];
                    pp.process(&mut want, &mut scratch);
                    let close = |got: &[Complex<f64>], what: &str| {
                        let err = got
                            .iter()
                            .zip(&want)
                            .map(|(u, v)| (u - v).norm())
                            .fold(0.0, f64::max);
                        assert!(
                            err <= 1e-12 * n as f64,
                            "{level} n={n} {direction:?} {what}: {err:e}"
                        );
                    };
                    let mut out = vec![Complex::default(); n];
                    po.process_out_of_place(&x, &mut out, &mut scratch);
                    close(&out, "out of place");
                    let mut input = x.clone();
                    out.fill(Complex::default());
                    let mut tile = vec![Complex::default(); po.clobbering_scratch_len()];
                    po.process_clobbering(&mut input, &mut out, &mut tile);
                    close(&out, "clobbering");
                }
            }
        }
        // The default limits: past 8 MiB of data, up to 32 MiB.
        let tuned = ["FROM", "TO"]
            .iter()
            .any(|v| std::env::var_os(format!("CADENZA_OUTER_{v}_BYTES")).is_some());
        if !tuned {
            let outer = |k: Kernel<f64>| matches!(k.passes[..], [Pass::Outer { .. }]);
            assert!(!outer(plan::<f64>(1 << 19, false, 2, 16)));
            assert!(outer(plan::<f64>(1 << 20, false, 2, 16)));
            assert!(outer(plan::<f64>(1 << 21, false, 2, 16)));
            assert!(!outer(plan::<f64>(1 << 22, false, 2, 16)));
        }
    }

    /// The doubled first pass runs by default only where it measured faster
    /// (2 lanes; 4 lanes up to 16 KiB); here it is forced at every level
    /// with 2 or 4 lanes, past the factoring limit too, and checked against
    /// the single-radix plan.
    #[test]
    fn doubled_first_pass_matches_the_single_radix_one() {
        use crate::Direction;
        for level in cadenza_simd::supported() {
            for (lanes, f32_plan) in [
                (<f32 as crate::float::Sealed>::lanes(level), true),
                (<f64 as crate::float::Sealed>::lanes(level), false),
            ] {
                if !(2..=4).contains(&lanes) {
                    continue;
                }
                let rows = crate::plan::max_block_rows(level);
                for n in [lanes * 64, lanes * 8192] {
                    for direction in [Direction::Forward, Direction::Inverse] {
                        let inverse = direction == Direction::Inverse;
                        let err = if f32_plan {
                            doubled_vs_single::<f32>(n, inverse, lanes, rows, level, direction)
                        } else {
                            doubled_vs_single::<f64>(n, inverse, lanes, rows, level, direction)
                        };
                        let tol = if f32_plan { 1e-5 } else { 1e-13 };
                        assert!(
                            err <= tol,
                            "{level} {lanes} lanes n={n} {direction:?}: differs by {err:e}"
                        );
                    }
                }
            }
        }
        // The default choice.
        assert_eq!(first_radix::<f64>(1 << 20, 2), 4);
        assert_eq!(first_radix::<f32>(2048, 4), 8);
        assert_eq!(first_radix::<f32>(4096, 4), 4);
        assert_eq!(first_radix::<f32>(1024, 8), 8);
    }

    /// Relative RMS difference of the doubled and the single first pass.
    fn doubled_vs_single<T: FftFloat>(
        n: usize,
        inverse: bool,
        lanes: usize,
        rows: usize,
        level: cadenza_simd::Level,
        direction: crate::Direction,
    ) -> f64 {
        use crate::plan::FftPlan;
        let doubled = plan_with::<T>(n, inverse, lanes, rows, 2 * lanes, 3, None);
        assert!(
            matches!(doubled.passes[0], Pass::First { radix, .. } if radix == 2 * lanes),
            "{level} n={n}: {:?}",
            doubled.passes[0]
        );
        let single = plan_with::<T>(n, inverse, lanes, rows, lanes, 3, None);
        let pd = FftPlan::<T>::with_kernel(n, direction, doubled, level);
        let ps = FftPlan::<T>::with_kernel(n, direction, single, level);
        let x: Vec<Complex<T>> = (0..n)
            .map(|t| {
                let v = |k: usize| T::from_f64(k as f64).unwrap_or_else(T::zero);
                Complex::new(v(t % 13) - v(6), v(t * 7 % 11) - v(5))
            })
            .collect();
        let (mut a, mut b) = (x.clone(), x);
        let mut scratch = vec![Complex::default(); pd.scratch_len().max(ps.scratch_len())];
        pd.process(&mut a, &mut scratch);
        ps.process(&mut b, &mut scratch);
        let sq = |c: Complex<T>| {
            let (re, im) = (c.re.to_f64().unwrap_or(0.0), c.im.to_f64().unwrap_or(0.0));
            re * re + im * im
        };
        let norm: f64 = b.iter().map(|&c| sq(c)).sum::<f64>().sqrt();
        let diff: f64 = a
            .iter()
            .zip(&b)
            .map(|(&u, &v)| sq(u - v))
            .sum::<f64>()
            .sqrt();
        diff / norm
    }

    #[test]
    fn factored_first_pass_tables_multiply_to_the_full_twiddles() {
        for (radix, lanes, m) in [
            (2usize, 2usize, 64usize),
            (4, 4, 512),
            (8, 8, 512),
            (8, 8, 4096),
            (4, 2, 64),
            (8, 4, 512),
            (16, 8, 256),
        ] {
            for inverse in [false, true] {
                let (re, im) = first_tables::<f64>(radix, m, lanes, inverse);
                for k in 1..radix {
                    for p in 0..m {
                        let (g, l) = (p / lanes, p % lanes);
                        let lane =
                            Complex::new(re[(k - 1) * lanes + l].re, im[(k - 1) * lanes + l].re);
                        let group = twiddle::<f64>(k * lanes * g, radix * m, inverse);
                        let want = twiddle::<f64>(k * p, radix * m, inverse);
                        assert!(
                            (lane * group - want).norm() < 1e-15,
                            "{radix} {lanes} {m} {k} {p}"
                        );
                    }
                }
            }
        }
        // The kernel's own choice: factored only past 32 KiB of tables at
        // 64-byte registers (8 complex f32 or 4 complex f64).
        assert!(!first_is_factored::<f32>(8, 8, 256) && first_is_factored::<f32>(8, 8, 512));
        assert!(!first_is_factored::<f64>(4, 4, 256) && first_is_factored::<f64>(4, 4, 512));
        // Narrower registers: past 512 KiB of tables.
        assert!(
            !first_is_factored::<f32>(4, 4, 1 << 13) && first_is_factored::<f32>(4, 4, 1 << 14)
        );
    }

    #[test]
    fn radices_multiply_to_the_length() {
        for max_log in 3..=5 {
            for log in 0..24u32 {
                let len = 1usize << log;
                let r = radices(len, max_log);
                assert_eq!(r.iter().product::<usize>(), len);
                assert!(r.iter().all(|&x| x >= 2 && x <= 1 << max_log));
                assert_eq!(r.len(), log.div_ceil(max_log) as usize);
            }
        }
    }

    #[test]
    fn f64_2048_at_two_lanes_runs_radix_4_passes_then_8() {
        fn strided<T>(k: &Kernel<T>) -> Vec<usize> {
            k.passes
                .iter()
                .filter_map(|p| match p {
                    Pass::Strided(s) => Some(s.radix),
                    _ => None,
                })
                .collect()
        }
        assert_eq!(strided(&plan::<f64>(2048, false, 2, 16)), [4, 4, 4, 8]);
        // Every other size and type keeps the default radices.
        assert_eq!(strided(&plan::<f64>(1024, false, 2, 16)), radices(256, 3));
        assert_eq!(strided(&plan::<f64>(4096, false, 2, 16)), radices(1024, 3));
        assert_eq!(strided(&plan::<f32>(2048, false, 2, 16)), radices(512, 3));
        assert_eq!(strided(&plan::<f64>(2048, false, 4, 16)), radices(512, 3));
    }
}
