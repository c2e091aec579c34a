#!/usr/bin/env bash
# Generates the cadenza-meta test fixtures and their expected values.
#
#   scripts/make-fixtures.sh [OUT_DIR]     (default: crates/cadenza-meta/tests/fixtures)
#
# Needs ffmpeg (with libmp3lame, libopus, libvorbis), sox, ffprobe and
# python3-mutagen for /usr/bin/python3. Audio comes from deterministic lavfi /
# sox sources with -fflags +bitexact, so re-running gives byte-identical files.
# Steps:
#   1. ffmpeg / sox encode the plain streams (this file);
#   2. scripts/fixtures_craft.py adds tags with mutagen and builds the variants
#      no tool writes (ID3v2.2, unsynchronisation, VBRI, TAG+, RIFX sizes...);
#   3. scripts/fixtures_expected.py records what ffprobe and mutagen report for
#      every fixture into expected.json (the oracle the Rust tests compare to).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/crates/cadenza-meta/tests/fixtures}
PY=/usr/bin/python3
export LC_ALL=C

mkdir -p "$OUT"/mp3 "$OUT"/wav "$OUT"/mkv "$OUT"/src
# Start from a clean tree so removed variants do not linger.
find "$OUT"/mp3 "$OUT"/wav "$OUT"/mkv "$OUT"/src -type f -delete

FF=(ffmpeg -nostdin -hide_banner -loglevel error -y)
BITEXACT=(-fflags +bitexact -flags:a +bitexact -map_metadata -1)

# A deterministic test signal: a tone plus a little seeded noise (so VBR
# encoders actually vary their frame sizes). $1 = rate, $2 = seconds.
sig() {
    echo "aevalsrc=0.4*sin(2*PI*440*t)+0.2*sin(2*PI*(660+400*t)*t)+0.05*(random(0)-0.5):s=$1:d=$2"
}
# enc RATE SECONDS CHANNELS OUTFILE ENCODER-ARGS...
enc() {
    local rate=$1 secs=$2 ch=$3 out=$4
    shift 4
    "${FF[@]}" -f lavfi -i "$(sig "$rate" "$secs")" -ac "$ch" "${BITEXACT[@]}" "$@" "$out"
}

# ---------------------------------------------------------------- MPEG audio
M=$OUT/mp3
NOTAG=(-id3v2_version 0 -write_id3v1 0)
# Xing/Info + LAME tag (ffmpeg's mp3 muxer writes them by default).
enc 44100 2 2 "$M/cbr128_44k_stereo_info.mp3" -c:a libmp3lame -b:a 128k "${NOTAG[@]}"
enc 44100 2 2 "$M/vbr_q4_44k_stereo_xing.mp3" -c:a libmp3lame -q:a 4 "${NOTAG[@]}"
# No Xing header: duration from size (CBR).
enc 44100 2 1 "$M/cbr64_44k_mono_noxing.mp3" -c:a libmp3lame -b:a 64k -write_xing 0 "${NOTAG[@]}"
# MPEG-2 and MPEG-2.5 layer III.
enc 22050 2 1 "$M/mpeg2_22k_mono_vbr.mp3" -c:a libmp3lame -q:a 6 "${NOTAG[@]}"
enc 16000 1 1 "$M/mpeg2_16k_mono_cbr32.mp3" -c:a libmp3lame -b:a 32k -write_xing 0 "${NOTAG[@]}"
enc 8000 2 1 "$M/mpeg25_8k_mono_cbr16.mp3" -c:a libmp3lame -b:a 16k "${NOTAG[@]}"
enc 11025 1 2 "$M/mpeg25_11k_stereo_vbr.mp3" -c:a libmp3lame -q:a 7 "${NOTAG[@]}"
# Layer II, MPEG-1 and MPEG-2.
enc 48000 1 2 "$M/layer2_48k_stereo_192k.mp2" -c:a mp2 -b:a 192k -f mp2
enc 24000 1 1 "$M/layer2_mpeg2_24k_mono_64k.mp2" -c:a mp2 -b:a 64k -f mp2
# Base streams that fixtures_craft.py tags (never tested themselves).
enc 44100 1 1 "$OUT/src/base_mono.mp3" -c:a libmp3lame -b:a 64k "${NOTAG[@]}"
enc 44100 1 1 "$OUT/src/base_noxing.mp3" -c:a libmp3lame -b:a 64k -write_xing 0 "${NOTAG[@]}"
# A small cover picture (PNG and JPEG) for APIC / APE cover art.
"${FF[@]}" -f lavfi -i "testsrc=size=16x16:rate=1:duration=1" -frames:v 1 -fflags +bitexact -flags +bitexact "$OUT/src/cover.png"
"${FF[@]}" -f lavfi -i "testsrc=size=16x16:rate=1:duration=1" -frames:v 1 -fflags +bitexact -flags +bitexact -q:v 5 "$OUT/src/cover.jpg"
# ffmpeg's own ID3v2.4 + ID3v1 writer (tags from -metadata).
enc 44100 1 1 "$M/ffmpeg_id3v24_id3v1.mp3" -c:a libmp3lame -b:a 64k -write_id3v1 1 \
    -metadata title="ffmpeg title" -metadata artist="ffmpeg artist" -metadata album="ffmpeg album" \
    -metadata date=2011 -metadata track=7 -metadata genre=Jazz -metadata comment="ffmpeg comment"

