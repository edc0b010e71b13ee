//! The write stage: the only code that touches the output folder. A build is written to a
//! staging folder beside the output and swapped in whole, so a reader of the output folder
//! sees the complete old site or the complete new one, never a mix. Only files nianbao
//! generated (listed in the folder's manifest) are ever removed.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

/// Lists the files of the last build, so the next one knows what it may delete.
pub const MANIFEST: &str = ".nianbao-manifest";

/// Files a publisher keeps in an output folder that nianbao never made.
const ALWAYS_KEEP: &[&str] = &[".git", "CNAME", ".nojekyll"];

/// Folders of the project nianbao reads from; the output may not be inside them.
const SOURCE_FOLDERS: &[&str] = &["content", "themes", "templates", "static"];

/// Refuses an output folder that would overwrite the project or its sources.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: &str| {
        Diagnostic::error(format!(
            "refusing to write the site to {}: {why}",
            output.display()
        ))
        .hint("choose a folder of its own, such as public/ (the default)")
    };
    let root = root.canonicalize().map_err(|err| {
        Diagnostic::error(format!(
            "cannot open the project folder {}: {err}",
            root.display()
        ))
    })?;
    let target = resolve(output).map_err(|err| refuse(&format!("cannot resolve it ({err})")))?;
    if target == root {
        return Err(refuse("it is the project folder"));
    }
    if root.starts_with(&target) {
        return Err(refuse("it contains the project folder"));
    }
    for source in SOURCE_FOLDERS {
        if target.starts_with(root.join(source)) {
            return Err(refuse(&format!(
                "it is inside the project's {source}/ folder"
            )));
        }
    }
    Ok(())
}

/// An absolute path with symbolic links resolved, for a folder that may not exist yet.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().map(PathBuf::from).unwrap_or_default());
        existing = existing
            .parent()
            .ok_or_else(|| io::Error::other("no existing parent"))?;
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        for component in part.components() {
            match component {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => resolved.push(name),
                _ => {}
            }
        }
    }
    Ok(resolved)
}

/// Writes `files` as the new content of `output`.
pub fn write(files: &[OutputFile], root: &Path, output: &Path) -> Result<(), Diagnostics> {
    check_target(root, output)?;
    let failed = |what: &str, path: &Path, err: io::Error| -> Diagnostics {
        Diagnostic::error(format!("cannot {what} {}: {err}", path.display())).into()
    };
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| failed("create", parent, e))?;
    let staging = parent.join(format!(".{name}.nianbao-staging"));
    let old = parent.join(format!(".{name}.nianbao-old"));
    recover(output, &staging, &old)
        .map_err(|e| failed("clean up after an interrupted build in", parent, e))?;
    write_tree(files, &staging).map_err(|e| failed("write", &staging, e))?;
    if output.exists() {
        if let Err(err) = carry_over(output, &staging, files) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err.into());
        }
        swap(&staging, output, &old).map_err(|e| failed("replace", output, e))?;
    } else {
        std::fs::rename(&staging, output).map_err(|e| failed("create", output, e))?;
    }
    Ok(())
}

/// Finishes what an interrupted build left: a missing output with its old copy beside it is
/// put back; staging and old copies are removed.
fn recover(output: &Path, staging: &Path, old: &Path) -> io::Result<()> {
    if !output.exists() && old.exists() {
        std::fs::rename(old, output)?;
    }
    for leftover in [staging, old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)?;
        }
    }
    Ok(())
}

fn write_tree(files: &[OutputFile], dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut made = BTreeSet::new();
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.bytes)?;
    }
    let mut manifest =
        String::from("# Written by nianbao. It deletes only these files when it rebuilds.\n");
    for file in files {
        manifest.push_str(&file.path);
        manifest.push('\n');
    }
    std::fs::write(dir.join(MANIFEST), manifest)
}

/// Copies into the staging folder what the output holds that nianbao did not make.
fn carry_over(output: &Path, staging: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let manifest = std::fs::read_to_string(output.join(MANIFEST)).ok();
    let generated: BTreeSet<&str> = manifest
        .iter()
        .flat_map(|m| m.lines())
        .filter(|l| !l.starts_with('#'))
        .collect();
    let new: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let walker = WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .follow_links(false);
    let mut it = walker.into_iter();
    while let Some(entry) = it.next() {
        let entry = entry
            .map_err(|err| Diagnostic::error(format!("cannot read {}: {err}", output.display())))?;
        let relative = entry
            .path()
            .strip_prefix(output)
            .expect("under the output")
            .to_string_lossy()
            .replace('\\', "/");
        let top_level = !relative.contains('/');
        if relative == MANIFEST || generated.contains(relative.as_str()) {
            continue;
        }
        let kept = top_level && ALWAYS_KEEP.contains(&relative.as_str());
        if manifest.is_none() && !kept {
            return Err(Diagnostic::error(format!(
                "{} already holds files that nianbao did not make (such as {relative})",
                output.display()
            ))
            .hint("build into an empty or new folder, or move those files away first"));
        }
        if entry.file_type().is_dir() {
            let holds_generated = generated
                .iter()
                .any(|g| g.starts_with(&format!("{relative}/")));
            if holds_generated {
                continue;
            }
            it.skip_current_dir();
        } else if new.contains(relative.as_str()) {
            return Err(Diagnostic::error(format!(
                "{}/{relative} was not made by nianbao, and the new build writes a file there",
                output.display()
            ))
            .hint("move that file away, or rename the page that takes its place"));
        }
        link_tree(entry.path(), &staging.join(&relative)).map_err(|err| {
            Diagnostic::error(format!(
                "cannot keep {}/{relative}: {err}",
                output.display()
            ))
        })?;
    }
    Ok(())
}

/// Recreates a file or folder at `to` with hard links (a copy where links are impossible).
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in WalkDir::new(from).follow_links(false) {
        let entry = entry?;
        let relative = entry.path().strip_prefix(from).expect("under from");
        let target = if relative.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(relative)
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&target)?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if kind.is_symlink() {
            copy_symlink(entry.path(), &target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::copy(from, to).map(|_| ())
}

/// Puts the staging folder in the output's place and removes the old site.
fn swap(staging: &Path, output: &Path, old: &Path) -> io::Result<()> {
    if exchange(staging, output).is_ok() {
        return std::fs::remove_dir_all(staging);
    }
    std::fs::rename(output, old)?;
    std::fs::rename(staging, output)?;
    std::fs::remove_dir_all(old)
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
