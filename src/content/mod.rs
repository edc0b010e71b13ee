//! The content of a site: `content/YEAR/` folders, each with a cover (`_year.md`) and one
//! file per section. This is where files are read and checked; nothing later reads files.

pub mod blocks;
pub mod cite;
pub mod cover;
pub mod frontmatter;
pub mod section;
pub mod write;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

pub use cite::Body;
pub use cover::Cover;
pub use section::Section;

use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::metrics::Metric;
use crate::source::SourceFile;

/// Marks the text `nianbao new` writes for the editor to replace.
pub const PLACEHOLDER: &str = "<!-- nianbao:placeholder -->";

/// A content file after reading: its text and its language blocks.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: SourceFile,
    pub bodies: Vec<(Lang, Body)>,
}

impl Document {
    pub fn body(&self, lang: Lang) -> Option<&Body> {
        self.bodies.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }
}

/// A file the office put in a year's folder (the original PDF, a spreadsheet): published as
/// a download on the year's cover.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One year's report.
#[derive(Clone, Debug)]
pub struct Year {
    pub year: u16,
    pub cover: Cover,
    /// In the order of their numbers.
    pub sections: Vec<Section>,
    pub attachments: Vec<Attachment>,
}

impl Year {
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.sections
            .iter()
            .flat_map(|s| &s.metrics)
            .find(|m| m.id == id)
    }
}

/// How many errors of one kind a file reports one by one. A pasted paragraph can repeat a
/// mistake thousands of times on one long line, and each message copies and measures that
/// line: past this, the rest are counted in one message.
pub(crate) const MAX_ERRORS_PER_FILE: usize = 20;

/// The message that counts the errors of a file past `MAX_ERRORS_PER_FILE`.
pub(crate) fn more_errors(source: &SourceFile, more: usize, what: &str) -> Diagnostic {
    Diagnostic::error(format!("{more} more {what} in this file"))
        .at(Location::file(&source.path))
        .hint(format!(
            "only the first {MAX_ERRORS_PER_FILE} are shown; fix those and build again"
        ))
}

/// Reads a content file: its front matter's range and its language blocks with citations.
fn read_document(
    path: &Path,
    shown: &Path,
) -> Result<(Document, Range<usize>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = SourceFile::read(path, shown).map_err(|err| vec![err])?;
    let parts = frontmatter::split(&source).map_err(|err| vec![err])?;
    let (blocks, mut problems) = blocks::split(&source, parts.body);
    let mut bodies = Vec::with_capacity(blocks.len());
    for block in blocks {
        let (body, errors) = cite::parse(&source, block.text);
        problems.extend(errors);
        bodies.push((block.lang, body));
    }
    bodies.sort_by_key(|(lang, _)| *lang);
    Ok((Document { source, bodies }, parts.front, problems))
}

