#!/usr/bin/env python3
"""Markdown table of criterion medians, side by side, with ratios.

Reads target/criterion/<group>/<function>/new/estimates.json (written by any
criterion bench) and prints one row per group whose name starts with PREFIX:
the median time of each function and the ratio of every other function to
the first one named (ratio > 1: the first one is faster).

  scripts/bench-table.py [--target DIR] PREFIX FUNCTION [FUNCTION...]
  e.g. scripts/bench-table.py parse/ cadenza lofty

Throughput mode (the cadenza-dsp kernel bench, `cargo bench -p cadenza-dsp
--bench kernels`): one row per criterion group `<kernel>/<size>` holding the
functions simd, simd_unaligned, memcpy, memcpy_unaligned and scalar_loop, with
GB/s (criterion's byte throughput / median time), the kernel's rate as a
fraction of memcpy's in the same group (aligned, and unaligned against the
unaligned memcpy), its speed-up over the scalar loop, and a count of the cells
at or above THRESHOLD (default 0.90):

  scripts/bench-table.py [--target DIR] --throughput [PREFIX] [--threshold X]
"""
import json
import os
import sys


def fmt_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


SIZE_ORDER = {"l1": 0, "l2": 1, "dram": 2}


def throughput_table(root, prefix, threshold):
    """Kernel rates against memcpy and the scalar loop (see the module doc)."""
    rates = {}
    for dirpath, _dirs, files in os.walk(root):
        if "benchmark.json" not in files or not dirpath.endswith(os.sep + "new"):
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            median = json.load(f)["median"]["point_estimate"]
        nbytes = (bench.get("throughput") or {}).get("Bytes")
        group = bench["group_id"]
        if nbytes is None or "/" not in group or not group.startswith(prefix):
            continue
        rates[(group, bench["function_id"])] = nbytes / median  # bytes/ns == GB/s
    groups = sorted(
        {g for g, _ in rates},
        key=lambda g: (g.split("/")[0], SIZE_ORDER.get(g.split("/")[1].split("_")[0], 9), g),
    )
    print("| kernel | size | SIMD GB/s | memcpy GB/s | SIMD/memcpy | unaligned/memcpy-unaligned "
          "| scalar loop GB/s | SIMD/scalar loop |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    cells = misses = 0
    missed = []
    for g in groups:
        r = {f: rates.get((g, f)) for f in
             ("simd", "simd_unaligned", "memcpy", "memcpy_unaligned", "scalar_loop")}
        if r["simd"] is None:
            continue
        kernel, size = g.split("/", 1)

        def ratio(a, b):
            return a / b if a and b else None

        def fmt(x, suffix=""):
            return "-" if x is None else f"{x:.2f}{suffix}"

        aligned = ratio(r["simd"], r["memcpy"])
        unaligned = ratio(r["simd_unaligned"], r["memcpy_unaligned"])
        for name, x in (("aligned", aligned), ("unaligned", unaligned)):
            if x is not None:
                cells += 1
                if x < threshold:
                    misses += 1
                    missed.append(f"{kernel} {size} {name} {x:.2f}")
        sc = r["scalar_loop"]
        print(f"| {kernel} | {size} | {r['simd']:.1f} | {fmt(r['memcpy'])} | {fmt(aligned)} "
              f"| {fmt(unaligned)} | {fmt(sc)} | {fmt(ratio(r['simd'], sc), 'x')} |")
    print(f"\n{cells - misses} of {cells} cells (aligned + unaligned) at >= {threshold:.2f} of memcpy.")
    if missed:
        print("Below: " + "; ".join(missed))
    return 0


def main(argv):
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    if len(argv) > 2 and argv[1] == "--target":
        target = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) > 1 and argv[1] == "--throughput":
        rest = argv[2:]
        threshold = 0.90
        if "--threshold" in rest:
            i = rest.index("--threshold")
            threshold = float(rest[i + 1])
            rest = rest[:i] + rest[i + 2:]
        return throughput_table(os.path.join(target, "criterion"), rest[0] if rest else "", threshold)
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    prefix, funcs = argv[1], argv[2:]
    root = os.path.join(target, "criterion")
    rows = []
    for dirpath, _dirs, files in os.walk(root):
        if "estimates.json" not in files or not dirpath.endswith(os.sep + "new"):
            continue
        rel = os.path.relpath(os.path.dirname(dirpath), root)
        group, func = os.path.split(rel)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            median = json.load(f)["median"]["point_estimate"]
        rows.append((group, func, median))
    groups = {}
    for group, func, median in rows:
        # criterion replaces '/' in ids by '_' on disk; match on the prefix either way
        if group.replace("_", "/").startswith(prefix.replace("_", "/")) or group.startswith(prefix):
            groups.setdefault(group, {})[func] = median
    head = "| case | " + " | ".join(f"{f} (median)" for f in funcs)
    head += "".join(f" | {f} / {funcs[0]}" for f in funcs[1:]) + " |"
    print(head)
    print("|" + "---|" * (1 + 2 * len(funcs) - 1))
    ratios = {f: [] for f in funcs[1:]}
    for group in sorted(groups):
        g = groups[group]
        if funcs[0] not in g:
            continue
        cells = [fmt_ns(g[f]) if f in g else "-" for f in funcs]
        rs = []
        for f in funcs[1:]:
            if f in g:
                r = g[f] / g[funcs[0]]
                ratios[f].append(r)
                rs.append(f"{r:.2f}x")
            else:
                rs.append("-")
        print(f"| {group} | " + " | ".join(cells + rs) + " |")
    for f, rs in ratios.items():
        if rs:
            rs.sort()
            print(f"\n{f} / {funcs[0]}: median ratio {rs[len(rs) // 2]:.2f}x, "
                  f"min {rs[0]:.2f}x, max {rs[-1]:.2f}x over {len(rs)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
