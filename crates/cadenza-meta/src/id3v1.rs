//! ID3v1 and ID3v1.1 tags (the last 128 bytes of a file, starting `TAG`),
//! the 227-byte extended `TAG+` block in front of them, and the genre table
//! that ID3v2 `TCON` references such as `(17)` also use.

use crate::bytes::trim_end_pad;
use crate::input::{Input, Stop};
use crate::probe::{Probe, TagKey, TagSource};
use crate::scratch::Scratch;
use crate::text::Text;

/// Size of an ID3v1 tag.
pub(crate) const ID3V1_LEN: u64 = 128;
/// Size of the extended `TAG+` block that may precede an ID3v1 tag.
pub(crate) const ID3V1_EXT_LEN: u64 = 227;

/// The ID3v1 genre names (0-79 from ID3v1, the rest Winamp extensions).
pub(crate) static GENRES: [&str; 192] = [
    "Blues",
    "Classic Rock",
    "Country",
    "Dance",
    "Disco",
    "Funk",
    "Grunge",
    "Hip-Hop",
    "Jazz",
    "Metal",
    "New Age",
    "Oldies",
    "Other",
    "Pop",
    "R&B",
    "Rap",
    "Reggae",
    "Rock",
    "Techno",
    "Industrial",
    "Alternative",
    "Ska",
    "Death Metal",
    "Pranks",
    "Soundtrack",
    "Euro-Techno",
    "Ambient",
    "Trip-Hop",
    "Vocal",
    "Jazz+Funk",
    "Fusion",
    "Trance",
    "Classical",
    "Instrumental",
    "Acid",
    "House",
    "Game",
    "Sound Clip",
    "Gospel",
    "Noise",
    "Alt. Rock",
    "Bass",
    "Soul",
    "Punk",
    "Space",
    "Meditative",
    "Instrumental Pop",
    "Instrumental Rock",
    "Ethnic",
    "Gothic",
    "Darkwave",
    "Techno-Industrial",
    "Electronic",
    "Pop-Folk",
    "Eurodance",
    "Dream",
    "Southern Rock",
    "Comedy",
    "Cult",
    "Gangsta Rap",
    "Top 40",
    "Christian Rap",
    "Pop/Funk",
    "Jungle",
    "Native American",
    "Cabaret",
    "New Wave",
    "Psychedelic",
    "Rave",
    "Showtunes",
    "Trailer",
    "Lo-Fi",
    "Tribal",
    "Acid Punk",
    "Acid Jazz",
    "Polka",
    "Retro",
    "Musical",
    "Rock & Roll",
    "Hard Rock",
    "Folk",
    "Folk-Rock",
    "National Folk",
    "Swing",
    "Fast-Fusion",
    "Bebop",
    "Latin",
    "Revival",
    "Celtic",
    "Bluegrass",
    "Avantgarde",
    "Gothic Rock",
    "Progressive Rock",
    "Psychedelic Rock",
    "Symphonic Rock",
    "Slow Rock",
    "Big Band",
    "Chorus",
    "Easy Listening",
    "Acoustic",
    "Humour",
    "Speech",
    "Chanson",
    "Opera",
    "Chamber Music",
    "Sonata",
    "Symphony",
    "Booty Bass",
    "Primus",
    "Porn Groove",
    "Satire",
    "Slow Jam",
    "Club",
    "Tango",
    "Samba",
    "Folklore",
    "Ballad",
    "Power Ballad",
    "Rhythmic Soul",
    "Freestyle",
    "Duet",
    "Punk Rock",
    "Drum Solo",
    "A Cappella",
    "Euro-House",
    "Dance Hall",
    "Goa",
    "Drum & Bass",
    "Club-House",
    "Hardcore",
    "Terror",
    "Indie",
    "BritPop",
    "Afro-Punk",
    "Polsk Punk",
    "Beat",
    "Christian Gangsta Rap",
    "Heavy Metal",
    "Black Metal",
    "Crossover",
    "Contemporary Christian",
    "Christian Rock",
    "Merengue",
    "Salsa",
    "Thrash Metal",
    "Anime",
    "JPop",
    "Synthpop",
    "Abstract",
    "Art Rock",
    "Baroque",
    "Bhangra",
    "Big Beat",
    "Breakbeat",
    "Chillout",
    "Downtempo",
    "Dub",
    "EBM",
    "Eclectic",
    "Electro",
    "Electroclash",
    "Emo",
    "Experimental",
    "Garage",
    "Global",
    "IDM",
    "Illbient",
    "Industro-Goth",
    "Jam Band",
    "Krautrock",
    "Leftfield",
    "Lounge",
    "Math Rock",
    "New Romantic",
    "Nu-Breakz",
    "Post-Punk",
    "Post-Rock",
    "Psytrance",
    "Shoegaze",
    "Space Rock",
    "Trop Rock",
    "World Music",
    "Neoclassical",
    "Audiobook",
    "Audio Theatre",
    "Neue Deutsche Welle",
    "Podcast",
    "Indie Rock",
    "G-Funk",
    "Dubstep",
    "Garage Rock",
    "Psybient",
];

