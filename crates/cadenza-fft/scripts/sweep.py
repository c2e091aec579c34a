#!/usr/bin/env python3
"""Every power of two, every kind: one `quick_compare` run per kind and type.

Runs `BINARY {complex,real,c2r} {f32,f64} 1..22` (six processes, one after
another), saves the raw output to OUT, and prints the Markdown table used in
BENCHMARKS.md: peer/cadenza per cell with cadenza's median time, bold below
1.0, and the count of cells at or above 1.0. `--table OUT` reprints the
table from a saved run without measuring again.

usage: sweep.py BINARY OUT
       sweep.py --table OUT
  e.g. cargo build --release -p cadenza-fft --example quick_compare
       sweep.py target/release/examples/quick_compare /tmp/sweep.txt
"""
import subprocess
import sys

KINDS = [(m, t) for m in ("complex", "real", "c2r") for t in ("f32", "f64")]
HEAD = {"complex": "complex", "real": "r2c", "c2r": "c2r"}
LOGS = list(range(1, 23))


def measure(binary, out):
    with open(out, "w") as f:
        for mode, typ in KINDS:
            f.write(f"## {mode} {typ}\n")
            f.flush()
            run = subprocess.run(
                [binary, mode, typ] + [str(l) for l in LOGS], capture_output=True, text=True, check=True
            )
            f.write(run.stdout)
            f.flush()


def fmt_ns(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:.0f} µs"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def table(out):
    cells, kind = {}, None
    with open(out) as f:
        for line in f:
            if line.startswith("## "):
                kind = tuple(line.split()[1:3])
                continue
            w = line.split()
            if len(w) >= 8 and w[1] == "cadenza":
                cells[(kind, int(w[0]))] = (float(w[2]), float(w[-1]))
    print("| N | " + " | ".join(f"{HEAD[m]} {t}" for m, t in KINDS) + " |")
    print("|---:|" + "---:|" * len(KINDS))
    ok, below = 0, []
    for log in LOGS:
        n = 1 << log
        row = []
        for k in KINDS:
            if (k, n) not in cells:
                row.append("-")
                continue
            ns, ratio = cells[(k, n)]
            text = f"{ratio:.2f}"
            if ratio < 1.0:
                below.append(f"{HEAD[k[0]]} {k[1]} {n} ({ratio:.2f})")
                text = f"**{text}**"
            else:
                ok += 1
            row.append(f"{text} ({fmt_ns(ns)})")
        label = str(n) if log <= 10 else f"2^{log}"
        print(f"| {label} | " + " | ".join(row) + " |")
    print(f"\n{ok} of {ok + len(below)} >= 1.0; below: " + ", ".join(below))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        table(sys.argv[2])
    elif len(sys.argv) == 3:
        measure(sys.argv[1], sys.argv[2])
        table(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
