//! Putting a finished build in the output's place, and cleaning up after builds that did not
//! finish. Only folders whose names nianbao gives (`.public.nianbao-staging-…`,
//! `.public.nianbao-old-…`) are ever removed here, and removal never follows a link.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The staging and old-site folders of one output, named after it, beside it.
pub(super) struct Leftovers {
    parent: PathBuf,
    staging_prefix: String,
    old_prefix: String,
    /// Where this build puts the previous site if folders cannot be exchanged atomically.
    pub(super) old: PathBuf,
}

impl Leftovers {
    pub(super) fn new(parent: &Path, name: &str) -> Leftovers {
        let staging_prefix = format!(".{name}.nianbao-staging");
        let old_prefix = format!(".{name}.nianbao-old");
        let old = parent.join(format!("{old_prefix}-{}", std::process::id()));
        Leftovers {
            parent: parent.to_path_buf(),
            staging_prefix,
            old_prefix,
            old,
        }
    }

    /// Finishes what an interrupted build left (called under the output's lock, so nothing
    /// found here belongs to a build still running): a missing output with its old copy
    /// beside it is put back; staging and old copies are removed. A leftover that cannot be
    /// removed is named in a warning and left: the next build uses a folder of a new name.
    pub(super) fn recover(&self, output: &Path) -> Result<(), Diagnostics> {
        let found = self.found()?;
        let output_missing = std::fs::symlink_metadata(output).is_err();
        if output_missing && let Some(old) = found.iter().find(|path| self.is_old(path)) {
            std::fs::rename(old, output).map_err(|err| {
                Diagnostic::error(format!(
                    "cannot put the previous site back from {} to {}: {err}",
                    old.display(),
                    output.display()
                ))
                .hint("an earlier build was interrupted while it swapped the site in; rename that folder by hand")
            })?;
        }
        for leftover in found.iter().filter(|path| path.exists()) {
            if let Err(err) = remove_tree(leftover) {
                eprintln!(
                    "warning: cannot remove {}, left by an earlier build: {err}\n  = help: remove it by hand; builds go on without it",
                    leftover.display()
                );
            }
        }
        Ok(())
    }

    /// A staging folder name no leftover has.
    pub(super) fn fresh_staging(&self) -> PathBuf {
        let pid = std::process::id();
        (0u32..)
            .map(|n| match n {
                0 => self.parent.join(format!("{}-{pid}", self.staging_prefix)),
                n => self
                    .parent
                    .join(format!("{}-{pid}-{n}", self.staging_prefix)),
            })
            .find(|path| std::fs::symlink_metadata(path).is_err())
            .expect("some name is free")
    }

    fn is_old(&self, path: &Path) -> bool {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&self.old_prefix))
    }

    /// The leftovers beside the output: real folders (never links) with nianbao's names.
    fn found(&self) -> Result<Vec<PathBuf>, Diagnostics> {
        let entries = std::fs::read_dir(&self.parent).map_err(|err| {
            Diagnostic::error(format!("cannot read {}: {err}", self.parent.display()))
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name.starts_with(&self.staging_prefix) || name.starts_with(&self.old_prefix)
            })
            .map(|entry| entry.path())
            .collect();
        found.sort();
        Ok(found)
    }
}

/// Puts the staging folder in the output's place and removes the old site. Once the new
/// site is in place the build has succeeded: an old copy that cannot be removed (a file in
/// it made immutable) is named in a warning and left for a later build to remove.
pub(super) fn swap(staging: &Path, output: &Path, old: &Path) -> io::Result<()> {
    let previous = if exchange(staging, output).is_ok() {
        staging
    } else {
        std::fs::rename(output, old)?;
        std::fs::rename(staging, output)?;
        old
    };
    if let Err(err) = remove_tree(previous) {
        eprintln!(
            "warning: the new site is in place, but the previous one in {} cannot be removed: {err}\n  = help: the next build removes it; or remove it by hand",
            previous.display()
        );
    }
    Ok(())
}

/// Removes a previous site or a leftover, on every core: a report site of many years is
/// thousands of files, and removing them one by one takes a noticeable part of a build.
/// Links inside are removed as links; what they point to is never touched.
pub(super) fn remove_tree(root: &Path) -> io::Result<()> {
    // The folders two levels down (`zh/2018`) share the work out evenly; what is left
    // above them is a few folders and files.
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for inner in std::fs::read_dir(entry.path())? {
                parts.push(inner?);
            }
        }
    }
    let removed = crate::parallel::map(&parts, |entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    });
    for result in removed {
        result?;
    }
    std::fs::remove_dir_all(root)
}

/// Atomically exchanges two folders (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("atomic exchange is not available here"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn removing_the_previous_site_removes_it_whole_and_follows_no_link() {
        let base = std::env::temp_dir().join(format!("nianbao-remove-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (old, outside) = (base.join("old"), base.join("outside"));
        for folder in ["zh/2018/welfare", "zh/2019", "en/2018", "data"] {
            std::fs::create_dir_all(old.join(folder)).unwrap();
        }
        for file in [
            "index.html",
            "zh/2018/welfare/index.html",
            "zh/index.html",
            "data/a.csv",
        ] {
            std::fs::write(old.join(file), "x").unwrap();
        }
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        // A linked folder at each level: removing the site removes the links, not their targets.
        std::os::unix::fs::symlink(&outside, old.join("files")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("zh/linked")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("zh/2019/linked")).unwrap();

        remove_tree(&old).unwrap();

        assert!(!old.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
