//! What each kind of page receives: the builders of every page's context, from the common
//! fields to the page's own value.

use serde::Serialize;

use crate::config::Lang;
use crate::diagnostics::Diagnostic;

use super::context::*;
use super::pages::Page;
use super::prepare::DocRef;
use super::{Placement, Renderer, paths};

impl Renderer<'_> {
    /// What a page's template receives (but `t`, the UI strings, added when rendering).
    pub fn data(&self, page: Page) -> Result<PageData<'_>, Diagnostic> {
        let lang = self.page_lang(page);
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
                let info = self.shared_bilingual_info(y, &linker);
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
            Page::MetricsPart(lang, g) => {
                let info = self.metrics_info(lang, &linker, Some(g));
                let group = info.groups.first().map(|group| group.title.clone());
                let group = group.unwrap_or(Txt {
                    text: String::new(),
                    lang: None,
                });
                let title = format!(
                    "{} · {} · {}",
                    group.text,
                    self.string(lang, "metrics_title"),
                    self.site_title(lang)
                );
                let description = self.string(lang, "metrics_description");
                let crumbs = vec![
                    self.home_crumb(lang, &linker),
                    self.own_crumb(Page::Metrics(lang), lang, "metrics_title", &linker),
                    Link {
                        title: group,
                        href: linker.href(&self.site_path(page)),
                    },
                ];
                let common = self.common(page, lang, title, description, crumbs);
                self.context_of(common, MetricsPage { metrics: info })
            }
            Page::Metrics(lang) => {
                let info = self.metrics_info(lang, &linker, None);
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
                            years: self
                                .site
                                .years
                                .iter()
                                .rev()
                                .map(|y| y.year.to_string())
                                .collect::<Vec<_>>()
                                .join(" "),
                            script: format!(
                                "{}?v={:08x}",
                                linker.href(crate::search::SCRIPT_PATH),
                                crate::theme::fingerprint(crate::search::SCRIPT.as_bytes()) as u32
                            ),
                        },
                    },
                )
            }
            Page::Glossary(lang) => self.glossary(page, lang, &linker),
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

    /// The language a page is in: the site's first for the landing and 404 pages.
    pub fn page_lang(&self, page: Page) -> Lang {
        page.lang().unwrap_or(self.site.config.languages[0])
    }

    pub(super) fn context_of<'p, T>(
        &self,
        common: Common<'p>,
        own: T,
    ) -> Result<PageData<'p>, Diagnostic>
    where
        PageContext<'p, T>: Into<PageData<'p>>,
        T: Serialize,
    {
        Ok(PageContext { common, own }.into())
    }

    pub(super) fn site_title(&self, lang: Lang) -> &str {
        self.site.config.title.show(lang).0
    }

    /// A breadcrumb to `page` itself, titled by a UI string.
    pub(super) fn own_crumb(
        &self,
        page: Page,
        lang: Lang,
        key: &str,
        linker: &paths::Linker,
    ) -> Link {
        Link {
            title: Txt {
                text: self.string(lang, key),
                lang: None,
            },
            href: linker.href(&self.site_path(page)),
        }
    }

    pub(crate) fn string(&self, lang: Lang, key: &str) -> String {
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
                latest: self.site.years.last().map(|year| Link {
                    title: Txt::of(&year.cover.title, l),
                    href: linker.href(&paths::year(l, year.year)),
                }),
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
                    // Only the newest year's: the home of fifty years stays light, and each
                    // cover shows its own.
                    highlights: if y + 1 == self.site.years.len() {
                        self.highlights(lang, y, linker)
                    } else {
                        Vec::new()
                    },
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
        let metrics = self.shared_section_metrics(lang, y, s, linker);
        let info = SectionInfo {
            year: year.year,
            has_history: metrics.history,
            number: format!("{:02}", section.number),
            count: year.sections.len(),
            title: Txt::of(&section.title, lang),
            date: year.cover.date.clone(),
            body: self.body(
                DocRef::section(y, s),
                lang,
                &Placement::own(paths::section(lang, year.year, &section.slug), linker),
            ),
            metrics: metrics.figures,
            sections: self.section_links(lang, y, linker),
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
                    metrics: self.shared_section_metrics(lang, y, s, linker).figures,
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
