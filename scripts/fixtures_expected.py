#!/usr/bin/python3
"""Records what ffprobe and mutagen report for every fixture into expected.json.

The Rust oracle test (crates/cadenza-meta/tests/oracle.rs) asserts that
cadenza-meta agrees with these values. Stream properties come from ffprobe
(`-show_format -show_streams -of json`, first audio stream); tags come from
mutagen for ID3v1/ID3v2/APEv2 and from ffprobe for RIFF INFO, bext and
Matroska. Keys are normalised to cadenza's names (title, artist, album,
album_artist, date, track, disc, genre, comment, composer, lyrics); any other
key is kept as the format's own key (ID3 frame ID or TXXX description, RIFF
INFO chunk ID, Matroska SimpleTag name, APE item key) and compared
case-insensitively.

A few fixtures hold tags that neither tool reads (TAG+, a second ID3v2 tag,
an ID3v2 tag appended at the end); fixtures_craft.py lists the values it
wrote in generator_tags.json and they are marked "tags_oracle": "generator".
"""

import json
import os
import subprocess
import sys

from mutagen import apev2, id3, wave
from mutagen.mp3 import MP3
from mutagen.id3._id3v1 import ParseID3v1, find_id3v1

OUT = sys.argv[1]

STD_ID3 = {
    "TIT2": "title", "TPE1": "artist", "TALB": "album", "TPE2": "album_artist",
    "TRCK": "track", "TPOS": "disc", "TCOM": "composer",
}
STD_APE = {
    "title": "title", "artist": "artist", "album": "album", "album artist": "album_artist",
    "albumartist": "album_artist", "year": "date", "date": "date", "track": "track",
    "disc": "disc", "genre": "genre", "comment": "comment", "composer": "composer",
    "lyrics": "lyrics",
}
# ffprobe's names for RIFF INFO chunks (libavformat/riff.c ff_riff_info_conv).
FF_INFO = {
    "title": "title", "artist": "artist", "album": "album", "date": "date", "genre": "genre",
    "comment": "comment", "track": "track", "copyright": "ICOP", "encoder": "ISFT",
    "language": "ILNG", "encoded_by": "ITCH", "timecode": "ISMP",
}
BEXT_KEYS = {"description", "originator", "originator_reference", "origination_date",
             "origination_time", "time_reference", "umid", "coding_history"}
# libavformat/wavdec.c renames some bext fields (wav_metadata_conv).
BEXT_FROM_FF = {"comment": "description", "encoded_by": "originator",
                "date": "origination_date", "creation_time": "origination_time"}


def riff_has(p, cid):
    """Whether a little-endian RIFF file has a top-level chunk `cid` (for telling sources apart)."""
    b = open(p, "rb").read()
    if b[:4] != b"RIFF":
        return False
    i = 12
    while i + 8 <= len(b):
        if b[i:i + 4] == cid:
            return True
        size = int.from_bytes(b[i + 4:i + 8], "little")
        i += 8 + size + (size & 1)
    return False


STD_MKV = {
    "TITLE": "title", "ARTIST": "artist", "ALBUM": "album", "ALBUM_ARTIST": "album_artist",
    "DATE": "date", "DATE_RECORDED": "date", "DATE_RELEASED": "date", "PART_NUMBER": "track",
    "TRACK": "track", "GENRE": "genre", "COMMENT": "comment", "COMPOSER": "composer",
    "LYRICS": "lyrics",
}
CODECS = {
    "mp3": "mp3", "mp2": "mp2", "mp1": "mp1", "opus": "opus", "vorbis": "vorbis", "flac": "flac",
    "pcm_u8": "pcm_le", "pcm_s16le": "pcm_le", "pcm_s24le": "pcm_le", "pcm_s32le": "pcm_le",
    "pcm_s16be": "pcm_be", "pcm_s24be": "pcm_be", "pcm_s32be": "pcm_be",
    "pcm_f32le": "pcm_float", "pcm_f64le": "pcm_float", "pcm_f32be": "pcm_float",
    "pcm_alaw": "alaw", "pcm_mulaw": "mulaw", "adpcm_ima_wav": "adpcm", "adpcm_ms": "adpcm",
}
# ffmpeg channel layout names -> WAVE_FORMAT_EXTENSIBLE dwChannelMask.
LAYOUT_MASK = {"mono": 0x4, "stereo": 0x3, "quad": 0x33, "5.1": 0x3F, "5.1(side)": 0x60F}


