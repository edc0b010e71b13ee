//! The glossary, `content/glossary.toml`: the standard English of the report's set terms
//! (programme names, slogans), with a note for foreign readers.
//!
//! ```toml
//! [[term]]
//! zh = "大调研"
//! en = "Big Survey"
//! note = { zh = "……", en = "A city-wide campaign …" }
//! aliases = ["Great Survey"]          # other English a search should find it by
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};

/// One term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub zh: String,
    pub en: String,
    pub note_zh: String,
    pub note_en: String,
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    zh: String,
    en: String,
    note: Option<RawNote>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    zh: String,
    en: String,
}

/// The glossary's path under a root.
pub fn path(root: &Path) -> std::path::PathBuf {
    root.join("content").join("glossary.toml")
}

/// Reads `content/glossary.toml`; no file is an empty glossary.
pub fn load(root: &Path) -> Result<Vec<Term>, Diagnostic> {
    let path = path(root);
    let shown = crate::content::shown_path(root, "content/glossary.toml");
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|err| {
        Diagnostic::error(format!("cannot read {}: {err}", shown.display()))
            .at(Location::file(&shown))
    })?;
    parse(&text).map_err(|why| Diagnostic::error(why).at(Location::file(&shown)))
}

/// Parses a glossary's text, every term with both languages.
pub fn parse(text: &str) -> Result<Vec<Term>, String> {
    let raw: RawGlossary = toml::from_str(text).map_err(|err| err.message().to_string())?;
    raw.term
        .into_iter()
        .map(
            |RawTerm {
                 zh,
                 en,
                 note,
                 aliases,
             }| {
                if zh.trim().is_empty() || en.trim().is_empty() {
                    return Err(format!("a term needs both `zh` and `en` (`{zh}` / `{en}`)"));
                }
                let (note_zh, note_en) = note.map_or_else(Default::default, |n| (n.zh, n.en));
                Ok(Term {
                    zh,
                    en,
                    note_zh,
                    note_en,
                    aliases,
                })
            },
        )
        .collect()
}

/// The terms whose Chinese is in `zh`, longest first (so 两个全覆盖 wins over a shorter
/// term inside it).
pub fn terms_in<'a>(terms: &'a [Term], zh: &str) -> Vec<&'a Term> {
    let mut found: Vec<&Term> = terms.iter().filter(|t| zh.contains(&t.zh)).collect();
    found.sort_by_key(|t| std::cmp::Reverse(t.zh.chars().count()));
    found
}

/// Whether `en` uses the term's English (or an alias), ignoring case.
pub fn english_has(term: &Term, en: &str) -> bool {
    let en = en.to_lowercase();
    std::iter::once(&term.en)
        .chain(&term.aliases)
        .any(|name| en.contains(&name.to_lowercase()))
}

/// The anchor of a term on the glossary page: `term-` and its English, lowercased, hyphens
/// between words.
pub fn anchor(term: &Term) -> String {
    let words: Vec<String> = term
        .en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("term-{}", words.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY: &str = "[[term]]\nzh = \"大调研\"\nen = \"Big Survey\"\n\
        [[term]]\nzh = \"垃圾分类\"\nen = \"waste sorting\"\naliases = [\"garbage sorting\"]\n";

    #[test]
    fn finds_terms_and_their_english() {
        let terms = parse(GLOSSARY).unwrap();
        let found = terms_in(&terms, "以“大调研”推进垃圾分类");
        assert_eq!(found.len(), 2);
        assert!(english_has(&terms[1], "Garbage sorting began"));
        assert!(!english_has(&terms[0], "the survey"));
        assert_eq!(anchor(&terms[0]), "term-big-survey");
    }

    #[test]
    fn refuses_a_term_without_english() {
        assert!(parse("[[term]]\nzh = \"七无\"\nen = \"\"\n").is_err());
    }
}
