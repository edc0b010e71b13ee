//! TOML read out of a source file (site.toml, theme.toml, front matter), with serde's
//! messages rewritten for people who edit reports: the key, the place, a "did you mean".

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// Parses the TOML at `range` of `source` into `T`; errors point into the source file.
pub fn parse<T: DeserializeOwned>(
    source: &SourceFile,
    range: Range<usize>,
    what: &str,
) -> Result<T, Diagnostic> {
    // Blank out what precedes the range (keeping its line breaks), so that every span
    // serde reports, including those kept in `Spanned` values, is an offset into the file.
    let mut text: String = source.text[..range.start]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    text.push_str(&source.text[range.clone()]);
    toml::from_str(&text).map_err(|err| {
        let span = err
            .span()
            .unwrap_or_else(|| deepest_line(&text, range.clone()));
        let written = text.get(span.clone()).unwrap_or_default();
        explain(err.message(), written, what).at(source.location(span))
    })
}

/// Where to point when the parser gives no place (serde's recursion limit, reached by a
/// long run of dotted keys): the start of the line of `range` with the most `[`, `{` and
/// `.`, which is where such a run stands.
fn deepest_line(text: &str, range: Range<usize>) -> Range<usize> {
    let mut best = (0, range.start);
    let mut start = range.start;
    for line in text[range].split_inclusive('\n') {
        let nesting = line
            .chars()
            .filter(|c| matches!(c, '[' | '{' | '.'))
            .count();
        if nesting > best.0 {
            best = (nesting, start);
        }
        start += line.len();
    }
    best.1..best.1
}

/// Turns serde's wording into a message and a hint that say what to change; `written` is
/// the text the error points at.
fn explain(message: &str, written: &str, what: &str) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let diagnostic = Diagnostic::error(format!("unknown key `{key}` in {what}"));
        return match closest(key, &allowed) {
            Some(best) => diagnostic.hint(format!("did you mean `{best}`?")),
            None if allowed.is_empty() => diagnostic.hint("this table takes no keys"),
            None => diagnostic.hint(format!("the keys allowed here are: {}", allowed.join(", "))),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        let diagnostic = Diagnostic::error(format!("missing key `{key}` in {what}"));
        return if key == "zh" || key == "en" {
            diagnostic.hint(
                "every text is given in both languages: { zh = \"…\", en = \"…\" }; \
                 write en = \"\" to mark a text that is not yet translated",
            )
        } else {
            diagnostic.hint(format!("add `{key} = …`"))
        };
    }
    if message == "duplicate key" {
        return Diagnostic::error(format!("the same key is given twice in {what}"))
            .hint("remove or rename one of them");
    }
    // TOML whole numbers are 64-bit; the parser reads a longer one and then refuses it.
    if let Some(rest) = message.strip_prefix("invalid type: integer `")
        && let Some((number, _)) = rest.split_once("` as i128")
    {
        return Diagnostic::error(format!("number `{number}` is too large in {what}"))
            .hint("TOML whole numbers stop at 9223372036854775807; check the figure");
    }
    // Beyond 39 digits, or beyond a binary float, TOML gives up on a number altogether.
    if message == "integer number overflowed" || message == "floating-point number overflowed" {
        return Diagnostic::error(format!(
            "number `{}` is too large in {what}",
            shortened(written)
        ))
        .hint("check the figure for extra digits");
    }
    let message = editors_words(message);
    let error = Diagnostic::error(format!("invalid TOML in {what}: {message}"));
    if message.contains("recurs") {
        return error
            .hint("something nests too deeply: look for a long run of `[`, `{` or dotted keys");
    }
    error.hint(
        "look at this line and the one before it: a missing `}`, `]` or `\"`, or a missing `=`",
    )
}

