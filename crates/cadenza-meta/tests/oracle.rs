//! Cadenza must agree with ffprobe and mutagen on every committed fixture.
//!
//! `scripts/make-fixtures.sh` generated the fixtures and recorded what
//! ffprobe and mutagen report in `tests/fixtures/expected.json`. Each test
//! here parses every fixture of one format three ways (whole file in memory,
//! `Prober` with its default head, and `Prober` with a 512-byte head so that
//! tags and Matroska elements beyond the head go through `Stop::Need` and
//! extra reads) and requires: duration within 1 ms (PCM) or 0.1 %
//! (compressed), exact sample rate / channels / bit depth, exact tag strings
//! under the normalised keys, the same picture count, and no error. The three
//! ways must also give identical results.

mod common;

use cadenza_meta::{DEFAULT_SCRATCH, Prober, ProberConfig};
use common::{Expected, Report, expected, mismatches};

/// Cases that disagree because of a parser bug the lead has been told about:
/// (fixture path, field prefix as printed by `mismatches`). Keep it short;
/// every entry is a reported bug, not an accepted difference.
const KNOWN_MISMATCHES: &[(&str, &str)] = &[];

fn small_head() -> ProberConfig {
    ProberConfig {
        head_len: 512,
        tail_len: 256,
        min_extra: 512,
        ..ProberConfig::default()
    }
}

/// Checks every fixture under `dir/`; panics listing all disagreements.
fn check_dir(dir: &str) {
    let mut scratch = vec![0u8; DEFAULT_SCRATCH];
    let mut default_prober = Prober::default();
    let mut small_prober = Prober::new(small_head());
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in expected().iter().filter(|e| e.path.starts_with(dir)) {
        checked += 1;
        let data = e.read();
        assert_eq!(
            data.len() as u64,
            e.size,
            "{}: fixture size differs from expected.json",
            e.path
        );
        let in_memory = Report::of(&cadenza_meta::probe(&data, &mut scratch));
        let from_file = default_prober
            .probe_path(&e.full_path(), Report::of)
            .unwrap();
        let small = small_prober.probe_path(&e.full_path(), Report::of).unwrap();
        record(&mut failures, e, "in-memory", &in_memory, None);
        record(&mut failures, e, "Prober", &from_file, Some(&in_memory));
        record(
            &mut failures,
            e,
            "Prober(head 512)",
            &small,
            Some(&in_memory),
        );
    }
    assert!(checked > 0, "no fixtures under {dir}");
    assert!(
        failures.is_empty(),
        "{} disagreement(s) in {checked} fixtures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn record(
    failures: &mut Vec<String>,
    e: &Expected,
    how: &str,
    r: &Report,
    reference: Option<&Report>,
) {
    for m in mismatches(e, r) {
        let known = KNOWN_MISMATCHES
            .iter()
            .any(|(p, f)| *p == e.path && m.starts_with(f));
        if !known {
            failures.push(format!("{} [{how}] {m}", e.path));
        }
    }
    if let Some(reference) = reference
        && reference != r
        && mismatches(e, reference).is_empty()
    {
        failures.push(format!(
            "{} [{how}] differs from the in-memory parse:\n  {r:?}\n  vs {reference:?}",
            e.path
        ));
    }
}

#[test]
fn mpeg_fixtures_agree_with_ffprobe_and_mutagen() {
    check_dir("mp3/");
}

#[test]
fn riff_fixtures_agree_with_ffprobe_and_mutagen() {
    check_dir("wav/");
}

#[test]
fn matroska_fixtures_agree_with_ffprobe() {
    check_dir("mkv/");
}

#[test]
fn expected_file_lists_every_fixture() {
    let listed: Vec<String> = expected().into_iter().map(|e| e.path).collect();
    for dir in ["mp3", "wav", "mkv"] {
        for f in std::fs::read_dir(common::fixtures_dir().join(dir)).unwrap() {
            let name = format!("{dir}/{}", f.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(&name), "{name} is not in expected.json");
        }
    }
    assert!(listed.len() >= 70, "only {} fixtures", listed.len());
}

/// Prints what cadenza reports for the fixtures whose path contains
/// `$FIXTURE` (all when unset): `FIXTURE=bext cargo test -p cadenza-meta
/// --test oracle print_reports -- --ignored --nocapture`.
#[test]
#[ignore = "diagnostic output, not a check"]
fn print_reports() {
    let filter = std::env::var("FIXTURE").unwrap_or_default();
    let mut scratch = vec![0u8; DEFAULT_SCRATCH];
    for e in expected().iter().filter(|e| e.path.contains(&filter)) {
        let data = e.read();
        let r = Report::of(&cadenza_meta::probe(&data, &mut scratch));
        println!("{}: {r:#?}", e.path);
    }
}

/// The file driver's promise: one read of the head (the only read for a
/// file shorter than it), one of the tail for MPEG, and an extra read only
/// where the file says more is needed (a tag larger than the head, Matroska
/// Tags after the Clusters, a chained SeekHead). Never a loop of small reads.
#[test]
fn prober_reads_each_fixture_in_at_most_three_reads() {
    let mut prober = Prober::default();
    let head = ProberConfig::default().head_len as u64;
    let mut report = Vec::new();
    let mut bad = Vec::new();
    for e in expected() {
        let reads = prober
            .probe_path(&e.full_path(), |_| ())
            .map(|()| prober.last_reads())
            .unwrap();
        report.push(format!("{reads} {}", e.path));
        let limit = if e.size <= head { 1 } else { 3 };
        if reads > limit {
            bad.push(format!(
                "{}: {reads} reads (size {}, limit {limit})",
                e.path, e.size
            ));
        }
    }
    let beyond_head: Vec<_> = report
        .iter()
        .filter(|r| !r.starts_with('1') && !r.starts_with('2'))
        .collect();
    eprintln!("fixtures needing a third read: {beyond_head:?}");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Matroska attached images are reported by position, not copied: the
/// offset and size must frame exactly the image file (PNG signature to IEND
/// chunk, JPEG SOI to EOI), through the in-memory parser and the Prober.
#[test]
fn matroska_attachment_offsets_frame_the_image_data() {
    let mut scratch = vec![0u8; DEFAULT_SCRATCH];
    let mut prober = Prober::new(small_head());
    let mut checked = 0;
    for e in expected().iter().filter(|e| !e.picture_list.is_empty()) {
        let data = e.read();
        let in_memory = Report::of(&cadenza_meta::probe(&data, &mut scratch));
        let from_file = prober.probe_path(&e.full_path(), Report::of).unwrap();
        assert_eq!(in_memory.pictures, from_file.pictures, "{}", e.path);
        for (mime, _, offset, size) in &in_memory.pictures {
            let image = &data[*offset as usize..(*offset + *size) as usize];
            let framed = match mime.as_str() {
                "image/png" => {
                    image.starts_with(b"\x89PNG\r\n\x1a\n") && image.ends_with(b"IEND\xaeB`\x82")
                }
                "image/jpeg" => image.starts_with(&[0xFF, 0xD8]) && image.ends_with(&[0xFF, 0xD9]),
                other => panic!("{}: unexpected attachment type {other}", e.path),
            };
            assert!(
                framed,
                "{}: {mime} at {offset}+{size} is not a whole image",
                e.path
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} attached images checked");
}
