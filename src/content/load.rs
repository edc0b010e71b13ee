//! Reading `content/`: each year's folder, file by file, with a cache so the preview server
//! reads again only the files that changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::{Attachment, Cover, Section, Year, check_year, cover, section};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Loads every year under `content/`. `shown` is how the content folder is named in messages.
pub fn load(content: &Path, shown: &Path) -> (Vec<Arc<Year>>, Diagnostics) {
    load_with(content, shown, &mut LoadCache::once())
}

/// What one file of a year's folder gave when it was read.
#[derive(Clone)]
enum Loaded {
    Cover(Result<(Cover, Vec<Diagnostic>), Vec<Diagnostic>>),
    Section(Result<(Section, Vec<Diagnostic>), Vec<Diagnostic>>),
    Attachment(Result<Vec<u8>, Diagnostic>),
}

/// The files and years read by earlier loads, so that the preview server, told which files
/// changed, reads and checks only those and the years they belong to.
pub struct LoadCache {
    files: HashMap<PathBuf, Loaded>,
    years: HashMap<PathBuf, (Option<Arc<Year>>, Diagnostics)>,
    /// Whether files stay in the cache once their year is assembled (the preview server
    /// keeps them; a one-off build hands them over instead of copying them).
    keep: bool,
}

impl Default for LoadCache {
    fn default() -> Self {
        LoadCache {
            files: HashMap::new(),
            years: HashMap::new(),
            keep: true,
        }
    }
}

impl LoadCache {
    /// A cache for a single load: what it reads is moved into the years, not kept.
    pub fn once() -> Self {
        LoadCache {
            keep: false,
            ..LoadCache::default()
        }
    }

    /// Forgets a file that changed (or appeared, or went away), and the year it is in.
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(path);
        self.years.remove(path);
        if let Some(folder) = path.parent() {
            self.years.remove(folder);
        }
    }

    fn get_or_load(&mut self, path: &Path, load: impl FnOnce() -> Loaded) -> Loaded {
        if !self.keep {
            return self.files.remove(path).unwrap_or_else(load);
        }
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(load)
            .clone()
    }

    /// Reads, on all cores, the files of the years being assembled, so that assembling them
    /// (one by one, in order) finds them here. Entries that cannot be read as content are
    /// left for the assembly to report.
    fn read_ahead(&mut self, folders: &[YearFolder]) {
        let mut wanted = Vec::new();
        for folder in folders {
            for entry in &folder.entries {
                let name = entry.file_name().to_string_lossy();
                if is_ignored(&name)
                    || !entry.file_type().is_file()
                    || self.files.contains_key(entry.path())
                {
                    continue;
                }
                let kind = classify(&name);
                if !matches!(kind, Entry::Misnamed) {
                    wanted.push((entry.path(), folder.shown.join(&*name), kind));
                }
            }
        }
        let loaded =
            crate::parallel::map(&wanted, |(path, shown, kind)| read_file(path, shown, kind));
        self.files.extend(
            wanted
                .iter()
                .map(|(path, ..)| path.to_path_buf())
                .zip(loaded),
        );
    }
}

/// A year's folder to assemble, listed once (sorted by name) for reading and assembling.
struct YearFolder {
    dir: PathBuf,
    shown: PathBuf,
    year: u16,
    entries: Vec<walkdir::DirEntry>,
    /// Why the folder could not be listed (whole or in part), if it could not.
    unreadable: Option<String>,
}

impl YearFolder {
    fn list(dir: &Path, shown: PathBuf, year: u16) -> YearFolder {
        let mut entries = Vec::new();
        let mut unreadable = None;
        let walk = WalkDir::new(dir)
            .min_depth(1)
            .max_depth(1)
            .sort_by_file_name()
            .follow_links(false);
        for entry in walk {
            match entry {
                Ok(entry) => entries.push(entry),
                Err(err) => {
                    unreadable.get_or_insert_with(|| {
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    });
                }
            }
        }
        YearFolder {
            dir: dir.to_path_buf(),
            shown,
            year,
            entries,
            unreadable,
        }
    }
}

