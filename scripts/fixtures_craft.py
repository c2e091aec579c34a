#!/usr/bin/python3
"""Builds the tagged and hand-crafted fixture variants for cadenza-meta.

Called by scripts/make-fixtures.sh after ffmpeg/sox made the plain streams in
OUT/src. Tags are written with mutagen wherever mutagen can write the variant;
the rest (ID3v2.2, unsynchronisation, extended headers, footers, iTunes-style
frame sizes, TAG+, VBRI, layer I, odd RIFF chunks, Matroska Tags after the
Clusters) is built byte by byte here, because no installed tool writes them.
Every crafted variant that mutagen or ffprobe can read is still checked
against them by fixtures_expected.py; the few nothing reads are listed in
GENERATOR_TAGS with the values written here, and marked as such.
"""

import json
import os
import shutil
import struct
import zlib
import sys

from mutagen import apev2, id3, wave

OUT = sys.argv[1]
SRC = os.path.join(OUT, "src")
MP3 = os.path.join(OUT, "mp3")
WAV = os.path.join(OUT, "wav")
MKV = os.path.join(OUT, "mkv")

PNG = open(os.path.join(SRC, "cover.png"), "rb").read()
JPG = open(os.path.join(SRC, "cover.jpg"), "rb").read()
BASE = open(os.path.join(SRC, "base_mono.mp3"), "rb").read()
BASE_NOXING = open(os.path.join(SRC, "base_noxing.mp3"), "rb").read()

# Expected tags for fixtures no oracle reads (path -> {source: {key: [values]}}).
GENERATOR_TAGS = {}
# Expected stream values for fixtures no oracle reads (path -> fields).
GENERATOR_STREAMS = {}


def path(*p):
    return os.path.join(*p)


def write(p, data):
    with open(p, "wb") as f:
        f.write(data)


def copy_base(name, data=BASE):
    p = path(MP3, name)
    write(p, data)
    return p


# ------------------------------------------------------------------ mutagen


def rich_frames(enc, v24):
    """A full set of frames exercising text, TXXX, COMM, USLT and APIC."""
    E = enc
    frames = [
        id3.TIT2(encoding=E, text=["Ünïcödé Title ♫ 日本語"]),
        id3.TPE1(encoding=E, text=["Artist One", "Artist Two"] if v24 else ["Ärtist 🎵"]),
        id3.TALB(encoding=E, text=["Album ÄÖÜ"]),
        id3.TPE2(encoding=E, text=["Album Artist"]),
        id3.TCOM(encoding=E, text=["Composer Name"]),
        id3.TRCK(encoding=E, text=["3/12"]),
        id3.TPOS(encoding=E, text=["1/2"]),
        id3.TDRC(encoding=E, text=["2004-03-15T12:30"] if not v24 else ["2004-03-15"]),
        id3.TCON(encoding=E, text=["(17)"] if not v24 else ["Rock", "Jazz"]),
        id3.TXXX(encoding=E, desc="REPLAYGAIN_TRACK_GAIN", text=["-6.50 dB"]),
        id3.TXXX(encoding=E, desc="MusicBrainz Album Id", text=["0f0e0d0c-0b0a-0908-0706-050403020100"]),
        id3.COMM(encoding=E, lang="eng", desc="", text=["A comment — with a dash"]),
        id3.USLT(encoding=E, lang="eng", desc="", text="Line one\nLine two ♪"),
        id3.APIC(encoding=E, mime="image/jpeg", type=3, desc="Front", data=JPG),
    ]
    if v24:
        frames.append(id3.APIC(encoding=E, mime="image/png", type=4, desc="Back", data=PNG))
        frames.append(id3.COMM(encoding=E, lang="deu", desc="note", text=["Zweiter Kommentar"]))
    return frames


