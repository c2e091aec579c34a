//! The result of probing one file: format, stream properties, tags, pictures,
//! warnings and the error that stopped reading, all borrowed from the input.
//!
//! Every collection here has a fixed capacity chosen so that real files fit;
//! what does not fit is counted (and reported as a `limit` warning) instead of
//! growing a heap allocation whose size an untrusted file would control.

use crate::error::Error;
use crate::text::Text;

/// A fixed-capacity list that never allocates; pushes past capacity are
/// counted in [`Bounded::dropped`].
///
/// Backed by an `ArrayVec`, so creating an empty list costs nothing however
/// large `N` is (a `Probe` holds a few KiB of slots and is built per file).
#[derive(Clone)]
pub struct Bounded<T: Copy, const N: usize> {
    items: arrayvec::ArrayVec<T, N>,
    dropped: u32,
}

impl<T: Copy, const N: usize> Bounded<T, N> {
    /// An empty list.
    #[inline]
    pub const fn new() -> Self {
        Bounded {
            items: arrayvec::ArrayVec::new_const(),
            dropped: 0,
        }
    }
    /// Appends `v`; returns `false` (and counts a drop) when full.
    #[inline]
    pub fn push(&mut self, v: T) -> bool {
        if self.items.try_push(v).is_err() {
            self.dropped = self.dropped.saturating_add(1);
            return false;
        }
        true
    }
    /// Number of items held.
    #[inline]
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Whether no items are held.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// How many pushes were refused because the list was full.
    pub fn dropped(&self) -> u32 {
        self.dropped
    }
    /// The items, in push order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.items.iter()
    }
    /// Mutable access to the items, in push order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.items.iter_mut()
    }
    /// The items as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
    /// Removes every item.
    pub fn clear(&mut self) {
        self.items.clear();
        self.dropped = 0;
    }
}

impl<T: Copy, const N: usize> Default for Bounded<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Copy + core::fmt::Debug, const N: usize> core::fmt::Debug for Bounded<T, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Container format of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Not (yet) identified.
    Unknown,
    /// MPEG audio elementary stream (layer I/II/III), with or without ID3/APE tags.
    Mpeg,
    /// RIFF/WAVE (little endian).
    Wav,
    /// RIFX/WAVE (big endian).
    Rifx,
    /// RF64/WAVE (EBU Tech 3306).
    Rf64,
    /// BW64/WAVE (ITU-R BS.2088).
    Bw64,
    /// Matroska.
    Matroska,
    /// WebM (Matroska subset, DocType `webm`).
    WebM,
}

impl Format {
    /// Short lower-case name, as printed by `cadenza probe --json`.
    ///
    /// MPEG streams are named after their layer (`mp3`, `mp2`, `mp1`) by
    /// [`Probe::format_name`]; this returns `mpeg` for them.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Unknown => "unknown",
            Format::Mpeg => "mpeg",
            Format::Wav => "wav",
            Format::Rifx => "rifx",
            Format::Rf64 => "rf64",
            Format::Bw64 => "bw64",
            Format::Matroska => "matroska",
            Format::WebM => "webm",
        }
    }
}

/// Audio codec of the main stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Codec<'a> {
    /// Not known.
    Unknown,
    /// MPEG-1/2/2.5 Layer I.
    Mp1,
    /// MPEG-1/2/2.5 Layer II.
    Mp2,
    /// MPEG-1/2/2.5 Layer III.
    Mp3,
    /// Integer PCM, little endian (WAVE_FORMAT_PCM or the PCM subformat).
    PcmLe,
    /// Integer PCM, big endian (RIFX).
    PcmBe,
    /// IEEE float PCM.
    PcmFloat,
    /// ITU G.711 A-law.
    Alaw,
    /// ITU G.711 µ-law.
    Mulaw,
    /// IMA/Microsoft ADPCM and relatives.
    Adpcm,
    /// A WAVE format tag this crate has no name for.
    WaveFormat(u16),
    /// A Matroska `CodecID` as written (e.g. `A_OPUS`, `A_VORBIS`, `A_FLAC`).
    Matroska(&'a [u8]),
}

impl Codec<'_> {
    /// Short lower-case name as printed by the CLI (Matroska ids are mapped
    /// to the usual names where known, e.g. `A_OPUS` -> `opus`).
    pub fn name(&self) -> &str {
        match self {
            Codec::Unknown => "unknown",
            Codec::Mp1 => "mp1",
            Codec::Mp2 => "mp2",
            Codec::Mp3 => "mp3",
            Codec::PcmLe => "pcm_le",
            Codec::PcmBe => "pcm_be",
            Codec::PcmFloat => "pcm_float",
            Codec::Alaw => "alaw",
            Codec::Mulaw => "mulaw",
            Codec::Adpcm => "adpcm",
            Codec::WaveFormat(_) => "wave_format",
            Codec::Matroska(id) => matroska_codec_name(id),
        }
    }
}

