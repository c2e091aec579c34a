//! Shared by the scan-benchmark peers: the sorted recursive file list.
#![allow(unreachable_pub)]
use std::path::{Path, PathBuf};

pub fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut ents: Vec<(PathBuf, bool)> = std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.path(), e.file_type().ok()?.is_dir())))
            .collect();
        ents.sort();
        for (p, is_dir) in ents.iter().rev() {
            if *is_dir {
                stack.push(p.clone());
            }
        }
        out.extend(ents.into_iter().filter(|e| !e.1).map(|e| e.0));
    }
    out
}
