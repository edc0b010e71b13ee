//! The pages of a site and the context each one's template receives.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use crate::config::Lang;
use crate::content::{Section, Year};
use crate::markdown;
use crate::theme::options::OptionContext;

use super::Renderer;
use super::context::*;
use super::paths::{self, Linker};
use super::prepare::DocRef;

/// How many years the year switch of a page shows at most.
pub const YEAR_SWITCH: usize = 10;

/// What the pages of one language at one depth show alike: the common fields that depend
/// on nothing else, made (and converted for templates) once for all of them.
pub struct Frame {
    lang: Shared<LangInfo>,
    site: Shared<SiteInfo>,
    options: Shared<BTreeMap<String, OptionContext>>,
    home_href: String,
    landing_href: String,
    metrics_href: String,
    data_href: String,
    search_href: String,
    glossary_href: String,
    feed_href: String,
}

/// The value `cache` holds for `key`, made by `make` the first time it is asked for.
fn made_once<K: Eq + Hash, V: Clone>(
    cache: &Mutex<HashMap<K, V>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    let mut cache = cache.lock().expect("no panic while holding the lock");
    cache.entry(key).or_insert_with(make).clone()
}

/// The value two pages show alike: the first to ask makes it (outside the lock, so other
/// pages go on meanwhile), the second takes it out of `cache`, since no third page will.
pub(super) fn made_for_two<K: Eq + Hash, V: Clone>(
    cache: &Mutex<HashMap<K, V>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(made) = cache
        .lock()
        .expect("no panic while holding the lock")
        .remove(&key)
    {
        return made;
    }
    let made = make();
    cache
        .lock()
        .expect("no panic while holding the lock")
        .insert(key, made.clone());
    made
}

/// Where a document is rendered: its ids and links depend on the page it lands on.
pub struct Placement<'a> {
    /// Prepended to ids, when several documents share a page (the print editions).
    pub id_prefix: &'a str,
    /// The site path of the document's own page: its relative links are written from there.
    pub own_page: String,
    /// Links from the page being rendered.
    pub linker: &'a Linker,
    /// Levels the text's headings move down: 1 under a section title of its own (print).
    pub heading_shift: usize,
}

impl<'a> Placement<'a> {
    /// A document shown on its own page.
    pub fn own(page: String, linker: &'a Linker) -> Placement<'a> {
        Placement {
            id_prefix: "",
            own_page: page,
            linker,
            heading_shift: 0,
        }
    }
}

/// Every page of the site, by kind. Indexes point into `Site::years` and `Year::sections`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Landing,
    Home(Lang),
    Year(Lang, usize),
    Section(Lang, usize, usize),
    Print(Lang, usize),
    /// The print edition with both languages side by side.
    Bilingual(Lang, usize),
    Metrics(Lang),
    /// One section's metrics across the years: the n-th of `Renderer::metric_parts`.
    MetricsPart(Lang, usize),
    Data(Lang),
    Search(Lang),
    /// The glossary of set terms, when the site has one.
    Glossary(Lang),
    NotFound,
}

impl Page {
    pub fn kind(self) -> &'static str {
        match self {
            Page::Landing => "landing",
            Page::Home(_) => "home",
            Page::Year(..) => "year",
            Page::Section(..) => "section",
            Page::Print(..) => "print",
            Page::Bilingual(..) => "bilingual",
            Page::Metrics(_) | Page::MetricsPart(..) => "metrics",
            Page::Data(_) => "data",
            Page::Search(_) => "search",
            Page::Glossary(_) => "glossary",
            Page::NotFound => "404",
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            Page::NotFound => "404.html",
            other => match other.kind() {
                "landing" => "landing.html",
                "home" => "home.html",
                "year" => "year.html",
                "section" => "section.html",
                "metrics" => "metrics.html",
                "data" => "data.html",
                "search" => "search.html",
                "glossary" => "glossary.html",
                "bilingual" => "bilingual.html",
                _ => "print.html",
            },
        }
    }

    pub fn lang(self) -> Option<Lang> {
        match self {
            Page::Landing | Page::NotFound => None,
            Page::Home(l)
            | Page::Year(l, _)
            | Page::Section(l, ..)
            | Page::Print(l, _)
            | Page::Bilingual(l, _)
            | Page::Metrics(l)
            | Page::MetricsPart(l, _)
            | Page::Data(l)
            | Page::Search(l)
            | Page::Glossary(l) => Some(l),
        }
    }

    /// The same page in another language.
    pub fn in_lang(self, lang: Lang) -> Page {
        match self {
            Page::Home(_) => Page::Home(lang),
            Page::Year(_, y) => Page::Year(lang, y),
            Page::Section(_, y, s) => Page::Section(lang, y, s),
            Page::Print(_, y) => Page::Print(lang, y),
            Page::Bilingual(_, y) => Page::Bilingual(lang, y),
            Page::Metrics(_) => Page::Metrics(lang),
            Page::MetricsPart(_, g) => Page::MetricsPart(lang, g),
            Page::Data(_) => Page::Data(lang),
            Page::Search(_) => Page::Search(lang),
            Page::Glossary(_) => Page::Glossary(lang),
            other => other,
        }
    }

    /// Whether the sitemap lists the page (not the 404 page).
    pub fn listed(self) -> bool {
        self != Page::NotFound
    }
}

