//! Element IDs of the EBML header and the Matroska elements this reader
//! understands (IDs keep their length marker, as written in the file).

/// EBML header.
pub(crate) const EBML: u32 = 0x1A45_DFA3;
pub(crate) const EBML_READ_VERSION: u32 = 0x42F7;
pub(crate) const EBML_MAX_ID_LENGTH: u32 = 0x42F2;
pub(crate) const EBML_MAX_SIZE_LENGTH: u32 = 0x42F3;
pub(crate) const DOC_TYPE: u32 = 0x4282;
pub(crate) const DOC_TYPE_READ_VERSION: u32 = 0x4285;

/// Segment and its top-level children.
pub(crate) const SEGMENT: u32 = 0x1853_8067;
pub(crate) const SEEK_HEAD: u32 = 0x114D_9B74;
pub(crate) const INFO: u32 = 0x1549_A966;
pub(crate) const TRACKS: u32 = 0x1654_AE6B;
pub(crate) const TAGS: u32 = 0x1254_C367;
pub(crate) const CLUSTER: u32 = 0x1F43_B675;

/// SeekHead children.
pub(crate) const SEEK: u32 = 0x4DBB;
pub(crate) const SEEK_ID: u32 = 0x53AB;
pub(crate) const SEEK_POSITION: u32 = 0x53AC;

/// Info children.
pub(crate) const TIMESTAMP_SCALE: u32 = 0x2A_D7B1;
pub(crate) const DURATION: u32 = 0x4489;
pub(crate) const TITLE: u32 = 0x7BA9;
pub(crate) const MUXING_APP: u32 = 0x4D80;
pub(crate) const WRITING_APP: u32 = 0x5741;
pub(crate) const DATE_UTC: u32 = 0x4461;

/// Tracks children.
pub(crate) const TRACK_ENTRY: u32 = 0xAE;
pub(crate) const TRACK_UID: u32 = 0x73C5;
pub(crate) const TRACK_TYPE: u32 = 0x83;
pub(crate) const CODEC_ID: u32 = 0x86;
pub(crate) const CODEC_DELAY: u32 = 0x56AA;
pub(crate) const LANGUAGE: u32 = 0x22_B59C;
pub(crate) const LANGUAGE_BCP47: u32 = 0x22_B59D;
pub(crate) const NAME: u32 = 0x536E;
pub(crate) const AUDIO: u32 = 0xE1;
pub(crate) const SAMPLING_FREQUENCY: u32 = 0xB5;
pub(crate) const OUTPUT_SAMPLING_FREQUENCY: u32 = 0x78B5;
pub(crate) const CHANNELS: u32 = 0x9F;
pub(crate) const BIT_DEPTH: u32 = 0x6264;

/// Tags children.
pub(crate) const TAG: u32 = 0x7373;
pub(crate) const TARGETS: u32 = 0x63C0;
pub(crate) const TARGET_TYPE_VALUE: u32 = 0x68CA;
pub(crate) const TAG_TRACK_UID: u32 = 0x63C5;
pub(crate) const TAG_EDITION_UID: u32 = 0x63C9;
pub(crate) const TAG_CHAPTER_UID: u32 = 0x63C4;
pub(crate) const TAG_ATTACHMENT_UID: u32 = 0x63C6;
pub(crate) const SIMPLE_TAG: u32 = 0x67C8;
pub(crate) const TAG_NAME: u32 = 0x45A3;
pub(crate) const TAG_STRING: u32 = 0x4487;

// Attachments.
pub(crate) const ATTACHMENTS: u32 = 0x1941_A469;
pub(crate) const ATTACHED_FILE: u32 = 0x61A7;
pub(crate) const FILE_DESCRIPTION: u32 = 0x467E;
pub(crate) const FILE_NAME: u32 = 0x466E;
pub(crate) const FILE_MEDIA_TYPE: u32 = 0x4660;
pub(crate) const FILE_DATA: u32 = 0x465C;