def mutagen_id3(name, frames, version, v1=0, data=BASE):
    p = copy_base(name, data)
    t = id3.ID3()
    for f in frames:
        t.add(f)
    if version == 3:
        t.update_to_v23()
    t.save(p, v2_version=version, v1=v1, padding=lambda info: 64)
    return p


def mutagen_ape(p, with_cover=True, multi=True):
    t = apev2.APEv2()
    t["Title"] = "APE Title ✓"
    t["Artist"] = ["APE Artist A", "APE Artist B"] if multi else "APE Artist"
    t["Album"] = "APE Album"
    t["Album Artist"] = "APE Album Artist"
    t["Year"] = "1999"
    t["Track"] = "2/9"
    t["Genre"] = "Trance"
    t["Comment"] = "APE comment"
    t["Composer"] = "APE Composer"
    t["Custom Key"] = "custom ape value"
    if with_cover:
        t["Cover Art (Front)"] = apev2.APEValue(b"cover.jpg\x00" + JPG, apev2.BINARY)
    t.save(p)


# ------------------------------------------------------------------ raw ID3


def synchsafe(n):
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def unsync(b):
    """ID3 unsynchronisation: insert 0x00 after 0xFF when followed by >= 0xE0 or 0x00."""
    out = bytearray()
    for i, c in enumerate(b):
        out.append(c)
        if c == 0xFF and (i + 1 == len(b) or b[i + 1] >= 0xE0 or b[i + 1] == 0):
            out.append(0)
    return bytes(out)


def text_payload(s, enc):
    if enc == 0:
        return b"\x00" + s.encode("latin-1")
    if enc == 1:
        return b"\x01" + b"\xff\xfe" + s.encode("utf-16-le")
    if enc == "nobom":
        return b"\x01" + s.encode("utf-16-be")
    if enc == 2:
        return b"\x02" + s.encode("utf-16-be")
    return b"\x03" + s.encode("utf-8")


def frame23(fid, payload, flags=0):
    return fid.encode() + struct.pack(">IH", len(payload), flags) + payload


def frame24(fid, payload, flags=0, plain_size=False):
    size = struct.pack(">I", len(payload)) if plain_size else synchsafe(len(payload))
    return fid.encode() + size + struct.pack(">H", flags) + payload


def frame22(fid, payload):
    return fid.encode() + len(payload).to_bytes(3, "big") + payload


def tag(version, flags, body):
    return b"ID3" + bytes([version, 0, flags]) + synchsafe(len(body)) + body


def id3v1(title, artist, album, year, comment, track=None, genre=255):
    def fld(s, n):
        return s.encode("latin-1")[:n].ljust(n, b"\x00")

    if track is None:
        cm = fld(comment, 30)
    else:
        cm = fld(comment, 28) + b"\x00" + bytes([track])
    return b"TAG" + fld(title, 30) + fld(artist, 30) + fld(album, 30) + fld(year, 4) + cm + bytes([genre])


