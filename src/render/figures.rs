//! Metrics as pages show them: cards, table rows with last year's value and the change,
//! and the small charts of a year's cover.

use crate::charts::{self, Bar, BarChart, Size};
use crate::config::Lang;
use crate::content::Section;
use crate::metrics::history::{self, Direction, Series};
use crate::metrics::{Metric, format};

use super::Renderer;
use super::context::*;
use super::paths::{self, Linker};

/// A cover shows at most this many small charts, each of at most this many years: small
/// multiples stop being readable beyond that (the metrics page has every series whole).
const COVER_CHARTS: usize = 12;
const COVER_CHART_YEARS: usize = 10;

/// A section's figures, shared by the pages that show them alike.
#[derive(Clone)]
pub struct SectionFigures {
    pub figures: Shared<Vec<FigureInfo>>,
    /// Some figure also appears in an earlier year.
    pub history: bool,
}

/// A figure beside its label on a card: "17,000 visits" beside "Resident visits" says
/// "visits" twice, so the card shows "17,000"; "CNY 354,000" or "2,733.54 m²" keep their unit.
fn card_figure(figure: &str, label: &str) -> String {
    let label = label.to_lowercase();
    match figure.rsplit_once(' ') {
        Some((number, word))
            if word.chars().all(char::is_alphabetic)
                && number.chars().any(|c| c.is_ascii_digit())
                && label
                    .split_whitespace()
                    .last()
                    .is_some_and(|last| last == word.to_lowercase()) =>
        {
            number.to_string()
        }
        _ => figure.to_string(),
    }
}

