//! `nianbao translate`: translate once, reuse every year. Every translatable text (titles,
//! labels, cover texts, the sentences of the language blocks) is a unit, aligned between
//! Chinese and English (`segment`, `align`, `file`); earlier years and TMX files are a memory
//! (`memory`, `tmx`) that `fill` draws on, with an optional machine engine (`engine`); the
//! `[translation]` table of each file records which Chinese its English was written for
//! (`record`); translators' files are XLIFF 1.2 and xlsx (`exchange`, `xliff`, `xlsx`); the
//! glossary keeps terms consistent (`glossary`). Only `read_year`, `fill`, `accept` and
//! `exchange` touch files.

pub mod align;
pub mod engine;
pub mod exchange;
pub mod file;
pub mod fill;
pub mod glossary;
pub mod memory;
pub mod record;
pub mod segment;
pub mod tmx;
pub mod write;
pub mod xliff;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::content::shown_path;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
pub use file::{ContentFile, Unit};
pub use memory::Memory;

/// The content files of a year (`_year.md` first, then the sections), read for translation.
pub fn read_year(root: &Path, year: u16) -> Result<Vec<ContentFile>, Diagnostics> {
    let folder = root.join("content").join(year.to_string());
    let shown = shown_path(root, &format!("content/{year}"));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .map_err(|err| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot read {}: {err}", shown.display()))
                    .at(Location::file(&shown))
                    .hint("is the year right? its folder is content/YEAR"),
            )
        })?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && !name.starts_with('.'))
        .collect();
    names.sort_by_key(|name| (name != "_year.md", name.clone()));
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    for name in names {
        let path = folder.join(&name);
        match ContentFile::read(&path, &shown.join(&name), &format!("{year}/{name}")) {
            Ok(file) => files.push(file),
            Err(err) => problems.push(err),
        }
    }
    match problems.is_empty() {
        true => Ok(files),
        false => Err(problems),
    }
}

/// The years of `content/`, oldest first.
pub fn years(root: &Path) -> Vec<u16> {
    let mut years: Vec<u16> = std::fs::read_dir(root.join("content"))
        .map(|entries| {
            entries
                .filter_map(|e| crate::content::plausible_year(e.ok()?.file_name().to_str()?))
                .collect()
        })
        .unwrap_or_default();
    years.sort_unstable();
    years
}

/// The memory of every year before `year`, newest first (its English wins), then `tmx`.
pub fn memory(root: &Path, year: u16, tmx: Option<&Path>) -> Result<Memory, Diagnostics> {
    let mut memory = Memory::default();
    for earlier in years(root).into_iter().rev().filter(|y| *y < year) {
        for file in read_year(root, earlier)? {
            for unit in file.units.iter().filter(|u| !u.en.trim().is_empty()) {
                memory.add(&unit.zh, &unit.en, format!("{}#{}", file.name, unit.id));
            }
        }
    }
    if let Some(path) = tmx {
        tmx::read(path, &mut memory)?;
    }
    Ok(memory)
}

/// Writes a file's new text, naming it in the error.
pub fn save(path: &PathBuf, shown: &Path, text: &str) -> Result<(), Diagnostic> {
    std::fs::write(path, text).map_err(|err| {
        Diagnostic::error(format!("cannot write {}: {err}", shown.display()))
            .at(Location::file(shown))
    })
}
