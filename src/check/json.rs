//! The report of `nianbao check --format json`, for scripts and editors' tools. Its shape is
//! stable (documented in the README): fields are only ever added, with `format` raised when
//! one changes meaning.

use serde::Serialize;

use super::translation::YearTable;
use super::{Audit, Report};
use crate::diagnostics::{Location, Severity};

/// The version of the shape below.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    format: u32,
    /// Whether the check passes (with `--strict`, warnings fail it too).
    ok: bool,
    strict: bool,
    errors: usize,
    warnings: usize,
    /// Pages a build would make; `null` when the site does not build.
    pages: Option<usize>,
    problems: Vec<Problem<'a>>,
    translation: &'a [YearTable],
}

#[derive(Serialize)]
struct Problem<'a> {
    severity: Severity,
    audit: Audit,
    message: &'a str,
    #[serde(flatten)]
    place: Place,
    hint: Option<&'a str>,
    notes: Vec<Note<'a>>,
}

/// Where a problem is: `file` is `null` for the site as a whole; `line` and `col` (1-based,
/// in characters) are `null` for a file as a whole.
#[derive(Serialize)]
struct Place {
    file: Option<String>,
    line: Option<usize>,
    col: Option<usize>,
}

impl Place {
    fn of(location: Option<&Location>) -> Place {
        let line = location.map(|l| l.line).filter(|&l| l > 0);
        Place {
            file: location.map(|l| l.file.display().to_string()),
            line,
            col: line.and(location.map(|l| l.col)),
        }
    }
}

#[derive(Serialize)]
struct Note<'a> {
    message: &'a str,
    #[serde(flatten)]
    place: Place,
}

/// The whole report as one JSON document.
pub fn report(report: &Report, strict: bool) -> String {
    let problems = report
        .findings
        .iter()
        .map(|finding| {
            let d = &finding.diagnostic;
            Problem {
                severity: d.severity,
                audit: finding.audit,
                message: &d.message,
                place: Place::of(d.location.as_deref()),
                hint: d.hint.as_deref(),
                notes: d
                    .notes
                    .iter()
                    .map(|(message, at)| Note {
                        message,
                        place: Place::of(Some(at)),
                    })
                    .collect(),
            }
        })
        .collect();
    let json = JsonReport {
        format: FORMAT,
        ok: report.passes(strict),
        strict,
        errors: report.errors(),
        warnings: report.warnings(),
        pages: report.pages,
        problems,
        translation: &report.translation,
    };
    serde_json::to_string_pretty(&json).expect("the report serialises")
}
