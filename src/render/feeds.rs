//! Atom feeds, one per language: an entry per year's report, so readers and aggregators
//! learn when the next year's report is published. Entry ids are the report covers'
//! addresses, which never change once published.

use crate::config::Lang;
use crate::escape;

use super::paths::Linker;
use super::{DocRef, OutputFile, Page, Placement, Renderer};

/// The site path of a language's feed: `zh/atom.xml`.
pub fn path(lang: Lang) -> String {
    format!("{}/atom.xml", lang.code())
}

pub fn files(renderer: &Renderer) -> Vec<OutputFile> {
    renderer
        .site
        .config
        .languages
        .iter()
        .map(|&lang| OutputFile {
            path: path(lang),
            bytes: feed(renderer, lang).into_bytes(),
        })
        .collect()
}

/// When a year's report counts as published: its `date`, or the last day of its year.
fn updated(renderer: &Renderer, y: usize) -> String {
    let year = &renderer.site.years[y];
    let day = year
        .cover
        .date
        .clone()
        .unwrap_or_else(|| format!("{}-12-31", year.year));
    format!("{day}T00:00:00Z")
}

fn feed(renderer: &Renderer, lang: Lang) -> String {
    let base = &renderer.options.base_url;
    let config = &renderer.site.config;
    let home = base.join(&renderer.site_path(Page::Home(lang)));
    let latest = (0..renderer.site.years.len())
        .map(|y| updated(renderer, y))
        .max();
    let publisher = config.publisher.show(lang).0;
    let author = if publisher.is_empty() {
        config.title.show(lang).0
    } else {
        publisher
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <updated>{}</updated>\n<author><name>{}</name></author>\n<generator>nianbao</generator>\n",
        lang.tag(),
        escape::xml(config.title.show(lang).0),
        escape::xml(config.description.show(lang).0),
        escape::xml(&home),
        escape::xml(&home),
        escape::xml(&base.join(&path(lang))),
        latest.unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string()),
        escape::xml(author)
    );
    for y in renderer.newest_first() {
        xml.push_str(&entry(renderer, lang, y));
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(renderer: &Renderer, lang: Lang, y: usize) -> String {
    let year = &renderer.site.years[y];
    let url = renderer
        .options
        .base_url
        .join(&renderer.site_path(Page::Year(lang, y)));
    // Feed readers show entries away from the site: links must be absolute.
    let absolute = Linker::absolute(renderer.options.base_url.as_str());
    let at = Placement::own(renderer.site_path(Page::Year(lang, y)), &absolute);
    let preface = renderer.body(DocRef::cover(y), lang, &at).html;
    let figures: Vec<String> = year
        .sections
        .iter()
        .flat_map(|s| s.metrics.iter().filter(|m| m.highlight))
        .map(|m| {
            format!(
                "<li>{}: {}</li>",
                escape::xml(m.label.show(lang).0),
                escape::xml(m.figure(lang))
            )
        })
        .collect();
    let content = if figures.is_empty() {
        preface
    } else {
        format!("{preface}<ul>{}</ul>", figures.concat())
    };
    format!(
        "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <updated>{}</updated>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
        escape::xml(year.cover.title.show(lang).0),
        escape::xml(&url),
        escape::xml(&url),
        updated(renderer, y),
        escape::xml(year.cover.summary.show(lang).0),
        escape::xml(&content)
    )
}
