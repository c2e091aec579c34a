//! Recursive directory walk for `cadenza scan`.
//!
//! Uses the file type that `readdir` already returns (no `stat` per file),
//! sorts each directory's entries by name so output order is reproducible,
//! does not follow symbolic links to directories (no cycles), and reports
//! unreadable directories without stopping.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// File name extensions `scan` reads by default (lower case).
pub(crate) const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "mp2", "mp1", "mpa", "mpga", "wav", "wave", "rf64", "bw64", "bwf", "mka", "mkv", "webm",
    "mk3d",
];

/// Whether `path` has one of [`AUDIO_EXTENSIONS`] (ASCII case-insensitive).
pub(crate) fn is_audio_name(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| AUDIO_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// Collects the files under `root` (or `root` itself if it is a file) into
/// `files`, calling `on_error` for each directory that cannot be read.
pub(crate) fn walk(
    root: &Path,
    all_files: bool,
    files: &mut Vec<PathBuf>,
    on_error: &mut dyn FnMut(&Path, &io::Error),
) {
    match fs::metadata(root) {
        Ok(m) if m.is_file() => {
            files.push(root.to_path_buf());
            return;
        }
        Ok(_) => {}
        Err(e) => {
            on_error(root, &e);
            return;
        }
    }
    let mut stack = vec![root.to_path_buf()];
    let mut entries: Vec<(PathBuf, bool)> = Vec::new();
    while let Some(dir) = stack.pop() {
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                on_error(&dir, &e);
                continue;
            }
        };
        entries.clear();
        for ent in rd {
            let ent = match ent {
                Ok(e) => e,
                Err(e) => {
                    on_error(&dir, &e);
                    break;
                }
            };
            let Ok(ft) = ent.file_type() else { continue };
            let path = ent.path();
            if ft.is_dir() {
                entries.push((path, true));
            } else if (ft.is_file() || (ft.is_symlink() && path.is_file()))
                && (all_files || is_audio_name(&path))
            {
                entries.push((path, false));
            }
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Files of this directory in order; subdirectories pushed in reverse
        // so they pop in order (depth-first, sorted).
        for (p, _) in entries.iter().filter(|e| !e.1) {
            files.push(p.clone());
        }
        for (p, _) in entries.iter().rev().filter(|e| e.1) {
            stack.push(p.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_recursive_and_filters_extensions() {
        let d = std::env::temp_dir().join(format!("cadenza-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("b/sub")).unwrap();
        fs::create_dir_all(d.join("a")).unwrap();
        for f in [
            "b/sub/z.MP3",
            "b/y.wav",
            "a/x.mka",
            "a/notes.txt",
            "top.webm",
        ] {
            fs::write(d.join(f), b"x").unwrap();
        }
        let mut files = Vec::new();
        walk(&d, false, &mut files, &mut |p, e| panic!("{p:?}: {e}"));
        let rel: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(&d).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, ["top.webm", "a/x.mka", "b/y.wav", "b/sub/z.MP3"]);
        files.clear();
        walk(&d, true, &mut files, &mut |p, e| panic!("{p:?}: {e}"));
        assert_eq!(files.len(), 5);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn missing_root_is_reported_not_fatal() {
        let mut files = Vec::new();
        let mut errors = 0;
        walk(
            Path::new("/nonexistent/cadenza"),
            false,
            &mut files,
            &mut |_, _| errors += 1,
        );
        assert_eq!(errors, 1);
        assert!(files.is_empty());
    }
}