/// What serde calls by the program's own type names (`struct RawLocalized`, `untagged enum
/// RawUnit`), said the way the content format describes it.
fn editors_words(message: &str) -> String {
    const SHAPES: &[(&str, &str)] = &[
        (
            "RawLocalized",
            "a text in both languages, like { zh = \"…\", en = \"…\" }",
        ),
        (
            "RawUnitTable",
            "a unit table, like { zh = \"场\", en = \"sessions\" }",
        ),
        (
            "RawUnit",
            "a unit: a word like \"人\", or a table like { zh = \"场\", en = \"sessions\" }",
        ),
        ("RawMetric", "a metric table with value, unit and label"),
        ("RawSection", "a section's front matter"),
        ("RawCover", "a year's cover front matter"),
        ("RawSiteConfig", "the settings of site.toml"),
        ("RawManifest", "a theme's theme.toml"),
        ("RawOption", "a theme option table"),
    ];
    let mut said = message.to_string();
    for (name, words) in SHAPES {
        for prefix in [
            "data did not match any variant of untagged enum ",
            "untagged enum ",
            "struct ",
            "enum ",
        ] {
            let internal = format!("{prefix}{name}");
            if said.contains(&internal) {
                let replacement = if prefix.starts_with("data") {
                    format!("expected {words}")
                } else {
                    (*words).to_string()
                };
                said = said.replace(&internal, &replacement);
            }
        }
    }
    said
}

/// At most 40 characters of what was written, so a pasted column does not fill the screen.
pub fn shortened(text: &str) -> String {
    const MOST: usize = 40;
    match text.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The names inside backticks: "expected one of `a`, `b`" gives ["a", "b"].
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate nearest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::path::Path;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Cover {
        title: String,
        publisher: String,
    }

    fn parse_cover(text: &str) -> Diagnostic {
        let source = SourceFile::new(Path::new("_year.md"), text.to_string());
        parse::<Cover>(&source, 0..text.len(), "the front matter").unwrap_err()
    }

    #[test]
    fn suggests_the_key_meant_by_a_typo() {
        let err = parse_cover("titel = \"a\"\npublisher = \"b\"\n");
        assert_eq!(err.message, "unknown key `titel` in the front matter");
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(err.location.unwrap().line, 1);
    }

    #[test]
    fn lists_allowed_keys_when_nothing_is_close() {
        let err = parse_cover("title = \"a\"\ncolour = 1\n");
        assert_eq!(
            err.hint.as_deref(),
            Some("the keys allowed here are: title, publisher")
        );
        assert_eq!(err.location.unwrap().line, 2);
    }

    #[test]
    fn never_names_the_programs_own_types() {
        let source = SourceFile::new(
            Path::new("01-a.md"),
            "[metrics.a]\nvalue = 1\nunit = 5\nlabel = \"走访\"\n".into(),
        );
        type Tables = std::collections::BTreeMap<
            String,
            std::collections::BTreeMap<String, crate::metrics::RawMetric>,
        >;
        let Err(err) = parse::<Tables>(&source, 0..source.text.len(), "the front matter") else {
            panic!("a number is not a unit");
        };
        assert!(!err.message.contains("Raw"), "{}", err.message);
        assert!(
            err.message.contains("a unit: a word like"),
            "{}",
            err.message
        );
    }

    #[test]
    fn names_a_number_too_large_for_toml() {
        let digits = "1234567890".repeat(4);
        for number in [digits.as_str(), "1e400"] {
            let err = parse_cover(&format!("title = \"a\"\npublisher = {number}\n"));
            assert_eq!(
                err.message,
                format!("number `{number}` is too large in the front matter")
            );
            assert_eq!(err.location.unwrap().line, 2);
        }
    }

    #[test]
    fn points_a_placeless_error_at_the_most_nested_line() {
        let text = "title = 1\nkeys = [1, 2]\na.b.c.d = 1\nend = 2\n";
        let third = text.find("a.b").unwrap();
        assert_eq!(deepest_line(text, 0..text.len()), third..third);
        assert_eq!(deepest_line("x = 1\n", 0..6), 0..0, "no nesting: the start");
    }

    #[test]
    fn measures_edit_distance_in_characters() {
        assert_eq!(edit_distance("走访居民", "走访居名"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            closest("hightlight", &["highlight", "label"]),
            Some("highlight")
        );
        assert_eq!(closest("zzz", &["highlight", "label"]), None);
    }
}
