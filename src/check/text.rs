//! The report of `nianbao check` for a terminal: the problems grouped by file, most serious
//! first, in the same form `build` shows them, and a one-line verdict (for standard error,
//! as `build` writes its problems); the translation table of each year (for standard output).

use std::fmt::Write;

use super::Report;
use super::translation::{Count, YearTable};
use crate::config::Lang;
use crate::diagnostics::{plural, printable};

/// Every problem, under a heading line for each file.
pub fn problems(report: &Report) -> String {
    let mut out = String::new();
    let mut current: Option<String> = None;
    for (i, finding) in report.findings.iter().enumerate() {
        let file = group_name(report, i);
        if current.as_ref() != Some(&file) {
            let in_file = report
                .findings
                .iter()
                .enumerate()
                .filter(|(j, _)| group_name(report, *j) == file);
            let (errors, warnings) =
                in_file.fold((0, 0), |(e, w), (_, f)| match f.diagnostic.is_error() {
                    true => (e + 1, w),
                    false => (e, w + 1),
                });
            let _ = writeln!(out, "{}", heading(&file, errors, warnings));
            current = Some(file);
        }
        let _ = writeln!(out, "{}", finding.diagnostic);
    }
    out
}

fn group_name(report: &Report, i: usize) -> String {
    report.findings[i]
        .diagnostic
        .location
        .as_ref()
        .map_or_else(|| "the site".to_string(), |l| l.file.display().to_string())
}

fn heading(file: &str, errors: usize, warnings: usize) -> String {
    let counts = match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    format!("=== {}: {counts} ===\n", printable(file))
}

/// The translation table of every year.
pub fn tables(report: &Report) -> String {
    report.translation.iter().map(table).collect()
}

/// What each file of a year has in each language: ✓ all, ✗ none, `n/m` some, `·` nothing to
/// translate.
fn table(year: &YearTable) -> String {
    let width = year
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(5)
        + 2;
    let mut out = format!(
        "translation of {}: what is written in Chinese (zh) and English (en)\n",
        year.year
    );
    let _ = writeln!(
        out,
        "  {:width$}{:12}{:12}{:12}cover texts",
        "", "title", "text", "labels"
    );
    let _ = writeln!(
        out,
        "  {:width$}{}",
        "",
        "zh    en    ".repeat(4).trim_end()
    );
    for row in &year.rows {
        let c = &row.columns;
        let cells: Vec<String> = [c.title, c.text, c.labels, c.other]
            .iter()
            .flat_map(|count| Lang::ALL.map(|lang| cell(*count, lang)))
            .collect();
        let _ = writeln!(out, "  {:width$}{}", row.name, cells_line(&cells));
    }
    let t = &year.totals;
    let cells: Vec<String> = [t.title, t.text, t.labels, t.other]
        .iter()
        .flat_map(|count| Lang::ALL.map(|lang| format!("{}/{}", count.of_lang(lang), count.total)))
        .collect();
    let _ = writeln!(out, "  {:width$}{}", "total", cells_line(&cells));
    let all = t.all();
    let _ = writeln!(
        out,
        "  Chinese has {} of {} texts, English {} of {}\n",
        all.zh, all.total, all.en, all.total
    );
    out
}

fn cells_line(cells: &[String]) -> String {
    let line: String = cells.iter().map(|c| format!("{c:6}")).collect();
    line.trim_end().to_string()
}

fn cell(count: Count, lang: Lang) -> String {
    let has = count.of_lang(lang);
    match (count.total, has) {
        (0, _) => "·".to_string(),
        (total, has) if has == total => "✓".to_string(),
        (_, 0) => "✗".to_string(),
        (total, has) => format!("{has}/{total}"),
    }
}

/// The last line: the verdict and its counts ("2 errors found", as `build` says it).
pub fn summary(report: &Report, strict: bool) -> String {
    let errors = report.errors();
    let warnings = report.warnings();
    let pages = match report.pages {
        Some(pages) => format!("; a build would make {}", plural(pages, "page")),
        None => "; the site does not build".to_string(),
    };
    let verdict = match (errors, warnings) {
        (0, 0) => "check passed: no errors, no warnings".to_string(),
        (0, w) if strict => format!(
            "check failed: {} found, and --strict fails on warnings",
            plural(w, "warning")
        ),
        (0, w) => format!("check passed: no errors, {}", plural(w, "warning")),
        (e, 0) => format!("check failed: {} found", plural(e, "error")),
        (e, w) => format!(
            "check failed: {} found (and {})",
            plural(e, "error"),
            plural(w, "warning")
        ),
    };
    format!("{verdict}{pages}")
}