fn matroska_codec_name(id: &[u8]) -> &str {
    const KNOWN: &[(&[u8], &str)] = &[
        (b"A_OPUS", "opus"),
        (b"A_VORBIS", "vorbis"),
        (b"A_FLAC", "flac"),
        (b"A_MPEG/L3", "mp3"),
        (b"A_MPEG/L2", "mp2"),
        (b"A_MPEG/L1", "mp1"),
        (b"A_AC3", "ac3"),
        (b"A_EAC3", "eac3"),
        (b"A_DTS", "dts"),
        (b"A_TRUEHD", "truehd"),
        (b"A_ALAC", "alac"),
        (b"A_PCM/INT/LIT", "pcm_le"),
        (b"A_PCM/INT/BIG", "pcm_be"),
        (b"A_PCM/FLOAT/IEEE", "pcm_float"),
        (b"A_WAVPACK4", "wavpack"),
        (b"A_TTA1", "tta"),
    ];
    if id.starts_with(b"A_AAC") {
        return "aac";
    }
    for (k, v) in KNOWN {
        if id == *k {
            return v;
        }
    }
    core::str::from_utf8(id).unwrap_or("unknown")
}

/// Properties of the main audio stream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StreamInfo<'a> {
    /// Codec of the stream.
    pub codec: Codec<'a>,
    /// Playback length in seconds.
    pub duration: Option<f64>,
    /// Sample rate in Hz.
    pub sample_rate: Option<u32>,
    /// Number of channels.
    pub channels: Option<u16>,
    /// Bits per sample (PCM: container bits or valid bits; lossy: none).
    pub bits_per_sample: Option<u16>,
    /// Average bitrate in bits per second.
    pub bitrate: Option<u32>,
    /// Total PCM frames (samples per channel), where the container says so.
    pub frames: Option<u64>,
    /// WAVE_FORMAT_EXTENSIBLE channel mask.
    pub channel_mask: Option<u32>,
    /// Encoder delay in samples (LAME tag, Matroska CodecDelay).
    pub encoder_delay: Option<u32>,
    /// Encoder padding in samples (LAME tag).
    pub encoder_padding: Option<u32>,
    /// Absolute byte offset where the audio payload begins.
    pub audio_offset: Option<u64>,
    /// Length in bytes of the audio payload.
    pub audio_len: Option<u64>,
}

impl StreamInfo<'_> {
    /// Nothing known yet.
    pub const EMPTY: StreamInfo<'static> = StreamInfo {
        codec: Codec::Unknown,
        duration: None,
        sample_rate: None,
        channels: None,
        bits_per_sample: None,
        bitrate: None,
        frames: None,
        channel_mask: None,
        encoder_delay: None,
        encoder_padding: None,
        audio_offset: None,
        audio_len: None,
    };
}

/// A normalised tag key, or the format's own key for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TagKey<'a> {
    /// `title`
    Title,
    /// `artist`
    Artist,
    /// `album`
    Album,
    /// `album_artist`
    AlbumArtist,
    /// `date` (recording date or year)
    Date,
    /// `track` (as written, e.g. `3/12`)
    Track,
    /// `disc` (as written, e.g. `1/2`)
    Disc,
    /// `genre`
    Genre,
    /// `comment`
    Comment,
    /// `composer`
    Composer,
    /// `lyrics`
    Lyrics,
    /// The format's own key: an ID3v2 frame ID, a TXXX description, a RIFF
    /// INFO chunk ID, a Matroska SimpleTag name, an APE item key...
    Other(Text<'a>),
}

impl TagKey<'_> {
    /// The normalised lowercase name, or `None` for [`TagKey::Other`].
    pub const fn std_name(&self) -> Option<&'static str> {
        Some(match self {
            TagKey::Title => "title",
            TagKey::Artist => "artist",
            TagKey::Album => "album",
            TagKey::AlbumArtist => "album_artist",
            TagKey::Date => "date",
            TagKey::Track => "track",
            TagKey::Disc => "disc",
            TagKey::Genre => "genre",
            TagKey::Comment => "comment",
            TagKey::Composer => "composer",
            TagKey::Lyrics => "lyrics",
            TagKey::Other(_) => return None,
        })
    }
}

