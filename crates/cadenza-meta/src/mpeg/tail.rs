//! The blocks that may follow the audio at the end of an MPEG file, found
//! from the end backwards: ID3v1 (+ `TAG+`), APEv1/v2, Lyrics3v2 and
//! ID3v2.4 tags with a `3DI` footer, in any order and repeated.

use crate::ape;
use crate::bytes::synchsafe32;
use crate::error::Error;
use crate::id3v1::{self, ID3V1_EXT_LEN, ID3V1_LEN};
use crate::id3v2::{self, HEADER_LEN};
use crate::input::{Input, Stop};
use crate::probe::Probe;
use crate::scratch::Scratch;

/// Blocks looked for at most (each strictly before the previous one).
const MAX_BLOCKS: usize = 8;

/// One block at the end of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// ID3v1 at `at`, with a `TAG+` block at `ext` when present.
    Id3v1 { at: u64, ext: Option<u64> },
    /// An APE tag whose footer ends at `end`.
    Ape { end: u64 },
    /// Lyrics3v2 (skipped: its fields duplicate ID3v1).
    Lyrics3,
    /// An appended ID3v2 tag whose header is at `at`.
    Id3v2 { at: u64 },
}

/// The end-of-file blocks, last first, and where the audio ends.
pub(crate) struct Tail {
    blocks: [Option<Block>; MAX_BLOCKS],
    count: usize,
    /// Offset just past the last audio byte (start of the first tail block).
    pub(crate) audio_end: u64,
}

/// Finds the blocks at the end of the file that lie after `floor` (the end
/// of the leading tags).
pub(crate) fn locate(input: &Input<'_>, floor: u64, out: &mut Probe<'_>) -> Result<Tail, Stop> {
    let mut tail = Tail {
        blocks: [None; MAX_BLOCKS],
        count: 0,
        audio_end: input.len(),
    };
    let mut end = input.len();
    let mut have_id3v1 = false;
    if let Some((block, start)) = id3v1_at(input, end, floor)? {
        tail.push(block);
        end = start;
        have_id3v1 = true;
    }
    while tail.count < MAX_BLOCKS {
        if let Some(start) = ape::footer_at(input, end, floor, out)? {
            tail.push(Block::Ape { end });
            end = start;
        } else if let Some(start) = lyrics3v2_at(input, end, floor, out)? {
            tail.push(Block::Lyrics3);
            end = start;
        } else if let Some(start) = lyrics3v1_at(input, end, floor)? {
            tail.push(Block::Lyrics3);
            end = start;
        } else if let Some(start) = id3v2_footer_at(input, end, floor)? {
            tail.push(Block::Id3v2 { at: start });
            end = start;
        } else if let Some((block, start)) = id3v1_at(input, end, floor)?.filter(|_| !have_id3v1) {
            // mutagen appends an APE tag after an existing ID3v1 tag.
            tail.push(block);
            end = start;
            have_id3v1 = true;
        } else {
            break;
        }
    }
    tail.audio_end = end;
    Ok(tail)
}

impl Tail {
    fn push(&mut self, b: Block) {
        if let Some(slot) = self.blocks.get_mut(self.count) {
            *slot = Some(b);
            self.count += 1;
        }
    }

    /// Reads the tags of every block, in file order.
    pub(crate) fn read_tags<'a>(
        &self,
        input: &Input<'a>,
        scratch: &mut Scratch<'a>,
        out: &mut Probe<'a>,
    ) -> Result<(), Stop> {
        for b in self.blocks[..self.count].iter().rev().flatten() {
            match *b {
                Block::Id3v1 { at, ext } => id3v1::parse(input, at, ext, scratch, out)?,
                Block::Ape { end } => ape::parse(input, end, out)?,
                Block::Lyrics3 => {}
                Block::Id3v2 { at } => {
                    id3v2::parse_tag(input, at, scratch, out)?;
                }
            }
        }
        Ok(())
    }
}

