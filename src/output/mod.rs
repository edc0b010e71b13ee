//! The write stage: the only code that touches the output folder. A build is written to a
//! staging folder beside the output and swapped in whole, so a reader of the output folder
//! sees the complete old site or the complete new one, never a mix. What nianbao did not
//! write (the publisher's CNAME, `.git`, an `uploads` link) is kept as it is: never
//! followed, read, truncated, replaced or removed (`keep.rs`). One build at a time writes
//! an output folder (`crate::lock`).

mod keep;
mod swap;

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lock::FolderLock;
use crate::render::OutputFile;

pub use keep::MANIFEST;

/// Folders of the project nianbao reads from; the output may not be inside them.
const SOURCE_FOLDERS: &[&str] = &["content", "themes", "templates", "static"];

/// Refuses an output folder that would overwrite the project or its sources, or that is not
/// a folder at all (a file, or a link to nothing).
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
    check_kind(output)?;
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

/// The output must be a folder, a link to one, or nothing yet.
fn check_kind(output: &Path) -> Result<(), Diagnostic> {
    let Ok(own) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    let shown = output.display();
    if own.file_type().is_symlink() {
        let target = std::fs::read_link(output)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return match std::fs::metadata(output) {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(Diagnostic::error(format!(
                "refusing to write the site to {shown}: it is a link to {target}, which is a file, not a folder"
            ))
            .hint("point --output at a folder; nothing was changed")),
            Err(_) => Err(Diagnostic::error(format!(
                "cannot write the site to {shown}: it is a link to {target}, which does not exist"
            ))
            .hint("create that folder, or remove the link so nianbao makes a folder there")),
        };
    }
    if !own.is_dir() {
        return Err(Diagnostic::error(format!(
            "refusing to write the site to {shown}: it is a file, not a folder"
        ))
        .hint("choose another --output, or move that file away; nothing was changed"));
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
/// It holds the output's lock from `begin` to the end.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    finished: bool,
    _lock: FolderLock,
}

impl Staging {
    /// Checks the output folder, waits for any other build into it, cleans up after an
    /// interrupted build, and starts a new one.
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
        let lock = crate::lock::lock(parent, &format!("a build into {}", output.display()))?;
        // Checked again under the lock: another build may have just made or replaced it.
        check_kind(output)?;
        let leftovers = swap::Leftovers::new(parent, &name);
        leftovers.recover(output)?;
        let staging = leftovers.fresh_staging();
        std::fs::create_dir(&staging).map_err(|e| failed("create", &staging, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            old: leftovers.old,
            finished: false,
            _lock: lock,
        })
    }

    /// Writes one file of the new site. Each file is new in the staging folder: nothing is
    /// opened that was there before, so no link can be written through.
    pub fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        let path = self.staging.join(&file.path);
        let written = match create_new(&path, &file.bytes) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| create_new(&path, &file.bytes)),
            other => other,
        };
        written.map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
    }

    /// Records what was written, keeps what the output holds that nianbao did not write,
    /// and swaps the new site in.
    pub fn finish(mut self, paths: &[&str]) -> Result<(), Diagnostics> {
        keep::write_manifest(&self.staging, paths)
            .map_err(|e| failed("write", &self.staging, e))?;
        if self.output.exists() {
            keep::carry_over(&self.output, &self.staging, paths)?;
            swap::swap(&self.staging, &self.output, &self.old)
                .map_err(|e| failed("replace", &self.output, e))?;
        } else {
            std::fs::rename(&self.staging, &self.output)
                .map_err(|e| failed("create", &self.output, e))?;
        }
        self.finished = true;
        Ok(())
    }
}

/// Writes a file that must not exist yet (`O_EXCL`: an existing file or link is an error).
fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(bytes)
}

impl crate::render::Sink for Staging {
    fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        Staging::put(self, file)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished && swap::remove_tree(&self.staging).is_err() {
            eprintln!(
                "warning: could not remove the unfinished build in {}; the next build removes it",
                self.staging.display()
            );
        }
    }
}

fn failed(what: &str, path: &Path, err: io::Error) -> Diagnostics {
    Diagnostic::error(format!("cannot {what} {}: {err}", path.display())).into()
}
