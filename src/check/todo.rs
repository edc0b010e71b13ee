//! What an import or a scaffold left for the editor, until it is done: sections whose
//! address still says only their number, metric ids that say only where a figure was found
//! (`s05_01_count_2019`), labels still to be named (`（待命名）`); and figures that jump more
//! than tenfold from the year before, which are more often a mistyped value or a series
//! joined by mistake than real change. Each is a warning, so `check --strict` fails on them.

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// The label import gives a figure it could not name.
pub const UNNAMED_LABEL: &str = "（待命名）";

/// How import keeps what it was unsure of in a year's `_year.md`, one comment a line.
pub const TO_CHECK: &str = "# to check:";

/// Every placeholder left in the content, and every implausible jump.
pub fn audit(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for year in &site.years {
        problems.extend(still_to_check(&year.cover.document.source));
        for section in &year.sections {
            if is_numbered_slug(&section.slug) {
                problems.push(
                    Diagnostic::warning(format!(
                        "section {} of {} has no name in its address: `{}`",
                        section.number, year.year, section.slug
                    ))
                    .at(section.slug_at.clone())
                    .hint("give it an English slug: slug = \"party-building\" in its front matter, or rename the file"),
                );
            }
            for metric in &section.metrics {
                if is_placeholder_id(&metric.id) {
                    problems.push(
                        Diagnostic::warning(format!(
                            "metric id `{}` says only where the figure was found",
                            metric.id
                        ))
                        .at(metric.defined_at.clone())
                        .hint("rename it to what is counted, like `resident_visits`, here and where the text cites it: the same id in another year is the same series"),
                    );
                }
                for lang in Lang::ALL {
                    if metric.label.get(lang).contains(UNNAMED_LABEL) {
                        problems.push(
                            Diagnostic::warning(format!(
                                "metric `{}` has no label yet: {UNNAMED_LABEL}",
                                metric.id
                            ))
                            .at(metric.defined_at.clone())
                            .hint(
                                "name what is counted, in the words of the text around the figure",
                            ),
                        );
                    }
                }
            }
        }
    }
    problems.extend(jumps(site));
    problems
}

/// The `# to check:` lines of a cover: what import was unsure of, until the editor deletes
/// the line.
fn still_to_check(source: &crate::source::SourceFile) -> Vec<Diagnostic> {
    let mut offset = 0;
    let mut found = Vec::new();
    for line in source.text.split_inclusive('\n') {
        if let Some(note) = line.strip_prefix(TO_CHECK) {
            found.push(
                Diagnostic::warning(format!("import was unsure: {}", note.trim()))
                    .at(source.location(offset..offset + line.trim_end().len()))
                    .hint("confirm or correct it in the year's files, then delete this line"),
            );
        }
        offset += line.len();
    }
    found
}

/// `section-05`, as import wrote slugs before it made them from titles.
fn is_numbered_slug(slug: &str) -> bool {
    slug.strip_prefix("section-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `s05_01_count_2019`: section, order, unit and year, as import proposes ids.
fn is_placeholder_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('_').collect();
    let numbered =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    parts.len() >= 4
        && parts[0].len() == 3
        && parts[0].starts_with('s')
        && numbered(&parts[0][1..], 2)
        && numbered(parts[1], 2)
        && numbered(parts[parts.len() - 1], 4)
}

/// Series whose value changes more than tenfold from one year to the next.
fn jumps(site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for series in site.history.compared() {
        for pair in series.points.windows(2) {
            let before = series.metric(&site.years, pair[0]);
            let after = series.metric(&site.years, pair[1]);
            let (Some(old), Some(new)) = (before.value, after.value) else {
                continue;
            };
            if old.is_zero() || new.is_zero() || old.within_ten_times(new) {
                continue;
            }
            problems.push(
                Diagnostic::warning(format!(
                    "metric `{}` goes from {} in {} to {} in {}: more than tenfold",
                    series.id,
                    before.figure(Lang::Zh),
                    site.years[pair[0].year].year,
                    after.figure(Lang::Zh),
                    site.years[pair[1].year].year
                ))
                .at(after.defined_at.clone())
                .hint(
                    "check the value and its unit (万?), and that both years count the same thing",
                ),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_placeholders_import_writes() {
        assert!(is_placeholder_id("s05_01_count_2019"));
        assert!(is_placeholder_id("s10_12_m2_2020"));
        assert!(!is_placeholder_id("resident_visits"));
        assert!(!is_placeholder_id("s05_visits"));
        assert!(is_numbered_slug("section-05"));
        assert!(!is_numbered_slug("section-five"));
        assert!(!is_numbered_slug("big-survey"));
    }
}
