#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need (as root,
# when missing), then checks formatting, lints, docs, and runs every test with
# every feature on, including the real-time tests against a headless JACK
# server (scripts/jack-test.sh starts and stops it), and finally the NEON
# paths of cadenza-simd/fft/dsp cross-built for aarch64 and run under
# qemu-user (scripts/neon-test.sh, which installs its cross tools).
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v jackd >/dev/null 2>&1 || need_pkgs+=(jackd2)
dpkg -s libjack-jackd2-dev >/dev/null 2>&1 || need_pkgs+=(libjack-jackd2-dev)
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
# cpal (the `cpal` feature of cadenza-rt/cadenza-cli) links ALSA; the FFTW
# benchmark peer (the `fftw` feature of cadenza-fft) links libfftw3.
dpkg -s libasound2-dev >/dev/null 2>&1 || need_pkgs+=(libasound2-dev)
dpkg -s libfftw3-dev >/dev/null 2>&1 || need_pkgs+=(libfftw3-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh: missing packages ${need_pkgs[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "== installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "== installing cargo-nextest"
  cargo install --locked cargo-nextest >/dev/null
fi

echo "== rustfmt"
cargo fmt --all -- --check
echo "== clippy"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
echo "== rustdoc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked
echo "== tests (with a headless JACK server)"
export CADENZA_REQUIRE_JACK=1
scripts/jack-test.sh cargo nextest run --workspace --all-features --locked --no-fail-fast
echo "== doctests"
cargo test --workspace --doc --all-features --locked
echo "== NEON paths: aarch64 build + tests under qemu-user"
scripts/neon-test.sh
