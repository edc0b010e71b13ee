//! A section file (`05-big-survey.md`): title, metrics and the text in both languages.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::{Document, read_document};
use crate::config::{Localized, RawLocalized};
use crate::diagnostics::{Diagnostic, Location, printable};
use crate::metrics::{Metric, RawMetric};
use crate::toml_source;

/// One section of a year's report.
#[derive(Clone, Debug)]
pub struct Section {
    /// The order number from the file name: `05` in `05-big-survey.md`.
    pub number: u32,
    /// The last part of the section's URL.
    pub slug: String,
    pub title: Localized,
    pub metrics: Vec<Metric>,
    pub document: Document,
    /// Where the slug came from (the file name, or `slug =` in front matter).
    pub slug_at: Location,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Spanned<RawLocalized>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    metrics: IndexMap<Spanned<String>, Spanned<RawMetric>>,
    /// Read by `translate::record`; `check` reports a malformed one.
    #[serde(default, rename = "translation")]
    _translation: Option<toml::Table>,
}

/// Slugs that name pages of a year other than its sections.
pub const RESERVED_SLUGS: &[&str] = &[
    "print",
    "bilingual",
    "data",
    "files",
    "search",
    "metrics",
    "index",
];

/// Loads a section file; `number` and `file_slug` come from its name.
pub fn load(
    path: &Path,
    shown: &Path,
    number: u32,
    file_slug: &str,
) -> Result<(Section, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (document, front, mut problems) = read_document(path, shown)?;
    let raw: RawSection =
        match toml_source::parse(&document.source, front, "the section's front matter") {
            Ok(raw) => raw,
            Err(err) => {
                problems.push(err);
                return Err(problems);
            }
        };
    let RawSection {
        title,
        slug,
        metrics: raw_metrics,
        _translation: _,
    } = raw;
    let source = &document.source;
    let title = Localized::from_raw(title, source, "the section title").unwrap_or_else(|err| {
        problems.push(err);
        Localized::default()
    });
    let from_file_name = slug.is_none();
    let (slug, slug_at) = match slug {
        Some(slug) => (
            slug.get_ref().trim().to_string(),
            source.location(slug.span()),
        ),
        None => (file_slug.to_string(), Location::file(&source.path)),
    };
    if let Err(why) = check_slug(&slug) {
        let rule = "a slug is lowercase ASCII letters, digits and hyphens, like `party-building`";
        let hint = if why == RESERVED {
            format!(
                "choose another slug: `{slug}` names another page of the year, or a device on Windows"
            )
        } else if from_file_name {
            format!("rename the file, or set `slug = \"…\"` in its front matter: {rule}")
        } else {
            rule.to_string()
        };
        problems.push(
            Diagnostic::error(format!("slug `{}` {why}", printable(&slug)))
                .at(slug_at.clone())
                .hint(hint),
        );
    }
    let mut metrics = Vec::with_capacity(raw_metrics.len());
    for (id, raw) in raw_metrics {
        match Metric::from_raw(id, raw, source) {
            Ok(metric) => metrics.push(metric),
            Err(errors) => problems.extend(errors),
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let section = Section {
        number,
        slug,
        title,
        metrics,
        document,
        slug_at,
    };
    Ok((section, problems))
}

const RESERVED: &str = "is reserved";

/// Checks a URL slug: ASCII lowercase words joined by hyphens, not a reserved name.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.len() > 80 {
        return Err("is longer than 80 characters");
    }
    let words_ok = slug.split('-').all(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !words_ok {
        return Err("has characters other than lowercase letters, digits and single hyphens");
    }
    if RESERVED_SLUGS.contains(&slug) || is_windows_device(slug) {
        return Err(RESERVED);
    }
    Ok(())
}

fn is_windows_device(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|d| d.len() == 1 && d.as_bytes()[0].is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_slugs_only() {
        assert!(check_slug("party-building").is_ok());
        assert!(check_slug("covid-19").is_ok());
        for bad in [
            "", "Party", "a--b", "-a", "a_b", "../x", "a/b", "a\\b", "党建", "a\0b", "print",
            "con", "lpt1", "a b",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
    }
}
