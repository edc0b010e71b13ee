//! The search index: one file per language and year, loaded by the search page when a
//! visitor searches, newest year first, so a site of fifty years never makes one large file. It holds the plain text of every section under its headings, so the browser
//! can match any substring of Chinese (words are not separated in Chinese, so a word index
//! would miss "签约率" inside "签约率达97.15%") and English words by prefix.
//!
//! Each file is a script that adds its documents to the index (`window.nianbaoIndex.zh`)
//! rather than JSON, so search also works when the site is opened from disk, where browsers
//! refuse to fetch files.

use crate::config::Lang;
use crate::escape;
use crate::markdown::TextChunk;
use crate::render::{DocRef, OutputFile, Page, Renderer};

/// The search itself: the same for every theme, so a theme cannot break it. Its matching
/// core is what the tests run under Node.
pub const SCRIPT: &str = include_str!("search.js");

/// Where the script is written.
pub const SCRIPT_PATH: &str = "search/search.js";

/// The path of a language's index of one year: `search/zh/2018.js`.
pub fn index_path(lang: Lang, year: u16) -> String {
    format!("search/{}/{year}.js", lang.code())
}

/// The script and one index file per language and year, each made when the one before it
/// has been handed on (together they are tens of megabytes on a site of fifty years).
pub fn files<'r>(renderer: &'r Renderer) -> impl Iterator<Item = OutputFile> + 'r {
    std::iter::once(script())
        .chain((0..renderer.site.years.len()).flat_map(move |y| year_files(renderer, y)))
}

/// The search script.
pub fn script() -> OutputFile {
    OutputFile {
        path: SCRIPT_PATH.to_string(),
        bytes: SCRIPT.as_bytes().to_vec(),
    }
}

/// The index files of year `y`, one per language.
pub fn year_files<'r>(renderer: &'r Renderer, y: usize) -> impl Iterator<Item = OutputFile> + 'r {
    renderer
        .site
        .config
        .languages
        .iter()
        .map(move |&lang| OutputFile {
            path: index_path(lang, renderer.site.years[y].year),
            bytes: index(renderer, lang, y).into_bytes(),
        })
}

/// The documents of year `y` in `lang`: its cover and its sections.
fn index(renderer: &Renderer, lang: Lang, y: usize) -> String {
    let mut docs = Vec::new();
    {
        let year = &renderer.site.years[y];
        let cover = &year.cover;
        let url = link_path(renderer, Page::Year(lang, y));
        let title = cover.title.show(lang).0;
        let prepared = renderer.bodies.get(renderer.site, DocRef::cover(y), lang);
        let chunks = prepared
            .as_ref()
            .map_or(&[][..], |p| p.rendered.chunks.as_slice());
        docs.push(doc(title, year.year, &url, chunks, ""));
        for (s, section) in year.sections.iter().enumerate() {
            let url = link_path(renderer, Page::Section(lang, y, s));
            let title = section.title.show(lang).0;
            let prepared = renderer
                .bodies
                .get(renderer.site, DocRef::section(y, s), lang);
            let chunks = prepared
                .as_ref()
                .map_or(&[][..], |p| p.rendered.chunks.as_slice());
            // Figures as either language writes them, and as plain numbers, so "17000",
            // "1.7万" and "17,000" all find the section.
            let figures: Vec<String> = section
                .metrics
                .iter()
                .flat_map(|m| {
                    let plain = m.plain_value().to_string();
                    [
                        plain,
                        m.figure(Lang::Zh).to_string(),
                        m.figure(Lang::En).to_string(),
                        m.label.show(lang).0.to_string(),
                    ]
                })
                .collect();
            let terms = terms_of(renderer, DocRef::section(y, s));
            let extra = format!("{} {terms}", figures.join(" "));
            docs.push(doc(title, year.year, &url, chunks, &extra));
        }
    }
    let code = lang.code();
    format!(
        "(function (i) {{ var x = i[\"{code}\"] = i[\"{code}\"] || {{\"lang\": \"{code}\", \"docs\": []}}; x.docs = x.docs.concat([\n{}\n]); }})(window.nianbaoIndex = window.nianbaoIndex || {{}});\n",
        docs.join(",\n")
    )
}

/// The glossary's terms a document uses, in both languages and with their aliases, so that
/// "rubbish" finds the section on waste sorting although its English says "waste".
fn terms_of(renderer: &Renderer, doc: DocRef) -> String {
    let text = |lang| {
        renderer
            .bodies
            .get(renderer.site, doc, lang)
            .map(|p| {
                let chunks: Vec<&str> = p.rendered.chunks.iter().map(|c| c.text.as_str()).collect();
                chunks.join(" ")
            })
            .unwrap_or_default()
    };
    let (zh, en) = (text(Lang::Zh), text(Lang::En));
    let mut found = Vec::new();
    for term in &renderer.site.glossary {
        if zh.contains(&term.zh) || crate::translate::glossary::english_has(term, &en) {
            found.push(term.zh.as_str());
            found.push(term.en.as_str());
            found.extend(term.aliases.iter().map(String::as_str));
        }
    }
    found.join(" ")
}

/// Where a result links, from the site's root: the page's `index.html` when pages link to
/// files, so a result opens on a site read from disk too.
fn link_path(renderer: &Renderer, page: Page) -> String {
    let path = renderer.site_path(page);
    if renderer.options.file_links {
        crate::render::paths::output_file(&path)
    } else {
        path
    }
}

fn doc(title: &str, year: u16, url: &str, chunks: &[TextChunk], figures: &str) -> String {
    let chunks: Vec<String> = chunks
        .iter()
        .map(|c| {
            format!(
                "{{\"a\": \"{}\", \"h\": \"{}\", \"t\": \"{}\"}}",
                escape::json(c.anchor.as_deref().unwrap_or("")),
                escape::json(c.heading.trim()),
                escape::json(&c.text.split_whitespace().collect::<Vec<_>>().join(" "))
            )
        })
        .collect();
    format!(
        "{{\"title\": \"{}\", \"year\": {year}, \"url\": \"{}\", \"figures\": \"{}\", \"chunks\": [{}]}}",
        escape::json(title),
        escape::json(url),
        escape::json(figures),
        chunks.join(", ")
    )
}
