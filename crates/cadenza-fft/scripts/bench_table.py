#!/usr/bin/env python3
"""Prints a Markdown table of median ns/transform from criterion's saved
estimates (target/criterion/<kind>_<type>_<N>/<impl>/new/estimates.json) with
cadenza's speed-up over each peer (peer time / cadenza time; > 1 means faster)."""
import json, os, re, sys

root = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
rows = {}
for group in os.listdir(root):
    m = re.fullmatch(r"(complex|real)_(f32|f64)_(\d+)", group)
    if not m:
        continue
    for imp in os.listdir(os.path.join(root, group)):
        est = os.path.join(root, group, imp, "new", "estimates.json")
        if os.path.exists(est):
            with open(est) as f:
                rows.setdefault((m[1], m[2], int(m[3])), {})[imp] = json.load(f)["median"]["point_estimate"]
for kind in ("complex", "real"):
    for ty in ("f32", "f64"):
        keys = sorted(k for k in rows if k[0] == kind and k[1] == ty)
        if not keys:
            continue
        peer = "rustfft" if kind == "complex" else "realfft"
        print(f"\n{kind} {ty} (median ns per transform)\n")
        print(f"| N | cadenza | {peer} | fftw | {peer}/cadenza | fftw/cadenza |")
        print("|---:|---:|---:|---:|---:|---:|")
        for k in keys:
            r = rows[k]
            c, p, w = r.get("cadenza"), r.get(peer), r.get("fftw")
            fmt = lambda v: f"{v:.0f}" if v else "-"
            rat = lambda v: f"{v / c:.2f}" if v and c else "-"
            print(f"| {k[2]} | {fmt(c)} | {fmt(p)} | {fmt(w)} | {rat(p)} | {rat(w)} |")