# ---------------------------------------------------------------- RIFF/WAVE
W=$OUT/wav
TAGS=(-metadata title="Wave Title" -metadata artist="Wave Artist" -metadata album="Wave Album"
      -metadata date=2019 -metadata genre=Ambient -metadata comment="A comment" -metadata track=4
      -metadata copyright="(c) nobody")
enc 8000 0.5 1 "$W/u8_mono_8k.wav" -c:a pcm_u8
enc 16000 0.5 2 "$W/s16_stereo_16k_info.wav" -c:a pcm_s16le "${TAGS[@]}"
enc 44100 0.5 2 "$W/s16_stereo_44k.wav" -c:a pcm_s16le
enc 8000 0.5 1 "$W/s24_mono_8k_ext.wav" -c:a pcm_s24le
enc 8000 0.5 2 "$W/s32_stereo_8k_ext.wav" -c:a pcm_s32le
enc 8000 0.5 1 "$W/f32_mono_8k.wav" -c:a pcm_f32le
enc 8000 0.5 2 "$W/f64_stereo_8k.wav" -c:a pcm_f64le
enc 8000 0.5 1 "$W/alaw_mono_8k.wav" -c:a pcm_alaw
enc 8000 0.5 1 "$W/mulaw_mono_8k.wav" -c:a pcm_mulaw
enc 8000 0.5 1 "$W/adpcm_ima_mono_8k.wav" -c:a adpcm_ima_wav
enc 8000 0.5 1 "$W/adpcm_ms_mono_8k.wav" -c:a adpcm_ms
enc 96000 0.5 1 "$W/s16_mono_96k_ext.wav" -c:a pcm_s16le
"${FF[@]}" -f lavfi -i "$(sig 8000 0.5)" -af "aformat=channel_layouts=5.1(side)" "${BITEXACT[@]}" \
    -c:a pcm_s16le "$W/s16_51side_8k_ext.wav"
"${FF[@]}" -f lavfi -i "$(sig 8000 0.5)" -af "aformat=channel_layouts=quad" "${BITEXACT[@]}" \
    -c:a pcm_s24le "$W/s24_quad_8k_ext.wav"
enc 8000 0.5 1 "$W/bext_s16_mono_8k.wav" -c:a pcm_s16le -write_bext 1 \
    -metadata description="BWF description" -metadata originator="cadenza" \
    -metadata originator_reference="CADENZA0001" -metadata origination_date=2020-01-02 \
    -metadata origination_time=03:04:05 -metadata time_reference=48000 \
    -metadata coding_history="A=PCM,F=8000,W=16,M=mono"
enc 8000 0.5 1 "$W/rf64_s16_mono_8k.wav" -c:a pcm_s16le -rf64 always "${TAGS[@]}"
# Streamed: written to a pipe, so the RIFF and data sizes stay 0xFFFFFFFF.
enc 8000 0.5 1 - -c:a pcm_s16le -f wav | cat >"$W/streamed_ffffffff_s16_8k.wav"
# RIFX (big endian), written by sox.
sox -R -D -n -r 8000 -b 16 -c 1 -B "$W/rifx_s16_mono_8k.wav" synth 0.5 sine 440 vol 0.5
sox -R -D -n -r 8000 -b 24 -c 2 -B -t wavpcm "$W/rifx_s24_stereo_8k.wav" synth 0.5 sine 440 vol 0.5
# sox's own WAV writer (8 and 16 bit).
sox -R -D -n -r 11025 -b 8 -c 1 "$W/sox_u8_mono_11k.wav" synth 0.5 sine 300 vol 0.5
sox -R -D -n -r 22050 -b 16 -c 2 "$W/sox_s16_stereo_22k.wav" synth 0.5 sine 300 vol 0.5
# 24-bit with the plain WAVE_FORMAT_PCM tag (sox's wavpcm type; ffmpeg would write EXTENSIBLE).
sox -R -D -n -r 8000 -b 24 -c 1 -t wavpcm "$W/sox_s24_mono_8k_tag1.wav" synth 0.5 sine 300 vol 0.5
# Bases for crafted variants.
enc 8000 0.5 1 "$OUT/src/base_s16_mono_8k.wav" -c:a pcm_s16le "${TAGS[@]}"
enc 8000 0.5 1 "$OUT/src/base_s16_mono_8k_notag.wav" -c:a pcm_s16le