/// An ID3v1 tag ending at `end` (with the `TAG+` block before it, if any):
/// the block and where it starts.
fn id3v1_at(input: &Input<'_>, end: u64, floor: u64) -> Result<Option<(Block, u64)>, Stop> {
    if end < floor.saturating_add(ID3V1_LEN) || input.bytes(end - ID3V1_LEN, 3, "ID3v1")? != b"TAG"
    {
        return Ok(None);
    }
    let at = end - ID3V1_LEN;
    if at >= floor.saturating_add(ID3V1_EXT_LEN)
        && input.bytes(at - ID3V1_EXT_LEN, 4, "ID3v1 extended tag")? == b"TAG+"
    {
        let ext = at - ID3V1_EXT_LEN;
        return Ok(Some((Block::Id3v1 { at, ext: Some(ext) }, ext)));
    }
    Ok(Some((Block::Id3v1 { at, ext: None }, at)))
}

/// A Lyrics3v2 block ending at `end` (`LYRICSBEGIN ... <6-digit size>LYRICS200`): its start.
fn lyrics3v2_at(
    input: &Input<'_>,
    end: u64,
    floor: u64,
    out: &mut Probe<'_>,
) -> Result<Option<u64>, Stop> {
    const TRAILER: u64 = 15;
    if end < floor.saturating_add(TRAILER + 11) {
        return Ok(None);
    }
    let t = input.bytes(end - TRAILER, TRAILER, "Lyrics3 trailer")?;
    if &t[6..] != b"LYRICS200" {
        return Ok(None);
    }
    let mut size = 0u64;
    for &c in &t[..6] {
        if !c.is_ascii_digit() {
            out.warn(Error::malformed(end - TRAILER, "bad Lyrics3v2 size"));
            return Ok(None);
        }
        size = size * 10 + u64::from(c - b'0');
    }
    let Some(start) = (end - TRAILER).checked_sub(size).filter(|&s| s >= floor) else {
        out.warn(Error::malformed(
            end - TRAILER,
            "Lyrics3v2 size exceeds the file",
        ));
        return Ok(None);
    };
    if size < 11 || input.bytes(start, 11, "Lyrics3v2 header")? != b"LYRICSBEGIN" {
        out.warn(Error::malformed(
            start,
            "Lyrics3v2 block without LYRICSBEGIN",
        ));
        return Ok(None);
    }
    Ok(Some(start))
}

/// A Lyrics3v1 block ending at `end` (`LYRICSBEGIN ... LYRICSEND`, at most
/// 5100 bytes of lyrics, no size field): its start.
fn lyrics3v1_at(input: &Input<'_>, end: u64, floor: u64) -> Result<Option<u64>, Stop> {
    const END_MARK: &[u8] = b"LYRICSEND";
    const BEGIN_MARK: &[u8] = b"LYRICSBEGIN";
    let mark = END_MARK.len() as u64;
    if end < floor.saturating_add(mark + BEGIN_MARK.len() as u64)
        || input.bytes(end - mark, mark, "Lyrics3 trailer")? != END_MARK
    {
        return Ok(None);
    }
    let span = (end - floor).min(5100 + mark + BEGIN_MARK.len() as u64);
    let window = input.bytes(end - span, span, "Lyrics3v1 block")?;
    let found = window
        .windows(BEGIN_MARK.len())
        .rposition(|w| w == BEGIN_MARK);
    Ok(found.map(|i| end - span + i as u64))
}

/// An ID3v2.4 tag with a `3DI` footer ending at `end`: its header offset.
fn id3v2_footer_at(input: &Input<'_>, end: u64, floor: u64) -> Result<Option<u64>, Stop> {
    if end < floor.saturating_add(2 * HEADER_LEN) {
        return Ok(None);
    }
    let f = input.bytes(end - HEADER_LEN, HEADER_LEN, "ID3v2 footer")?;
    if &f[..3] != b"3DI" {
        return Ok(None);
    }
    let Some(size) = synchsafe32(&f[6..10]) else {
        return Ok(None);
    };
    let total = u64::from(size) + 2 * HEADER_LEN;
    if total > end - floor {
        return Ok(None);
    }
    let at = end - total;
    Ok((input.bytes(at, 3, "ID3v2 header")? == b"ID3").then_some(at))
}
