//! Metrics: the figures of a report. Each is written once, in front matter, with its value,
//! unit and qualifier; pages, tables, charts and open data all read it from here.

pub mod approx;
pub mod decimal;
pub mod format;
pub mod history;
pub mod unit;
mod value;

use serde::Deserialize;
use toml::Spanned;

use crate::config::{Lang, Localized, RawLocalized};
use crate::diagnostics::{Diagnostic, Location};
use crate::source::SourceFile;
use crate::toml_source::closest;
use crate::written::check_front_matter_text;
pub use approx::{Approx, Qualifier};
pub use decimal::Decimal;
pub use unit::Unit;

/// One figure of one year.
#[derive(Clone, Debug)]
pub struct Metric {
    /// ASCII snake_case, unique within a year; the same id in another year is the same series.
    pub id: String,
    /// `None` while the value is still to be filled in (a scaffolded year).
    pub value: Option<Decimal>,
    pub unit: Unit,
    pub approx: Approx,
    pub label: Localized,
    pub highlight: bool,
    /// Where the metric's table starts, for messages.
    pub defined_at: Location,
    /// The figure in each language, written once: pages cite it many times.
    written: [String; 2],
    /// The English figure where space is short (figure cards): "1,600+".
    short: String,
    /// The value in plain notation (`2733.54`), empty while pending.
    plain: String,
}

impl Metric {
    /// The figure as the text of `lang` writes it: "1.7万次", "17,000 visits".
    pub fn figure(&self, lang: Lang) -> &str {
        &self.written[lang as usize]
    }

    /// The figure where space is short, on figure cards: "1,600+" in English, where the
    /// text says "more than 1,600"; the Chinese is written in full.
    pub fn short_figure(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => self.figure(lang),
            Lang::En => &self.short,
        }
    }

    /// The value in plain notation, for `<data value>` and open data; empty while pending.
    pub fn plain_value(&self) -> &str {
        &self.plain
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    value: Option<Spanned<value::RawValue>>,
    unit: Spanned<unit::RawUnit>,
    approx: Option<Spanned<approx::RawApprox>>,
    label: Spanned<RawLocalized>,
    highlight: Option<bool>,
}

/// Checks a metric id: ASCII snake_case, starting with a letter.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && id.len() <= 64
}

impl Metric {
    /// Validates one `[metrics.ID]` table; every problem in it is returned.
    pub fn from_raw(
        id: Spanned<String>,
        raw: Spanned<RawMetric>,
        source: &SourceFile,
    ) -> Result<Metric, Vec<Diagnostic>> {
        let defined_at = source.location(raw.span());
        let RawMetric {
            value,
            unit,
            approx,
            label,
            highlight,
        } = raw.into_inner();
        let mut problems = Vec::new();
        if id.get_ref().len() > 64 {
            problems.push(
                Diagnostic::error(format!(
                    "metric id `{}` is longer than 64 characters",
                    crate::diagnostics::shorten(id.get_ref(), 40)
                ))
                .at(source.location(id.span()))
                .hint("a short name of what is counted, like `resident_visits`"),
            );
        } else if !valid_id(id.get_ref()) {
            problems.push(
                Diagnostic::error(format!(
                    "metric id `{}` is not snake_case ASCII",
                    id.get_ref()
                ))
                .at(source.location(id.span()))
                .hint("use lowercase letters, digits and underscores, like `resident_visits`"),
            );
        }
        let what = format!("the label of metric `{}`", id.get_ref());
        let label = Localized::from_raw(label, source, &what).unwrap_or_else(|err| {
            problems.push(err);
            Localized::default()
        });
        let (unit, places) = parse_unit(unit, source).unwrap_or_else(|err| {
            problems.push(err);
            unit::from_table("", "")
        });
        let value = value.and_then(|v| {
            value::parse(&v, places, source)
                .map_err(|err| problems.push(err.at(source.location(v.span()))))
                .ok()
        });
        let approx = approx.map_or(Ok(Approx::EXACT), |a| parse_approx(a, source));
        let approx = approx.unwrap_or_else(|err| {
            problems.push(err);
            Approx::EXACT
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let written = Lang::ALL.map(|lang| format::figure(value, &unit, approx, lang));
        let short = format::short_figure(value, &unit, approx, Lang::En);
        Ok(Metric {
            id: id.into_inner(),
            value,
            unit,
            approx,
            label,
            highlight: highlight.unwrap_or(false),
            defined_at,
            written,
            short,
            plain: value.map(|v| v.to_string()).unwrap_or_default(),
        })
    }
}

fn parse_unit(raw: Spanned<unit::RawUnit>, source: &SourceFile) -> Result<(Unit, u32), Diagnostic> {
    let span = raw.span();
    match raw.into_inner() {
        unit::RawUnit::Table(table) => {
            for written in [&table.zh, &table.en] {
                check_front_matter_text(source, span.clone(), written, "the unit")?;
            }
            Ok(unit::from_table(table.zh.trim(), &table.en))
        }
        unit::RawUnit::Catalog(zh) => unit::lookup(zh.trim()).ok_or_else(|| {
            Diagnostic::error(format!("unknown unit `{zh}`"))
                .at(source.location(span))
                .hint(format!(
                    "give its English form too: unit = {{ zh = \"{zh}\", en = \"…\" }} \
                     (the catalog knows {})",
                    unit::catalog().join(" ")
                ))
        }),
    }
}

/// `approx = "over"`, or `approx = { kind = "over", zh = "多" }` to keep the report's word.
fn parse_approx(
    raw: Spanned<approx::RawApprox>,
    source: &SourceFile,
) -> Result<Approx, Diagnostic> {
    let at = source.location(raw.span());
    let (kind, zh) = match raw.into_inner() {
        approx::RawApprox::Kind(kind) => (kind, None),
        approx::RawApprox::Written(w) => (w.kind, Some(w.zh)),
    };
    let Some(qualifier) = Qualifier::parse(&kind) else {
        let names: Vec<&str> = Qualifier::NAMES.iter().map(|(n, _)| *n).collect();
        let hint = match closest(&kind, &names) {
            Some(best) => format!("did you mean \"{best}\"?"),
            None => format!("approx is one of: {}", names.join(", ")),
        };
        return Err(Diagnostic::error(format!("unknown approx \"{kind}\""))
            .at(at)
            .hint(hint));
    };
    let Some(zh) = zh else {
        return Ok(Approx::of(qualifier));
    };
    match Approx::written(zh.trim()) {
        Some(approx) if approx.kind == qualifier => Ok(approx),
        _ => {
            let words: Vec<&str> = qualifier.words().collect();
            let hint = match words.is_empty() {
                true => "an exact figure has no qualifier word".to_string(),
                false => format!("a qualifier \"{kind}\" is written {}", words.join(" ")),
            };
            Err(Diagnostic::error(format!(
                "“{zh}” is not a Chinese word for approx \"{kind}\""
            ))
            .at(at)
            .hint(hint))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_snake_case_ids() {
        assert!(valid_id("resident_visits"));
        assert!(valid_id("units_2018"));
        for bad in ["", "Resident", "2018_units", "a-b", "走访", "a b", "../x"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
