//! Walking folders: each folder is read once however many links lead to it,
//! so a symlink loop ends; entries come in sorted order.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// The files under `dir` that `keep` accepts, descending into sub-folders
/// when `recursive`.
pub fn files(dir: &Path, recursive: bool, keep: &dyn Fn(&Path) -> bool) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(dir, recursive, keep, &mut HashSet::new(), &mut out)?;
    Ok(out)
}

fn walk(
    dir: &Path,
    recursive: bool,
    keep: &dyn Fn(&Path) -> bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> io::Result<()> {
    if !seen.insert(dir.canonicalize()?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if recursive {
                walk(&path, true, keep, seen, out)?;
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.attend"), "").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop1")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop2")).unwrap();
        let found = files(dir.path(), true, &|p| p.extension().is_some_and(|e| e == "attend")).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
