#!/bin/sh
# Regenerates tests/data/speech16k.wav: English sentences spoken by espeak-ng
# (several voices), resampled to 16 kHz mono 16-bit with sox, separated by
# pauses of different lengths. Used by the VAD evaluation (tests/vad_speech.rs,
# examples/vad_eval.rs), which label ground truth from this clean signal.
# Needs espeak-ng and sox. Usage: scripts/make-speech.sh [output.wav]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/tests/data/speech16k.wav}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

i=0
# voice|words per minute|pause after (s)|text
while IFS='|' read -r voice wpm pause text; do
    [ -n "$voice" ] || continue
    espeak-ng -v "$voice" -s "$wpm" -w "$tmp/raw$i.wav" "$text"
    # Drop espeak's own trailing silence so the pause length is the one listed.
    sox "$tmp/raw$i.wav" -r 16000 -c 1 -b 16 "$tmp/part$i.wav" \
        reverse silence 1 0.01 0.1% reverse pad 0 "$pause"
    i=$((i + 1))
done <<'LIST'
en-us|170|0.6|The quick brown fox jumps over the lazy dog.
en+f3|165|0.9|Please call Stella.
en-gb|175|0.4|Six spoons of fresh snow peas.
en-us+m3|150|0.7|Maybe a snack for her brother Bob.
LIST
sox -n -r 16000 -c 1 -b 16 "$tmp/lead.wav" trim 0 0.5
sox "$tmp/lead.wav" $(i=0; while [ -f "$tmp/part$i.wav" ]; do echo "$tmp/part$i.wav"; i=$((i + 1)); done) "$out"
soxi "$out" 2>/dev/null || true