def build_id3():
    # ID3v1.0 / 1.1 only (mutagen and ffprobe read them).
    write(path(MP3, "id3v1_only.mp3"), BASE + id3v1("V1 Title", "V1 Artist", "V1 Album", "1987", "a v1.0 comment that is 30 ch."))
    write(path(MP3, "id3v11_track_genre.mp3"), BASE + id3v1("V1.1 Title", "V1.1 Artist", "V1.1 Album", "1993", "v1.1 comment", 5, 17))

    # TAG+ (extended ID3v1): nothing installed reads it; expected = what we write.
    long_title = "An Extended Title That Is Longer Than Thirty Characters"
    long_artist = "An Extended Artist Name Beyond Thirty Chars"
    long_album = "Album"

    def f(s, n):
        return s.encode("latin-1")[:n].ljust(n, b"\x00")

    tagplus = (b"TAG+" + f(long_title[30:], 60) + f(long_artist[30:], 60) + f(long_album[30:], 60)
               + b"\x00" + f("Synthpop Deluxe", 30) + b"000:00" + b"001:00")
    assert len(tagplus) == 227
    v1 = id3v1(long_title, long_artist, long_album, "2001", "tag plus", 1, 17)
    write(path(MP3, "id3v1_tagplus.mp3"), BASE + tagplus + v1)
    # TAG+ carries a free-text genre that replaces the ID3v1 genre byte.
    GENERATOR_TAGS["mp3/id3v1_tagplus.mp3"] = {
        "id3v1": {"title": [long_title], "artist": [long_artist], "album": [long_album],
                  "date": ["2001"], "track": ["1"], "comment": ["tag plus"],
                  "genre": ["Synthpop Deluxe"]}}

    # ID3v2.2 (mutagen reads, cannot write): latin-1 and UCS-2 text, PIC, COM, ULT.
    body = b"".join([
        frame22("TT2", text_payload("v2.2 Title", 0)),
        frame22("TP1", text_payload("v2.2 Ärtist ♫", 1)),
        frame22("TAL", text_payload("v2.2 Album", 0)),
        frame22("TYE", text_payload("1998", 0)),
        frame22("TRK", text_payload("4/10", 0)),
        frame22("TCO", text_payload("(17)", 0)),
        frame22("TCM", text_payload("v2.2 Composer", 0)),
        frame22("COM", b"\x00eng" + b"\x00" + "v2.2 comment".encode("latin-1")),
        frame22("ULT", b"\x00eng" + b"\x00" + b"v2.2 lyrics"),
        frame22("PIC", b"\x00PNG\x03front\x00" + PNG),
    ])
    write(path(MP3, "id3v22.mp3"), tag(2, 0, body + b"\x00" * 32) + BASE)

    # Mutagen-written rich tags.
    mutagen_id3("id3v23_utf16.mp3", rich_frames(id3.Encoding.UTF16, False), 3)
    mutagen_id3("id3v23_latin1.mp3", [
        id3.TIT2(encoding=0, text=["Latin-1 Tïtle"]),
        id3.TPE1(encoding=0, text=["Latin-1 Artist"]),
        id3.TALB(encoding=0, text=["Latin-1 Album"]),
        id3.TDRC(encoding=0, text=["1995-07-04"]),
        id3.TCON(encoding=0, text=["(31)Trance"]),
        id3.TRCK(encoding=0, text=["11"]),
    ], 3)
    mutagen_id3("id3v24_utf8.mp3", rich_frames(id3.Encoding.UTF8, True), 4)
    mutagen_id3("id3v24_utf16be.mp3", [
        id3.TIT2(encoding=id3.Encoding.UTF16BE, text=["UTF-16BE Title ✓"]),
        id3.TPE1(encoding=id3.Encoding.UTF16BE, text=["BE One", "BE Two"]),
        id3.TCON(encoding=id3.Encoding.UTF16BE, text=["17"]),
    ], 4)
    mutagen_id3("id3v24_id3v1_both.mp3", [
        id3.TIT2(encoding=3, text=["Both Title"]),
        id3.TPE1(encoding=3, text=["Both Artist"]),
        id3.TALB(encoding=3, text=["Both Album"]),
        id3.TDRC(encoding=3, text=["2010"]),
        id3.TRCK(encoding=3, text=["6"]),
        id3.TCON(encoding=3, text=["Pop"]),
    ], 4, v1=2)
    mutagen_id3("id3v23_noxing_cbr.mp3", [id3.TIT2(encoding=1, text=["No Xing"])], 3, data=BASE_NOXING)

    # An ID3v2 tag larger than Prober's 16 KiB head (a 40 KB picture).
    import random
    big = bytes(random.Random(1).getrandbits(8) for _ in range(40000))
    mutagen_id3("id3v24_large_tag_40k_picture.mp3", [
        id3.TIT2(encoding=3, text=["Large Tag Title"]),
        id3.APIC(encoding=3, mime="image/jpeg", type=3, desc="big", data=b"\xff\xd8\xff\xe0" + big),
        id3.TPE1(encoding=3, text=["After The Big Picture"]),
    ], 4)

    # UTF-16 without BOM (encoding 1): big endian per spec. mutagen reads it.
    body = frame23("TIT2", text_payload("No BOM Title", "nobom")) + frame23("TPE1", text_payload("With BOM Artist", 1))
    write(path(MP3, "id3v23_utf16_nobom.mp3"), tag(3, 0, body) + BASE)
    # mutagen decodes BOM-less UTF-16 as little endian (garbage here); cadenza
    # follows the spec's big endian (Text::utf16_with_bom), so the oracle is what we wrote.
    GENERATOR_TAGS["mp3/id3v23_utf16_nobom.mp3"] = {
        "id3v2": {"title": ["No BOM Title"], "artist": ["With BOM Artist"]}}

    # Whole-tag unsynchronisation (v2.3): a JPEG APIC and a Latin-1 'ÿ' make 0xFF bytes.
    body = b"".join([
        frame23("TIT2", text_payload("Unsync ÿÿ Title ÿ", 0)),
        frame23("TPE1", text_payload("Unsync Artist", 1)),
        frame23("APIC", b"\x00image/jpeg\x00\x03cover\x00" + JPG),
        frame23("TALB", text_payload("After The Picture", 0)),
    ])
    write(path(MP3, "id3v23_unsync.mp3"), tag(3, 0x80, unsync(body)) + BASE)

    # Per-frame unsynchronisation (v2.4 frame flag 0x02 with data length indicator).
    def uframe(fid, payload):
        u = unsync(payload)
        return frame24(fid, synchsafe(len(payload)) + u, flags=0x0003)

    body = b"".join([
        uframe("TIT2", text_payload("Frame Unsync ÿ Title", 0)),
        frame24("TPE1", text_payload("Plain Frame Artist", 3)),
        uframe("APIC", b"\x00image/jpeg\x00\x03\x00" + JPG),
        uframe("TALB", text_payload("ÿ Album", 0)),
    ])
    write(path(MP3, "id3v24_unsync_frames.mp3"), tag(4, 0, body) + BASE)

    # Compressed frames (zlib): v2.3 flag 0x0080 with a plain decompressed
    # size first; v2.4 flag 0x0008 with the data length indicator (0x0001),
    # one of them also unsynchronised (0x0002: unsync applies after zlib).
    def zframe23(fid, payload):
        return frame23(fid, struct.pack(">I", len(payload)) + zlib.compress(payload, 9), flags=0x0080)

    def zframe24(fid, payload, unsync_too=False):
        z = zlib.compress(payload, 9)
        flags = 0x0009
        if unsync_too:
            z, flags = unsync(z), 0x000B
        return frame24(fid, synchsafe(len(payload)) + z, flags=flags)

    long_comment = "A compressed comment that repeats itself. " * 12
    body = b"".join([
        zframe23("TIT2", text_payload("Compressed v2.3 Title", 1)),
        frame23("TPE1", text_payload("Plain v2.3 Artist", 0)),
        zframe23("COMM", b"\x00eng\x00" + long_comment.encode("latin-1")),
        zframe23("TALB", text_payload("Compressed Album ÿ", 0)),
    ])
    write(path(MP3, "id3v23_compressed_frames.mp3"), tag(3, 0, body) + BASE)
    body = b"".join([
        zframe24("TIT2", text_payload("Compressed v2.4 Title", 3)),
        zframe24("TPE1", text_payload("Compressed ÿÿ Artist", 0), unsync_too=True),
        frame24("TALB", text_payload("Plain v2.4 Album", 3)),
    ])
    write(path(MP3, "id3v24_compressed_frames.mp3"), tag(4, 0, body) + BASE)

    # Extended headers: v2.3 (size 6, no CRC) and v2.4 (with footer).
    body = frame23("TIT2", text_payload("ExtHdr v2.3", 0)) + frame23("TPE1", text_payload("Ext Artist", 0))
    ext = struct.pack(">IHI", 6, 0, 0)
    write(path(MP3, "id3v23_exthdr.mp3"), tag(3, 0x40, ext + body) + BASE)
    body = frame24("TIT2", text_payload("ExtHdr v2.4 + footer", 3)) + frame24("TPE1", text_payload("Footer Artist", 3))
    ext = synchsafe(6) + b"\x01\x00"
    t = tag(4, 0x50, ext + body)
    footer = b"3DI" + t[3:10]
    write(path(MP3, "id3v24_exthdr_footer.mp3"), t + footer + BASE)

    # iTunes-style v2.4 with plain (non-synchsafe) frame sizes: a frame > 127 bytes.
    long_comment = "iTunes wrote this comment with a plain 32-bit size. " * 4
    body = b"".join([
        frame24("TIT2", text_payload("iTunes Title", 0), plain_size=True),
        frame24("COMM", b"\x00eng\x00" + long_comment.encode("latin-1"), plain_size=True),
        frame24("TPE1", text_payload("iTunes Artist", 0), plain_size=True),
        frame24("APIC", b"\x00image/png\x00\x03\x00" + PNG, plain_size=True),
        frame24("TALB", text_payload("iTunes Album", 0), plain_size=True),
    ])
    write(path(MP3, "id3v24_itunes_plain_sizes.mp3"), tag(4, 0, body) + BASE)

    # Two ID3v2 tags in a row at the start.
    t1 = tag(4, 0, frame24("TIT2", text_payload("First Tag Title", 3)) + frame24("TPE1", text_payload("First Tag Artist", 3)))
    t2 = tag(3, 0, frame23("TALB", text_payload("Second Tag Album", 0)) + frame23("TCON", text_payload("Blues", 0)))
    write(path(MP3, "id3v2_two_tags.mp3"), t1 + t2 + BASE)
    GENERATOR_TAGS["mp3/id3v2_two_tags.mp3"] = {
        "id3v2": {"title": ["First Tag Title"], "artist": ["First Tag Artist"],
                  "album": ["Second Tag Album"], "genre": ["Blues"]}}

    # ID3v2.4 appended at the end (with footer), before an ID3v1 tag.
    body = frame24("TIT2", text_payload("Appended Title", 3)) + frame24("TPE1", text_payload("Appended Artist", 3))
    t = tag(4, 0x10, body)
    appended = t + b"3DI" + t[3:10]
    write(path(MP3, "id3v24_appended_end.mp3"), BASE + appended + id3v1("V1 Appended", "V1 Artist", "", "", ""))
    GENERATOR_TAGS["mp3/id3v24_appended_end.mp3"] = {
        "id3v2": {"title": ["Appended Title"], "artist": ["Appended Artist"]},
        "id3v1": {"title": ["V1 Appended"], "artist": ["V1 Artist"]}}


