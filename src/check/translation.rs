//! The translation audit: for each year, a table of what is written in each language (every
//! file's title, its text, its metric labels, and the cover's summary and publisher), and a
//! warning for each text that one language still lacks. A missing language block or a
//! placeholder is already reported by `load`, so only the table counts those.

use std::path::Path;

use serde::Serialize;

use crate::config::{Lang, Localized};
use crate::content::{Cover, Document, PLACEHOLDER, Section, Year};
use crate::diagnostics::{Diagnostic, Location};
use crate::metrics::Metric;
use crate::metrics::unit::English;
use crate::site::Site;
use crate::source::SourceFile;

/// How many texts there are, and how many of them each language has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub total: usize,
    pub zh: usize,
    pub en: usize,
}

impl Count {
    fn of(text: &Localized) -> Count {
        let has = |lang| usize::from(text.is_translated(lang));
        Count {
            total: usize::from(text.is_translated(Lang::Zh) || text.is_translated(Lang::En)),
            zh: has(Lang::Zh),
            en: has(Lang::En),
        }
    }

    /// The text blocks of a document; a placeholder is not written yet.
    fn of_body(document: &Document) -> Count {
        let has = |lang| {
            usize::from(
                document
                    .body(lang)
                    .is_some_and(|b| !b.markdown.contains(PLACEHOLDER)),
            )
        };
        Count {
            total: usize::from(!document.bodies.is_empty()),
            zh: has(Lang::Zh),
            en: has(Lang::En),
        }
    }

    fn add(&mut self, other: Count) {
        self.total += other.total;
        self.zh += other.zh;
        self.en += other.en;
    }

