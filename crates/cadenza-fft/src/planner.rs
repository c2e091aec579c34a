//! [`Planner`]: builds plans once per (type, kind, length) and hands out
//! shared `Arc`s; safe to use from many threads.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use cadenza_simd::Level;

use crate::{
    BatchFftPlan, BatchFloat, BatchInverseRealFftPlan, BatchRealFftPlan, Direction, FftFloat,
    FftPlan, InverseRealFftPlan, RealFftPlan,
};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Complex(Direction),
    RealForward,
    RealInverse,
    BatchComplex(Direction),
    BatchRealForward,
    BatchRealInverse,
}

type Key = (TypeId, Kind, usize);

#[derive(Default)]
struct Cache {
    plans: HashMap<Key, Arc<dyn Any + Send + Sync>>,
    /// One `rustfft::FftPlanner<T>` per float type, for delegated lengths.
    rustfft: HashMap<TypeId, Box<dyn Any + Send>>,
}

/// Creates and caches FFT plans. `Send + Sync`: share one per process.
///
/// Every plan it makes runs at the planner's SIMD level (or the best level
/// below it that suits the length).
pub struct Planner {
    level: Level,
    cache: Mutex<Cache>,
}

impl Default for Planner {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Planner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planner")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

impl Planner {
    /// A planner for [`cadenza_simd::level()`] (best level, or `CADENZA_SIMD`).
    pub fn new() -> Self {
        Self::with_level(cadenza_simd::level())
    }

    /// A planner whose plans run at `level`, clamped to what the CPU supports.
    pub fn with_level(level: Level) -> Self {
        Planner {
            level: cadenza_simd::clamp_to_hardware(level),
            cache: Mutex::default(),
        }
    }

    /// The (clamped) level this planner plans for.
    pub fn level(&self) -> Level {
        self.level
    }

    fn lock(&self) -> MutexGuard<'_, Cache> {
        // A panic while planning leaves no half-inserted entry, so a poisoned
        // cache is still consistent.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cached<P: Send + Sync + 'static>(&self, key: Key, make: impl FnOnce(&Self) -> P) -> Arc<P> {
        if let Some(p) = self.lock().plans.get(&key).cloned()
            && let Ok(p) = p.downcast::<P>()
        {
            return p;
        }
        let plan = Arc::new(make(self));
        let erased: Arc<dyn Any + Send + Sync> = plan.clone();
        self.lock().plans.entry(key).or_insert(erased);
        plan
    }

    /// The highest level at or below the planner's whose registers suit `n`:
    /// at least `lanes * lanes` points, and for `f64` at AVX-512 twice that.
    /// The square 4 x 4 block of 16 `f64` points at AVX-512 spends its time
    /// in transposes of 256-bit complex pairs; AVX2's 2 x 8 block measured
    /// 13.0 against 14.7 ns (`CADENZA_SIMD=avx2|avx512 quick_compare complex
    /// f64 4`), while 32 points at AVX-512 stay faster (19.5 against 22 ns).
    fn level_for<T: FftFloat>(&self, n: usize) -> Level {
        let mut level = self.level;
        loop {
            let lanes = T::lanes(level);
            let square = lanes * lanes;
            let min = if level == Level::Avx512 && std::mem::size_of::<T>() == 8 {
                2 * square
            } else {
                square
            };
            if lanes == 1 || n >= min {
                return level;
            }
            level = match level {
                Level::Avx512 => Level::Avx2,
                Level::Avx2 => Level::Sse2,
                _ => Level::Scalar,
            };
        }
    }

    /// A complex FFT of length `n` in `direction`. Powers of two use
    /// cadenza's kernels; other lengths are delegated to rustfft.
    pub fn plan_fft<T: FftFloat>(&self, n: usize, direction: Direction) -> Arc<FftPlan<T>> {
        self.cached((TypeId::of::<T>(), Kind::Complex(direction), n), |me| {
            if n <= 1 || n.is_power_of_two() {
                FftPlan::new_own(n, direction, me.level_for::<T>(n))
            } else {
                let fft = {
                    let mut cache = me.lock();
                    let planner = cache
                        .rustfft
                        .entry(TypeId::of::<T>())
                        .or_insert_with(|| Box::new(rustfft::FftPlanner::<T>::new()))
                        .downcast_mut::<rustfft::FftPlanner<T>>()
                        .expect("rustfft planner stored under its type");
                    let dir = match direction {
                        Direction::Forward => rustfft::FftDirection::Forward,
                        Direction::Inverse => rustfft::FftDirection::Inverse,
                    };
                    planner.plan_fft(n, dir)
                };
                FftPlan::new_delegate(fft, direction)
            }
        })
    }

