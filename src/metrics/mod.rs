//! Metrics: the figures of a report. Each is written once, in front matter, with its value,
//! unit and qualifier; pages, tables, charts and open data all read it from here.

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
pub use decimal::Decimal;
pub use unit::Unit;

/// How exact a figure is, as the report words it: 近 600, 1600 余, 超过 90%.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Qualifier {
    #[default]
    Exact,
    About,
    Nearly,
    Over,
    AtLeast,
}

impl Qualifier {
    const NAMES: [(&'static str, Qualifier); 5] = [
        ("exact", Qualifier::Exact),
        ("about", Qualifier::About),
        ("nearly", Qualifier::Nearly),
        ("over", Qualifier::Over),
        ("at_least", Qualifier::AtLeast),
    ];

    pub fn parse(name: &str) -> Option<Qualifier> {
        Qualifier::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, q)| *q)
    }

    /// The name used in front matter and open data.
    pub fn name(self) -> &'static str {
        Qualifier::NAMES
            .iter()
            .find(|(_, q)| *q == self)
            .map_or("exact", |(n, _)| n)
    }
}

/// One figure of one year.
#[derive(Clone, Debug)]
pub struct Metric {
    /// ASCII snake_case, unique within a year; the same id in another year is the same series.
    pub id: String,
    /// `None` while the value is still to be filled in (a scaffolded year).
    pub value: Option<Decimal>,
    pub unit: Unit,
    pub approx: Qualifier,
    pub label: Localized,
    pub highlight: bool,
    /// Where the metric's table starts, for messages.
    pub defined_at: Location,
    /// The figure in each language, written once: pages cite it many times.
    written: [String; 2],
    /// The same as running prose writes it ("more than 1,600" for "1,600+").
    in_prose: [String; 2],
    /// The value in plain notation (`2733.54`), empty while pending.
    plain: String,
}

impl Metric {
    /// The figure as the text of `lang` writes it: "1.7万次", "17,000 visits".
    pub fn figure(&self, lang: Lang) -> &str {
        &self.written[lang as usize]
    }

    /// The figure as a sentence cites it: "more than 1,600 people" rather than "1,600+".
    pub fn prose(&self, lang: Lang) -> &str {
        &self.in_prose[lang as usize]
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
    approx: Option<Spanned<String>>,
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
        let approx = approx.map_or(Ok(Qualifier::Exact), |a| parse_approx(&a, source));
        let approx = approx.unwrap_or_else(|err| {
            problems.push(err);
            Qualifier::Exact
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let written = Lang::ALL.map(|lang| format::figure(value, &unit, approx, lang));
        let in_prose = Lang::ALL.map(|lang| format::prose(value, &unit, approx, lang));
        Ok(Metric {
            id: id.into_inner(),
            value,
            unit,
            approx,
            label,
            highlight: highlight.unwrap_or(false),
            defined_at,
            written,
            in_prose,
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

fn parse_approx(raw: &Spanned<String>, source: &SourceFile) -> Result<Qualifier, Diagnostic> {
    Qualifier::parse(raw.get_ref()).ok_or_else(|| {
        let names: Vec<&str> = Qualifier::NAMES.iter().map(|(n, _)| *n).collect();
        let hint = match closest(raw.get_ref(), &names) {
            Some(best) => format!("did you mean \"{best}\"?"),
            None => format!("approx is one of: {}", names.join(", ")),
        };
        Diagnostic::error(format!("unknown approx \"{}\"", raw.get_ref()))
            .at(source.location(raw.span()))
            .hint(hint)
    })
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

    #[test]
    fn names_every_qualifier_both_ways() {
        for (name, qualifier) in Qualifier::NAMES {
            assert_eq!(Qualifier::parse(name), Some(qualifier));
            assert_eq!(qualifier.name(), name);
        }
        assert_eq!(Qualifier::parse("approximately"), None);
    }
}
