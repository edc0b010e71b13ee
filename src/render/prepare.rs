//! Every document's Markdown, rendered once per page language before any page is built,
//! on every core. A section appears on its own page, in two print editions, in the search
//! index, in descriptions and feeds; each of those places the one rendering (ids prefixed,
//! links rewritten) instead of parsing the Markdown again.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use crate::config::Lang;
use crate::content::{Document, PLACEHOLDER, Year};
use crate::markdown::{self, Figure, MarkdownOptions};
use crate::metrics::Metric;
use crate::site::Site;

/// A document of a year: its cover (`section: None`) or one of its sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub year: usize,
    pub section: Option<usize>,
}

impl DocRef {
    pub fn cover(year: usize) -> DocRef {
        DocRef {
            year,
            section: None,
        }
    }

    pub fn section(year: usize, section: usize) -> DocRef {
        DocRef {
            year,
            section: Some(section),
        }
    }

    pub fn document<'s>(&self, site: &'s Site) -> &'s Document {
        let year = &site.years[self.year];
        match self.section {
            None => &year.cover.document,
            Some(s) => &year.sections[s].document,
        }
    }
}

/// One document as a page in one language shows it.
#[derive(Debug)]
pub struct Prepared {
    /// The language the text is in: the page's, or the other when it is not translated.
    pub shown: Lang,
    pub rendered: markdown::Rendered,
    /// Still the placeholder of `nianbao new`.
    pub draft: bool,
    /// The first sentences as plain text, for description tags.
    pub description: String,
}

/// The prepared documents of a site: all at once for a build, or one at a time as pages
/// ask for them (the preview server renders only the pages a browser requests).
#[derive(Debug, Default)]
pub struct Bodies {
    prepared: RwLock<PreparedMap>,
    /// Years whose sections were let go (`release_sections`): asking for one again is a bug,
    /// since their text may be gone too.
    released: RwLock<Vec<usize>>,
}

/// Each document in each language; `None` for one without any text.
type PreparedMap = HashMap<(DocRef, Lang), Option<Arc<Prepared>>>;

impl Bodies {
    /// Renders every document of the site in each of its languages, in parallel.
    pub fn prepare(site: &Site) -> Bodies {
        let bodies = Bodies::default();
        bodies.prepare_years(site, 0..site.years.len());
        bodies
    }

    /// `prepare`, a year at a time, letting go of each year's text (`Document::forget_text`)
    /// as soon as its documents are rendered: the site never holds all of its text and all
    /// of its rendered Markdown at once. Messages can no longer point into the text after.
    pub fn prepare_forgetting(site: &mut Site) -> Bodies {
        let bodies = Bodies::default();
        for y in 0..site.years.len() {
            bodies.prepare_years(site, y..y + 1);
            let year = Arc::make_mut(&mut site.years[y]);
            let documents = std::iter::once(&mut year.cover.document)
                .chain(year.sections.iter_mut().map(|s| &mut s.document));
            for document in documents {
                document.forget_text();
            }
        }
        bodies
    }

    /// Renders the documents of the given years in each language, in parallel.
    fn prepare_years(&self, site: &Site, years: std::ops::Range<usize>) {
        let mut work = Vec::new();
        for y in years {
            let docs = std::iter::once(DocRef::cover(y))
                .chain((0..site.years[y].sections.len()).map(|s| DocRef::section(y, s)));
            for doc in docs {
                work.extend(site.config.languages.iter().map(|&lang| (doc, lang)));
            }
        }
        let prepared = crate::parallel::map(&work, |&(doc, lang)| {
            ((doc, lang), prepare(site, doc, lang).map(Arc::new))
        });
        self.prepared
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .extend(prepared);
    }

    /// Lets go of the sections of year `y` once every page that shows them is made (their
    /// covers stay: the feeds show them).
    pub fn release_sections(&self, y: usize) {
        self.released
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(y);
        self.prepared
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(doc, _), _| doc.year != y || doc.section.is_none());
    }

    /// Nothing prepared yet: each document is rendered when a page first needs it.
    pub fn lazy() -> Bodies {
        Bodies::default()
    }

    /// A document as a page in `lang` shows it; none when it has no text at all.
    pub fn get(&self, site: &Site, doc: DocRef, lang: Lang) -> Option<Arc<Prepared>> {
        let key = (doc, lang);
        if let Some(found) = self
            .prepared
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return found.clone();
        }
        assert!(
            doc.section.is_none()
                || !self
                    .released
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .contains(&doc.year),
            "a section of a year already let go was asked for again"
        );
        let made = prepare(site, doc, lang).map(Arc::new);
        self.prepared
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, made.clone());
        made
    }
}

fn prepare(site: &Site, doc: DocRef, lang: Lang) -> Option<Prepared> {
    let document = doc.document(site);
    let year = &site.years[doc.year];
    let (body, shown) = match document.body(lang) {
        Some(body) => (body, lang),
        None => (document.body(lang.other())?, lang.other()),
    };
    let own = doc
        .section
        .map_or(&[][..], |s| &year.sections[s].metrics[..]);
    let figures = figures(year, own, &body.citations, shown);
    let options = MarkdownOptions {
        lang: shown,
        allow_html: site.config.allow_html,
        figures: &figures,
    };
    let mut rendered = markdown::render(body, &options);
    if !site.glossary.is_empty() {
        let link = markdown::site_link(&super::paths::glossary(lang));
        rendered.html = super::glossary::mark_terms(&rendered.html, &site.glossary, shown, &link);
    }
    let text: Vec<&str> = rendered.chunks.iter().map(|c| c.text.as_str()).collect();
    let description = shorten(&text.join(" "), if shown == Lang::Zh { 90 } else { 160 });
    Some(Prepared {
        shown,
        draft: body.markdown.contains(PLACEHOLDER),
        rendered,
        description,
    })
}

/// The figures a document's block in `lang` cites.
pub fn figures_of(
    site: &Site,
    doc: DocRef,
    citations: &[crate::content::cite::Citation],
    lang: Lang,
) -> Vec<Figure> {
    let year = &site.years[doc.year];
    let own = doc
        .section
        .map_or(&[][..], |s| &year.sections[s].metrics[..]);
    figures(year, own, citations, lang)
}

/// The figures a document cites, looked up among its own section's metrics first (where
/// nearly all citations point), then in the whole year.
fn figures(
    year: &Year,
    own: &[Metric],
    citations: &[crate::content::cite::Citation],
    lang: Lang,
) -> Vec<Figure> {
    citations
        .iter()
        .map(|citation| {
            own.iter()
                .find(|m| m.id == citation.metric)
                .or_else(|| year.metric(&citation.metric))
        })
        .map(|found| match found {
            Some(metric) => Figure {
                text: metric.figure(lang).to_string(),
                value: metric.plain_value().to_string(),
                id: if own.iter().any(|m| m.id == metric.id) {
                    metric.id.clone()
                } else {
                    String::new()
                },
            },
            None => Figure {
                text: String::new(),
                value: String::new(),
                id: String::new(),
            },
        })
        .collect()
}

/// Cuts text to at most `max` characters, at a character boundary, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_on_characters() {
        assert_eq!(shorten("南京西路街道圆满完成", 5), "南京西路…");
        assert_eq!(shorten("short  text", 20), "short text");
    }
}
