//! End-to-end tests of `cadenza probe` and `cadenza scan`: the output
//! contract (JSON fields, CSV columns), error lines, exit status and the
//! closed-pipe behaviour, on files written by the test itself.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn cadenza() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cadenza"))
}

/// A canonical 16-bit PCM WAV with a LIST/INFO title.
fn wav(rate: u32, channels: u16, frames: u32, title: &str) -> Vec<u8> {
    let block = 2 * channels as u32;
    let data_len = frames * block;
    let mut info = b"INFO".to_vec();
    let mut t = title.as_bytes().to_vec();
    t.push(0);
    if t.len() % 2 == 1 {
        t.push(0);
    }
    info.extend_from_slice(b"INAM");
    info.extend_from_slice(&(title.len() as u32 + 1).to_le_bytes());
    info.extend_from_slice(&t);
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&(4 + 24 + 8 + info.len() as u32 + 8 + data_len).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&(rate * block).to_le_bytes());
    v.extend_from_slice(&(block as u16).to_le_bytes());
    v.extend_from_slice(&16u16.to_le_bytes());
    v.extend_from_slice(b"LIST");
    v.extend_from_slice(&(info.len() as u32).to_le_bytes());
    v.extend_from_slice(&info);
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data_len.to_le_bytes());
    v.resize(v.len() + data_len as usize, 0);
    v
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cadenza-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn field<'a>(line: &'a str, key: &str) -> &'a str {
    let pat = format!("\"{key}\":");
    let at = line
        .find(&pat)
        .unwrap_or_else(|| panic!("no {key} in {line}"))
        + pat.len();
    let rest = &line[at..];
    let end = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.find('"').map(|i| i + 2).unwrap()
    } else {
        rest.find([',', '}']).unwrap()
    };
    &rest[..end]
}

#[test]
fn scan_reports_each_audio_file_and_fails_on_broken_ones() {
    let d = temp_dir("scan");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("a.wav"), wav(48000, 2, 48000, "Tone \"one\"")).unwrap();
    std::fs::write(d.join("sub/b.wav"), wav(8000, 1, 4000, "Two")).unwrap();
    std::fs::write(d.join("sub/broken.mp3"), b"this is not audio at all").unwrap();
    std::fs::write(d.join("notes.txt"), b"skipped by extension").unwrap();

    let out = cadenza()
        .args(["scan", "--threads", "1"])
        .arg(&d)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    // Sorted walk: files of a folder before its sub-folders.
    assert!(lines[0].contains("a.wav"), "{stdout}");
    assert_eq!(field(lines[0], "format"), "\"wav\"");
    assert_eq!(field(lines[0], "sample_rate"), "48000");
    assert_eq!(field(lines[0], "channels"), "2");
    assert_eq!(field(lines[0], "bits_per_sample"), "16");
    assert_eq!(field(lines[0], "duration"), "1");
    assert_eq!(field(lines[0], "bitrate"), "1536000");
    assert!(
        lines[0].contains("\"title\":\"Tone \\\"one\\\"\""),
        "{}",
        lines[0]
    );
    assert_eq!(field(lines[0], "error"), "null");
    assert_eq!(field(lines[1], "duration"), "0.5");
    assert!(lines[2].contains("broken.mp3") && !lines[2].contains("\"error\":null"));

    let err_line = stderr
        .lines()
        .find(|l| l.contains("broken.mp3"))
        .expect(&stderr);
    assert!(
        err_line.contains(": error: unsupported: ") && err_line.contains(" at byte 0"),
        "{err_line}"
    );
    let summary = stderr.lines().last().unwrap();
    assert!(
        summary.starts_with("scanned 3 files (1 errors) in "),
        "{summary}"
    );
    assert!(summary.ends_with(" files/s"), "{summary}");
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn scan_csv_has_header_and_one_row_per_file() {
    let d = temp_dir("csv");
    std::fs::write(d.join("x.wav"), wav(44100, 1, 44100, "a,b")).unwrap();
    let out = cadenza()
        .args(["scan", "--format", "csv", "--quiet"])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let s = String::from_utf8(out.stdout).unwrap();
    let mut l = s.lines();
    assert!(
        l.next()
            .unwrap()
            .starts_with("path,format,codec,duration,sample_rate,")
    );
    let row = l.next().unwrap();
    assert!(
        row.contains(",wav,pcm_le,1,44100,1,16,705600,\"a,b\","),
        "{row}"
    );
    assert!(l.next().is_none());
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn probe_json_is_an_array_with_one_object_per_file() {
    let d = temp_dir("probe");
    let f = d.join("t.wav");
    std::fs::write(&f, wav(22050, 2, 2205, "T")).unwrap();
    let missing = d.join("missing.wav");
    let out = cadenza()
        .args(["probe", "--json"])
        .arg(&f)
        .arg(&missing)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with("[\n{\"path\":") && s.trim_end().ends_with(']'),
        "{s}"
    );
    assert_eq!(s.matches("{\"path\":").count(), 2);
    assert!(s.contains("\"duration\":0.1,"), "{s}");
    assert_eq!(out.status.code(), Some(1), "a missing file fails the run");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("missing.wav: error: "), "{stderr}");

    let table = cadenza().arg("probe").arg(&f).output().unwrap();
    let t = String::from_utf8(table.stdout).unwrap();
    assert!(
        t.contains("sample rate  22050 Hz") && t.contains("title        T"),
        "{t}"
    );
    assert_eq!(table.status.code(), Some(0));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["scan"][..],
        &["probe"],
        &["scan", "--threads", "0", "."],
        &["nope"],
        &["probe", "--bogus", "x"],
    ] {
        let out = cadenza().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

fn many_files(d: &Path, n: usize) {
    let w = wav(8000, 1, 8, "x");
    for i in 0..n {
        std::fs::write(d.join(format!("{i:05}.wav")), &w).unwrap();
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    let d = temp_dir("pipe");
    many_files(&d, 3000);
    let mut child = cadenza()
        .args(["scan", "--threads", "2"])
        .arg(&d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"path\":"));
    // Reader gone: the rest of the output hits a closed pipe.
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
    std::fs::remove_dir_all(&d).unwrap();
}