/// The name for an ID3v1 genre number, if it has one.
pub(crate) fn genre_name(n: usize) -> Option<&'static str> {
    GENRES.get(n).copied()
}

/// Reads the ID3v1 tag at `at` (and the `TAG+` block at `ext_at`, if any).
///
/// A `TAG+` title, artist or album continues the 30-byte ID3v1 field; the
/// joined value is copied into `scratch` (when it has no room, the ID3v1
/// field alone is reported).
pub(crate) fn parse<'a>(
    input: &Input<'a>,
    at: u64,
    ext_at: Option<u64>,
    scratch: &mut Scratch<'a>,
    out: &mut Probe<'a>,
) -> Result<(), Stop> {
    let b = input.bytes(at, ID3V1_LEN, "ID3v1 tag")?;
    let ext = match ext_at {
        Some(e) => Some(input.bytes(e, ID3V1_EXT_LEN, "ID3v1 extended tag")?),
        None => None,
    };
    let src = TagSource::Id3v1;
    let add = |out: &mut Probe<'a>, key, v: &'a [u8]| {
        if !v.is_empty() {
            out.add_tag(key, Text::Latin1(v), src, at);
        }
    };
    let joined = |scratch: &mut Scratch<'a>, short: &'a [u8], long: Option<&'a [u8]>| -> &'a [u8] {
        let continued = long.map(|l| trim_end_pad(until_nul_raw(l)));
        let Some(long) = continued.filter(|l| !l.is_empty()) else {
            return field(short);
        };
        let short = until_nul_raw(short);
        match scratch.take(short.len() + long.len()) {
            Some(buf) => {
                buf[..short.len()].copy_from_slice(short);
                buf[short.len()..].copy_from_slice(long);
                buf
            }
            None => field(short),
        }
    };
    let title = joined(scratch, &b[3..33], ext.map(|x| &x[4..64]));
    let artist = joined(scratch, &b[33..63], ext.map(|x| &x[64..124]));
    let album = joined(scratch, &b[63..93], ext.map(|x| &x[124..184]));
    add(out, TagKey::Title, title);
    add(out, TagKey::Artist, artist);
    add(out, TagKey::Album, album);
    add(out, TagKey::Date, field(&b[93..97]));
    let comment = &b[97..127];
    let track = (comment[28] == 0 && comment[29] != 0).then_some(comment[29]);
    add(
        out,
        TagKey::Comment,
        field(if track.is_some() {
            &comment[..28]
        } else {
            comment
        }),
    );
    if let Some(n) = track {
        let mut buf = [0u8; 3];
        out.add_tag(
            TagKey::Track,
            Text::inline(small_decimal(n, &mut buf)).unwrap_or(Text::EMPTY),
            src,
            at,
        );
    }
    let ext_genre = ext.map(|x| field(&x[185..215])).filter(|g| !g.is_empty());
    if let Some(g) = ext_genre {
        add(out, TagKey::Genre, g);
    } else if b[127] != 255 {
        let name = genre_name(b[127] as usize).unwrap_or("Unknown");
        out.add_tag(TagKey::Genre, Text::from_static(name), src, at);
    }
    Ok(())
}

/// A fixed-width ID3v1 field: up to the first NUL, spaces trimmed.
fn field(b: &[u8]) -> &[u8] {
    let b = trim_end_pad(until_nul_raw(b));
    let start = b.iter().position(|&c| c != b' ').unwrap_or(b.len());
    &b[start..]
}

fn until_nul_raw(b: &[u8]) -> &[u8] {
    crate::bytes::until_nul(b)
}