/// Reads and parses one file of a year's folder.
fn read_file(path: &Path, shown: &Path, kind: &Entry) -> Loaded {
    match kind {
        Entry::Cover => Loaded::Cover(cover::load(path, shown)),
        Entry::Section { number, slug } => {
            Loaded::Section(section::load(path, shown, *number, slug))
        }
        Entry::Attachment | Entry::Misnamed => Loaded::Attachment(
            crate::source::read_regular(path, crate::source::DOWNLOAD_LIMIT).map_err(|err| {
                Diagnostic::error(format!("cannot read {}: {err}", shown.display()))
                    .at(Location::file(shown))
            }),
        ),
    }
}

/// `load`, reusing what `cache` holds for files that did not change.
pub fn load_with(
    content: &Path,
    shown: &Path,
    cache: &mut LoadCache,
) -> (Vec<Arc<Year>>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut years = Vec::new();
    let walker = WalkDir::new(content)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .follow_links(false);
    let entries: Vec<_> = walker.into_iter().collect();
    // The years not known yet, each listed once: their files are read on all cores first.
    let folders: Vec<YearFolder> = entries
        .iter()
        .filter_map(|entry| entry.as_ref().ok())
        .filter(|entry| entry.file_type().is_dir() && !cache.years.contains_key(entry.path()))
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?;
            Some(YearFolder::list(
                entry.path(),
                shown.join(name),
                year_number(name)?,
            ))
        })
        .collect();
    cache.read_ahead(&folders);
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(Diagnostic::error(format!(
                    "cannot read {}: {err}",
                    shown.display()
                )));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        let shown_path = shown.join(&*name);
        if is_ignored(&name) || name == "site.toml" || name == "glossary.toml" {
            continue;
        }
        match year_number(&name) {
            Some(year) if entry.file_type().is_dir() && !PLAUSIBLE_YEARS.contains(&year) => {
                problems.push(
                    Diagnostic::error(format!(
                        "{} is not a plausible year for a report",
                        shown_path.display()
                    ))
                    .at(Location::file(&shown_path))
                    .hint(format!(
                        "name each year's folder by its year, from {} to {}",
                        PLAUSIBLE_YEARS.start(),
                        PLAUSIBLE_YEARS.end()
                    )),
                );
            }
            Some(_) if entry.file_type().is_dir() => {
                let (loaded, found) = match cache.years.get(entry.path()) {
                    Some(known) => known.clone(),
                    None => {
                        let folder = folders
                            .iter()
                            .find(|folder| folder.dir == entry.path())
                            .expect("every year's folder not known yet is listed");
                        let (loaded, found) = load_year(folder, cache);
                        let loaded = loaded.map(Arc::new);
                        cache
                            .years
                            .insert(entry.path().to_path_buf(), (loaded.clone(), found.clone()));
                        (loaded, found)
                    }
                };
                problems.extend(found);
                years.extend(loaded);
            }
            Some(_) if entry.file_type().is_symlink() => problems.push(
                Diagnostic::error(format!("{} is a symbolic link", shown_path.display()))
                    .at(Location::file(&shown_path))
                    .hint(
                        "nianbao reads only real folders inside content/; copy the year's folder",
                    ),
            ),
            _ => problems.push(
                Diagnostic::warning(format!(
                    "{} is not a year's folder; ignored",
                    shown_path.display()
                ))
                .at(Location::file(&shown_path))
                .hint("each year's report lives in a folder named by its year, like content/2018/"),
            ),
        }
    }
    (years, problems)
}

/// A folder named by four digits; whether the year is plausible is `plausible_year`'s rule.
fn year_number(name: &str) -> Option<u16> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
}

/// The years a report can be about: one rule for year folders, `--year` and `new YEAR`.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u16> = 1900..=2999;

/// `text` as a year of a report, if it is four digits within `PLAUSIBLE_YEARS`.
pub fn plausible_year(text: &str) -> Option<u16> {
    year_number(text).filter(|year| PLAUSIBLE_YEARS.contains(year))
}

/// Editor backups, lock files and hidden files are not content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.starts_with("~$") || name.ends_with('~')
}

/// A file of a year's folder, classified by its name.
enum Entry {
    Cover,
    Section { number: u32, slug: String },
    Attachment,
    Misnamed,
}