# Fixtures ffprobe cannot read, and the twin with the same stream and tags it can.
TWINS = {"odd_chunk_nopad.wav": "odd_chunk_padded.wav"}


def ffprobe(p):
    twin = TWINS.get(os.path.basename(p))
    if twin:
        p = os.path.join(os.path.dirname(p), twin)
    out = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", p],
                         check=True, capture_output=True).stdout
    return json.loads(out)


STD_KEYS = {"title", "artist", "album", "album_artist", "date", "track", "disc", "genre",
            "comment", "composer", "lyrics"}


def add(group, key, value, other=False):
    """Appends a value; `other` marks the format's own key (kept apart from the
    normalised keys even when spelled the same, e.g. ffmpeg's TXXX "comment")."""
    group.setdefault(("o:" if other else "s:") + key, []).append(value)


def split(group):
    """(normalised keys, format's own keys) of a group built with add()."""
    std = {k[2:]: v for k, v in group.items() if k.startswith("s:")}
    other = {k[2:]: v for k, v in group.items() if k.startswith("o:")}
    return std, other


def id3_frames_to_group(frames):
    """Tags from mutagen ID3 frames (the v2.4 view: mutagen merges v2.3
    TYER+TDAT+TIME into TDRC, shown as ISO 8601 with a 'T'). COMM with an
    empty description is the comment; COMM with a description and TXXX are
    the format's own keys named by their description."""
    g = {}
    for f in frames.values() if isinstance(frames, dict) else frames:
        fid = f.FrameID
        if fid in STD_ID3:
            for v in f.text:
                add(g, STD_ID3[fid], str(v))
        elif fid == "TCON":
            for v in f.genres:
                add(g, "genre", v)
        elif fid == "COMM":
            for v in f.text:
                if f.desc:
                    add(g, f.desc, str(v), other=True)
                else:
                    add(g, "comment", str(v))
        elif fid == "USLT":
            add(g, "lyrics", str(f.text))
        elif fid == "TXXX":
            for v in f.text:
                add(g, f.desc, str(v), other=True)
        elif fid == "TDRC":
            for v in f.text:
                add(g, "date", str(v).replace(" ", "T"))
    return g


def id3v2_of(p):
    try:
        t = id3.ID3(p, load_v1=False)
    except id3.ID3NoHeaderError:
        return None, 0
    g = id3_frames_to_group(list(t.values()))
    pics = len(t.getall("APIC"))
    return g, pics


def id3v1_of(p):
    with open(p, "rb") as f:
        frames, _offset = find_id3v1(f, 4)
    if frames is None:
        return None
    g = {}
    for fid in ("TIT2", "TPE1", "TALB"):
        if fid in frames and str(frames[fid].text[0]):
            add(g, STD_ID3[fid], str(frames[fid].text[0]))
    if "TDRC" in frames and str(frames["TDRC"].text[0]):
        add(g, "date", str(frames["TDRC"].text[0]))
    if "COMM" in frames and str(frames["COMM"].text[0]):
        add(g, "comment", str(frames["COMM"].text[0]))
    if "TRCK" in frames:
        add(g, "track", str(frames["TRCK"].text[0]))
    if "TCON" in frames:
        for v in frames["TCON"].genres:
            add(g, "genre", v)
    return g


def ape_of(p):
    try:
        t = apev2.APEv2(p)
    except apev2.APENoHeaderError:
        return None, 0
    g, pics = {}, 0
    for k, v in t.items():
        if v.kind == apev2.BINARY:
            if k.lower().startswith("cover art"):
                pics += 1
            continue
        key = STD_APE.get(k.lower())
        for s in list(v):
            add(g, key or k, s, other=key is None)
    return g, pics