/// Formats `n` in decimal into `buf`.
pub(crate) fn small_decimal(n: u8, buf: &mut [u8; 3]) -> &str {
    let digits = [n / 100, n / 10 % 10, n % 10];
    let skip = if n >= 100 {
        0
    } else if n >= 10 {
        1
    } else {
        2
    };
    for (d, s) in buf.iter_mut().zip(digits) {
        *d = b'0' + s;
    }
    core::str::from_utf8(&buf[skip..]).unwrap_or("")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An ID3v1(.1) tag built field by field.
    pub(crate) fn id3v1(
        title: &str,
        artist: &str,
        year: &str,
        comment: &str,
        track: u8,
        genre: u8,
    ) -> Vec<u8> {
        let mut t = b"TAG".to_vec();
        let mut put = |s: &str, n: usize| {
            let mut f = s.as_bytes().to_vec();
            f.resize(n, 0);
            t.extend(f);
        };
        put(title, 30);
        put(artist, 30);
        put("Album", 30);
        put(year, 4);
        put(comment, if track > 0 { 28 } else { 30 });
        if track > 0 {
            t.extend([0, track]);
        }
        t.push(genre);
        t
    }

    fn run(data: &[u8], at: u64, ext: Option<u64>) -> Probe<'_> {
        let input = Input::whole(data);
        let mut out = Probe::new();
        let mut s = Scratch::none();
        parse(&input, at, ext, &mut s, &mut out).unwrap();
        out
    }

    fn get(p: &Probe<'_>, k: TagKey<'_>) -> Option<String> {
        p.tag(k).map(|t| t.to_string())
    }

    #[test]
    fn v11_with_track_and_genre() {
        let t = id3v1("Song  ", "Caf\u{e9}", "2001", "hi", 7, 17);
        let p = run(&t, 0, None);
        assert_eq!(get(&p, TagKey::Title).as_deref(), Some("Song"));
        assert_eq!(
            get(&p, TagKey::Artist).as_deref(),
            Some("CafÃ©"),
            "latin-1 of the UTF-8 bytes"
        );
        assert_eq!(get(&p, TagKey::Date).as_deref(), Some("2001"));
        assert_eq!(get(&p, TagKey::Comment).as_deref(), Some("hi"));
        assert_eq!(get(&p, TagKey::Track).as_deref(), Some("7"));
        assert_eq!(get(&p, TagKey::Genre).as_deref(), Some("Rock"));
        assert!(p.tags.iter().all(|t| t.source == TagSource::Id3v1));
    }

    #[test]
    fn v10_comment_uses_all_30_bytes_and_255_is_no_genre() {
        let c = "c".repeat(30);
        let t = id3v1("T", "", "", &c, 0, 255);
        let p = run(&t, 0, None);
        assert_eq!(get(&p, TagKey::Comment).unwrap().len(), 30);
        assert_eq!(p.tag(TagKey::Track), None);
        assert_eq!(p.tag(TagKey::Genre), None);
        assert_eq!(p.tag(TagKey::Artist), None);
        let t = id3v1("T", "", "", "", 0, 200);
        let p = run(&t, 0, None);
        assert_eq!(get(&p, TagKey::Genre).as_deref(), Some("Unknown"));
    }

    #[test]
    fn extended_tag_continues_fields() {
        let mut ext = b"TAG+".to_vec();
        let mut put = |s: &str, n: usize| {
            let mut f = s.as_bytes().to_vec();
            f.resize(n, 0);
            ext.extend(f);
        };
        put(" continued", 60);
        put("", 60);
        put("", 60);
        put("\x01", 1);
        put("Shoegaze", 30);
        put("000:00", 6);
        put("003:00", 6);
        assert_eq!(ext.len() as u64, ID3V1_EXT_LEN);
        let long = "x".repeat(30);
        ext.extend(id3v1(&long, "A", "", "", 0, 1));
        let input = Input::whole(&ext);
        let mut buf = [0u8; 128];
        let mut out = Probe::new();
        let mut s = Scratch::new(&mut buf);
        parse(&input, ID3V1_EXT_LEN, Some(0), &mut s, &mut out).unwrap();
        assert_eq!(get(&out, TagKey::Title), Some(format!("{long} continued")));
        assert_eq!(get(&out, TagKey::Artist).as_deref(), Some("A"));
        assert_eq!(get(&out, TagKey::Genre).as_deref(), Some("Shoegaze"));
    }

    #[test]
    fn decimal() {
        let mut b = [0u8; 3];
        assert_eq!(small_decimal(0, &mut b), "0");
        assert_eq!(small_decimal(42, &mut b), "42");
        assert_eq!(small_decimal(255, &mut b), "255");
        assert_eq!(GENRES.len(), 192);
        assert_eq!(genre_name(0), Some("Blues"));
    }
}
