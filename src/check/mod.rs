//! `nianbao check`: everything a build validates, without writing anything, and then what a
//! build accepts but a careful editor wants to know before publishing: what is not yet
//! translated, numbers that only one language has, links that lead nowhere, images without
//! alt text. `text` and `json` write the report.

mod html;
pub mod json;
mod links;
mod locate;
mod numbers;
mod scan;
mod stale;
pub mod text;
pub mod todo;
pub mod translation;
mod words;

use std::path::Path;

use serde::Serialize;

use crate::config::Lang;
use crate::diagnostics::{Diagnostic, Severity};
use crate::render;
use crate::site::Site;
use translation::YearTable;

/// Which audit found a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audit {
    /// What `nianbao build` reports: content, theme and template problems.
    Build,
    Translation,
    Numbers,
    Links,
    /// Placeholders an import or scaffold left, and implausible jumps between years.
    Todo,
}

/// One problem, with the audit that found it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub audit: Audit,
    pub diagnostic: Diagnostic,
}

/// Everything `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Grouped by file, most serious first (see `Report::sort`).
    pub findings: Vec<Finding>,
    /// One table per year; empty when the content does not load.
    pub translation: Vec<YearTable>,
    /// How many pages a build would make; `None` when it would fail.
    pub pages: Option<usize>,
}

/// Runs every check on the site under `root`. Nothing is written.
pub fn run(root: &Path) -> Report {
    let mut report = Report::default();
    let (site, warnings) = match Site::load(root) {
        Ok(loaded) => loaded,
        Err(problems) => {
            report.add(Audit::Build, problems);
            report.sort();
            return report;
        }
    };
    report.add(Audit::Build, warnings);
    let files = match render::render(&site, &site.render_options(None, None)) {
        Ok(files) => Some(files),
        Err(problems) => {
            report.add(Audit::Build, problems);
            None
        }
    };
    report.add(Audit::Todo, todo::audit(&site));
    report.add(Audit::Todo, example_address(&site, root));
    // A site in one language has nothing to translate.
    if site.config.languages.len() == Lang::ALL.len() {
        let (tables, untranslated) = translation::audit(&site, root);
        report.translation = tables;
        report.add(Audit::Translation, untranslated);
        report.add(Audit::Translation, stale::audit(&site, root));
        report.add(Audit::Numbers, numbers::audit(&site));
    }
    if let Some(files) = &files {
        report.add(Audit::Links, links::audit(&site, files, root));
        report.pages = Some(files.iter().filter(|f| f.path.ends_with(".html")).count());
    }
    report.sort();
    report
}

/// A warning while `base_url` is still an example address: it is written into every
/// canonical link, the sitemap, robots.txt and the feeds.
fn example_address(site: &Site, root: &Path) -> Option<Diagnostic> {
    let base_url = &site.config.base_url;
    base_url.is_example().then(|| {
        Diagnostic::warning(format!(
            "base_url `{}` is an example address; canonical links, the sitemap, robots.txt and the feeds would point at it",
            base_url.as_str()
        ))
        .at(crate::diagnostics::Location::file(
            root.join("content/site.toml")
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        ))
        .hint("set base_url in content/site.toml to the address the site is published at")
    })
}

impl Report {
    fn add(&mut self, audit: Audit, problems: impl IntoIterator<Item = Diagnostic>) {
        self.findings.extend(
            problems
                .into_iter()
                .map(|diagnostic| Finding { audit, diagnostic }),
        );
    }

    /// Groups findings by file, files with errors first, and within a file errors first,
    /// then by line. Problems of no file (the site as a whole) come first.
    fn sort(&mut self) {
        let file = |f: &Finding| {
            f.diagnostic
                .location
                .as_ref()
                .map(|l| l.file.display().to_string())
        };
        let mut has_error = std::collections::HashSet::new();
        for finding in self.findings.iter().filter(|f| f.diagnostic.is_error()) {
            has_error.insert(file(finding));
        }
        self.findings.sort_by_cached_key(|f| {
            let place = f
                .diagnostic
                .location
                .as_ref()
                .map_or((0, 0), |l| (l.line, l.col));
            (
                !has_error.contains(&file(f)),
                file(f),
                f.diagnostic.severity,
                place,
            )
        });
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.diagnostic.severity == severity)
            .count()
    }

    /// Whether the check passes: no errors, and with `strict` no warnings either.
    pub fn passes(&self, strict: bool) -> bool {
        self.errors() == 0 && (!strict || self.warnings() == 0)
    }
}
