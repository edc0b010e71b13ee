//! Noticing edits. On Linux the kernel reports each saved file (inotify), and each watched
//! folder made, moved or deleted in the root (`content/` renamed away). Elsewhere the
//! watched folders are scanned a few times a second and each file
//! compared by size, modification time and, for text-sized files, a hash of its bytes: a
//! USB stick's FAT file system keeps times to two seconds, so a quick edit that keeps the
//! length ("17000" to "18000") would otherwise go unseen. Polling needs no platform API and
//! no crate and works the same on Windows; a report's folders hold tens of small files, so
//! a scan takes about a millisecond. Editor swap files and backups are not watched, as
//! `load` ignores them too. Nothing here opens anything but a regular file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

/// The folders whose files make the site.
pub const WATCHED: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// What is compared between two scans.
#[derive(Clone, Copy, Debug)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// A hash of the bytes, for recently modified files no larger than `HASHED`.
    hash: Option<u64>,
}

impl PartialEq for Stamp {
    fn eq(&self, other: &Stamp) -> bool {
        let hashes_agree = match (self.hash, other.hash) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.len == other.len && self.modified == other.modified && hashes_agree
    }
}

/// A file modified longer ago than this is not hashed: an edit that keeps both the length
/// and the time can only happen within the time's precision (two seconds on FAT).
const RECENT: std::time::Duration = std::time::Duration::from_secs(4);

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

/// Modified within `RECENT`, or at an unknown or future time.
fn recent(modified: Option<SystemTime>) -> bool {
    modified.is_none_or(|time| time.elapsed().map_or(true, |age| age < RECENT))
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
            // Only a regular file is ever read: opening a named pipe waits for a writer
            // for ever, and a device may never end. Others count by size and time only.
            let hashed = meta.is_file() && meta.len() <= HASHED && recent(meta.modified().ok());
            files.insert(
                relative.to_path_buf(),
                Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                    hash: hashed
                        .then(|| std::fs::read(entry.path()).ok())
                        .flatten()
                        .map(|bytes| crate::theme::fingerprint(&bytes)),
                },
            );
        }
    }
    files
}

/// Where notices of edits come from: on Linux the kernel reports each file as it is saved
/// (inotify), so an edit is seen in a millisecond and no folder needs scanning; elsewhere,
/// or if the kernel refuses, the folders are scanned (`Watcher`).
pub struct Changes {
    scan: Watcher,
    #[cfg(target_os = "linux")]
    events: Option<inotify::Inotify>,
    root: PathBuf,
    /// What each watched file held when last seen: a save that leaves its bytes as they
    /// were (an editor saving an unchanged file, a `touch`) is no change.
    contents: BTreeMap<PathBuf, Option<u64>>,
}

impl Changes {
    pub fn new(root: &Path) -> Changes {
        let mut contents = BTreeMap::new();
        for folder in WATCHED {
            for entry in WalkDir::new(root.join(folder))
                .follow_links(false)
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    contents.insert(relative.to_path_buf(), content_of(entry.path()));
                }
            }
        }
        Changes {
            scan: Watcher::new(root),
            #[cfg(target_os = "linux")]
            events: inotify::Inotify::new(root),
            root: root.to_path_buf(),
            contents,
        }
    }

    /// Of the files an edit touched, those whose bytes differ from what the last build
    /// read (a folder, or a file gone, always counts): what is worth rebuilding for.
    pub fn differing(&mut self, touched: Vec<PathBuf>) -> Vec<PathBuf> {
        touched
            .into_iter()
            .filter(|path| {
                let full = self.root.join(path);
                if std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir()) {
                    return true;
                }
                let now = content_of(&full);
                self.contents.insert(path.clone(), now) != Some(now) || now.is_none()
            })
            .collect()
    }

    /// Waits up to `timeout` for edits and returns the files added, changed or removed
    /// (relative to the root; none when nothing changed in time).
    pub fn wait(&mut self, timeout: std::time::Duration) -> Vec<PathBuf> {
        #[cfg(target_os = "linux")]
        if let Some(events) = &mut self.events {
            return events.wait(timeout);
        }
        std::thread::sleep(timeout);
        self.scan.changes()
    }
}

/// A hash of a watched file's bytes; `None` for one that is gone, is not a regular file or
/// is larger than a text (a download is compared by the scan's size and time instead).
fn content_of(path: &Path) -> Option<u64> {
    crate::source::read_regular(path, crate::source::TEXT_LIMIT)
        .ok()
        .map(|bytes| crate::theme::fingerprint(&bytes))
}

#[cfg(target_os = "linux")]
mod inotify {
    use std::collections::{BTreeSet, HashMap};
    use std::ffi::{CString, OsStr};
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use walkdir::WalkDir;

    use super::WATCHED;

    pub struct Inotify {
        fd: i32,
        root: PathBuf,
        /// The folder each watch descriptor watches, relative to the root (the root itself
        /// is the empty path).
        folders: HashMap<i32, PathBuf>,
    }

    /// What the root itself is watched for: a watched folder made, moved or deleted.
    const ROOT_MASK: u32 =
        libc::IN_CREATE | libc::IN_DELETE | libc::IN_MOVED_FROM | libc::IN_MOVED_TO;
    /// The events by which a folder leaves its place.
    const GONE: u32 = libc::IN_DELETE | libc::IN_MOVED_FROM;

    const MASK: u32 = libc::IN_CLOSE_WRITE
        | libc::IN_MODIFY
        | libc::IN_CREATE
        | libc::IN_DELETE
        | libc::IN_MOVED_FROM
        | libc::IN_MOVED_TO
        | libc::IN_ATTRIB
        | libc::IN_DELETE_SELF;

    /// The fixed part of a `struct inotify_event`: wd, mask, cookie, len.
    const HEADER: usize = 16;

