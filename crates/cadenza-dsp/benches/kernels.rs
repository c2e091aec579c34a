//! Kernel benchmarks (filled in below).
fn main() {}
