#!/usr/bin/env python3
"""A/B of planner settings with `quick_compare` on a noisy machine.

Runs the quick_compare binary once per configuration per round, the
configurations alternating, and prints the median peer/cadenza ratio per
size. A configuration is `BINARY:ENV`, where ENV is space-separated
`NAME=VALUE` settings (for example the planner's tuning variables), so two
builds or two settings of one build can be compared in one run.

usage: ab_compare.py ROUNDS MODE TYPE "LOG2 SIZES" BINARY:ENV [BINARY:ENV ...]
  e.g. ab_compare.py 2 complex f64 "20 21" target/release/examples/quick_compare: \\
       "target/release/examples/quick_compare:CADENZA_OUTER_FROM_BYTES=999999999999"
"""
import collections
import os
import statistics
import subprocess
import sys


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    mode, typ, sizes = sys.argv[2], sys.argv[3], sys.argv[4].split()
    configs = sys.argv[5:]
    ratios = collections.defaultdict(list)
    for _ in range(rounds):
        for config in configs:
            binary, _, settings = config.partition(":")
            env = dict(os.environ)
            for setting in settings.split():
                name, _, value = setting.partition("=")
                env[name] = value
            out = subprocess.run(
                [binary, mode, typ] + sizes, env=env, capture_output=True, text=True, check=True
            ).stdout
            for line in out.splitlines():
                f = line.split()
                if len(f) >= 8 and f[1] == "cadenza":
                    ratios[(config, f[0])].append(float(f[-1]))
    points = [str(1 << int(s)) for s in sizes]
    print("config".ljust(40) + "".join(p.rjust(12) for p in points))
    for config in configs:
        cells = [ratios.get((config, p)) for p in points]
        print(
            config[-40:].ljust(40)
            + "".join(("%.2f" % statistics.median(c) if c else "-").rjust(12) for c in cells)
        )


if __name__ == "__main__":
    main()
