//! Open data: every metric of every year as CSV (UTF-8 with a BOM, so Excel on a Chinese
//! Windows PC opens it correctly) and JSON, one CSV per year, and the data dictionary page.

use crate::config::{Lang, Localized};
use crate::content::{Section, Year};
use crate::escape;
use crate::metrics::Metric;
use std::collections::HashSet;
use std::sync::Arc;

use super::context::*;
use super::paths::Linker;
use super::{OutputFile, Renderer};

/// The columns of the CSV files, with what each holds.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("year", "报告年份", "Year of the report"),
    ("section", "部分编号", "Section number"),
    ("section_slug", "部分的网址名", "Section's name in the URL"),
    ("section_zh", "部分标题（中文）", "Section title in Chinese"),
    ("section_en", "部分标题（英文）", "Section title in English"),
    (
        "id",
        "指标编号，历年相同即为同一指标",
        "Metric id; the same id in another year is the same series",
    ),
    (
        "value",
        "数值（空白表示尚待填写）",
        "Value (empty while still to be filled in)",
    ),
    (
        "approx",
        "精确程度：exact 精确、about 约、nearly 近、over 超过/余、at_least 以上",
        "How exact: exact, about, nearly, over, at_least",
    ),
    ("unit_zh", "单位（中文）", "Unit in Chinese"),
    (
        "unit_en",
        "单位（英文，量词为空）",
        "Unit in English (empty for Chinese measure words)",
    ),
    ("label_zh", "指标名称（中文）", "Metric label in Chinese"),
    ("label_en", "指标名称（英文）", "Metric label in English"),
    (
        "figure_zh",
        "报告中的中文写法",
        "The figure as the Chinese text writes it",
    ),
    (
        "figure_en",
        "报告中的英文写法",
        "The figure as the English text writes it",
    ),
    (
        "highlight",
        "是否为年度关键数据",
        "Whether it is one of the year's key figures",
    ),
];

fn rows(years: &[Arc<Year>]) -> impl Iterator<Item = (&Year, &Section, &Metric)> {
    years.iter().map(|year| &**year).flat_map(|year| {
        year.sections.iter().flat_map(move |section| {
            section
                .metrics
                .iter()
                .map(move |metric| (year, section, metric))
        })
    })
}

/// Appends one metric's row to a CSV text.
fn csv_row(out: &mut String, year: &Year, section: &Section, metric: &Metric) {
    let fields: [&str; 15] = [
        &year.year.to_string(),
        &section.number.to_string(),
        &section.slug,
        section.title.get(Lang::Zh),
        section.title.get(Lang::En),
        &metric.id,
        metric.plain_value(),
        metric.approx.kind.name(),
        &metric.unit.zh,
        metric.unit.en_name(),
        metric.label.get(Lang::Zh),
        metric.label.get(Lang::En),
        metric.figure(Lang::Zh),
        metric.figure(Lang::En),
        if metric.highlight { "true" } else { "false" },
    ];
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        escape::csv(out, field);
    }
    out.push_str("\r\n");
}

/// The rows of one year's metrics, without the header.
fn csv_rows(year: &Year) -> String {
    let mut text = String::new();
    for section in &year.sections {
        for metric in &section.metrics {
            csv_row(&mut text, year, section, metric);
        }
    }
    text
}

/// A CSV file: the byte order mark, the header and the rows.
fn csv<'a>(rows: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let header: Vec<&str> = COLUMNS.iter().map(|(name, _, _)| *name).collect();
    let mut text = format!("\u{FEFF}{}\r\n", header.join(","));
    for chunk in rows {
        text.push_str(chunk);
    }
    text.into_bytes()
}

fn json_text(text: &Localized) -> String {
    format!(
        "{{\"zh\": \"{}\", \"en\": \"{}\"}}",
        escape::json(text.get(Lang::Zh)),
        escape::json(text.get(Lang::En))
    )
}

