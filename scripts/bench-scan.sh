#!/usr/bin/env bash
# Scan throughput, side by side in one run: `cadenza scan --threads 1` against
# a lofty-based scanner and against the syscall floor (open + one read + close
# per file), on a generated corpus of N files (default 20,000) copied from the
# committed fixtures. Files are read from the page cache (one warm-up pass).
#
#   scripts/bench-scan.sh [N] [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
corpus=${2:-bench-corpus}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p cadenza-cli -p cadenza-meta --examples --bins
bin=$CARGO_TARGET_DIR/release
if [ ! -d "$corpus" ] || [ "$(find "$corpus" -type f | wc -l)" -ne "$n" ]; then
  rm -rf "$corpus"
  "$bin/examples/make_corpus" "$corpus" "$n"
fi
# Warm the page cache.
cat $(find "$corpus" -type f) > /dev/null
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
hyperfine -N --warmup 2 --runs ${RUNS:-10} --export-markdown /tmp/cadenza-bench-scan.md \
  -n "cadenza scan --threads 1" "$bin/cadenza scan --threads 1 --quiet $corpus --format jsonl" \
  -n "lofty scanner (1 thread)" "$bin/examples/lofty_scan $corpus" \
  -n "syscall floor (open+read+close)" "$bin/examples/syscall_floor $corpus" \
  -n "cadenza scan (all cores)" "$bin/cadenza scan --quiet $corpus --format jsonl" \
  --output=null
echo
echo "files: $n ($(du -sh "$corpus" | cut -f1)) copied from the audio fixtures under crates/cadenza-meta/tests/fixtures"
cat /tmp/cadenza-bench-scan.md
