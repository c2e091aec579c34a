#!/usr/bin/python3
"""Seeds each fuzz target's corpus from the committed fixtures, reshaped to
the target's input layout (the per-format targets add their own magic or
EBML/Segment header, so the seed is what follows it).

    python3 fuzz/make_seeds.py      # writes fuzz/corpus/<target>/seed-*
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "crates", "cadenza-meta", "tests", "fixtures")


def fixtures(sub):
    d = os.path.join(FIX, sub)
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            yield name, f.read()


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def vint_len(b):
    n = 1
    while n <= 8 and not (b & (0x80 >> (n - 1))):
        n += 1
    return n


def segment_payload(b):
    """Bytes after the EBML header and the Segment ID + size."""
    i = 4
    n = vint_len(b[i])
    size = b[i] & ((0x80 >> (n - 1)) - 1)
    for k in range(1, n):
        size = (size << 8) | b[i + k]
    i += n + size
    i += 4  # Segment ID
    return b[i + vint_len(b[i]):]


for sub in ("mp3", "wav", "mkv"):
    for name, data in fixtures(sub):
        put("probe_bytes", name, data)
        # probe_sparse: the last two bytes pick head length and minimum extra read.
        put("probe_sparse", name, data + bytes([56, 64]))
        if sub == "mp3":
            put("mpeg", name, b"\x07" + data)  # selector 7: no prefix, nothing appended
        elif sub == "wav":
            sel = {b"RIFF": 0, b"RIFX": 1, b"RF64": 2, b"BW64": 3}[data[:4]]
            put("riff", name, bytes([sel]) + data[12:])
        else:
            sel = 1 if name.endswith(".webm") else 0
            put("ebml", name, bytes([sel]) + segment_payload(data))
