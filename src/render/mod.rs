//! The render stage: from a loaded site to the list of files to write. Pure: it reads no
//! files, asks no clock, and returns the same bytes for the same site.

mod bilingual;
mod compare;
pub mod context;
mod data;
pub mod discovery;
mod feeds;
mod figures;
pub mod ondemand;
pub mod pages;
pub mod paths;
pub mod prepare;

use serde::Serialize;

use crate::config::{BaseUrl, Lang};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use context::*;
pub use pages::{Page, Placement};
pub use prepare::DocRef;

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
    /// Every document's Markdown, rendered once.
    pub bodies: &'a prepare::Bodies,
    /// The UI strings of each language, converted for templates once.
    strings: [tera::Value; 2],
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        options: &'a RenderOptions,
        bodies: &'a prepare::Bodies,
    ) -> Renderer<'a> {
        let strings = Lang::ALL.map(|lang| {
            let empty = crate::theme::Strings::new();
            tera::Value::from_serializable(site.theme.strings.get(&lang).unwrap_or(&empty))
        });
        Renderer {
            site,
            options,
            bodies,
            strings,
        }
    }
}

/// Where rendered files go: memory, or the staging folder of the output (`output::Staging`).
pub trait Sink: Sync {
    fn put(&self, file: &OutputFile) -> Result<(), Diagnostic>;
}

/// Keeps rendered files in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .expect("no panic while holding the lock")
            .push(file.clone());
        Ok(())
    }
}