def stream_info(info, fmt):
    audio = [s for s in info["streams"] if s["codec_type"] == "audio"]
    s = audio[0]
    codec = CODECS.get(s["codec_name"], s["codec_name"])
    dur = info["format"].get("duration")
    # ffprobe's bits_per_sample (0 for lossy codecs); FLAC's from bits_per_raw_sample.
    bits = s.get("bits_per_sample") or None
    if codec == "flac":
        bits = int(s.get("bits_per_raw_sample", 0)) or None
    e = {
        "codec": codec,
        "duration": float(dur) if dur not in (None, "N/A") else None,
        "sample_rate": int(s["sample_rate"]),
        "channels": int(s["channels"]),
        "bits_per_sample": bits,
        "bitrate": int(s["bit_rate"]) if s.get("bit_rate") not in (None, "N/A") else None,
        "audio_tracks": len(audio),
    }
    if fmt in ("wav", "rf64", "bw64", "rifx") and s.get("channel_layout") in LAYOUT_MASK and (
            s.get("codec_tag") == "0xfffe" or s["channels"] > 2):
        e["channel_mask"] = LAYOUT_MASK[s["channel_layout"]]
    return e, s, info["format"].get("tags", {})


def mp3_entry(rel, p):
    if rel in GENERATOR_STREAMS:
        e = dict(GENERATOR_STREAMS[rel])
        tags, pics = {}, 0
        return e, tags, pics, "generator"
    info = ffprobe(p)
    e, s, _ = stream_info(info, "mpeg")
    e["format"] = {"mp3": "mp3", "mp2": "mp2", "mp1": "mp1"}[e["codec"]]
    # Duration: mutagen's (frame count from Xing/Info/VBRI, else size / bitrate
    # without the tags). ffprobe falls back to a size estimate when the file is
    # larger than the Xing byte count says (an APE tag at the end), so its
    # value is kept only for reference.
    e["duration_ffprobe"] = e["duration"]
    e["duration"] = MP3(p).info.length
    tags, pics, oracle = {}, 0, "mutagen"
    g, n = id3v2_of(p)
    if g is not None:
        tags["id3v2"], pics = g, pics + n
    g = id3v1_of(p)
    if g is not None:
        tags["id3v1"] = g
    g, n = ape_of(p)
    if g is not None:
        tags["ape"], pics = g, pics + n
    # Encoder delay from the LAME tag: ffprobe starts the stream at
    # (encoder delay + 529 decoder delay) samples when it read one.
    start = float(s.get("start_time", "0") or 0)
    if start > 0:
        e["encoder_delay"] = round(start * e["sample_rate"]) - 529
    return e, tags, pics, oracle


def wav_entry(rel, p):
    magic = open(p, "rb").read(4)
    fmt = {b"RIFF": "wav", b"RIFX": "rifx", b"RF64": "rf64", b"BW64": "bw64"}[magic]
    info = ffprobe(p)
    e, s, ftags = stream_info(info, fmt)
    e["format"] = fmt
    if e["codec"] == "adpcm":
        # ffmpeg writes nAvgBytesPerSec = rate * 2 for ADPCM and ffprobe repeats
        # it (128 kbit/s for a 32 kbit/s stream): no trustworthy oracle.
        e["bitrate"] = None
        # ffprobe says 4 bits; cadenza's StreamInfo reports bit depth only for
        # PCM-like codecs ("lossy: none"), and ADPCM is lossy.
        e["bits_per_sample"] = None
    if fmt == "rifx":
        # ffprobe 5.1 names RIFX PCM "pcm_s16le" after byte-swapping; the file is big endian.
        e["codec"] = "pcm_be"
    tags, oracle = {}, "ffprobe"
    id3_group = None
    if magic == b"RIFF":
        try:
            w = wave.WAVE(p)
            if w.tags is not None:
                id3_group = id3_frames_to_group(list(w.tags.values()))
        except Exception:
            pass
    if id3_group:
        tags["id3v2"] = id3_group
        oracle = "ffprobe+mutagen"
    has_bext, has_info = riff_has(p, b"bext"), riff_has(p, b"LIST")
    for k, v in ftags.items():
        if has_bext and not has_info and k in BEXT_FROM_FF:
            add(tags.setdefault("bext", {}), "bext:" + BEXT_FROM_FF[k], v, other=True)
        elif k in BEXT_KEYS:
            add(tags.setdefault("bext", {}), "bext:" + k, v, other=True)
        elif id3_group is not None:
            continue  # ffprobe shows the id3 chunk's tags; mutagen gave them above
        else:
            key = FF_INFO.get(k, k)
            add(tags.setdefault("riff_info", {}), key, v, other=key not in STD_KEYS)
    return e, tags, 0, oracle


