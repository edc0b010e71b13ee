//! The bilingual print edition: every section with its Chinese and English side by side,
//! and each figure with both labels and both notations.

use super::context::*;
use super::paths::{self, Linker};
use super::{DocRef, Placement, Renderer};

impl Renderer<'_> {
    /// The bilingual edition of year `y`: the same for the page of each language (both
    /// are four folders deep, so even their links agree), so it is made and converted for
    /// templates once, for both.
    pub fn shared_bilingual_info(&self, y: usize, linker: &Linker) -> Shared<BilingualInfo> {
        let key = (y, linker.root().to_string());
        super::pages::made_for_two(&self.bilingual, key, || {
            Shared::new(&self.bilingual_info(y, linker))
        })
    }

    pub fn bilingual_info(&self, y: usize, linker: &Linker) -> BilingualInfo {
        let year = &self.site.years[y];
        let languages = &self.site.config.languages;
        let cover = languages
            .iter()
            .map(|&lang| Version {
                lang: LangInfo::of(lang),
                title: Txt::of(&year.cover.title, lang),
                body: self.body(
                    DocRef::cover(y),
                    lang,
                    &Placement {
                        id_prefix: &format!("{}-preface-", lang.code()),
                        own_page: paths::year(lang, year.year),
                        linker,
                        heading_shift: 0,
                    },
                ),
            })
            .collect();
        let sections = year
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let anchor = format!("s-{}", section.slug);
                let versions = languages
                    .iter()
                    .map(|&lang| Version {
                        lang: LangInfo::of(lang),
                        title: Txt::of(&section.title, lang),
                        body: self.body(
                            DocRef::section(y, s),
                            lang,
                            &Placement {
                                id_prefix: &format!("{anchor}-{}-", lang.code()),
                                own_page: paths::section(lang, year.year, &section.slug),
                                linker,
                                heading_shift: 1,
                            },
                        ),
                    })
                    .collect();
                let metrics = section
                    .metrics
                    .iter()
                    .map(|m| BilingualMetric {
                        id: m.id.clone(),
                        labels: languages
                            .iter()
                            .map(|&lang| Txt::of(&m.label, lang))
                            .collect(),
                        figures: languages
                            .iter()
                            .map(|&lang| m.figure(lang).to_string())
                            .collect(),
                    })
                    .collect();
                BilingualSection {
                    number: format!("{:02}", section.number),
                    anchor,
                    versions,
                    metrics,
                }
            })
            .collect();
        BilingualInfo {
            year: year.year,
            cover,
            publisher: languages
                .iter()
                .map(|&lang| Txt::of(&year.cover.publisher, lang))
                .collect(),
            sections,
        }
    }
}