# ---------------------------------------------------------------- Matroska/WebM
K=$OUT/mkv
MTAGS=(-metadata title="Matroska Title" -metadata artist="Matroska Artist" -metadata album="Matroska Album"
       -metadata date=2021 -metadata genre=Electronic -metadata comment="mkv comment"
       -metadata composer="Some Composer" -metadata "custom_key=custom value")
enc 48000 1 2 "$K/opus_48k_stereo.mka" -c:a libopus -b:a 48k "${MTAGS[@]}"
enc 48000 1 2 "$K/opus_48k_stereo.webm" -c:a libopus -b:a 48k "${MTAGS[@]}"
enc 44100 1 2 "$K/vorbis_44k_stereo.webm" -c:a libvorbis -q:a 0 "${MTAGS[@]}"
enc 22050 1 1 "$K/vorbis_22k_mono.mka" -c:a libvorbis -q:a 0
enc 44100 0.5 2 "$K/flac_44k_stereo.mka" -c:a flac -sample_fmt s16 "${MTAGS[@]}"
enc 16000 0.5 1 "$K/flac_16k_mono_s32.mka" -c:a flac -sample_fmt s32
enc 8000 0.5 1 "$K/pcm_s16le_8k_mono.mka" -c:a pcm_s16le "${MTAGS[@]}"
enc 8000 0.5 2 "$K/pcm_s24le_8k_stereo.mka" -c:a pcm_s24le
enc 8000 0.5 1 "$K/pcm_f32le_8k_mono.mka" -c:a pcm_f32le
enc 22050 1 1 "$K/mp3_22k_mono.mka" -c:a libmp3lame -b:a 32k
"${FF[@]}" -f lavfi -i "$(sig 8000 0.5)" -af "aformat=channel_layouts=5.1" "${BITEXACT[@]}" \
    -c:a pcm_s16le "$K/pcm_s16le_8k_51.mka"
# Two audio tracks (the first is the main stream).
"${FF[@]}" -f lavfi -i "$(sig 48000 1)" -f lavfi -i "$(sig 16000 1)" -map 0 -map 1 \
    "${BITEXACT[@]}" -c:a:0 libopus -b:a:0 32k -c:a:1 flac "${MTAGS[@]}" "$K/two_tracks_opus_flac.mka"
# Live: written to a pipe in live mode, so Segment and Clusters have unknown sizes.
enc 48000 1 1 - -c:a libopus -b:a 32k -f matroska -live 1 -metadata title="Live Title" \
    | cat >"$K/live_unknown_sizes_opus.mka"
enc 48000 1 1 - -c:a libvorbis -q:a 0 -f webm -live 1 | cat >"$K/live_unknown_sizes_vorbis.webm"
# Attachments: a front cover (Matroska's cover.* naming), another image and a
# non-image file that is not a picture.
printf 'liner notes, not a picture\n' >"$OUT/src/notes.txt"
ATT=(-attach "$OUT/src/cover.jpg" -metadata:s:t:0 mimetype=image/jpeg -metadata:s:t:0 filename=cover.jpg
     -attach "$OUT/src/notes.txt" -metadata:s:t:1 mimetype=text/plain -metadata:s:t:1 filename=notes.txt
     -attach "$OUT/src/cover.png" -metadata:s:t:2 mimetype=image/png -metadata:s:t:2 filename=back.png)
enc 8000 0.5 1 "$K/pcm_s16le_8k_attachments.mka" -c:a pcm_s16le "${MTAGS[@]}" "${ATT[@]}"
# A 70 KB noisy cover: bigger than Prober's head, so the picture's data and
# the Clusters behind it are never read.
"${FF[@]}" -f lavfi -i "testsrc=size=192x192:rate=1:duration=1" -vf "noise=alls=30:all_seed=7" \
    -frames:v 1 -fflags +bitexact -flags +bitexact "$OUT/src/cover_big.png"
enc 48000 1 2 "$K/opus_big_cover.mka" -c:a libopus -b:a 48k "${MTAGS[@]}" \
    -attach "$OUT/src/cover_big.png" -metadata:s:t:0 mimetype=image/png -metadata:s:t:0 filename=small_cover.png
# Base for crafted variants (Tags moved after the clusters, chained SeekHead).
# 4 s at 64 kbit/s: about 33 KB, so Tags at the end lie beyond Prober's 16 KiB head.
enc 48000 4 2 "$OUT/src/base_opus.mka" -c:a libopus -b:a 64k "${MTAGS[@]}"

# ---------------------------------------------------------------- crafted + oracle
"$PY" "$ROOT/scripts/fixtures_craft.py" "$OUT"
"$PY" "$ROOT/scripts/fixtures_expected.py" "$OUT"
echo "fixtures: $(find "$OUT" -type f -not -path '*/src/*' | wc -l) files, $(du -sh "$OUT" | cut -f1)"
