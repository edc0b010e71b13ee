//! A year's cover (`_year.md`): the report's title, who published it, a summary, the
//! preface in both languages.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Document, read_document};
use crate::config::{Localized, RawLocalized};
use crate::diagnostics::Diagnostic;
use crate::toml_source;

#[derive(Clone, Debug)]
pub struct Cover {
    pub title: Localized,
    /// Who wrote the report; printed as its closing attribution.
    pub publisher: Localized,
    pub summary: Localized,
    /// The publication date, `YYYY-MM-DD`, if the front matter gives one.
    pub date: Option<String>,
    pub document: Document,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCover {
    title: Spanned<RawLocalized>,
    publisher: Option<Spanned<RawLocalized>>,
    summary: Option<Spanned<RawLocalized>>,
    date: Option<Spanned<toml::value::Datetime>>,
    /// Read by `translate::record`; `check` reports a malformed one.
    #[serde(default, rename = "translation")]
    _translation: Option<toml::Table>,
}

pub fn load(path: &Path, shown: &Path) -> Result<(Cover, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (document, front, mut problems) = read_document(path, shown)?;
    let raw: RawCover = match toml_source::parse(&document.source, front, "the year's front matter")
    {
        Ok(raw) => raw,
        Err(err) => {
            problems.push(err);
            return Err(problems);
        }
    };
    let RawCover {
        title,
        publisher,
        summary,
        date,
        _translation: _,
    } = raw;
    let source = &document.source;
    let mut text = |raw: Option<Spanned<RawLocalized>>, what: &str| {
        raw.map_or_else(Localized::default, |raw| {
            Localized::from_raw(raw, source, what).unwrap_or_else(|err| {
                problems.push(err);
                Localized::default()
            })
        })
    };
    let title = text(Some(title), "the year's title");
    let publisher = text(publisher, "the publisher");
    let summary = text(summary, "the summary");
    let date = date.and_then(|date| match (date.get_ref().date, date.get_ref().time) {
        (Some(day), None) => Some(day.to_string()),
        _ => {
            problems.push(
                Diagnostic::error("date must be a plain date like 2019-01-31")
                    .at(source.location(date.span())),
            );
            None
        }
    });
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let cover = Cover {
        title,
        publisher,
        summary,
        date,
        document,
    };
    Ok((cover, problems))
}
