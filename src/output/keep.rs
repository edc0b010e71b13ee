//! What the output folder holds that nianbao did not write, and how a rebuild keeps it.
//!
//! The manifest lists what the last build wrote, with each file's size; it is a hint, not an
//! authority. A listed name is dropped from the new site only if it is still a regular file
//! of that size, older than the manifest: a file the publisher edited or replaced since, a
//! link, a folder or a pipe under a listed name is theirs. Everything of theirs is carried
//! into the new site as it is: regular files, pipes and devices by hard link (the same file,
//! never read), links as links (never followed), folders made anew with their permissions.
//! Where theirs and the new site want the same name, the build stops before anything moves.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// Lists the files of the last build, so the next one knows what it may drop.
pub const MANIFEST: &str = ".nianbao-manifest";

/// Files a publisher keeps in an output folder that nianbao never made: a folder holding
/// only these (and no manifest) may be built into.
const ALWAYS_KEEP: &[&str] = &[".git", "CNAME", ".nojekyll"];

const HEADER: &str = "# Written by nianbao: the files it wrote, with their sizes. It drops only these \
files when it rebuilds, and only while they are as it wrote them.\n";

/// Writes the manifest of a finished staging folder: `path<TAB>size` per file, sorted.
pub(super) fn write_manifest(staging: &Path, paths: &[&str]) -> io::Result<()> {
    let mut sorted = paths.to_vec();
    sorted.sort_unstable();
    let mut manifest = String::from(HEADER);
    for path in sorted {
        let size = std::fs::symlink_metadata(staging.join(path))?.len();
        manifest.push_str(&format!("{path}\t{size}\n"));
    }
    std::fs::File::create_new(staging.join(MANIFEST))?.write_all(manifest.as_bytes())
}

/// The last build's manifest as read from the output: each listed path with its size (none
/// in manifests of older versions), and when it was written.
struct Manifest {
    listed: BTreeMap<String, Option<u64>>,
    written: SystemTime,
}

impl Manifest {
    fn read(output: &Path) -> Option<Manifest> {
        let path = output.join(MANIFEST);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 64 << 20 {
            return None;
        }
        let text = std::fs::read_to_string(&path).ok()?;
        let listed = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| match line.rsplit_once('\t') {
                Some((path, size)) => (path.to_string(), size.parse().ok()),
                None => (line.to_string(), None),
            })
            .collect();
        Some(Manifest {
            listed,
            written: meta.modified().ok()?,
        })
    }

    /// Whether the entry at `relative` is still the file the last build wrote there.
    fn wrote(&self, relative: &str, meta: &std::fs::Metadata) -> bool {
        let Some(size) = self.listed.get(relative) else {
            return false;
        };
        meta.file_type().is_file()
            && size.is_none_or(|size| size == meta.len())
            && meta.modified().is_ok_and(|changed| changed <= self.written)
    }

    /// The folders the listed files are in.
    fn folders(&self) -> BTreeSet<&str> {
        self.listed.keys().flat_map(|path| parents(path)).collect()
    }
}

/// `a/b/c` → `a`, `a/b`.
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(|(_, c)| *c == '/')
        .map(|(i, _)| &path[..i])
}

/// Carries into the staging folder everything of the output that nianbao did not write.
pub(super) fn carry_over(output: &Path, staging: &Path, paths: &[&str]) -> Result<(), Diagnostic> {
    let manifest = Manifest::read(output);
    let old_folders = manifest.as_ref().map(Manifest::folders).unwrap_or_default();
    let new_files: BTreeSet<&str> = paths.iter().copied().collect();
    let new_folders: BTreeSet<&str> = paths.iter().flat_map(|p| parents(p)).collect();
    let mut walk = WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .follow_links(false)
        .follow_root_links(false)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry
            .map_err(|err| Diagnostic::error(format!("cannot read {}: {err}", output.display())))?;
        let relative = relative_name(output, entry.path());
        if relative == MANIFEST {
            continue;
        }
        let kind = entry.file_type();
        let theirs = || output.join(&relative).display().to_string();
        if kind.is_dir()
            && (old_folders.contains(relative.as_str()) || new_folders.contains(relative.as_str()))
        {
            if new_files.contains(relative.as_str()) {
                return Err(taken(&theirs(), "a folder"));
            }
            continue;
        }
        if !kind.is_dir() {
            let meta = entry
                .metadata()
                .map_err(|err| Diagnostic::error(format!("cannot read {}: {err}", theirs())))?;
            if manifest.as_ref().is_some_and(|m| m.wrote(&relative, &meta)) {
                continue;
            }
        }
        if manifest.is_none() && !ALWAYS_KEEP.contains(&relative.as_str()) {
            return Err(Diagnostic::error(format!(
                "{} already holds files that nianbao did not make (such as {relative})",
                output.display()
            ))
            .hint("build into an empty or new folder, or move those files away first"));
        }
        if new_files.contains(relative.as_str()) || new_folders.contains(relative.as_str()) {
            return Err(taken(&theirs(), describe(kind)));
        }
        if kind.is_dir() {
            walk.skip_current_dir();
        }
        carry(entry.path(), &staging.join(&relative)).map_err(|err| {
            Diagnostic::error(format!(
                "cannot keep {} (nianbao did not make it) while it swaps the new site in: {err}",
                theirs()
            ))
            .hint("nothing was changed; move it out of the output folder (a mount point or an immutable file cannot be kept across a rebuild)")
        })?;
    }
    Ok(())
}

fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The build stops: the publisher's entry and the new site want the same name.
fn taken(theirs: &str, what: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{theirs} is {what} that nianbao did not write (or that changed since it wrote it), and the new site needs that name"
    ))
    .hint("nothing was changed; move it away (or delete it, if it is an old copy of the page) and build again")
}

fn describe(kind: std::fs::FileType) -> &'static str {
    if kind.is_symlink() {
        "a link"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else {
        "a pipe, socket or device"
    }
}

/// Recreates `from` (a file, link, folder or special file) at `to` without following a link
/// or reading a file that is not a regular one.
fn carry(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let walk = WalkDir::new(from)
        .follow_links(false)
        .follow_root_links(false);
    for entry in walk {
        let entry = entry?;
        let target = match entry.path().strip_prefix(from) {
            Ok(inner) if !inner.as_os_str().is_empty() => to.join(inner),
            _ => to.to_path_buf(),
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir(&target)?;
            std::fs::set_permissions(&target, entry.metadata()?.permissions())?;
        } else if kind.is_symlink() {
            copy_symlink(entry.path(), &target)?;
        } else if let Err(err) = std::fs::hard_link(entry.path(), &target) {
            // File systems without hard links (FAT on a USB stick) get a copy of a regular file.
            if !kind.is_file() {
                return Err(err);
            }
            copy_regular(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other(format!(
        "{} is a link, which nianbao cannot keep here",
        from.display()
    )))
}

/// Copies a regular file into a new file; the source is opened without following a link.
fn copy_regular(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = crate::source::open_regular(from)?;
    let mut target = std::fs::File::create_new(to)?;
    io::copy(&mut source, &mut target)?;
    Ok(())
}