impl Renderer<'_> {
    pub fn site_path(&self, page: Page) -> String {
        let years = &self.site.years;
        match page {
            Page::Landing => String::new(),
            Page::Home(lang) => paths::home(lang),
            Page::Year(lang, y) => paths::year(lang, years[y].year),
            Page::Section(lang, y, s) => {
                paths::section(lang, years[y].year, &years[y].sections[s].slug)
            }
            Page::Print(lang, y) => paths::print(lang, years[y].year),
            Page::Bilingual(lang, y) => format!("{}bilingual/", paths::print(lang, years[y].year)),
            Page::Metrics(lang) => paths::metrics(lang),
            Page::MetricsPart(lang, g) => {
                format!("{}{}/", paths::metrics(lang), self.metric_part_slug(g))
            }
            Page::Data(lang) => paths::data(lang),
            Page::Search(lang) => paths::search(lang),
            Page::Glossary(lang) => paths::glossary(lang),
            Page::NotFound => "404.html".to_string(),
        }
    }

    /// The page written to an output path (`zh/2018/big-survey/index.html`), if any: the
    /// inverse of `site_path`, without listing every page.
    pub fn page_at(&self, output: &str) -> Option<Page> {
        if output == "404.html" {
            return Some(Page::NotFound);
        }
        let folder = output.strip_suffix("index.html")?;
        let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        let Some((&code, rest)) = parts.split_first() else {
            return Some(Page::Landing);
        };
        let lang = Lang::from_code(code).filter(|l| self.site.config.languages.contains(l))?;
        let year_at = |text: &str| {
            self.site
                .years
                .iter()
                .position(|y| y.year.to_string() == text)
        };
        let page = match rest {
            [] => Page::Home(lang),
            ["metrics"] => Page::Metrics(lang),
            ["metrics", slug] => Page::MetricsPart(
                lang,
                (0..self.metric_parts().len()).find(|&g| self.metric_part_slug(g) == *slug)?,
            ),
            ["data"] => Page::Data(lang),
            ["search"] => Page::Search(lang),
            ["glossary"] if !self.site.glossary.is_empty() => Page::Glossary(lang),
            [year] => Page::Year(lang, year_at(year)?),
            [year, "print"] => Page::Print(lang, year_at(year)?),
            [year, "print", "bilingual"] => Page::Bilingual(lang, year_at(year)?),
            [year, slug] => {
                let y = year_at(year)?;
                Page::Section(
                    lang,
                    y,
                    self.site.years[y]
                        .sections
                        .iter()
                        .position(|s| s.slug == *slug)?,
                )
            }
            _ => return None,
        };
        Some(page)
    }

    pub fn linker(&self, page: Page) -> Linker {
        match page {
            Page::NotFound => Linker::absolute(self.options.base_url.path()),
            other => Linker::relative(&self.site_path(other), self.options.file_links),
        }
    }

    pub fn common(
        &self,
        page: Page,
        lang: Lang,
        title: String,
        description: String,
        crumbs: Vec<Link>,
    ) -> Common<'_> {
        let linker = self.linker(page);
        let alternates = match page {
            Page::Landing | Page::NotFound => Vec::new(),
            _ => self
                .site
                .config
                .languages
                .iter()
                .map(|&other| {
                    let path = self.site_path(page.in_lang(other));
                    Alternate {
                        lang: self.langs[other as usize].clone(),
                        href: linker.href(&path),
                        url: self.options.base_url.join(&path),
                        current: other == lang,
                    }
                })
                .collect(),
        };
        let frame = self.frame(lang, &linker);
        Common {
            lang: frame.lang.clone(),
            t: &self.site.theme.strings[&lang],
            site: frame.site.clone(),
            page: PageInfo {
                kind: page.kind(),
                title,
                description,
                url: self.options.base_url.join(&self.site_path(page)),
                alternates,
                breadcrumbs: crumbs,
            },
            root: linker.root().to_string(),
            years: self.year_links(page, lang, &linker),
            more_years: self.site.years.len() > YEAR_SWITCH,
            home_href: frame.home_href.clone(),
            landing_href: frame.landing_href.clone(),
            metrics_href: frame.metrics_href.clone(),
            data_href: frame.data_href.clone(),
            search_href: frame.search_href.clone(),
            glossary_href: frame.glossary_href.clone(),
            feed_href: frame.feed_href.clone(),
            generator: concat!("nianbao ", env!("CARGO_PKG_VERSION")),
            options: frame.options.clone(),
        }
    }

    /// The frame of the pages of `lang` that `linker` links from, made by the first of them.
    fn frame(&self, lang: Lang, linker: &Linker) -> Arc<Frame> {
        made_once(&self.frames, (lang, linker.root().to_string()), || {
            Arc::new(Frame {
                lang: self.langs[lang as usize].clone(),
                site: Shared::new(&self.site_info(lang)),
                options: Shared::new(&crate::theme::options::context(
                    &self.site.theme.options,
                    lang,
                    &|path| linker.href(path),
                )),
                home_href: linker.href(&paths::home(lang)),
                landing_href: linker.href(""),
                metrics_href: linker.href(&paths::metrics(lang)),
                data_href: linker.href(&paths::data(lang)),
                search_href: linker.href(&paths::search(lang)),
                glossary_href: match self.site.glossary.is_empty() {
                    true => String::new(),
                    false => linker.href(&paths::glossary(lang)),
                },
                feed_href: linker.href(&format!("{}/atom.xml", lang.code())),
            })
        })
    }

    fn site_info(&self, lang: Lang) -> SiteInfo {
        let config = &self.site.config;
        SiteInfo {
            title: Txt::of(&config.title, lang),
            description: Txt::of(&config.description, lang),
            publisher: Txt::of(&config.publisher, lang),
            base_url: self.options.base_url.as_str().to_string(),
        }
    }

    /// The year switch: the same section (by slug) in every other year where it exists.
    fn year_links(&self, page: Page, lang: Lang, linker: &Linker) -> Vec<YearLink> {
        let current = match page {
            Page::Year(_, y)
            | Page::Section(_, y, _)
            | Page::Print(_, y)
            | Page::Bilingual(_, y) => Some(y),
            _ => None,
        };
        // The years nearest the page's own (or the newest): a switch of fifty years on every
        // page would be unreadable, and would make each page cost as much as the site has
        // years. The language's home lists them all.
        let count = self.site.years.len();
        let centre = current.unwrap_or(count.saturating_sub(1));
        let first = centre
            .saturating_sub(YEAR_SWITCH / 2)
            .min(count.saturating_sub(YEAR_SWITCH));
        let shown = first..(first + YEAR_SWITCH).min(count);
        self.newest_first()
            .filter(|y| shown.contains(y))
            .map(|y| {
                let target = match page {
                    Page::Section(_, from, s) => {
                        let slug = &self.site.years[from].sections[s].slug;
                        let sections = &self.site.years[y].sections;
                        // Most years keep their sections in the same order: look there first.
                        let same_place = sections.get(s).filter(|x| &x.slug == slug).map(|_| s);
                        match same_place.or_else(|| sections.iter().position(|x| &x.slug == slug)) {
                            Some(same) => Page::Section(lang, y, same),
                            None => Page::Year(lang, y),
                        }
                    }
                    Page::Print(..) => Page::Print(lang, y),
                    Page::Bilingual(..) => Page::Bilingual(lang, y),
                    _ => Page::Year(lang, y),
                };
                YearLink {
                    year: self.site.years[y].year,
                    href: linker.href(&self.site_path(target)),
                    current: current == Some(y),
                }
            })
            .collect()
    }

    pub fn newest_first(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.site.years.len()).rev()
    }

    pub fn home_crumb(&self, lang: Lang, linker: &Linker) -> Link {
        Link {
            title: Txt::of(&self.site.config.title, lang),
            href: linker.href(&paths::home(lang)),
        }
    }

    pub fn year_crumb(&self, lang: Lang, y: usize, linker: &Linker) -> Link {
        let year = &self.site.years[y];
        Link {
            title: Txt {
                text: year.year.to_string(),
                lang: None,
            },
            href: linker.href(&paths::year(lang, year.year)),
        }
    }

    /// A document's text as HTML for a page in `lang`, placed on the page `at` describes.
    pub fn body(&self, doc: DocRef, lang: Lang, at: &Placement) -> Html {
        let Some(prepared) = self.bodies.get(self.site, doc, lang) else {
            return Html {
                html: String::new(),
                lang: None,
                untranslated: false,
                draft: false,
            };
        };
        let rewrite = |reference: &str| at.linker.href(&paths::resolve(&at.own_page, reference));
        Html {
            html: markdown::place(
                &prepared.rendered.html,
                at.id_prefix,
                at.heading_shift,
                &rewrite,
            ),
            lang: (prepared.shown != lang).then(|| prepared.shown.tag()),
            untranslated: prepared.shown != lang,
            draft: prepared.draft,
        }
    }

    pub fn section_link(
        &self,
        lang: Lang,
        year: &Year,
        section: &Section,
        linker: &Linker,
    ) -> SectionLink {
        SectionLink {
            number: format!("{:02}", section.number),
            title: Txt::of(&section.title, lang),
            href: linker.href(&paths::section(lang, year.year, &section.slug)),
        }
    }

    /// Every section of year `y`, linked from the pages `linker` links from.
    pub fn section_links(&self, lang: Lang, y: usize, linker: &Linker) -> Shared<Vec<SectionLink>> {
        made_once(
            &self.section_lists,
            (y, lang, linker.root().to_string()),
            || {
                let year = &self.site.years[y];
                let links: Vec<SectionLink> = year
                    .sections
                    .iter()
                    .map(|s| self.section_link(lang, year, s, linker))
                    .collect();
                Shared::new(&links)
            },
        )
    }

    pub fn cover_info(&self, lang: Lang, y: usize, linker: &Linker) -> CoverInfo {
        let year = &self.site.years[y];
        let cover = &year.cover;
        CoverInfo {
            year: year.year,
            title: Txt::of(&cover.title, lang),
            summary: Txt::of(&cover.summary, lang),
            publisher: Txt::of(&cover.publisher, lang),
            date: cover.date.clone(),
            // The preface sits under a heading of its own ("Overview") on the cover and in
            // the print edition: its own headings go one level down.
            preface: self.body(
                DocRef::cover(y),
                lang,
                &Placement {
                    heading_shift: 1,
                    ..Placement::own(paths::year(lang, year.year), linker)
                },
            ),
            highlights: self.highlights(lang, y, linker),
            // Only the cover page draws them (see `Renderer::render_page`).
            charts: Vec::new(),
            sections: self.section_links(lang, y, linker),
            downloads: self.downloads(lang, year, linker),
            href: linker.href(&paths::year(lang, year.year)),
            print_href: linker.href(&paths::print(lang, year.year)),
            bilingual_href: linker.href(&format!("{}bilingual/", paths::print(lang, year.year))),
            data_href: linker.href(&format!("data/{}.csv", year.year)),
            pdfs: self.pdf_links(lang, year.year, linker),
        }
    }

    /// The year's PDF editions a page in `lang` links to: its language's and the bilingual.
    pub(crate) fn pdf_links(&self, lang: Lang, year: u16, linker: &Linker) -> Vec<Download> {
        if self.options.pdf.is_none() {
            return Vec::new();
        }
        let languages = &self.site.config.languages;
        crate::pdf::Edition::all(languages)
            .into_iter()
            .filter(|edition| match edition {
                crate::pdf::Edition::Single(l) => *l == lang,
                crate::pdf::Edition::Bilingual => true,
            })
            .map(|edition| {
                let name = crate::pdf::file_name(edition, year, languages);
                let key = match edition {
                    crate::pdf::Edition::Single(_) => "pdf_edition",
                    crate::pdf::Edition::Bilingual => "pdf_bilingual_edition",
                };
                let title = self.string(lang, key);
                Download {
                    title: if title.is_empty() {
                        name.clone()
                    } else {
                        title
                    },
                    href: linker.href(&format!("{}{name}", paths::year(lang, year))),
                    note: name,
                }
            })
            .collect()
    }

    fn downloads(&self, lang: Lang, year: &Year, linker: &Linker) -> Vec<Download> {
        year.attachments
            .iter()
            .map(|file| Download {
                title: file.name.clone(),
                href: linker.href(&format!(
                    "files/{}/{}",
                    year.year,
                    crate::escape::url_segment(&file.name)
                )),
                note: file_note(&file.name, file.bytes.len(), lang),
            })
            .collect()
    }

    /// Plain text for a description meta tag: the first sentences, cut on characters.
    pub fn description_of(&self, doc: DocRef, lang: Lang) -> String {
        self.bodies
            .get(self.site, doc, lang)
            .map(|p| p.description.clone())
            .unwrap_or_default()
    }
}

/// "PDF, 1.2 MB".
fn file_note(name: &str, size: usize, lang: Lang) -> String {
    let kind = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_default();
    let size = if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", size.div_ceil(1024))
    };
    match lang {
        Lang::Zh => format!("{kind}，{size}"),
        Lang::En => format!("{kind}, {size}"),
    }
}
