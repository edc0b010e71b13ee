//! Writing content files, for the commands that create them (`new`, `import`): TOML that
//! reads like a person wrote it, with every string quoted and escaped by the TOML library,
//! and a new year's folder written whole or not at all.

use std::path::Path;

use crate::config::{Lang, Localized};
use crate::diagnostics::{Diagnostic, Location};
use crate::metrics::unit::{self, English};
use crate::metrics::{Approx, Metric, Unit};

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
                English::Bare | English::Wanted => "",
                _ => unit.en_name(),
            };
            format!("{{ zh = {}, en = {} }}", string(&unit.zh), string(en))
        }
    }
}

/// `"over"`, or `{ kind = "over", zh = "多" }` when the report's word is kept.
pub fn approx(approx: Approx) -> String {
    match approx.word() {
        Some(zh) => format!(
            "{{ kind = {}, zh = {} }}",
            string(approx.kind.name()),
            string(zh)
        ),
        None => string(approx.kind.name()),
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
    if !metric.approx.is_exact() {
        table.push_str(&format!("approx = {}\n", approx(metric.approx)));
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

/// Writes the files into a staging folder beside `folder`, then moves it into place, so a
/// failure leaves no half-imported year.
/// The caller holds the content folder's lock (`crate::lock::lock_content`), so no other
/// nianbao writes the same year meanwhile.
pub fn year_folder(
    folder: &Path,
    shown: &Path,
    files: &[(String, String)],
) -> Result<(), Diagnostic> {
    let cannot = |what: &str, err: std::io::Error| {
        Diagnostic::error(format!("cannot {what} {}: {err}", shown.display()))
            .at(Location::file(shown))
    };
    let parent = folder.parent().unwrap_or(Path::new("."));
    let name = folder
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.nianbao-writing"));
    std::fs::create_dir_all(parent).map_err(|err| cannot("create the folder of", err))?;
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .map_err(|err| cannot("clear the staging folder of", err))?;
    }
    std::fs::create_dir(&staging).map_err(|err| cannot("create", err))?;
    let moved = move_in(&staging, folder, files);
    if moved.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    moved.map_err(|(what, err)| cannot(what, err))
}

fn move_in(
    staging: &Path,
    folder: &Path,
    files: &[(String, String)],
) -> Result<(), (&'static str, std::io::Error)> {
    for (file, text) in files {
        std::fs::File::create_new(staging.join(file))
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|err| ("write", err))?;
    }
    if folder.exists() {
        // The callers let an existing folder through only when it is empty (import --force).
        std::fs::remove_dir(folder).map_err(|err| ("replace", err))?;
    }
    std::fs::rename(staging, folder).map_err(|err| ("create", err))
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