/// Which tag block a value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TagSource {
    /// ID3v1 / ID3v1.1 / `TAG+`.
    Id3v1,
    /// ID3v2.x (major version 2, 3 or 4).
    Id3v2(u8),
    /// APEv1/APEv2.
    Ape,
    /// RIFF LIST/INFO.
    RiffInfo,
    /// Broadcast Wave `bext`.
    Bext,
    /// Matroska Tags.
    Matroska,
}

/// One tag value.
///
/// A multi-valued field (ID3v2.4 NUL-separated values, repeated Matroska
/// tags) appears as several `Tag`s with the same key, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The key.
    pub key: TagKey<'a>,
    /// The value.
    pub value: Text<'a>,
    /// Where it came from.
    pub source: TagSource,
}

/// An embedded picture, reported without copying its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picture<'a> {
    /// MIME type as written (ID3v2.2 `PIC` image formats such as `JPG` are
    /// mapped to `image/jpeg` / `image/png`).
    pub mime: Text<'a>,
    /// ID3/FLAC picture type (3 = front cover).
    pub kind: u8,
    /// Description.
    pub description: Text<'a>,
    /// Absolute byte offset of the picture data in the file (for an
    /// unsynchronised ID3v2 tag: the offset of the frame's payload).
    pub offset: u64,
    /// Size of the picture data in bytes.
    pub size: u64,
}

/// Capacity of [`Probe::tags`].
pub const MAX_TAGS: usize = 128;
/// Capacity of [`Probe::pictures`].
pub const MAX_PICTURES: usize = 8;
/// Capacity of [`Probe::warnings`].
pub const MAX_WARNINGS: usize = 16;

/// Everything read from one file.
#[derive(Clone, Debug)]
pub struct Probe<'a> {
    /// Container format.
    pub format: Format,
    /// Matroska DocType or WAVE form type as written, where present.
    pub doc_type: Option<Text<'a>>,
    /// Main audio stream properties.
    pub stream: StreamInfo<'a>,
    /// Number of audio tracks/streams found (Matroska may have several).
    pub audio_tracks: u32,
    /// Tags from every tag block, in file order.
    pub tags: Bounded<Tag<'a>, MAX_TAGS>,
    /// Embedded pictures.
    pub pictures: Bounded<Picture<'a>, MAX_PICTURES>,
    /// Problems that did not stop reading.
    pub warnings: Bounded<Error, MAX_WARNINGS>,
    /// The problem that stopped reading, if any. Everything above is what
    /// was read before it.
    pub error: Option<Error>,
}

impl<'a> Probe<'a> {
    /// An empty result.
    #[inline]
    pub fn new() -> Self {
        Probe {
            format: Format::Unknown,
            doc_type: None,
            stream: StreamInfo::EMPTY,
            audio_tracks: 0,
            tags: Bounded::new(),
            pictures: Bounded::new(),
            warnings: Bounded::new(),
            error: None,
        }
    }

    /// Records a warning (dropped silently past [`MAX_WARNINGS`], counted).
    pub fn warn(&mut self, e: Error) {
        self.warnings.push(e);
    }

    /// Adds a tag; when the tag list is full, records one `limit` warning.
    pub fn add_tag(&mut self, key: TagKey<'a>, value: Text<'a>, source: TagSource, offset: u64) {
        if !self.tags.push(Tag { key, value, source }) && self.tags.dropped() == 1 {
            self.warn(Error::limit(offset, "too many tags; the rest are skipped"));
        }
    }

    /// Adds a picture; when the list is full, records one `limit` warning.
    pub fn add_picture(&mut self, p: Picture<'a>) {
        if !self.pictures.push(p) && self.pictures.dropped() == 1 {
            self.warn(Error::limit(
                p.offset,
                "too many pictures; the rest are skipped",
            ));
        }
    }

    /// The first value for a normalised key.
    pub fn tag(&self, key: TagKey<'_>) -> Option<Text<'a>> {
        self.tags.iter().find(|t| t.key == key).map(|t| t.value)
    }

    /// The format name printed by the CLI: `mp3`/`mp2`/`mp1` for MPEG streams,
    /// otherwise [`Format::name`].
    pub fn format_name(&self) -> &'static str {
        match (self.format, self.stream.codec) {
            (Format::Mpeg, Codec::Mp1) => "mp1",
            (Format::Mpeg, Codec::Mp2) => "mp2",
            (Format::Mpeg, _) => "mp3",
            (f, _) => f.name(),
        }
    }
}

impl Default for Probe<'_> {
    fn default() -> Self {
        Self::new()
    }
}
