//! The content of a site: `content/YEAR/` folders, each with a cover (`_year.md`) and one
//! file per section. This is where files are read and checked; nothing later reads files.

pub mod blocks;
pub mod cite;
pub mod cover;
mod downloads;
pub mod frontmatter;
mod load;
pub mod section;
pub mod write;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use cite::Body;
pub use cover::Cover;
pub use downloads::active_content;
pub(crate) use load::is_ignored;
pub use load::{LoadCache, PLAUSIBLE_YEARS, load, load_with, plausible_year};
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
    /// Keeps which languages the document has, without their text (see `Site::forget_texts`).
    pub fn forget_text(&mut self) {
        self.source.forget_text();
        for (_, body) in &mut self.bodies {
            body.markdown = String::new();
            body.citations = Vec::new();
        }
    }

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
        problems.extend(cite::misplaced(&source, &body, block.lang));
        bodies.push((block.lang, body));
    }
    bodies.sort_by_key(|(lang, _)| *lang);
    Ok((Document { source, bodies }, parts.front, problems))
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
