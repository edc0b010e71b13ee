//! Advisory locks that keep two nianbao processes from writing the same place at once: two
//! builds into one output folder (a scheduled job and a person), or two imports into one
//! project. The lock is the kernel's `flock` on the folder itself, so a crashed or killed
//! process releases it with its last file descriptor: there is no lock file to go stale.

use std::fs::File;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Held while a process writes under a folder; released when dropped or when the process ends.
#[derive(Debug)]
pub struct FolderLock {
    _folder: File,
}

/// Waits until no other nianbao writes under `folder`, saying so on the terminal when it has
/// to wait. `what` names the work for that message ("a build into public").
pub fn lock(folder: &Path, what: &str) -> Result<FolderLock, Diagnostic> {
    let file = File::open(folder).map_err(|err| {
        Diagnostic::error(format!(
            "cannot open {} to lock it: {err}",
            folder.display()
        ))
    })?;
    if !try_lock(&file, false)? {
        eprintln!(
            "waiting: another nianbao is running {what} ({}); this one starts when it ends",
            folder.display()
        );
        try_lock(&file, true)?;
    }
    Ok(FolderLock { _folder: file })
}

/// Locks a project's `content/` for a command that writes a year into it (`new`, `import`).
/// A folder without `content/site.toml` is no project: a mistyped `--root` is an error, not
/// a new folder.
pub fn lock_content(root: &Path, what: &str) -> Result<FolderLock, Diagnostic> {
    let content = root.join("content");
    let shown = crate::content::shown_path(root, "content/site.toml");
    if !content.join("site.toml").is_file() {
        return Err(Diagnostic::error(format!(
            "{} not found: {} is not a nianbao project",
            shown.display(),
            root.display()
        ))
        .at(Location::file(&shown))
        .hint("run nianbao in the folder that holds content/ and themes/, or pass --root DIR"));
    }
    lock(&content, what)
}

/// Takes the lock; `false` when another process holds it and `wait` is not set.
#[cfg(unix)]
fn try_lock(file: &File, wait: bool) -> Result<bool, Diagnostic> {
    use std::os::unix::io::AsRawFd;
    let operation = if wait {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: the descriptor belongs to `file`, which outlives the call.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) if !wait => return Ok(false),
            // File systems without flock (some network mounts): nothing to coordinate with.
            Some(libc::ENOLCK | libc::EOPNOTSUPP) => return Ok(true),
            _ => return Err(Diagnostic::error(format!("cannot lock a folder: {err}"))),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_: &File, _: bool) -> Result<bool, Diagnostic> {
    Ok(true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_folder_waits_for_the_first() {
        let folder = std::env::temp_dir().join(format!("nianbao-lock-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let first = lock(&folder, "a test").unwrap();
        let other = File::open(&folder).unwrap();
        assert!(!try_lock(&other, false).unwrap(), "held by the first lock");
        drop(first);
        assert!(try_lock(&other, false).unwrap(), "released when dropped");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
