//! Typographic quotes and apostrophes for English front-matter texts (titles, summaries,
//! labels, site.toml), as Markdown's smart punctuation gives the English bodies: "Jing'an"
//! becomes "Jing’an" in a title as it does in the text.

/// `"a"` → `“a”`, `'a'` → `‘a’`, `Jing'an` → `Jing’an`; other characters as they are.
pub fn typographic(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let opens = previous.is_none_or(|p| p.is_whitespace() || "([{‘“—–-/".contains(p));
        let shown = match c {
            '"' if opens => '“',
            '"' => '”',
            '\'' if opens && chars.peek().is_some_and(|n| !n.is_whitespace()) => '‘',
            '\'' => '’',
            other => other,
        };
        out.push(shown);
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::typographic;

    #[test]
    fn curls_quotes_and_apostrophes_in_english_texts() {
        assert_eq!(typographic("Jing'an District"), "Jing’an District");
        assert_eq!(
            typographic("the \"Nanxi spirit\" (its 'motto')"),
            "the “Nanxi spirit” (its ‘motto’)"
        );
        assert_eq!(typographic("residents' homes"), "residents’ homes");
        assert_eq!(typographic("no quotes"), "no quotes");
    }
}