def build_ape():
    p = copy_base("apev2_only.mp3")
    mutagen_ape(p)
    # mutagen's APEv2 writer drops an existing ID3v1, so it is appended after.
    # The same tag (header, items, footer) moved to the start of the file,
    # before the audio, where mutagen also looks for one.
    with open(p, "rb") as f:
        data = f.read()
    at = data.index(b"APETAGEX")
    write(path(MP3, "apev2_at_start.mp3"), data[at:] + data[:at])
    p = copy_base("apev2_id3v1.mp3")
    mutagen_ape(p, with_cover=False, multi=False)
    with open(p, "ab") as f:
        f.write(id3v1("V1 With APE", "V1 Artist", "V1 Album", "2000", "c", 1, 0))
    p = mutagen_id3("id3v24_apev2_id3v1.mp3", [
        id3.TIT2(encoding=3, text=["All Three Title"]),
        id3.TPE1(encoding=3, text=["All Three Artist"]),
    ], 4)
    mutagen_ape(p, with_cover=False, multi=True)
    with open(p, "ab") as f:
        f.write(id3v1("All Three Title", "All Three Artist", "", "", ""))


# ------------------------------------------------------------------ MPEG streams


def build_vbri():
    """A Fraunhofer VBRI header in front of a CBR stream (no installed encoder writes one)."""
    data = BASE_NOXING
    assert data[0] == 0xFF and (data[1] & 0xE0) == 0xE0
    hdr = data[:4]
    # Frame length of the first frame (MPEG-1 layer III): 144 * bitrate / rate + padding.
    br_kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][hdr[2] >> 4]
    rate = [44100, 48000, 32000][(hdr[2] >> 2) & 3]
    pad = (hdr[2] >> 1) & 1
    flen = 144 * br_kbps * 1000 // rate + pad
    # Count frames of the stream by walking headers.
    frames, i = 0, 0
    while i + 4 <= len(data) and data[i] == 0xFF and (data[i + 1] & 0xE0) == 0xE0:
        b2 = data[i + 2]
        br = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][b2 >> 4]
        i += 144 * br * 1000 // rate + ((b2 >> 1) & 1)
        frames += 1
    stream_bytes = i
    vbri_frame = bytearray(flen)
    vbri_frame[:4] = hdr
    toc_entries, scale, entry_bytes, frames_per_entry = 10, 1, 2, max(1, frames // 10)
    body = b"VBRI" + struct.pack(">HHHIIHHHH", 1, 1105, 75, stream_bytes + flen, frames + 1,
                                  toc_entries, scale, entry_bytes, frames_per_entry)
    per = (stream_bytes + flen) // toc_entries
    body += b"".join(struct.pack(">H", per) for _ in range(toc_entries))
    vbri_frame[36:36 + len(body)] = body
    write(path(MP3, "vbri_cbr64_44k_mono.mp3"), bytes(vbri_frame) + data[:stream_bytes])


def build_free_format():
    """Free-format MPEG-1 layer III: a 64 kbit/s CBR stream with every header's
    bitrate index set to 0, so frame length comes from the sync distance.
    Neither ffprobe (fails to read it) nor mutagen (cannot sync) reads it: the
    expected stream values are what was built (frames * 1152 / 44100)."""
    b = bytearray(open(path(MP3, "cbr64_44k_mono_noxing.mp3"), "rb").read())
    i = frames = 0
    while i + 4 <= len(b) and b[i] == 0xFF and (b[i + 1] & 0xE0) == 0xE0:
        br = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][b[i + 2] >> 4]
        flen = 144 * br * 1000 // 44100 + ((b[i + 2] >> 1) & 1)
        b[i + 2] &= 0x0F
        i += flen
        frames += 1
    name = "mp3/free_format_64k_44k_mono.mp3"
    write(path(OUT, name), bytes(b[:i]))
    GENERATOR_STREAMS[name] = {
        "format": "mp3", "codec": "mp3", "duration": frames * 1152 / 44100, "sample_rate": 44100,
        "channels": 1, "bits_per_sample": None, "bitrate": None, "audio_tracks": 1}


