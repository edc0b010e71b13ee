//! The glossary page (`/zh/glossary/`, `/en/glossary/`), and the link a text's first use of
//! each term gets to its entry: `<a class="term" href="…/glossary/#term-big-survey"><dfn>Big
//! Survey</dfn></a>`, a plain link that works without hover, pointer or script.

use crate::config::Lang;
use crate::diagnostics::Diagnostic;
use crate::translate::glossary::{self, Term};

use super::context::{GlossaryPage, GlossaryTerm, PageData, Txt};
use super::pages::Page;
use super::{Renderer, paths};

/// The term's name in `lang`.
fn name(term: &Term, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &term.zh,
        Lang::En => &term.en,
    }
}

fn note(term: &Term, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &term.note_zh,
        Lang::En => &term.note_en,
    }
}

impl Renderer<'_> {
    pub(super) fn glossary(
        &self,
        page: Page,
        lang: Lang,
        linker: &paths::Linker,
    ) -> Result<PageData<'_>, Diagnostic> {
        let terms = self
            .site
            .glossary
            .iter()
            .map(|term| GlossaryTerm {
                anchor: glossary::anchor(term),
                term: Txt {
                    text: name(term, lang).to_string(),
                    lang: None,
                },
                other: Txt {
                    text: name(term, lang.other()).to_string(),
                    lang: Some(lang.other().tag()),
                },
                note: Txt {
                    text: note(term, lang).to_string(),
                    lang: None,
                },
                aliases: term.aliases.join(", "),
            })
            .collect();
        let title = format!(
            "{} · {}",
            self.string(lang, "glossary_title"),
            self.site_title(lang)
        );
        let description = self.string(lang, "glossary_description");
        let crumbs = vec![
            self.home_crumb(lang, linker),
            self.own_crumb(page, lang, "glossary_title", linker),
        ];
        let common = self.common(page, lang, title, description, crumbs);
        self.context_of(common, GlossaryPage { glossary: terms })
    }
}

/// Elements whose text is never marked: links (a link in a link is invalid), code, figures,
/// headings, and text in the other language.
const SKIPPED: &[&str] = &[
    "a", "code", "pre", "data", "h1", "h2", "h3", "h4", "h5", "h6", "span", "sup",
];

/// `html` with the first use of each term in the text of language `shown` linked to the
/// glossary of the page's language. `link` is the glossary's address as `markdown::place`
/// resolves it.
pub fn mark_terms(html: &str, terms: &[Term], shown: Lang, link: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut used = vec![false; terms.len()];
    let mut skipped = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        if skipped == 0 {
            out.push_str(&mark_text(text, terms, shown, link, &mut used));
        } else {
            out.push_str(text);
        }
        let tag_end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..tag_end];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if SKIPPED.contains(&name.as_str()) && !tag.ends_with("/>") {
            if tag.starts_with("</") {
                skipped = skipped.saturating_sub(1);
            } else {
                skipped += 1;
            }
        }
        out.push_str(tag);
        rest = &after[tag_end..];
    }
    out
}

/// Marks, in one run of text, each term not yet used whose name occurs in it.
fn mark_text(text: &str, terms: &[Term], shown: Lang, link: &str, used: &mut [bool]) -> String {
    let mut marks: Vec<(usize, usize, usize)> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        if used[i] {
            continue;
        }
        let found = match shown {
            Lang::Zh => text.find(&term.zh).map(|at| (at, at + term.zh.len())),
            Lang::En => find_english(text, &term.en),
        };
        let Some((start, end)) = found else { continue };
        if marks.iter().any(|&(s, e, _)| start < e && s < end) {
            continue;
        }
        used[i] = true;
        marks.push((start, end, i));
    }
    marks.sort_unstable();
    let mut out = String::with_capacity(text.len() + marks.len() * 80);
    let mut copied = 0;
    for (start, end, i) in marks {
        out.push_str(&text[copied..start]);
        out.push_str(&format!(
            "<a class=\"term\" href=\"{link}#{}\"><dfn>{}</dfn></a>",
            glossary::anchor(&terms[i]),
            &text[start..end]
        ));
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// A whole-word, case-insensitive match of an English term (ASCII case only, so byte
/// offsets stay those of `text`).
fn find_english(text: &str, term: &str) -> Option<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let needle = term.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle).map(|i| from + i) {
        let end = at + needle.len();
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some((at, end));
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<Term> {
        glossary::parse("[[term]]\nzh = \"大调研\"\nen = \"Big Survey\"\n").unwrap()
    }

    #[test]
    fn links_only_the_first_use_outside_links_and_headings() {
        let html = "<h2>The Big Survey</h2><p>the <a href=\"x\">Big Survey</a>, the big survey and the Big Survey.</p>";
        assert_eq!(
            mark_terms(html, &terms(), Lang::En, "G"),
            "<h2>The Big Survey</h2><p>the <a href=\"x\">Big Survey</a>, the <a class=\"term\" href=\"G#term-big-survey\"><dfn>big survey</dfn></a> and the Big Survey.</p>"
        );
    }

    #[test]
    fn marks_chinese_terms_and_whole_english_words_only() {
        assert_eq!(
            mark_terms("<p>推进大调研。</p>", &terms(), Lang::Zh, "G"),
            "<p>推进<a class=\"term\" href=\"G#term-big-survey\"><dfn>大调研</dfn></a>。</p>"
        );
        assert_eq!(
            mark_terms("<p>Big Surveys</p>", &terms(), Lang::En, "G"),
            "<p>Big Surveys</p>"
        );
    }
}