/// Loads every year under `content/`. `shown` is how the content folder is named in messages.
pub fn load(content: &Path, shown: &Path) -> (Vec<Arc<Year>>, Diagnostics) {
    load_with(content, shown, &mut LoadCache::default())
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
#[derive(Default)]
pub struct LoadCache {
    files: HashMap<PathBuf, Loaded>,
    years: HashMap<PathBuf, (Option<Arc<Year>>, Diagnostics)>,
}

impl LoadCache {
    /// Forgets a file that changed (or appeared, or went away), and the year it is in.
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(path);
        self.years.remove(path);
        if let Some(folder) = path.parent() {
            self.years.remove(folder);
        }
    }

    fn get_or_load(&mut self, path: &Path, load: impl FnOnce() -> Loaded) -> Loaded {
        self.files
            .entry(path.to_path_buf())
            .or_insert_with(load)
            .clone()
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
    for entry in walker {
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
        if is_ignored(&name) || name == "site.toml" {
            continue;
        }
        match year_number(&name) {
            Some(year) if entry.file_type().is_dir() => {
                let (loaded, found) = match cache.years.get(entry.path()) {
                    Some(known) => known.clone(),
                    None => {
                        let (loaded, found) = load_year(entry.path(), &shown_path, year, cache);
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

fn year_number(name: &str) -> Option<u16> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
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

fn load_year(
    dir: &Path,
    shown: &Path,
    year: u16,
    cache: &mut LoadCache,
) -> (Option<Year>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut cover = None;
    let mut sections = Vec::new();
    let mut attachments = Vec::new();
    // A section that failed to load takes its metrics with it: citing them is then not
    // reported again as an unknown metric.
    let mut incomplete = false;
    let walker = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .follow_links(false);
    for entry in walker.into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        let shown_path = shown.join(&name);
        if is_ignored(&name) {
            continue;
        }
        if let Err(err) = check_entry(&entry, &shown_path) {
            problems.push(err);
            continue;
        }
        let path = entry.path();
        match classify(&name) {
            Entry::Cover => {
                let loaded =
                    cache.get_or_load(path, || Loaded::Cover(cover::load(path, &shown_path)));
                if let Loaded::Cover(result) = loaded {
                    cover = absorb(&mut problems, result);
                }
            }
            Entry::Section { number, slug } => {
                let loaded = cache.get_or_load(path, || {
                    Loaded::Section(section::load(path, &shown_path, number, &slug))
                });
                if let Loaded::Section(result) = loaded {
                    match absorb(&mut problems, result) {
                        Some(section) => sections.push(section),
                        None => incomplete = true,
                    }
                }
            }
            Entry::Attachment => {
                let loaded = cache.get_or_load(path, || {
                    Loaded::Attachment(std::fs::read(path).map_err(|err| {
                        Diagnostic::error(format!("cannot read {}: {err}", shown_path.display()))
                            .at(Location::file(&shown_path))
                    }))
                });
                match loaded {
                    Loaded::Attachment(Ok(bytes)) => attachments.push(Attachment { name, bytes }),
                    Loaded::Attachment(Err(err)) => problems.push(err),
                    _ => {}
                }
            }
            Entry::Misnamed => problems.push(
                Diagnostic::error(format!(
                    "{} is not named like a section file",
                    shown_path.display()
                ))
                .at(Location::file(&shown_path))
                .hint("name section files by their order and slug, like 03-community.md"),
            ),
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
        year,
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
    Ok(())
}

/// Checks what involves several files of a year: numbers, slugs, metric ids, citations.
fn check_year(year: &Year, incomplete: bool) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let mut numbers: HashMap<u32, &Section> = HashMap::new();
    let mut slugs: HashMap<&str, &Section> = HashMap::new();
    let mut ids: HashMap<&str, &Metric> = HashMap::new();
    for section in &year.sections {
        let file = &section.document.source.path;
        if let Some(first) = numbers.insert(section.number, section) {
            problems.push(
                Diagnostic::error(format!("two sections are numbered {:02}", section.number))
                    .at(Location::file(file))
                    .note("the other one", Location::file(&first.document.source.path))
                    .hint("give each section its own number; the number is its order"),
            );
        }
        if let Some(first) = slugs.insert(&section.slug, section) {
            problems.push(
                Diagnostic::error(format!(
                    "two sections of {} have the slug `{}`",
                    year.year, section.slug
                ))
                .at(section.slug_at.clone())
                .note("the other one", first.slug_at.clone())
                .hint("a slug is the section's URL; rename one file or set `slug = \"…\"`"),
            );
        }
        for metric in &section.metrics {
            if let Some(first) = ids.insert(&metric.id, metric) {
                problems.push(
                    Diagnostic::error(format!(
                        "metric `{}` is defined twice in {}",
                        metric.id, year.year
                    ))
                    .at(metric.defined_at.clone())
                    .note("first defined here", first.defined_at.clone())
                    .hint("metric ids are unique within a year; rename one"),
                );
            }
        }
    }
    let documents =
        std::iter::once(&year.cover.document).chain(year.sections.iter().map(|s| &s.document));
    for document in documents {
        let unknown: Vec<&cite::Citation> = document
            .bodies
            .iter()
            .flat_map(|(_, body)| &body.citations)
            .filter(|c| !incomplete && !ids.contains_key(c.metric.as_str()))
            .collect();
        for citation in unknown.iter().take(MAX_ERRORS_PER_FILE) {
            let known: Vec<&str> = ids.keys().copied().collect();
            let hint = match crate::toml_source::closest(&citation.metric, &known) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("define it in front matter as [metrics.{}]", citation.metric),
            };
            problems.push(
                Diagnostic::error(format!("unknown metric `{}`", citation.metric))
                    .at(document.source.location(citation.span.clone()))
                    .hint(hint),
            );
        }
        if unknown.len() > MAX_ERRORS_PER_FILE {
            let more = unknown.len() - MAX_ERRORS_PER_FILE;
            problems.push(more_errors(
                &document.source,
                more,
                "citations of unknown metrics",
            ));
        }
    }
    problems.extend(draft_warnings(year));
    problems
}

/// The text blocks a reader of one of the site's languages would miss.
pub fn translation_warnings(years: &[Arc<Year>], languages: &[Lang]) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let mut missing_block = |document: &Document, what: &str| {
        for &lang in languages {
            if document.body(lang).is_none() && document.body(lang.other()).is_some() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{what} has no `::: {}` block; readers see the other language",
                        lang.code()
                    ))
                    .at(Location::file(&document.source.path))
                    .hint(format!(
                        "add the translation between `::: {}` and `:::`",
                        lang.code()
                    )),
                );
            }
        }
    };
    for year in years {
        missing_block(&year.cover.document, "the preface");
        for section in &year.sections {
            missing_block(&section.document, "the section");
        }
    }
    warnings
}

/// What is still a draft: placeholders of `nianbao new` and pending values.
fn draft_warnings(year: &Year) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let documents =
        std::iter::once(&year.cover.document).chain(year.sections.iter().map(|s| &s.document));
    for document in documents {
        for (lang, body) in &document.bodies {
            if body.markdown.contains(PLACEHOLDER) {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the `::: {}` block still holds the placeholder of `nianbao new`",
                        lang.code()
                    ))
                    .at(document.source.line_location(body.first_line))
                    .hint("replace the placeholder with the year's text"),
                );
            }
        }
    }
    for section in &year.sections {
        for metric in &section.metrics {
            if metric.value.is_none() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "metric `{}` has no value yet; it shows as —",
                        metric.id
                    ))
                    .at(metric.defined_at.clone())
                    .hint("add `value = …` once the figure is known"),
                );
            }
        }
    }
    warnings
}

/// Paths shown in messages: relative to the folder nianbao runs in when the root is `.`.
pub fn shown_path(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}
