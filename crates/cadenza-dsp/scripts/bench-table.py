#!/usr/bin/env python3
"""Ratio table from criterion results of `cargo bench -p cadenza-dsp --bench kernels`.

Reads <target>/criterion/*/*/new/{benchmark,estimates}.json (target from
CARGO_TARGET_DIR or ./target), takes the median time, and prints, per kernel
and size, GB/s (bytes read + written) of the SIMD kernel (aligned, unaligned),
its ratio to memcpy's rate measured in the same group (same size,
alignment and time), and its speed-up
over the plain scalar loop.
"""
import glob, json, os, sys

root = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
rates = {}
for bench in glob.glob(os.path.join(root, "*", "*", "new", "benchmark.json")):
    b = json.load(open(bench))
    est = json.load(open(os.path.join(os.path.dirname(bench), "estimates.json")))
    ns = est["median"]["point_estimate"]
    nbytes = b["throughput"]["Bytes"]
    kernel, size = b["group_id"].split("/")
    rates[(kernel, size, b["function_id"])] = nbytes / ns  # bytes/ns == GB/s

sizes = ["l1_16KiB", "l2_512KiB", "dram_256MiB"]
kernels = sorted({k for (k, _, _) in rates})
print("| kernel | size | SIMD GB/s | memcpy GB/s | SIMD/memcpy | unaligned/memcpy-unaligned | SIMD/scalar loop |")
print("|---|---|---:|---:|---:|---:|---:|")
for k in kernels:
    for s in sizes:
        simd = rates.get((k, s, "simd"))
        if simd is None:
            continue
        una = rates.get((k, s, "simd_unaligned"))
        sc = rates.get((k, s, "scalar_loop"))
        mc = rates.get((k, s, "memcpy"))
        mcu = rates.get((k, s, "memcpy_unaligned"))
        f = lambda a, b: f"{a / b:.2f}" if a and b else "-"
        print(f"| {k} | {s} | {simd:.1f} | {mc:.1f} | {f(simd, mc)} | {f(una, mcu)} | {f(simd, sc)}x |")
