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

/// An absolute path with symbolic links resolved, for a folder that may not exist yet. Each
/// part that exists is resolved by the file system (a link to the project is the project);
/// a `..` after a part that does not exist removes that part (`public/../..` is the
/// project's parent, not `public`).
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
        }
    }
    Ok(resolved)
}

/// Writes `files` as the new content of `output`.
pub fn write(files: &[OutputFile], root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let staging = Staging::begin(root, output)?;
    crate::parallel::map(files, |file| staging.put(file))
        .into_iter()
        .collect::<Result<(), Diagnostic>>()?;
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    staging.finish(&paths)
}

/// A build being written: files go into a staging folder beside the output as they are
/// rendered (so a large site is never held in memory whole), and `finish` swaps the folder
/// in. Dropped without `finish`, the staging folder is removed and the output is as it was.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    finished: bool,
}

impl Staging {
    /// Checks the output folder, cleans up after an interrupted build, and starts a new one.
    pub fn begin(root: &Path, output: &Path) -> Result<Staging, Diagnostics> {
        check_target(root, output)?;
        // The folder the output really is: `public/../out` is `out` (no `public/` is made on
        // the way), and when `public` is a link to a folder elsewhere, the site is swapped in
        // there and the link stays.
        let output = &resolve(output).map_err(|e| failed("find", output, e))?;
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
        std::fs::create_dir_all(&staging).map_err(|e| failed("create", &staging, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            old,
            finished: false,
        })
    }

    /// Writes one file of the new site.
    pub fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let path = self.staging.join(&file.path);
        let written = match std::fs::write(&path, &file.bytes) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, &file.bytes)),
            other => other,
        };
        written.map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    }

    /// Records what was written and swaps the new site in.
    pub fn finish(mut self, paths: &[&str]) -> Result<(), Diagnostics> {
        let mut manifest =
            String::from("# Written by nianbao. It deletes only these files when it rebuilds.\n");
        let mut sorted = paths.to_vec();
        sorted.sort_unstable();
        for path in sorted {
            manifest.push_str(path);
            manifest.push('\n');
        }
        std::fs::write(self.staging.join(MANIFEST), manifest)
            .map_err(|e| failed("write", &self.staging, e))?;
        if self.output.exists() {
            carry_over(&self.output, &self.staging, paths)?;
            swap(&self.staging, &self.output, &self.old)
                .map_err(|e| failed("replace", &self.output, e))?;
        } else {
            std::fs::rename(&self.staging, &self.output)
                .map_err(|e| failed("create", &self.output, e))?;
        }
        self.finished = true;
        Ok(())
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        Staging::put(self, file)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn failed(what: &str, path: &Path, err: io::Error) -> Diagnostics {
    Diagnostic::error(format!("cannot {what} {}: {err}", path.display())).into()
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

/// Copies into the staging folder what the output holds that nianbao did not make.
fn carry_over(output: &Path, staging: &Path, paths: &[&str]) -> Result<(), Diagnostic> {
    let manifest = std::fs::read_to_string(output.join(MANIFEST)).ok();
    let generated: BTreeSet<&str> = manifest
        .iter()
        .flat_map(|m| m.lines())
        .filter(|l| !l.starts_with('#'))
        .collect();
    let generated_folders: BTreeSet<&str> = generated
        .iter()
        .flat_map(|path| {
            path.char_indices()
                .filter(|(_, c)| *c == '/')
                .map(|(i, _)| &path[..i])
        })
        .collect();
    let new: BTreeSet<&str> = paths.iter().copied().collect();
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
            if generated_folders.contains(relative.as_str()) {
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
        return remove_tree(staging);
    }
    std::fs::rename(output, old)?;
    std::fs::rename(staging, output)?;
    remove_tree(old)
}

/// Removes the previous site after a rebuild, on every core: a report site of many years
/// is thousands of files, and removing them one by one takes a noticeable part of a build.
fn remove_tree(root: &Path) -> io::Result<()> {
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