/// Renders every page, static file and discovery file of the site, sorted by path.
pub fn render(site: &Site, options: &RenderOptions) -> Result<Vec<OutputFile>, Diagnostics> {
    let collect = Collect::default();
    render_into(site, options, &collect)?;
    let mut files = collect
        .0
        .into_inner()
        .expect("no panic while holding the lock");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the site, handing each file to `sink` as soon as it is made (pages in parallel).
/// Returns the paths of every file, sorted.
pub fn render_into(
    site: &Site,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostics> {
    let bodies = prepare::Bodies::prepare(site);
    let renderer = Renderer::new(site, options, &bodies);
    let pages = renderer.pages();
    let rendered = crate::parallel::map(&pages, |&page| {
        let file = OutputFile {
            path: paths::output_file(&renderer.site_path(page)),
            bytes: renderer.render_page(page)?.into_bytes(),
        };
        sink.put(&file)?;
        Ok(file.path)
    });
    let mut problems = Diagnostics::new();
    let mut written = Vec::with_capacity(pages.len() + site.theme.static_files.len() + 8);
    for result in rendered {
        match result {
            Ok(path) => written.push(path),
            // One broken template breaks many pages the same way: report it once.
            Err(err) if problems.iter().any(|seen| *seen == err) => {}
            Err(err) => problems.push(err),
        }
    }
    problems.into_result()?;
    let mut others: Vec<OutputFile> = site
        .theme
        .static_files
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    for year in &site.years {
        others.extend(year.attachments.iter().map(|attachment| OutputFile {
            path: format!("files/{}/{}", year.year, attachment.name),
            bytes: attachment.bytes.clone(),
        }));
    }
    others.extend(discovery::files(&renderer, &pages));
    others.extend(data::files(&renderer));
    others.extend(feeds::files(&renderer));
    others.extend(crate::search::files(&renderer));
    written.extend(others.iter().map(|f| f.path.clone()));
    written.sort_unstable();
    check_unique(&written)?;
    for file in &others {
        sink.put(file)?;
    }
    Ok(written)
}

/// Every page's template and the context it receives, as JSON (with `t`, the UI strings):
/// what a theme author can use, and what the theme contract test checks.
pub fn contexts(
    site: &Site,
    options: &RenderOptions,
) -> Result<Vec<(Page, serde_json::Value)>, Diagnostics> {
    let bodies = prepare::Bodies::lazy();
    let renderer = Renderer::new(site, options, &bodies);
    let mut all = Vec::new();
    for page in renderer.pages() {
        let data = renderer.data(page)?;
        let mut value = serde_json::to_value(&data)
            .map_err(|err| Diagnostic::error(format!("cannot build the page context: {err}")))?;
        let lang = Lang::from_code(data.common().lang.code).expect("a site language");
        if let Some(map) = value.as_object_mut() {
            let strings = site.theme.strings.get(&lang).cloned().unwrap_or_default();
            map.insert(
                "t".to_string(),
                serde_json::to_value(strings).unwrap_or_default(),
            );
        }
        all.push((page, value));
    }
    Ok(all)
}

/// A static file of the theme must not stand where a page is written.
fn check_unique(paths: &[String]) -> Result<(), Diagnostics> {
    for pair in paths.windows(2) {
        if pair[0] == pair[1] {
            return Err(Diagnostic::error(format!(
                "two outputs would be written to {}",
                pair[0]
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

    /// Renders one page with its template.
    fn render_page(&self, page: Page) -> Result<String, Diagnostic> {
        let data = self.data(page)?;
        let lang =
            Lang::from_code(data.common().lang.code).expect("a page's language is a site language");
        let mut context = tera::Context::from_serialize(&data)
            .map_err(|err| Diagnostic::error(format!("cannot build the page context: {err}")))?;
        // The UI strings are converted once per language, not once per page.
        context.insert_value("t", self.strings[lang as usize].clone());
        self.site.theme.render(page.template(), &context)
    }

    /// What a page's template receives (but `t`, the UI strings, added when rendering).
    pub fn data(&self, page: Page) -> Result<PageData<'_>, Diagnostic> {
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
                self.context_of(
                    common,
                    NotFoundPage {
                        not_found: self.landing_info(&linker),
                    },
                )
            }
            Page::Home(lang) => self.home(page, lang, &linker),
            Page::Year(lang, y) => {
                let mut cover = self.cover_info(lang, y, &linker);
                cover.charts = self.cover_charts(lang, y, &linker);
                let title = format!("{} · {}", cover.title.text, self.site_title(lang));
                let description = if cover.summary.text.is_empty() {
                    self.description_of(DocRef::cover(y), lang)
                } else {
                    cover.summary.text.clone()
                };
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.year_crumb(lang, y, &linker),
                ];
                let common = self.common(page, lang, title, description, crumbs);
                self.context_of(common, YearPage { year: cover })
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
                self.context_of(common, BilingualPage { bilingual: info })
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
                self.context_of(common, MetricsPage { metrics: info })
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
                self.context_of(
                    common,
                    SearchPage {
                        search: SearchInfo {
                            langs: langs.join(" "),
                            script: format!(
                                "{}?v={:08x}",
                                linker.href(crate::search::SCRIPT_PATH),
                                crate::theme::fingerprint(crate::search::SCRIPT.as_bytes()) as u32
                            ),
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
                self.context_of(common, DataPage { data: info })
            }
        }
    }

    fn context_of<'p, T>(&self, common: Common<'p>, own: T) -> Result<PageData<'p>, Diagnostic>
    where
        PageContext<'p, T>: Into<PageData<'p>>,
        T: Serialize,
    {
        Ok(PageContext { common, own }.into())
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

    /// Every language of the site, with links from the page `linker` links from.
    fn landing_info(&self, linker: &paths::Linker) -> LandingInfo {
        let languages = self
            .site
            .config
            .languages
            .iter()
            .map(|&l| LandingLang {
                lang: LangInfo::of(l),
                title: self.site.config.title.show(l).0.to_string(),
                description: self.site.config.description.show(l).0.to_string(),
                href: linker.href(&paths::home(l)),
                t: self.site.theme.strings[&l].clone(),
            })
            .collect();
        LandingInfo { languages }
    }

    fn landing(&self, lang: Lang) -> Result<PageData<'_>, Diagnostic> {
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
        self.context_of(
            common,
            LandingPage {
                landing: self.landing_info(&self.linker(Page::Landing)),
            },
        )
    }

    fn home(
        &self,
        page: Page,
        lang: Lang,
        linker: &paths::Linker,
    ) -> Result<PageData<'_>, Diagnostic> {
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
        self.context_of(
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
    ) -> Result<PageData<'_>, Diagnostic> {
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
                DocRef::section(y, s),
                lang,
                &Placement::own(paths::section(lang, year.year, &section.slug), linker),
            ),
            metrics,
            sections: year
                .sections
                .iter()
                .map(|n| self.section_link(lang, year, n, linker))
                .collect(),
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
        let description = self.description_of(DocRef::section(y, s), lang);
        let mut crumbs = vec![
            self.home_crumb(lang, linker),
            self.year_crumb(lang, y, linker),
        ];
        crumbs.push(Link {
            title: info.title.clone(),
            href: linker.href(&self.site_path(page)),
        });
        let common = self.common(page, lang, title, description, crumbs);
        self.context_of(common, SectionPage { section: info })
    }

    fn print(
        &self,
        page: Page,
        lang: Lang,
        y: usize,
        linker: &paths::Linker,
    ) -> Result<PageData<'_>, Diagnostic> {
        let year = &self.site.years[y];
        let cover = self.cover_info(lang, y, linker);
        let sections = year
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let anchor = format!("s-{}", section.slug);
                PrintSection {
                    number: format!("{:02}", section.number),
                    title: Txt::of(&section.title, lang),
                    body: self.body(
                        DocRef::section(y, s),
                        lang,
                        &Placement {
                            id_prefix: &format!("{anchor}-"),
                            own_page: paths::section(lang, year.year, &section.slug),
                            linker,
                            heading_shift: 1,
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
        self.context_of(
            common,
            PrintPage {
                print: PrintInfo { cover, sections },
            },
        )
    }
}
