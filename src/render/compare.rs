//! The figures page: every figure of the newest year by section, each linked to the sentence
//! that cites it; and every metric present in two or more years, grouped by the section it
//! belongs to in its latest year, as a table with one column per year and a chart.

use std::collections::HashMap;

use crate::charts::Size;
use crate::config::Lang;
use crate::metrics::history::Series;
use crate::site::Site;

use super::context::*;
use super::paths::{self, Linker};
use super::{DocRef, Renderer};

/// The comparison pages of a site, worked out once per render: every page links to all of
/// them, and each lists its own series.
pub struct MetricParts<'a> {
    /// The section (year, index) of each page, in section order.
    pub keys: Vec<(usize, usize)>,
    /// The address name of each page: its section's slug, with the year when an earlier page
    /// has the same slug.
    pub slugs: Vec<String>,
    /// The series each page shows, in the order of their metrics in the section.
    pub series: Vec<Vec<&'a Series>>,
}

impl<'a> MetricParts<'a> {
    /// Each metric in two or more years belongs to the section of its latest year.
    pub fn of(site: &'a Site) -> MetricParts<'a> {
        let years = &site.years;
        let mut keys: Vec<(usize, usize)> = site
            .history
            .compared()
            .map(|series| {
                let p = series.latest();
                (p.year, p.section)
            })
            .collect();
        keys.sort_by_key(|&(y, s)| (y, years[y].sections[s].number));
        keys.dedup();
        let slug_of = |(y, s): (usize, usize)| &years[y].sections[s].slug;
        let slugs = keys
            .iter()
            .enumerate()
            .map(|(g, &key)| {
                if keys[..g].iter().any(|&p| slug_of(p) == slug_of(key)) {
                    format!("{}-{}", slug_of(key), years[key.0].year)
                } else {
                    slug_of(key).clone()
                }
            })
            .collect();
        let place: HashMap<(usize, usize), usize> =
            keys.iter().enumerate().map(|(g, &key)| (key, g)).collect();
        let mut series: Vec<Vec<&Series>> = vec![Vec::new(); keys.len()];
        for one in site.history.compared() {
            let p = one.latest();
            series[place[&(p.year, p.section)]].push(one);
        }
        // Order: by the metric's place in its latest section (a stable sort keeps ids in order).
        for part in &mut series {
            part.sort_by_key(|s| s.latest().metric);
        }
        MetricParts {
            keys,
            slugs,
            series,
        }
    }
}

impl Renderer<'_> {
    /// The sections that have a comparison page: each metric in two or more years belongs
    /// to the section of its latest year; in section order.
    pub fn metric_parts(&self) -> &[(usize, usize)] {
        &self.parts().keys
    }

    /// The address name of comparison page `g`: its section's slug, with the year when an
    /// earlier part has the same slug.
    pub fn metric_part_slug(&self, g: usize) -> &str {
        &self.parts().slugs[g]
    }

    /// The figures page (`part` none) or the comparison page of part `part`.
    pub fn metrics_info(&self, lang: Lang, linker: &Linker, part: Option<usize>) -> MetricsInfo {
        let years = &self.site.years;
        let parts = self.metric_parts();
        let links = (0..parts.len())
            .map(|g| {
                let (y, s) = parts[g];
                Link {
                    title: Txt::of(&years[y].sections[s].title, lang),
                    href: linker.href(&self.site_path(super::Page::MetricsPart(lang, g))),
                }
            })
            .collect();
        let Some(g) = part else {
            return MetricsInfo {
                year: years.last().map(|y| y.year),
                latest: self.latest_figures(lang, linker),
                years: years.iter().map(|y| y.year).collect(),
                groups: Vec::new(),
                parts: links,
            };
        };
        let mut groups: Vec<((usize, usize), MetricGroup)> = Vec::new();
        for &series in &self.parts().series[g] {
            let latest = series.latest();
            let key = (latest.year, latest.section);
            let section = &years[latest.year].sections[latest.section];
            if groups.last().is_none_or(|(k, _)| *k != key) {
                groups.push((
                    key,
                    MetricGroup {
                        number: format!("{:02}", section.number),
                        title: Txt::of(&section.title, lang),
                        href: linker.href(&paths::section(
                            lang,
                            years[latest.year].year,
                            &section.slug,
                        )),
                        rows: Vec::new(),
                    },
                ));
            }
            let metric = series.metric(years, latest);
            let cells = years
                .iter()
                .enumerate()
                .map(
                    |(y, year)| match series.points.iter().find(|p| p.year == y) {
                        Some(&point) => {
                            let here = series.metric(years, point);
                            let change = series.before(y).and_then(|before| {
                                self.change_info(series.metric(years, before), here, lang)
                            });
                            Cell {
                                year: year.year,
                                present: true,
                                figure: here.figure(lang).to_string(),
                                value: here.plain_value().to_string(),
                                change,
                            }
                        }
                        None => Cell {
                            year: year.year,
                            present: false,
                            figure: String::new(),
                            value: String::new(),
                            change: None,
                        },
                    },
                )
                .collect();
            let href = groups.last().expect("just pushed").1.href.clone();
            let chart = self.chart(
                series,
                &series.points,
                lang,
                &format!("chart-{}", series.id),
                Size::Full,
                href,
            );
            groups
                .last_mut()
                .expect("just pushed")
                .1
                .rows
                .push(SeriesRow {
                    id: series.id.clone(),
                    label: Txt::of(&metric.label, lang),
                    cells,
                    chart,
                });
        }
        MetricsInfo {
            year: years.last().map(|y| y.year),
            latest: Vec::new(),
            years: years.iter().map(|y| y.year).collect(),
            groups: groups.into_iter().map(|(_, g)| g).collect(),
            parts: links,
        }
    }

    /// Every figure of the newest year, by section, linked to the sentence that first cites
    /// it in the section's text as this language shows it.
    fn latest_figures(&self, lang: Lang, linker: &Linker) -> Vec<FigureGroup> {
        let Some(y) = self.site.years.len().checked_sub(1) else {
            return Vec::new();
        };
        let year = &self.site.years[y];
        year.sections
            .iter()
            .enumerate()
            .filter(|(_, section)| !section.metrics.is_empty())
            .map(|(s, section)| {
                let html = self
                    .bodies
                    .get(self.site, DocRef::section(y, s), lang)
                    .map(|p| p.rendered.html.clone())
                    .unwrap_or_default();
                let mut figures = self.section_metrics(lang, y, s, linker);
                for figure in &mut figures {
                    if html.contains(&format!("cite-{}\"", figure.id)) {
                        figure.cite_href = format!("{}#cite-{}", figure.section_href, figure.id);
                    }
                }
                FigureGroup {
                    number: format!("{:02}", section.number),
                    title: Txt::of(&section.title, lang),
                    href: linker.href(&paths::section(lang, year.year, &section.slug)),
                    figures,
                }
            })
            .collect()
    }
}