fn classify(name: &str) -> Entry {
    if name == "_year.md" {
        return Entry::Cover;
    }
    let Some(stem) = name.strip_suffix(".md") else {
        return Entry::Attachment;
    };
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    match (stem[..digits].parse(), stem[digits..].strip_prefix('-')) {
        (Ok(number), Some(slug)) if digits <= 3 => Entry::Section {
            number,
            slug: slug.to_string(),
        },
        _ => Entry::Misnamed,
    }
}

fn load_year(folder: &YearFolder, cache: &mut LoadCache) -> (Option<Year>, Diagnostics) {
    let shown = &folder.shown;
    let mut problems = Diagnostics::new();
    if let Some(why) = &folder.unreadable {
        problems.push(
            Diagnostic::error(format!("cannot read {}: {why}", shown.display()))
                .at(Location::file(shown))
                .hint("check the folder's permissions: nianbao needs to list and read it"),
        );
        return (None, problems);
    }
    let mut cover = None;
    let mut sections = Vec::new();
    let mut attachments = Vec::new();
    // A section that failed to load takes its metrics with it: citing them is then not
    // reported again as an unknown metric.
    let mut incomplete = false;
    for entry in &folder.entries {
        let name = entry.file_name().to_string_lossy().to_string();
        let shown_path = shown.join(&name);
        if is_ignored(&name) {
            continue;
        }
        if let Err(err) = check_entry(entry, &shown_path) {
            problems.push(err);
            continue;
        }
        let path = entry.path();
        let kind = classify(&name);
        if let Entry::Attachment = kind
            && let Err(err) = crate::written::check_file_name(&name, &shown_path)
        {
            problems.push(err);
            continue;
        }
        match kind {
            Entry::Misnamed => problems.push(
                Diagnostic::error(format!(
                    "{} is not named like a section file",
                    shown_path.display()
                ))
                .at(Location::file(&shown_path))
                .hint("name section files by their order and slug, like 03-community.md"),
            ),
            kind => match cache.get_or_load(path, || read_file(path, &shown_path, &kind)) {
                Loaded::Cover(result) => cover = absorb(&mut problems, result),
                Loaded::Section(result) => match absorb(&mut problems, result) {
                    Some(section) => sections.push(section),
                    None => incomplete = true,
                },
                Loaded::Attachment(Ok(bytes)) => attachments.push(Attachment { name, bytes }),
                Loaded::Attachment(Err(err)) => problems.push(err),
            },
        }
    }
    let Some(cover) = cover else {
        let cover_path = shown.join("_year.md");
        if !problems.has_errors() {
            problems.push(
                Diagnostic::error(format!("{} is missing", cover_path.display()))
                    .at(Location::file(&cover_path))
                    .hint("every year has a cover file _year.md with its title and preface"),
            );
        }
        return (None, problems);
    };
    sections.sort_by_key(|s| s.number);
    let year = Year {
        year: folder.year,
        cover,
        sections,
        attachments,
    };
    problems.extend(check_year(&year, incomplete));
    (Some(year), problems)
}

/// Keeps a loaded value and its warnings, or the errors that stopped it.
fn absorb<T>(
    problems: &mut Diagnostics,
    result: Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>,
) -> Option<T> {
    let (value, found) = match result {
        Ok((value, warnings)) => (Some(value), warnings),
        Err(errors) => (None, errors),
    };
    found.into_iter().for_each(|d| problems.push(d));
    value
}

/// Files in a year's folder must be real files inside the project.
fn check_entry(entry: &walkdir::DirEntry, shown: &Path) -> Result<(), Diagnostic> {
    let kind = entry.file_type();
    if kind.is_dir() {
        return Err(
            Diagnostic::warning(format!("{} is a folder; ignored", shown.display()))
                .at(Location::file(shown))
                .hint("put sections and downloads directly in the year's folder"),
        );
    }
    if kind.is_symlink() {
        return Err(
            Diagnostic::error(format!("{} is a symbolic link", shown.display()))
                .at(Location::file(shown))
                .hint("nianbao does not follow links out of content/; copy the file instead"),
        );
    }
    if !kind.is_file() {
        return Err(Diagnostic::warning(format!(
            "{} is not a file ({}); ignored",
            shown.display(),
            crate::source::not_regular(kind)
        ))
        .at(Location::file(shown))
        .hint("only regular files in a year's folder are read; remove it"));
    }
    Ok(())
}