    impl Inotify {
        pub fn new(root: &Path) -> Option<Inotify> {
            // SAFETY: a plain system call; a negative result is handled.
            let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
            if fd < 0 {
                return None;
            }
            let mut inotify = Inotify {
                fd,
                root: root.to_path_buf(),
                folders: HashMap::new(),
            };
            inotify.add_watch(PathBuf::new(), ROOT_MASK);
            for folder in WATCHED {
                inotify.watch_tree(Path::new(folder));
            }
            Some(inotify)
        }

        /// Watches the folder at `relative` for `mask`.
        fn add_watch(&mut self, relative: PathBuf, mask: u32) {
            let Ok(path) = CString::new(self.root.join(&relative).as_os_str().as_bytes()) else {
                return;
            };
            // SAFETY: `path` is a valid NUL-terminated string for the call.
            let wd = unsafe { libc::inotify_add_watch(self.fd, path.as_ptr(), mask) };
            if wd >= 0 {
                self.folders.insert(wd, relative);
            }
        }

        /// Stops watching a folder that left its place, and every folder under it: their
        /// watches would follow them to where they went.
        fn unwatch_tree(&mut self, relative: &Path) {
            let gone: Vec<i32> = self
                .folders
                .iter()
                .filter(|(_, folder)| folder.starts_with(relative))
                .map(|(&wd, _)| wd)
                .collect();
            for wd in gone {
                self.folders.remove(&wd);
                // SAFETY: a plain system call on our own descriptors.
                unsafe { libc::inotify_rm_watch(self.fd, wd) };
            }
        }

        /// Watches a folder and every folder under it; returns the files found in it.
        fn watch_tree(&mut self, relative: &Path) -> Vec<PathBuf> {
            let mut files = Vec::new();
            for entry in WalkDir::new(self.root.join(relative))
                .into_iter()
                .filter_map(Result::ok)
            {
                let inside = entry
                    .path()
                    .strip_prefix(&self.root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                if !entry.file_type().is_dir() {
                    files.push(inside);
                    continue;
                }
                self.add_watch(inside, MASK);
            }
            files
        }

        pub fn wait(&mut self, timeout: Duration) -> Vec<PathBuf> {
            let mut poll = libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            };
            let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
            // SAFETY: one valid pollfd, for the duration of the call.
            if unsafe { libc::poll(&mut poll, 1, millis) } <= 0 {
                return Vec::new();
            }
            let mut changed = BTreeSet::new();
            let mut buffer = vec![0u8; 64 * 1024];
            loop {
                // SAFETY: `buffer` is valid for writes of its length; the fd is non-blocking.
                let read = unsafe { libc::read(self.fd, buffer.as_mut_ptr().cast(), buffer.len()) };
                let Ok(read) = usize::try_from(read) else {
                    break;
                };
                if read == 0 {
                    break;
                }
                self.take_events(&buffer[..read], &mut changed);
            }
            changed.into_iter().collect()
        }

        fn take_events(&mut self, mut bytes: &[u8], changed: &mut BTreeSet<PathBuf>) {
            while bytes.len() >= HEADER {
                let field = |at: usize| {
                    u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
                };
                let (wd, mask, len) = (field(0) as i32, field(4), field(12) as usize);
                let name = &bytes[HEADER..(HEADER + len).min(bytes.len())];
                let name = OsStr::from_bytes(name.split(|&b| b == 0).next().unwrap_or_default());
                bytes = &bytes[(HEADER + len).min(bytes.len())..];
                if mask & libc::IN_Q_OVERFLOW != 0 {
                    // Too many events to list: count every file as changed.
                    for folder in WATCHED {
                        changed.extend(self.watch_tree(Path::new(folder)));
                    }
                    continue;
                }
                let Some(folder) = self.folders.get(&wd).cloned() else {
                    continue;
                };
                if name.is_empty() || crate::content::is_ignored(&name.to_string_lossy()) {
                    continue;
                }
                let at_root = folder.as_os_str().is_empty();
                if at_root && !WATCHED.iter().any(|w| OsStr::new(w) == name) {
                    continue;
                }
                let path = folder.join(name);
                if mask & libc::IN_ISDIR == 0 {
                    changed.insert(path);
                } else if mask & GONE != 0 {
                    // A folder moved away or deleted (`content/` renamed): it changed.
                    self.unwatch_tree(&path);
                    changed.insert(path);
                } else {
                    // A folder moved in or made (a new year copied in, `content/` back):
                    // watch it, and count its files as added.
                    changed.extend(self.watch_tree(&path));
                    changed.insert(path);
                }
            }
        }
    }

    impl Drop for Inotify {
        fn drop(&mut self) {
            // SAFETY: the fd is ours and closed once.
            unsafe { libc::close(self.fd) };
        }
    }
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

    #[cfg(target_os = "linux")]
    #[test]
    fn notices_a_named_pipe_without_opening_it() {
        let root = temp_root("pipe");
        let mut watcher = Watcher::new(&root);
        let pipe = std::ffi::CString::new(
            root.join("content/2018/03-pipe.md")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        // SAFETY: a valid NUL-terminated path for the call.
        assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
        let (done, finished) = std::sync::mpsc::channel();
        // Opening the pipe would wait for a writer for ever: look on another thread.
        std::thread::spawn(move || {
            let changed = watcher.changes();
            let fresh = Watcher::new(&root).seen.len();
            let _ = done.send((changed, fresh));
            let _ = std::fs::remove_dir_all(&root);
        });
        let (changed, fresh) = finished
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("the watcher opened the pipe");
        assert_eq!(changed, vec![PathBuf::from("content/2018/03-pipe.md")]);
        assert_eq!(fresh, 1);
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