def build_layer1():
    """MPEG-1 layer I, 48 kHz mono 128 kbit/s, silent frames (ffmpeg cannot encode mp1)."""
    frame = bytearray(128)  # 12 * 128000 / 48000 * 4 bytes, no padding
    frame[:4] = bytes([0xFF, 0xFF, 0x44, 0xC0])
    write(path(MP3, "layer1_48k_mono_128k.mp1"), bytes(frame) * 125)


# ------------------------------------------------------------------ RIFF


def riff_chunks(b):
    """(id, payload) of a little-endian RIFF/WAVE file's top-level chunks."""
    assert b[:4] == b"RIFF" and b[8:12] == b"WAVE"
    out, i = [], 12
    while i + 8 <= len(b):
        cid, size = b[i:i + 4], struct.unpack("<I", b[i + 4:i + 8])[0]
        out.append((cid, b[i + 8:i + 8 + size]))
        i += 8 + size + (size & 1)
    return out


def riff(chunks, pad_odd=True):
    body = b"WAVE"
    for cid, payload in chunks:
        body += cid + struct.pack("<I", len(payload)) + payload
        if pad_odd and len(payload) & 1:
            body += b"\x00"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def build_riff():
    base = open(path(SRC, "base_s16_mono_8k.wav"), "rb").read()
    ch = riff_chunks(base)
    fmt = [c for c in ch if c[0] == b"fmt "]
    lst = [c for c in ch if c[0] == b"LIST"]
    data = [c for c in ch if c[0] == b"data"]
    odd = [(b"odd ", b"12345")]
    write(path(WAV, "odd_chunk_padded.wav"), riff(fmt + odd + lst + data, pad_odd=True))
    write(path(WAV, "odd_chunk_nopad.wav"), riff(fmt + odd + lst + data, pad_odd=False))
    write(path(WAV, "info_after_data.wav"), riff(fmt + data + lst))
    # Odd-sized data chunk (mono 8-bit, odd sample count) followed by LIST.
    u8 = bytes((128 + (i * 7) % 50) for i in range(4001))
    fmt8 = struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)
    write(path(WAV, "odd_data_u8_then_info.wav"), riff([(b"fmt ", fmt8), (b"data", u8)] + lst))
    # Streamed with zero sizes (some recorders write 0 until they finish).
    plain = open(path(SRC, "base_s16_mono_8k_notag.wav"), "rb").read()
    z = bytearray(plain)
    z[4:8] = b"\x00\x00\x00\x00"
    di = z.find(b"data")
    z[di + 4:di + 8] = b"\x00\x00\x00\x00"
    write(path(WAV, "streamed_zero_sizes_s16_8k.wav"), bytes(z))
    # BW64: RF64 layout with the BW64 magic (ITU-R BS.2088).
    r = bytearray(open(path(WAV, "rf64_s16_mono_8k.wav"), "rb").read())
    r[:4] = b"BW64"
    write(path(WAV, "bw64_s16_mono_8k.wav"), bytes(r))
    # ID3 in an 'id3 ' chunk after data, written by mutagen.
    p = path(WAV, "id3_chunk_s16_8k.wav")
    shutil.copy(path(SRC, "base_s16_mono_8k_notag.wav"), p)
    w = wave.WAVE(p)
    w.add_tags()
    w.tags.add(id3.TIT2(encoding=3, text=["WAV ID3 Title"]))
    w.tags.add(id3.TPE1(encoding=3, text=["WAV ID3 Artist"]))
    w.tags.add(id3.TALB(encoding=3, text=["WAV ID3 Album"]))
    w.tags.add(id3.TDRC(encoding=3, text=["2022"]))
    w.save(v2_version=4)
    b = bytearray(open(p, "rb").read())
    at = b.rfind(b"id3 ")
    b[at:at + 4] = b"ID3 "
    write(path(WAV, "id3_chunk_upper_s16_8k.wav"), bytes(b))