    /// How many of the texts `lang` has.
    pub fn of_lang(&self, lang: Lang) -> usize {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The columns of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Columns {
    pub title: Count,
    pub text: Count,
    pub labels: Count,
    /// The cover's summary and publisher.
    pub other: Count,
}

impl Columns {
    fn add(&mut self, other: &Columns) {
        self.title.add(other.title);
        self.text.add(other.text);
        self.labels.add(other.labels);
        self.other.add(other.other);
    }

    /// All texts together.
    pub fn all(&self) -> Count {
        let mut all = Count::default();
        for count in [self.title, self.text, self.labels, self.other] {
            all.add(count);
        }
        all
    }
}

/// One file of a year: the cover or a section.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The file name: `_year.md`, `05-big-survey.md`.
    pub name: String,
    pub file: String,
    #[serde(flatten)]
    pub columns: Columns,
}

/// The table of one year.
#[derive(Clone, Debug, Serialize)]
pub struct YearTable {
    pub year: u16,
    pub rows: Vec<Row>,
    pub totals: Columns,
}

/// The table of each year, and a warning for each text missing in one language.
pub fn audit(site: &Site, root: &Path) -> (Vec<YearTable>, Vec<Diagnostic>) {
    let mut problems = site_texts(site, root);
    let tables = site
        .years
        .iter()
        .map(|year| year_table(year, &mut problems))
        .collect();
    (tables, problems)
}

fn year_table(year: &Year, problems: &mut Vec<Diagnostic>) -> YearTable {
    let mut rows = vec![cover_row(&year.cover, problems)];
    rows.extend(year.sections.iter().map(|s| section_row(s, problems)));
    let mut totals = Columns::default();
    for row in &rows {
        totals.add(&row.columns);
    }
    YearTable {
        year: year.year,
        rows,
        totals,
    }
}

fn cover_row(cover: &Cover, problems: &mut Vec<Diagnostic>) -> Row {
    let source = &cover.document.source;
    for (text, what, key) in [
        (&cover.title, "the year's title", "title"),
        (&cover.summary, "the summary", "summary"),
        (&cover.publisher, "the publisher", "publisher"),
    ] {
        untranslated(problems, text, what, key_line(source, 1, key));
    }
    let mut other = Count::of(&cover.summary);
    other.add(Count::of(&cover.publisher));
    Row {
        name: file_name(source),
        file: source.path.display().to_string(),
        columns: Columns {
            title: Count::of(&cover.title),
            text: Count::of_body(&cover.document),
            labels: Count::default(),
            other,
        },
    }
}

fn section_row(section: &Section, problems: &mut Vec<Diagnostic>) -> Row {
    let source = &section.document.source;
    let title_at = key_line(source, 1, "title");
    untranslated(problems, &section.title, "the section title", title_at);
    let mut labels = Count::default();
    for metric in &section.metrics {
        labels.add(Count::of(&metric.label));
        let what = format!("the label of metric `{}`", metric.id);
        let at = key_line(source, metric.defined_at.line, "label");
        let at = at.or(Some(metric.defined_at.clone()));
        untranslated(problems, &metric.label, &what, at);
        if metric.unit.en == English::Wanted {
            let at = key_line(source, metric.defined_at.line, "unit");
            problems.push(unit_wanted(metric, at.unwrap_or(metric.defined_at.clone())));
        }
    }
    Row {
        name: file_name(source),
        file: source.path.display().to_string(),
        columns: Columns {
            title: Count::of(&section.title),
            text: Count::of_body(&section.document),
            labels,
            other: Count::default(),
        },
    }
}

fn file_name(source: &SourceFile) -> String {
    source
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The texts of `site.toml`.
fn site_texts(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let file = crate::content::shown_path(root, "content/site.toml");
    let mut problems = Vec::new();
    let config = &site.config;
    for (text, what) in [
        (&config.title, "the site title"),
        (&config.description, "the site description"),
        (&config.publisher, "the site's publisher"),
    ] {
        untranslated(&mut problems, text, what, Some(Location::file(&file)));
    }
    problems
}

/// A warning for a unit outside the catalog whose English word is still to be chosen.
fn unit_wanted(metric: &Metric, at: Location) -> Diagnostic {
    let zh = &metric.unit.zh;
    Diagnostic::warning(format!(
        "the unit “{zh}” of metric `{}` has no English word yet",
        metric.id
    ))
    .at(at)
    .hint(format!(
        "write it as unit = {{ zh = \"{zh}\", en = \"…\" }}; until then English shows the number alone"
    ))
}

/// A warning when one language of `text` is empty and the other is not.
fn untranslated(
    problems: &mut Vec<Diagnostic>,
    text: &Localized,
    what: &str,
    at: Option<Location>,
) {
    for lang in Lang::ALL {
        if text.is_translated(lang) || !text.is_translated(lang.other()) {
            continue;
        }
        let name = match lang {
            Lang::Zh => "Chinese",
            Lang::En => "English",
        };
        let mut warning =
            Diagnostic::warning(format!("{what} has no {name} text yet")).hint(format!(
                "write it as {} = \"…\"; until then {name} readers see the other language",
                lang.code()
            ));
        if let Some(at) = &at {
            warning = warning.at(at.clone());
        }
        problems.push(warning);
    }
}

/// Where `key = …` stands in the front matter, looking from line `from` to the end of the
/// TOML table it is in.
fn key_line(source: &SourceFile, from: usize, key: &str) -> Option<Location> {
    // Start at the table's own line: scanning from the top for every key of a file of
    // thousands of metrics would take quadratic time.
    let first = from.max(1);
    let mut offset = source.line_offset(first);
    for (index, line) in source.text[offset..].split('\n').enumerate() {
        let number = first + index;
        let trimmed = line.trim_start();
        if number > from && (trimmed.starts_with('[') || trimmed.trim_end() == "+++") {
            return None;
        }
        let rest = trimmed.strip_prefix(key).map(str::trim_start);
        if number >= from && rest.is_some_and(|r| r.starts_with('=')) {
            let start = offset + (line.len() - trimmed.len());
            return Some(source.location(start..start + key.len()));
        }
        offset += line.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_key_within_its_table() {
        let text = "+++\ntitle = { zh = \"a\", en = \"\" }\n\n[metrics.x]\nvalue = 1\nlabel = { zh = \"b\", en = \"\" }\n\n[metrics.y]\nvalue = 2\n+++\n";
        let source = SourceFile::new(Path::new("a.md"), text.to_string());
        assert_eq!(key_line(&source, 1, "title").unwrap().line, 2);
        assert_eq!(key_line(&source, 4, "label").unwrap().line, 6);
        assert_eq!(key_line(&source, 8, "label"), None);
    }

    #[test]
    fn counts_what_each_language_has() {
        let count = Count::of(&Localized::new("民生", ""));
        assert_eq!(
            count,
            Count {
                total: 1,
                zh: 1,
                en: 0
            }
        );
        assert_eq!(Count::of(&Localized::default()).total, 0);
    }
}