impl Renderer<'_> {
    /// A metric of year `y` as a card or a table row.
    pub fn figure_info(
        &self,
        y: usize,
        metric: &Metric,
        lang: Lang,
        section_href: String,
    ) -> FigureInfo {
        let series = self.site.history.get(&metric.id);
        let previous = series
            .and_then(|series| Some((series, series.before(y)?)))
            .map(|(series, point)| {
                let earlier = series.metric(&self.site.years, point);
                PreviousInfo {
                    year: self.site.years[point.year].year,
                    figure: earlier.figure(lang).to_string(),
                    change: self.change_info(earlier, metric, lang),
                }
            });
        let label = Txt::of(&metric.label, lang);
        let figure = metric.figure(lang).to_string();
        FigureInfo {
            cite_href: format!("{section_href}#m-{}", metric.id),
            id: metric.id.clone(),
            card: card_figure(metric.short_figure(lang), &label.text),
            short: metric.short_figure(lang).to_string(),
            label,
            figure,
            value: metric.plain_value().to_string(),
            section_href,
            previous,
        }
    }

    pub fn change_info(
        &self,
        previous: &Metric,
        current: &Metric,
        lang: Lang,
    ) -> Option<ChangeInfo> {
        let change = history::change(previous, current)?;
        Some(ChangeInfo {
            text: format::change(&change, &current.unit, lang),
            direction: change.direction.name(),
            arrow: match change.direction {
                Direction::Up => "▲",
                Direction::Down => "▼",
                Direction::Same => "=",
            },
        })
    }

    /// The figures of section `s` of year `y`, linked from the page `linker` links from.
    pub fn section_metrics(
        &self,
        lang: Lang,
        y: usize,
        s: usize,
        linker: &Linker,
    ) -> Vec<FigureInfo> {
        let year = &self.site.years[y];
        let section = &year.sections[s];
        let href = linker.href(&paths::section(lang, year.year, &section.slug));
        section
            .metrics
            .iter()
            .map(|m| self.figure_info(y, m, lang, href.clone()))
            .collect()
    }

    /// A section's figures as its own page and its print edition show them, worded and
    /// converted for templates once: both pages are three folders deep, so their links are
    /// the same. The first page to ask makes them, the second takes them and lets them go.
    pub fn shared_section_metrics(
        &self,
        lang: Lang,
        y: usize,
        s: usize,
        linker: &Linker,
    ) -> SectionFigures {
        let key = (y, s, lang, linker.root().to_string());
        super::pages::made_for_two(&self.figures, key, || {
            let figures = self.section_metrics(lang, y, s, linker);
            SectionFigures {
                history: figures.iter().any(|m| m.previous.is_some()),
                figures: Shared::new(&figures),
            }
        })
    }

    /// The year's highlighted figures, in section order.
    pub fn highlights(&self, lang: Lang, y: usize, linker: &Linker) -> Vec<FigureInfo> {
        let year = &self.site.years[y];
        year.sections
            .iter()
            .flat_map(|section| {
                let link = self.section_link(lang, year, section, linker);
                section
                    .metrics
                    .iter()
                    .filter(|m| m.highlight)
                    .map(move |m| self.figure_info(y, m, lang, link.href.clone()))
            })
            .collect()
    }

    /// Small multiples: a chart for each highlighted figure with values in two or more
    /// years up to this one.
    pub fn cover_charts(&self, lang: Lang, y: usize, linker: &Linker) -> Vec<ChartInfo> {
        let year = &self.site.years[y];
        self.cover_series(y)
            .into_iter()
            .map(|(section, series, points)| {
                let href = linker.href(&paths::section(lang, year.year, &section.slug));
                self.chart(
                    series,
                    &points,
                    lang,
                    &format!("chart-{}", series.id),
                    Size::Small,
                    href,
                )
            })
            .collect()
    }

    /// The series a year's cover charts: each highlighted figure with values in two or more
    /// of the years up to this one, with its section and its latest points.
    pub fn cover_series(&self, y: usize) -> Vec<(&Section, &Series, Vec<history::Point>)> {
        let year = &self.site.years[y];
        year.sections
            .iter()
            .flat_map(|section| {
                section
                    .metrics
                    .iter()
                    .filter(|m| m.highlight)
                    .map(move |m| (section, m))
            })
            .filter_map(|(section, metric)| {
                let series = self.site.history.get(&metric.id)?;
                let mut up_to: Vec<_> = series
                    .points
                    .iter()
                    .copied()
                    .filter(|p| p.year <= y)
                    .collect();
                up_to.drain(..up_to.len().saturating_sub(COVER_CHART_YEARS));
                let valued = up_to
                    .iter()
                    .filter(|p| series.metric(&self.site.years, **p).value.is_some())
                    .count();
                (valued >= 2).then_some((section, series, up_to))
            })
            .take(COVER_CHARTS)
            .collect()
    }

    /// A bar chart of a series over the given points, with a gap for each year in between
    /// that did not report the metric.
    pub fn chart(
        &self,
        series: &Series,
        points: &[history::Point],
        lang: Lang,
        id: &str,
        size: Size,
        href: String,
    ) -> ChartInfo {
        let (label, bars, description) = self.chart_bars(series, points, lang);
        let svg = charts::bar_chart(&BarChart {
            id,
            title: &label.text,
            description: &description,
            bars: &bars,
            size,
        });
        ChartInfo {
            id: id.to_string(),
            label,
            svg,
            href,
        }
    }

    /// A chart's bars over the given points (a gap for each year between that did not
    /// report the metric), its label, and the same figures in words for those who cannot
    /// see it.
    pub fn chart_bars(
        &self,
        series: &Series,
        points: &[history::Point],
        lang: Lang,
    ) -> (Txt, Vec<Bar>, String) {
        let years = &self.site.years;
        let first = points.first().expect("a chart has points").year;
        let last = points.last().expect("a chart has points").year;
        let latest = series.metric(years, points[points.len() - 1]);
        let bars: Vec<Bar> = (first..=last)
            .map(|y| {
                let metric = points
                    .iter()
                    .find(|p| p.year == y)
                    .map(|&p| series.metric(years, p));
                Bar {
                    label: years[y].year.to_string(),
                    value: metric.and_then(|m| m.value),
                    text: metric.map_or_else(String::new, |m| compact(m, lang)),
                }
            })
            .collect();
        let label = Txt::of(&latest.label, lang);
        let listed: Vec<String> = points
            .iter()
            .map(|&p| {
                let (year, figure) = (years[p.year].year, series.metric(years, p).figure(lang));
                match lang {
                    Lang::Zh => format!("{year}年{figure}"),
                    Lang::En => format!("{year}: {figure}"),
                }
            })
            .collect();
        let description = match lang {
            Lang::Zh => format!("{}：{}。", label.text, listed.join("，")),
            Lang::En => format!("{}: {}.", label.text, listed.join("; ")),
        };
        (label, bars, description)
    }
}

/// A chart's label for a value: the number alone (the unit is in the chart's title), with
/// 万 in Chinese; "—" while pending.
fn compact(metric: &Metric, lang: Lang) -> String {
    let Some(value) = metric.value else {
        return format::PENDING.to_string();
    };
    let number = match lang {
        Lang::Zh => format::zh_number(value),
        Lang::En => format::en_number(value),
    };
    if metric.unit.is_percent() {
        format!("{number}%")
    } else {
        number
    }
}

#[cfg(test)]
mod tests {
    use super::card_figure;

    #[test]
    fn cards_do_not_repeat_the_unit_their_label_ends_in() {
        assert_eq!(card_figure("17,000 visits", "Resident visits"), "17,000");
        assert_eq!(
            card_figure("nearly 600", "Businesses visited"),
            "nearly 600"
        );
        assert_eq!(card_figure("CNY 354,000", "Charity raised"), "CNY 354,000");
        assert_eq!(
            card_figure("1,600+ visits", "Visits to the elderly"),
            "1,600+ visits"
        );
        assert_eq!(card_figure("1.7万次", "走访居民"), "1.7万次");
    }
}