# ------------------------------------------------------------------ EBML


def ebml_id(b, i):
    n = 1
    while not (b[i] & (0x80 >> (n - 1))):
        n += 1
    return int.from_bytes(b[i:i + n], "big"), n


def ebml_size(b, i):
    n = 1
    while not (b[i] & (0x80 >> (n - 1))):
        n += 1
    v = b[i] & ((0x80 >> (n - 1)) - 1)
    for k in range(1, n):
        v = (v << 8) | b[i + k]
    return v, n


def enc_id(e):
    return e.to_bytes((e.bit_length() + 7) // 8, "big")


def enc_size(n, width=None):
    w = width or next(w for w in range(1, 9) if n < (1 << (7 * w)) - 1)
    return (n | (1 << (7 * w))).to_bytes(w, "big")


def element(e, payload):
    return enc_id(e) + enc_size(len(payload)) + payload


def uint_el(e, v):
    return element(e, v.to_bytes(8, "big"))


SEGMENT, SEEKHEAD, SEEK, SEEKID, SEEKPOS, VOID, TAGS, CLUSTER = (
    0x18538067, 0x114D9B74, 0x4DBB, 0x53AB, 0x53AC, 0xEC, 0x1254C367, 0x1F43B675)


def void(total):
    """A Void element of exactly `total` bytes (>= 2)."""
    assert total >= 2
    if total - 2 < 127:
        return bytes([0xEC]) + enc_size(total - 2, 1) + b"\x00" * (total - 2)
    return bytes([0xEC]) + enc_size(total - 9, 8) + b"\x00" * (total - 9)


def seekhead(entries):
    return element(SEEKHEAD, b"".join(element(SEEK, element(SEEKID, enc_id(e)) + uint_el(SEEKPOS, pos)) for e, pos in entries))


def build_mkv():
    b = open(path(SRC, "base_opus.mka"), "rb").read()
    hdr_id, n = ebml_id(b, 0)
    hsize, m = ebml_size(b, n)
    seg_at = n + m + hsize
    sid, n = ebml_id(b, seg_at)
    ssize, m = ebml_size(b, seg_at + n)
    data0 = seg_at + n + m  # segment data start: SeekPosition origin
    kids, i = [], data0
    while i < data0 + ssize:
        e, n = ebml_id(b, i)
        s, m = ebml_size(b, i + n)
        kids.append((e, i, n + m + s))
        i += n + m + s
    ids = [k[0] for k in kids]
    assert ids[0] == SEEKHEAD and ids[1] == VOID and TAGS in ids and CLUSTER in ids, ids
    sh_at, region = kids[0][1], kids[0][2] + kids[1][2]
    tags = [k for k in kids if k[0] == TAGS][0]
    tags_bytes = b[tags[1]:tags[1] + tags[2]]
    # Positions of the other top-level elements stay; Tags becomes a Void in place.
    others = [(e, at - data0) for e, at, _ in kids if e not in (SEEKHEAD, VOID, TAGS, CLUSTER)]
    seen, first = set(), []
    for e, pos in others:
        if e not in seen:
            seen.add(e)
            first.append((e, pos))
    body = bytearray(b[data0:data0 + ssize])
    body[tags[1] - data0:tags[1] - data0 + tags[2]] = void(tags[2])
    end_pos = len(body)

    def finish(name, new_sh, tail):
        assert len(new_sh) + 2 <= region
        body2 = bytearray(body)
        body2[sh_at - data0:sh_at - data0 + region] = new_sh + void(region - len(new_sh))
        body2 += tail
        out = b[:seg_at] + enc_id(SEGMENT) + enc_size(len(body2), 8) + bytes(body2)
        write(path(MKV, name), out)

    # 1. Tags after the Clusters and Cues, found through the SeekHead.
    finish("tags_after_clusters.mka", seekhead(first + [(TAGS, end_pos)]), tags_bytes)
    # 2. Chained SeekHead: the first points at a second one at the end, which points at Tags.
    second = seekhead([(TAGS, end_pos)])
    tail = second + tags_bytes
    second = seekhead([(TAGS, end_pos + len(second))])
    tail = second + tags_bytes
    finish("chained_seekhead_tags_at_end.mka", seekhead(first + [(SEEKHEAD, end_pos)]), tail)


def main():
    build_id3()
    build_ape()
    build_vbri()
    build_layer1()
    build_free_format()
    build_riff()
    build_mkv()
    with open(path(OUT, "generator_tags.json"), "w") as f:
        json.dump(GENERATOR_TAGS, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    with open(path(OUT, "generator_streams.json"), "w") as f:
        json.dump(GENERATOR_STREAMS, f, indent=1, sort_keys=True)
        f.write("\n")


main()
