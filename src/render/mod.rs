//! The render stage: from a loaded site to the list of files to write. Pure: it reads no
//! files, asks no clock, and returns the same bytes for the same site.

mod bilingual;
mod compare;
pub mod context;
mod data;
pub mod discovery;
mod feeds;
mod figures;
pub mod pages;
pub mod paths;

use serde::Serialize;

use crate::config::{BaseUrl, Lang};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use context::*;
pub use pages::{Page, Placement};

/// One file of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated, relative to the output folder: `zh/2018/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub base_url: BaseUrl,
    /// Link to `…/index.html` so the site also works opened from disk.
    pub file_links: bool,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub options: &'a RenderOptions,
}

/// Renders every page, static file and discovery file of the site, sorted by path.
pub fn render(site: &Site, options: &RenderOptions) -> Result<Vec<OutputFile>, Diagnostics> {
    let renderer = Renderer { site, options };
    let pages = renderer.pages();
    let mut problems = Diagnostics::new();
    let mut files = Vec::with_capacity(pages.len() + site.theme.static_files.len() + 8);
    for &page in &pages {
        match renderer.render_page(page) {
            Ok(html) => files.push(OutputFile {
                path: paths::output_file(&renderer.site_path(page)),
                bytes: html.into_bytes(),
            }),
            // One broken template breaks many pages the same way: report it once.
            Err(err) if problems.iter().any(|seen| *seen == err) => {}
            Err(err) => problems.push(err),
        }
    }
    problems.into_result()?;
    for (path, bytes) in &site.theme.static_files {
        files.push(OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    for year in &site.years {
        for attachment in &year.attachments {
            files.push(OutputFile {
                path: format!("files/{}/{}", year.year, attachment.name),
                bytes: attachment.bytes.clone(),
            });
        }
    }
    files.extend(discovery::files(&renderer, &pages));
    files.extend(data::files(&renderer));
    files.extend(feeds::files(&renderer));
    files.extend(crate::search::files(&renderer));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    check_unique(&files)?;
    Ok(files)
}

/// A static file of the theme must not stand where a page is written.
fn check_unique(files: &[OutputFile]) -> Result<(), Diagnostics> {
    for pair in files.windows(2) {
        if pair[0].path == pair[1].path {
            return Err(Diagnostic::error(format!(
                "two outputs would be written to {}",
                pair[0].path
            ))
            .hint("a file in the theme's static/ folder has the same path as a page; rename it")
            .into());
        }
    }
    Ok(())
}

impl Renderer<'_> {
    /// Every page, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = vec![Page::Landing, Page::NotFound];
        for &lang in &self.site.config.languages {
            pages.push(Page::Home(lang));
            pages.push(Page::Metrics(lang));
            pages.push(Page::Data(lang));
            pages.push(Page::Search(lang));
            for (y, year) in self.site.years.iter().enumerate() {
                pages.push(Page::Year(lang, y));
                pages.push(Page::Print(lang, y));
                pages.push(Page::Bilingual(lang, y));
                pages.extend((0..year.sections.len()).map(|s| Page::Section(lang, y, s)));
            }
        }
        pages
    }

    fn render_page(&self, page: Page) -> Result<String, Diagnostic> {
        let lang = page.lang().unwrap_or(self.site.config.languages[0]);
        let linker = self.linker(page);
        match page {
            Page::Landing => self.landing(lang),
            Page::NotFound => {
                let common = self.common(
                    page,
                    lang,
                    self.string(lang, "not_found_title"),
                    String::new(),
                    Vec::new(),
                );
                self.template(page, common, NotFoundPage {})
            }
            Page::Home(lang) => self.home(page, lang, &linker),
            Page::Year(lang, y) => {
                let year = &self.site.years[y];
                let cover = self.cover_info(lang, y, &linker);
                let title = format!("{} · {}", cover.title.text, self.site_title(lang));
                let description = if cover.summary.text.is_empty() {
                    self.description_of(&year.cover.document, year, lang)
                } else {
                    cover.summary.text.clone()
                };
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.year_crumb(lang, y, &linker),
                ];
                let common = self.common(page, lang, title, description, crumbs);
                self.template(page, common, YearPage { year: cover })
            }
            Page::Section(lang, y, s) => self.section(page, lang, y, s, &linker),
            Page::Print(lang, y) => self.print(page, lang, y, &linker),
            Page::Bilingual(lang, y) => {
                let year = &self.site.years[y];
                let info = self.bilingual_info(y, &linker);
                let title = format!(
                    "{} · {}",
                    year.cover.title.show(lang).0,
                    self.string(lang, "bilingual_edition")
                );
                let mut crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.year_crumb(lang, y, &linker),
                ];
                crumbs.push(self.own_crumb(page, lang, "bilingual_edition", &linker));
                let common = self.common(page, lang, title, String::new(), crumbs);
                self.template(page, common, BilingualPage { bilingual: info })
            }
            Page::Metrics(lang) => {
                let info = self.metrics_info(lang, &linker);
                let title = format!(
                    "{} · {}",
                    self.string(lang, "metrics_title"),
                    self.site_title(lang)
                );
                let description = self.string(lang, "metrics_description");
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.own_crumb(page, lang, "metrics_title", &linker),
                ];
                let common = self.common(page, lang, title, description, crumbs);
                self.template(page, common, MetricsPage { metrics: info })
            }
            Page::Search(lang) => {
                let mut langs = vec![lang.code()];
                langs.extend(
                    self.site
                        .config
                        .languages
                        .iter()
                        .filter(|&&l| l != lang)
                        .map(|l| l.code()),
                );
                let title = format!(
                    "{} · {}",
                    self.string(lang, "search_title"),
                    self.site_title(lang)
                );
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.own_crumb(page, lang, "search_title", &linker),
                ];
                let common = self.common(page, lang, title, String::new(), crumbs);
                self.template(
                    page,
                    common,
                    SearchPage {
                        search: SearchInfo {
                            langs: langs.join(" "),
                        },
                    },
                )
            }
            Page::Data(lang) => {
                let info = self.data_info(lang, &linker);
                let title = format!(
                    "{} · {}",
                    self.string(lang, "data_title"),
                    self.site_title(lang)
                );
                let description = self.string(lang, "data_description");
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.own_crumb(page, lang, "data_title", &linker),
                ];
                let common = self.common(page, lang, title, description, crumbs);
                self.template(page, common, DataPage { data: info })
            }
        }
    }

    fn template<T: Serialize>(
        &self,
        page: Page,
        common: Common<'_>,
        own: T,
    ) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(&PageContext { common, own })
            .map_err(|err| Diagnostic::error(format!("cannot build the page context: {err}")))?;
        self.site.theme.render(page.template(), &context)
    }

    fn site_title(&self, lang: Lang) -> &str {
        self.site.config.title.show(lang).0
    }

    /// A breadcrumb to `page` itself, titled by a UI string.
    fn own_crumb(&self, page: Page, lang: Lang, key: &str, linker: &paths::Linker) -> Link {
        Link {
            title: Txt {
                text: self.string(lang, key),
                lang: None,
            },
            href: linker.href(&self.site_path(page)),
        }
    }

    fn string(&self, lang: Lang, key: &str) -> String {
        self.site.theme.strings[&lang]
            .get(key)
            .cloned()
            .unwrap_or_default()
    }

    fn landing(&self, lang: Lang) -> Result<String, Diagnostic> {
        let languages = self
            .site
            .config
            .languages
            .iter()
            .map(|&l| LandingLang {
                lang: LangInfo::of(l),
                title: self.site.config.title.show(l).0.to_string(),
                description: self.site.config.description.show(l).0.to_string(),
                href: self.linker(Page::Landing).href(&paths::home(l)),
                t: self.site.theme.strings[&l].clone(),
            })
            .collect();
        let title = self
            .site
            .config
            .languages
            .iter()
            .map(|&l| self.site_title(l))
            .collect::<Vec<_>>()
            .join(" · ");
        let description = self.site.config.description.show(lang).0.to_string();
        let common = self.common(Page::Landing, lang, title, description, Vec::new());
        self.template(
            Page::Landing,
            common,
            LandingPage {
                landing: LandingInfo { languages },
            },
        )
    }

    fn home(&self, page: Page, lang: Lang, linker: &paths::Linker) -> Result<String, Diagnostic> {
        let years = self
            .newest_first()
            .map(|y| {
                let year = &self.site.years[y];
                YearSummary {
                    year: year.year,
                    title: Txt::of(&year.cover.title, lang),
                    summary: Txt::of(&year.cover.summary, lang),
                    href: linker.href(&paths::year(lang, year.year)),
                    highlights: self.highlights(lang, y, linker),
                    section_count: year.sections.len(),
                }
            })
            .collect();
        let title = self.site_title(lang).to_string();
        let description = self.site.config.description.show(lang).0.to_string();
        let crumbs = vec![self.home_crumb(lang, linker)];
        let common = self.common(page, lang, title, description, crumbs);
        self.template(
            page,
            common,
            HomePage {
                home: HomeInfo { years },
            },
        )
    }

    fn section(
        &self,
        page: Page,
        lang: Lang,
        y: usize,
        s: usize,
        linker: &paths::Linker,
    ) -> Result<String, Diagnostic> {
        let year = &self.site.years[y];
        let section = &year.sections[s];
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| year.sections.get(i))
                .map(|n| self.section_link(lang, year, n, linker))
        };
        let metrics = self.section_metrics(lang, y, section, linker);
        let info = SectionInfo {
            year: year.year,
            has_history: metrics.iter().any(|m| m.previous.is_some()),
            number: format!("{:02}", section.number),
            count: year.sections.len(),
            title: Txt::of(&section.title, lang),
            body: self.body(
                &section.document,
                year,
                lang,
                &Placement::own(paths::section(lang, year.year, &section.slug), linker),
            ),
            metrics,
            prev: neighbour(s.checked_sub(1)),
            next: neighbour(Some(s + 1)),
            cover: Link {
                title: Txt::of(&year.cover.title, lang),
                href: linker.href(&paths::year(lang, year.year)),
            },
        };
        let title = format!(
            "{} · {} · {}",
            info.title.text,
            year.year,
            self.site_title(lang)
        );
        let description = self.description_of(&section.document, year, lang);
        let mut crumbs = vec![
            self.home_crumb(lang, linker),
            self.year_crumb(lang, y, linker),
        ];
        crumbs.push(Link {
            title: info.title.clone(),
            href: linker.href(&self.site_path(page)),
        });
        let common = self.common(page, lang, title, description, crumbs);
        self.template(page, common, SectionPage { section: info })
    }

    fn print(
        &self,
        page: Page,
        lang: Lang,
        y: usize,
        linker: &paths::Linker,
    ) -> Result<String, Diagnostic> {
        let year = &self.site.years[y];
        let cover = self.cover_info(lang, y, linker);
        let sections = year
            .sections
            .iter()
            .map(|section| {
                let anchor = format!("s-{}", section.slug);
                PrintSection {
                    number: format!("{:02}", section.number),
                    title: Txt::of(&section.title, lang),
                    body: self.body(
                        &section.document,
                        year,
                        lang,
                        &Placement {
                            id_prefix: &format!("{anchor}-"),
                            own_page: paths::section(lang, year.year, &section.slug),
                            linker: Some(linker),
                        },
                    ),
                    metrics: self.section_metrics(lang, y, section, linker),
                    anchor,
                }
            })
            .collect();
        let title = format!(
            "{} · {}",
            cover.title.text,
            self.string(lang, "print_edition")
        );
        let description = cover.summary.text.clone();
        let mut crumbs = vec![
            self.home_crumb(lang, linker),
            self.year_crumb(lang, y, linker),
        ];
        crumbs.push(Link {
            title: Txt {
                text: self.string(lang, "print_edition"),
                lang: None,
            },
            href: linker.href(&self.site_path(page)),
        });
        let common = self.common(page, lang, title, description, crumbs);
        self.template(
            page,
            common,
            PrintPage {
                print: PrintInfo { cover, sections },
            },
        )
    }
}
