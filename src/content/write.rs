//! Writing content files, for the commands that create them (`new`): TOML that reads like a
//! person wrote it, with every string quoted and escaped by the TOML library.

use crate::config::{Lang, Localized};
use crate::metrics::unit::{self, English};
use crate::metrics::{Metric, Qualifier, Unit};

/// A TOML string literal.
pub fn string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `{ zh = "…", en = "…" }`.
pub fn localized(text: &Localized) -> String {
    format!(
        "{{ zh = {}, en = {} }}",
        string(text.get(Lang::Zh)),
        string(text.get(Lang::En))
    )
}

/// `"户"` for a catalog unit, `{ zh = "次", en = "sessions" }` for any other.
pub fn unit(unit: &Unit) -> String {
    match unit::lookup(&unit.zh) {
        Some((catalog, 0)) if catalog == *unit => string(&unit.zh),
        _ => {
            let en = match &unit.en {
                English::Bare => "",
                _ => unit.en_name(),
            };
            format!("{{ zh = {}, en = {} }}", string(&unit.zh), string(en))
        }
    }
}

/// A `[metrics.ID]` table. `value` is the whole `value = …` line, or a comment standing in
/// for it while the value is pending.
pub fn metric(metric: &Metric, value: &str) -> String {
    let mut table = format!(
        "[metrics.{}]\n{value}\nunit = {}\n",
        metric.id,
        unit(&metric.unit)
    );
    if metric.approx != Qualifier::Exact {
        table.push_str(&format!("approx = {}\n", string(metric.approx.name())));
    }
    table.push_str(&format!("label = {}\n", localized(&metric.label)));
    if metric.highlight {
        table.push_str("highlight = true\n");
    }
    table
}

/// A language block: `::: zh`, the text, `:::`.
pub fn block(lang: Lang, text: &str) -> String {
    format!("::: {}\n{}\n:::\n", lang.code(), text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes_strings() {
        assert_eq!(string("南京西路"), "\"南京西路\"");
        assert_eq!(string("say \"hi\"\\"), "'say \"hi\"\\'");
        let text = Localized::new("“两个美丽”", "\"Beautiful\"");
        let parsed: toml::Table = toml::from_str(&format!("t = {}", localized(&text))).unwrap();
        assert_eq!(parsed["t"]["en"].as_str(), Some("\"Beautiful\""));
    }

    #[test]
    fn writes_catalog_units_by_name_and_others_as_tables() {
        assert_eq!(unit(&unit::lookup("户").unwrap().0), "\"户\"");
        assert_eq!(
            unit(&unit::from_table("次", "sessions").0),
            "{ zh = \"次\", en = \"sessions\" }"
        );
        assert_eq!(
            unit(&unit::from_table("座", "").0),
            "\"座\"",
            "a measure word of the catalog"
        );
        assert_eq!(
            unit(&unit::from_table("眼", "").0),
            "{ zh = \"眼\", en = \"\" }"
        );
    }
}
