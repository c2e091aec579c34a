//! Criterion benches: cadenza vs rustfft vs realfft vs FFTW (being written).

fn main() {}