def attached_pictures(p):
    """[{mime, size}] of the attached images, in file order: ffprobe shows
    each as a video stream with the attached_pic disposition whose one packet
    is the image."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_packets",
                          "-select_streams", "v", "-of", "json", p],
                         check=True, capture_output=True).stdout
    info = json.loads(out)
    sizes = {pk["stream_index"]: int(pk["size"]) for pk in info.get("packets", [])}
    return [{"mime": s["tags"]["mimetype"], "size": sizes[s["index"]]}
            for s in info.get("streams", []) if s.get("disposition", {}).get("attached_pic")]


def mkv_entry(rel, p):
    fmt = "webm" if p.endswith(".webm") else "matroska"
    info = ffprobe(p)
    e, s, ftags = stream_info(info, fmt)
    e["format"] = fmt
    # Matroska stores no bitrate. PCM: ffprobe's stream rate (rate * channels
    # * bits). Compressed: ffprobe's container average (file size * 8 /
    # duration), which is what a reader that does not parse blocks can give.
    br = info["format"].get("bit_rate")
    if not e["codec"].startswith("pcm"):
        e["bitrate"] = int(br) if br not in (None, "N/A") else None
    g = {}
    # Format tags (Info Title and global Tags), then the first audio track's tags.
    for k, v in list(ftags.items()) + list(s.get("tags", {}).items()):
        if k == "title" or k == "TITLE":
            add(g, "title", v)
            continue
        if k == "encoder":
            # ffmpeg shows Info MuxingApp as the format's "encoder".
            add(g, "muxing_app", v, other=True)
            continue
        up = k.upper()
        add(g, STD_MKV.get(up, up), v, other=up not in STD_MKV)
    tags = {"matroska": g} if g else {}
    pics = attached_pictures(p)
    if pics:
        e["picture_list"] = pics
    return e, tags, len(pics), "ffprobe"


with open(os.path.join(OUT, "generator_streams.json")) as f:
    GENERATOR_STREAMS = json.load(f)


def main():
    with open(os.path.join(OUT, "generator_tags.json")) as f:
        generator = json.load(f)
    entries = []
    for sub, fn in (("mp3", mp3_entry), ("wav", wav_entry), ("mkv", mkv_entry)):
        for name in sorted(os.listdir(os.path.join(OUT, sub))):
            rel = f"{sub}/{name}"
            p = os.path.join(OUT, sub, name)
            e, tags, pics, oracle = fn(rel, p)
            if rel in generator:
                for src, g in generator[rel].items():
                    tags[src] = {}
                    for k, vs in g.items():
                        for v in vs:
                            add(tags[src], k, v, other=k not in STD_KEYS)
                oracle += "+generator"
            entry = {"path": rel, "size": os.path.getsize(p)}
            entry.update(e)
            entry["tags"], entry["other_tags"] = {}, {}
            for src, g in tags.items():
                std, other = split(g)
                if std:
                    entry["tags"][src] = std
                if other:
                    entry["other_tags"][src] = other
            entry["pictures"] = pics
            entry["tags_oracle"] = oracle
            if name in TWINS:
                entry["oracle_note"] = "ffprobe fails on this file; values from its twin " + TWINS[name]
            entries.append(entry)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(entries, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


main()