    /// A forward real-to-complex FFT of `n` samples.
    pub fn plan_r2c<T: FftFloat>(&self, n: usize) -> Arc<RealFftPlan<T>> {
        self.cached((TypeId::of::<T>(), Kind::RealForward, n), |me| {
            let inner = if n.is_multiple_of(2) { n / 2 } else { n };
            RealFftPlan::new(n, me.plan_fft::<T>(inner, Direction::Forward), me.level)
        })
    }

    /// An inverse complex-to-real FFT producing `n` samples.
    pub fn plan_c2r<T: FftFloat>(&self, n: usize) -> Arc<InverseRealFftPlan<T>> {
        self.cached((TypeId::of::<T>(), Kind::RealInverse, n), |me| {
            let inner = if n.is_multiple_of(2) { n / 2 } else { n };
            InverseRealFftPlan::new(n, me.plan_fft::<T>(inner, Direction::Inverse), me.level)
        })
    }

    /// A batch of complex FFTs of length `n` in `direction`, with SIMD lanes
    /// across frames (see [`BatchFftPlan`]).
    pub fn plan_batch_fft<T: BatchFloat>(
        &self,
        n: usize,
        direction: Direction,
    ) -> Arc<BatchFftPlan<T>> {
        self.cached(
            (TypeId::of::<T>(), Kind::BatchComplex(direction), n),
            |me| BatchFftPlan::new(me.plan_fft::<T>(n, direction), me.level),
        )
    }

    /// A batch of forward real-to-complex FFTs of `n` samples, with SIMD
    /// lanes across frames (see [`BatchRealFftPlan`]).
    pub fn plan_batch_r2c<T: BatchFloat>(&self, n: usize) -> Arc<BatchRealFftPlan<T>> {
        self.cached((TypeId::of::<T>(), Kind::BatchRealForward, n), |me| {
            BatchRealFftPlan::new(me.plan_r2c::<T>(n), me.level)
        })
    }

    /// A batch of inverse complex-to-real FFTs of `n` samples, with SIMD
    /// lanes across frames (see [`BatchInverseRealFftPlan`]).
    pub fn plan_batch_c2r<T: BatchFloat>(&self, n: usize) -> Arc<BatchInverseRealFftPlan<T>> {
        self.cached((TypeId::of::<T>(), Kind::BatchRealInverse, n), |me| {
            BatchInverseRealFftPlan::new(me.plan_c2r::<T>(n), me.level)
        })
    }

    /// [`plan_fft`](Self::plan_fft) for `f32`.
    pub fn plan_fft_f32(&self, n: usize, direction: Direction) -> Arc<FftPlan<f32>> {
        self.plan_fft(n, direction)
    }

    /// [`plan_fft`](Self::plan_fft) for `f64`.
    pub fn plan_fft_f64(&self, n: usize, direction: Direction) -> Arc<FftPlan<f64>> {
        self.plan_fft(n, direction)
    }

    /// [`plan_r2c`](Self::plan_r2c) for `f32`.
    pub fn plan_r2c_f32(&self, n: usize) -> Arc<RealFftPlan<f32>> {
        self.plan_r2c(n)
    }

    /// [`plan_r2c`](Self::plan_r2c) for `f64`.
    pub fn plan_r2c_f64(&self, n: usize) -> Arc<RealFftPlan<f64>> {
        self.plan_r2c(n)
    }

    /// [`plan_c2r`](Self::plan_c2r) for `f32`.
    pub fn plan_c2r_f32(&self, n: usize) -> Arc<InverseRealFftPlan<f32>> {
        self.plan_c2r(n)
    }

    /// [`plan_c2r`](Self::plan_c2r) for `f64`.
    pub fn plan_c2r_f64(&self, n: usize) -> Arc<InverseRealFftPlan<f64>> {
        self.plan_c2r(n)
    }
}
