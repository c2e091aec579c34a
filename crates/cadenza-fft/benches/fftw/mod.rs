//! Minimal hand-written bindings to the system FFTW 3 (`libfftw3f`, `libfftw3`)
//! for the comparison benches; compiled only with the `fftw` feature.
//!
//! Plans are made with `FFTW_MEASURE` on buffers from `fftw_malloc` (SIMD
//! aligned), out of place, which is FFTW's fastest configuration.

use std::ffi::c_void;
use std::os::raw::{c_int, c_uint};

const FFTW_FORWARD: c_int = -1;
const FFTW_MEASURE: c_uint = 0;

#[link(name = "fftw3f")]
unsafe extern "C" {
    fn fftwf_plan_dft_1d(n: c_int, i: *mut f32, o: *mut f32, sign: c_int, f: c_uint)
    -> *mut c_void;
    fn fftwf_plan_dft_r2c_1d(n: c_int, i: *mut f32, o: *mut f32, f: c_uint) -> *mut c_void;
    fn fftwf_execute(p: *mut c_void);
    fn fftwf_destroy_plan(p: *mut c_void);
    fn fftwf_malloc(n: usize) -> *mut c_void;
    fn fftwf_free(p: *mut c_void);
}

#[link(name = "fftw3")]
unsafe extern "C" {
    fn fftw_plan_dft_1d(n: c_int, i: *mut f64, o: *mut f64, sign: c_int, f: c_uint) -> *mut c_void;
    fn fftw_plan_dft_r2c_1d(n: c_int, i: *mut f64, o: *mut f64, f: c_uint) -> *mut c_void;
    fn fftw_execute(p: *mut c_void);
    fn fftw_destroy_plan(p: *mut c_void);
    fn fftw_malloc(n: usize) -> *mut c_void;
    fn fftw_free(p: *mut c_void);
}

/// One FFTW plan with its own input and output buffers.
pub(crate) struct Plan {
    plan: *mut c_void,
    input: *mut c_void,
    output: *mut c_void,
    double: bool,
}

impl Plan {
    /// A forward transform of `n` points: complex (`real == false`) or r2c,
    /// in `f64` when `double`. The input is filled with a deterministic signal.
    pub(crate) fn new(n: usize, real: bool, double: bool) -> Plan {
        let in_floats = if real { n } else { 2 * n };
        let out_floats = if real { 2 * (n / 2 + 1) } else { 2 * n };
        let size = if double { 8 } else { 4 };
        let ni = c_int::try_from(n).expect("FFT length fits in c_int");
        // SAFETY: FFTW's documented API: buffers come from fftw_malloc with the
        // sizes the plan needs; planning may overwrite them (we fill after).
        unsafe {
            let (input, output, plan) = if double {
                let i = fftw_malloc(in_floats * size);
                let o = fftw_malloc(out_floats * size);
                let p = if real {
                    fftw_plan_dft_r2c_1d(ni, i.cast(), o.cast(), FFTW_MEASURE)
                } else {
                    fftw_plan_dft_1d(ni, i.cast(), o.cast(), FFTW_FORWARD, FFTW_MEASURE)
                };
                let s = std::slice::from_raw_parts_mut(i.cast::<f64>(), in_floats);
                for (k, v) in s.iter_mut().enumerate() {
                    *v = ((k * 7919) % 1000) as f64 / 1000.0 - 0.5;
                }
                (i, o, p)
            } else {
                let i = fftwf_malloc(in_floats * size);
                let o = fftwf_malloc(out_floats * size);
                let p = if real {
                    fftwf_plan_dft_r2c_1d(ni, i.cast(), o.cast(), FFTW_MEASURE)
                } else {
                    fftwf_plan_dft_1d(ni, i.cast(), o.cast(), FFTW_FORWARD, FFTW_MEASURE)
                };
                let s = std::slice::from_raw_parts_mut(i.cast::<f32>(), in_floats);
                for (k, v) in s.iter_mut().enumerate() {
                    *v = ((k * 7919) % 1000) as f32 / 1000.0 - 0.5;
                }
                (i, o, p)
            };
            assert!(!plan.is_null(), "FFTW planning failed for n={n}");
            Plan {
                plan,
                input,
                output,
                double,
            }
        }
    }

    /// Runs the transform once.
    pub(crate) fn execute(&self) {
        // SAFETY: `plan` is a live plan over our own live buffers.
        unsafe {
            if self.double {
                fftw_execute(self.plan)
            } else {
                fftwf_execute(self.plan)
            }
        }
    }
}

impl Drop for Plan {
    fn drop(&mut self) {
        // SAFETY: each pointer came from the matching FFTW allocator/planner
        // and is released exactly once.
        unsafe {
            if self.double {
                fftw_destroy_plan(self.plan);
                fftw_free(self.input);
                fftw_free(self.output);
            } else {
                fftwf_destroy_plan(self.plan);
                fftwf_free(self.input);
                fftwf_free(self.output);
            }
        }
    }
}
