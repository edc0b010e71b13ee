//! Noticing edits. `content/` and `themes/` are scanned a few times a second and each file
//! compared by size, modification time and, for text-sized files, a hash of its bytes: a
//! USB stick's FAT file system keeps times to two seconds, so a quick edit that keeps the
//! length ("17000" to "18000") would otherwise go unseen. Polling needs no platform API and
//! no crate and works the same on Windows; a report's folders hold tens of small files, so
//! a scan takes about a millisecond. Editor swap files and backups are not watched, as
//! `load` ignores them too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

/// The folders whose files make the site.
pub const WATCHED: [&str; 2] = ["content", "themes"];

/// What is compared between two scans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// A hash of the bytes, for files no larger than `HASHED`.
    hash: Option<u64>,
}

/// Files up to this size are hashed on every scan; larger ones (a PDF of the report) are
/// compared by size and time only.
const HASHED: u64 = 256 * 1024;

/// The files of the watched folders as last seen.
pub struct Watcher {
    root: PathBuf,
    seen: BTreeMap<PathBuf, Stamp>,
}

impl Watcher {
    /// Takes the first look at the folders under `root`.
    pub fn new(root: &Path) -> Watcher {
        Watcher {
            root: root.to_path_buf(),
            seen: scan(root),
        }
    }

    /// The files added, changed or removed since the last look, relative to the root.
    pub fn changes(&mut self) -> Vec<PathBuf> {
        let now = scan(&self.root);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(path, stamp)| self.seen.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            self.seen
                .keys()
                .filter(|path| !now.contains_key(*path))
                .cloned(),
        );
        self.seen = now;
        changed
    }
}

fn scan(root: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut files = BTreeMap::new();
    for folder in WATCHED {
        let walker = WalkDir::new(root.join(folder))
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
            });
        for entry in walker.filter_map(Result::ok) {
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            // A folder changes when its files do; the files are what count.
            if meta.is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.insert(
                relative.to_path_buf(),
                Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                    hash: (meta.len() <= HASHED)
                        .then(|| std::fs::read(entry.path()).ok())
                        .flatten()
                        .map(|bytes| crate::theme::fingerprint(&bytes)),
                },
            );
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_root(label: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("nianbao-watch-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/2018")).unwrap();
        root
    }

    #[test]
    fn notices_added_changed_and_removed_files_but_not_swap_files() {
        let root = temp_root("files");
        std::fs::write(root.join("content/site.toml"), "a").unwrap();
        let mut watcher = Watcher::new(&root);
        assert!(watcher.changes().is_empty());
        std::fs::write(root.join("content/2018/01-a.md"), "new").unwrap();
        std::fs::write(root.join("content/site.toml"), "longer").unwrap();
        std::fs::write(root.join("content/2018/.01-a.md.swp"), "x").unwrap();
        let changed = watcher.changes();
        assert!(changed.contains(&PathBuf::from("content/2018/01-a.md")));
        assert!(changed.contains(&PathBuf::from("content/site.toml")));
        assert!(
            !changed.iter().any(|p| p.ends_with(".01-a.md.swp")),
            "{changed:?}"
        );
        std::fs::remove_file(root.join("content/2018/01-a.md")).unwrap();
        assert_eq!(
            watcher.changes(),
            vec![PathBuf::from("content/2018/01-a.md")]
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn notices_an_edit_that_keeps_the_size_and_the_time() {
        let root = temp_root("same-time");
        let path = root.join("content/2018/01-a.md");
        std::fs::write(&path, "value = 17000").unwrap();
        let mut watcher = Watcher::new(&root);
        let time = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, "value = 18000").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(time).unwrap();
        drop(file);
        assert_eq!(
            watcher.changes(),
            vec![PathBuf::from("content/2018/01-a.md")]
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
