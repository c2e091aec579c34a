#!/usr/bin/env bash
# Run a command with a headless JACK server (dummy driver) running, then stop the server.
#
#   scripts/jack-test.sh [--period N] [--rate R] COMMAND [ARGS...]
#
# Installs jackd2 (and libasound2-dev, needed to build cadenza-rt's `cpal` feature) with apt-get
# when missing. Starts `jackd -R -P 90 -d dummy -r 48000 -p 128` (falls back to no -R when
# real-time scheduling is refused), waits until clients can connect, runs COMMAND with
# CADENZA_REQUIRE_JACK=1 exported (so JACK tests fail instead of skipping when the server is
# unreachable), stops the server and exits with COMMAND's exit status.
set -u

period=${JACK_TEST_PERIOD:-128}
rate=${JACK_TEST_RATE:-48000}
while [ $# -gt 0 ]; do
    case "$1" in
        --period) period=$2; shift 2 ;;
        --rate) rate=$2; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
if [ $# -eq 0 ]; then
    echo "usage: $0 [--period N] [--rate R] COMMAND [ARGS...]" >&2
    exit 2
fi

need=()
command -v jackd >/dev/null 2>&1 || need+=(jackd2)
command -v jack_wait >/dev/null 2>&1 || need+=(jackd2)
dpkg -s libjack-jackd2-dev >/dev/null 2>&1 || need+=(libjack-jackd2-dev)
dpkg -s libasound2-dev >/dev/null 2>&1 || need+=(libasound2-dev)
if [ ${#need[@]} -gt 0 ]; then
    echo "jack-test: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq "${need[@]}" >&2 || { echo "jack-test: apt-get install failed" >&2; exit 1; }
fi

# jackd refuses to start without a writable runtime directory / with a stale server.
export JACK_NO_AUDIO_RESERVATION=1
export JACK_DEFAULT_SERVER=${JACK_DEFAULT_SERVER:-cadenza-test}
logdir=$(mktemp -d)
jack_pid=

start_server() {
    # $@: extra jackd flags before the driver
    jackd -n "$JACK_DEFAULT_SERVER" "$@" -d dummy -r "$rate" -p "$period" >"$logdir/jackd.log" 2>&1 &
    jack_pid=$!
    for _ in $(seq 1 100); do
        if ! kill -0 "$jack_pid" 2>/dev/null; then
            return 1
        fi
        if timeout 2 jack_wait -s "$JACK_DEFAULT_SERVER" -c 2>/dev/null | grep -qx running; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

stop_server() {
    if [ -n "$jack_pid" ] && kill -0 "$jack_pid" 2>/dev/null; then
        kill "$jack_pid" 2>/dev/null
        for _ in $(seq 1 50); do
            kill -0 "$jack_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$jack_pid" 2>/dev/null || true
        wait "$jack_pid" 2>/dev/null || true
    fi
    jack_pid=
}
trap 'stop_server; rm -rf "$logdir"' EXIT
trap 'exit 130' INT TERM

mode="realtime (-R -P 90)"
if ! start_server -R -P 90; then
    echo "jack-test: jackd -R refused, retrying without real-time scheduling" >&2
    sed 's/^/jackd: /' "$logdir/jackd.log" >&2
    stop_server
    mode="not realtime"
    if ! start_server; then
        echo "jack-test: jackd failed to start:" >&2
        sed 's/^/jackd: /' "$logdir/jackd.log" >&2
        exit 1
    fi
fi
echo "jack-test: jackd (${mode}, dummy driver, ${rate} Hz, ${period} frames) is up as server '${JACK_DEFAULT_SERVER}'" >&2

export CADENZA_REQUIRE_JACK=1
"$@"
status=$?
stop_server
exit $status