fn json(years: &[Arc<Year>], site_title: &Localized) -> Vec<u8> {
    let mut out = format!(
        "{{\n  \"site\": {},\n  \"metrics\": [",
        json_text(site_title)
    );
    for (i, (year, section, metric)) in rows(years).enumerate() {
        let value = metric
            .value
            .map_or_else(|| "null".to_string(), |v| v.to_string());
        let unit = Localized::new(metric.unit.zh.clone(), metric.unit.en_name());
        let figure = Localized::new(metric.figure(Lang::Zh), metric.figure(Lang::En));
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {{\"year\": {}, \"section\": {{\"number\": {}, \"slug\": \"{}\", \"title\": {}}}, \
             \"id\": \"{}\", \"value\": {value}, \"approx\": \"{}\", \"unit\": {}, \"label\": {}, \
             \"figure\": {}, \"highlight\": {}}}",
            year.year,
            section.number,
            escape::json(&section.slug),
            json_text(&section.title),
            escape::json(&metric.id),
            metric.approx.kind.name(),
            json_text(&unit),
            json_text(&metric.label),
            json_text(&figure),
            metric.highlight
        ));
    }
    out.push_str("\n  ]\n}\n");
    out.into_bytes()
}

/// `data/metrics.csv`, `data/metrics.json` and `data/YEAR.csv`, each made when the one
/// before it has been handed on: at fifty years each is megabytes, and no build needs them
/// all in memory at once.
pub fn files<'r>(renderer: &'r Renderer) -> impl Iterator<Item = OutputFile> + 'r {
    let years = &renderer.site.years;
    let whole = [
        OutputFile {
            path: "data/metrics.csv".into(),
            bytes: Vec::new(),
        },
        OutputFile {
            path: "data/metrics.json".into(),
            bytes: Vec::new(),
        },
    ]
    .into_iter()
    .map(move |mut file| {
        file.bytes = if file.path.ends_with(".csv") {
            let mut rows = String::new();
            for year in years {
                rows.push_str(&csv_rows(year));
            }
            csv(std::iter::once(rows.as_str()))
        } else {
            json(years, &renderer.site.config.title)
        };
        file
    });
    whole.chain(years.iter().map(|year| OutputFile {
        path: format!("data/{}.csv", year.year),
        bytes: csv(std::iter::once(csv_rows(year).as_str())),
    }))
}

impl Renderer<'_> {
    /// The data dictionary page.
    pub fn data_info(&self, lang: Lang, linker: &Linker) -> DataInfo {
        let years = &self.site.years;
        let mut downloads = vec![
            Download {
                title: "metrics.csv".into(),
                href: linker.href("data/metrics.csv"),
                note: note(
                    lang,
                    "全部年份，Excel 可直接打开",
                    "every year; opens in Excel",
                ),
            },
            Download {
                title: "metrics.json".into(),
                href: linker.href("data/metrics.json"),
                note: note(lang, "全部年份，供程序使用", "every year, for programs"),
            },
        ];
        for year in years.iter().rev() {
            downloads.push(Download {
                title: format!("{}.csv", year.year),
                href: linker.href(&format!("data/{}.csv", year.year)),
                note: note(lang, &format!("{}年", year.year), &year.year.to_string()),
            });
        }
        // The typeset report of each year, in the page's language and bilingual.
        for year in years.iter().rev() {
            for pdf in self.pdf_links(lang, year.year, linker) {
                downloads.push(Download {
                    title: pdf.note,
                    href: pdf.href,
                    note: format!(
                        "{} · {}",
                        note(lang, &format!("{}年", year.year), &year.year.to_string()),
                        pdf.title
                    ),
                });
            }
        }
        let columns = COLUMNS
            .iter()
            .map(|(name, zh, en)| DataColumn {
                name,
                description: note(lang, zh, en),
            })
            .collect();
        let mut seen: Vec<DataMetric> = Vec::new();
        let mut listed: HashSet<&str> = HashSet::new();
        for series in years
            .iter()
            .flat_map(|y| &y.sections)
            .flat_map(|s| &s.metrics)
            .map(|m| &m.id)
        {
            if !listed.insert(series) {
                continue;
            }
            let history = self
                .site
                .history
                .get(series)
                .expect("every metric has a series");
            let latest = history.metric(years, history.latest());
            let in_years: Vec<String> = history
                .points
                .iter()
                .map(|p| years[p.year].year.to_string())
                .collect();
            seen.push(DataMetric {
                id: series.clone(),
                label: Txt::of(&latest.label, lang),
                figure: latest.figure(lang).to_string(),
                year: years[history.latest().year].year,
                unit: match lang {
                    Lang::Zh => latest.unit.zh.clone(),
                    Lang::En => latest.unit.en_name().to_string(),
                },
                years: in_years.join(", "),
            });
        }
        DataInfo {
            downloads,
            columns,
            metrics: seen,
        }
    }
}

fn note(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}
