#!/usr/bin/env python3
"""Markdown table of criterion medians, side by side, with ratios.

Reads target/criterion/<group>/<function>/new/estimates.json (written by any
criterion bench) and prints one row per group whose name starts with PREFIX:
the median time of each function and the ratio of every other function to
the first one named (ratio > 1: the first one is faster).

  scripts/bench-table.py [--target DIR] PREFIX FUNCTION [FUNCTION...]
  e.g. scripts/bench-table.py parse/ cadenza lofty
"""
import json
import os
import sys


def fmt_ns(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main(argv):
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    if len(argv) > 2 and argv[1] == "--target":
        target = argv[2]
        argv = argv[:1] + argv[3:]
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
