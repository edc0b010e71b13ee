//! What templates receive. Every page gets the common fields; each kind of page adds one
//! typed value (`year`, `section`, `print`, `home`, `landing`). These structs are the
//! theme contract: a theme may use exactly these fields.

use serde::Serialize;

use crate::config::{Lang, Localized};
use crate::theme::Strings;

/// A text in the page's language, or in the other one when it is not yet translated; then
/// `lang` holds the language tag the element must carry.
#[derive(Clone, Debug, Serialize)]
pub struct Txt {
    pub text: String,
    pub lang: Option<&'static str>,
}

impl Txt {
    pub fn of(text: &Localized, page: Lang) -> Txt {
        let (shown, lang) = text.show(page);
        Txt {
            text: shown.to_string(),
            lang: (lang != page).then(|| lang.tag()),
        }
    }
}

/// HTML rendered from Markdown, with the language it is in when that is not the page's.
#[derive(Clone, Debug, Serialize)]
pub struct Html {
    pub html: String,
    pub lang: Option<&'static str>,
    /// Shown in the other language because this one is missing.
    pub untranslated: bool,
    /// Still the placeholder `nianbao new` wrote.
    pub draft: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct LangInfo {
    /// `zh` or `en`.
    pub code: &'static str,
    /// `zh-CN` or `en`, for `lang` attributes.
    pub tag: &'static str,
    /// The language's own name: 中文, English.
    pub name: &'static str,
    /// The Open Graph locale: `zh_CN`, `en_US`.
    pub locale: &'static str,
}

impl LangInfo {
    pub fn of(lang: Lang) -> LangInfo {
        LangInfo {
            code: lang.code(),
            tag: lang.tag(),
            name: match lang {
                Lang::Zh => "中文",
                Lang::En => "English",
            },
            locale: match lang {
                Lang::Zh => "zh_CN",
                Lang::En => "en_US",
            },
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    pub title: Txt,
    pub description: Txt,
    pub publisher: Txt,
    pub base_url: String,
}

/// This page in another language (or this language: `current`).
#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    pub lang: LangInfo,
    pub href: String,
    /// The absolute address, for `hreflang` links.
    pub url: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub title: Txt,
    pub href: String,
}

/// A year in the year switch: the same page in that year where it exists, else its cover.
#[derive(Clone, Debug, Serialize)]
pub struct YearLink {
    pub year: u16,
    pub href: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageInfo {
    /// `landing`, `home`, `year`, `section`, `print` or `404`.
    pub kind: &'static str,
    /// The document title, plain text.
    pub title: String,
    /// For the description meta tag, plain text.
    pub description: String,
    /// The canonical absolute address.
    pub url: String,
    pub alternates: Vec<Alternate>,
    pub breadcrumbs: Vec<Link>,
}

/// Fields every template receives.
#[derive(Clone, Debug, Serialize)]
pub struct Common<'a> {
    pub lang: LangInfo,
    /// The theme's UI strings in the page's language.
    pub t: &'a Strings,
    pub site: SiteInfo,
    pub page: PageInfo,
    /// Prefix from this page to the site's root (`../../`), for static files.
    pub root: String,
    /// Every year, newest first.
    pub years: Vec<YearLink>,
    /// This language's home page.
    pub home_href: String,
    /// The bilingual landing page.
    pub landing_href: String,
    /// Every metric across years.
    pub metrics_href: String,
    /// The open data files and their dictionary.
    pub data_href: String,
    /// The search page; the header's search form submits `q` to it.
    pub search_href: String,
    /// This language's Atom feed of reports.
    pub feed_href: String,
    /// "nianbao 0.1.0".
    pub generator: &'static str,
}

/// A metric as a card or a table row.
#[derive(Clone, Debug, Serialize)]
pub struct FigureInfo {
    pub id: String,
    pub label: Txt,
    /// "1.7万次" or "17,000 visits"; "—" while pending.
    pub figure: String,
    /// The plain value (`17000`), empty while pending.
    pub value: String,
    /// The section the metric belongs to.
    pub section: Link,
    /// The same metric in the previous year it appears in, with the change since.
    pub previous: Option<PreviousInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PreviousInfo {
    pub year: u16,
    pub figure: String,
    /// Absent while either value is pending.
    pub change: Option<ChangeInfo>,
}

/// A year-over-year change, in words ("增加1200次（+7.1%）", "down 154 (−20.4%)").
#[derive(Clone, Debug, Serialize)]
pub struct ChangeInfo {
    pub text: String,
    /// `up`, `down` or `same`, for styling.
    pub direction: &'static str,
    /// ▲, ▼ or =, decoration beside the words.
    pub arrow: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct SectionLink {
    /// Two digits: `01`.
    pub number: String,
    pub title: Txt,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Download {
    pub title: String,
    pub href: String,
    /// `PDF`, `CSV`, … and the size, for the link's description.
    pub note: String,
}

/// A year's cover page (`year` in `year.html`; also inside `print`).
#[derive(Clone, Debug, Serialize)]
pub struct CoverInfo {
    pub year: u16,
    pub title: Txt,
    pub summary: Txt,
    pub publisher: Txt,
    pub date: Option<String>,
    pub preface: Html,
    pub highlights: Vec<FigureInfo>,
    pub sections: Vec<SectionLink>,
    pub downloads: Vec<Download>,
    /// Small bar charts of the highlighted figures that have two or more years.
    pub charts: Vec<ChartInfo>,
    pub href: String,
    pub print_href: String,
    /// The print edition with both languages side by side.
    pub bilingual_href: String,
}

/// An inline SVG chart and what it shows.
#[derive(Clone, Debug, Serialize)]
pub struct ChartInfo {
    pub id: String,
    pub label: Txt,
    /// The `<svg>` element, escaped and safe to insert.
    pub svg: String,
    pub href: String,
}

/// One section page (`section` in `section.html`).
#[derive(Clone, Debug, Serialize)]
pub struct SectionInfo {
    pub year: u16,
    pub number: String,
    pub count: usize,
    pub title: Txt,
    pub body: Html,
    pub metrics: Vec<FigureInfo>,
    /// Some metric of the section also appears in an earlier year.
    pub has_history: bool,
    pub prev: Option<SectionLink>,
    pub next: Option<SectionLink>,
    pub cover: Link,
}

/// A section inside the print edition; ids are prefixed by `anchor`.
#[derive(Clone, Debug, Serialize)]
pub struct PrintSection {
    pub anchor: String,
    pub number: String,
    pub title: Txt,
    pub body: Html,
    pub metrics: Vec<FigureInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PrintInfo {
    pub cover: CoverInfo,
    pub sections: Vec<PrintSection>,
}

/// A year on a language's home page.
#[derive(Clone, Debug, Serialize)]
pub struct YearSummary {
    pub year: u16,
    pub title: Txt,
    pub summary: Txt,
    pub href: String,
    pub highlights: Vec<FigureInfo>,
    pub section_count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct HomeInfo {
    pub years: Vec<YearSummary>,
}

/// The bilingual landing page: one entry per language.
#[derive(Clone, Debug, Serialize)]
pub struct LandingLang {
    pub lang: LangInfo,
    pub title: String,
    pub description: String,
    pub href: String,
    /// UI strings of that language, so the landing page can speak both.
    pub t: Strings,
}

#[derive(Clone, Debug, Serialize)]
pub struct LandingInfo {
    pub languages: Vec<LandingLang>,
}

/// A page's whole context: the common fields and the page's own value, side by side.
#[derive(Serialize)]
pub struct PageContext<'a, T: Serialize> {
    #[serde(flatten)]
    pub common: Common<'a>,
    #[serde(flatten)]
    pub own: T,
}

#[derive(Serialize)]
pub struct YearPage {
    pub year: CoverInfo,
}

#[derive(Serialize)]
pub struct SectionPage {
    pub section: SectionInfo,
}

#[derive(Serialize)]
pub struct PrintPage {
    pub print: PrintInfo,
}

#[derive(Serialize)]
pub struct HomePage {
    pub home: HomeInfo,
}

#[derive(Serialize)]
pub struct LandingPage {
    pub landing: LandingInfo,
}

#[derive(Serialize)]
pub struct NotFoundPage {}

#[derive(Clone, Debug, Serialize)]
pub struct SearchInfo {
    /// The languages whose indexes the page loads, page language first: `zh en`.
    pub langs: String,
}

/// One language's version of a text in the bilingual edition.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub lang: LangInfo,
    pub title: Txt,
    pub body: Html,
}

/// A metric in both languages.
#[derive(Clone, Debug, Serialize)]
pub struct BilingualMetric {
    pub id: String,
    /// One per language, in the order of `versions`.
    pub labels: Vec<Txt>,
    pub figures: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BilingualSection {
    pub anchor: String,
    pub number: String,
    pub versions: Vec<Version>,
    pub metrics: Vec<BilingualMetric>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BilingualInfo {
    pub year: u16,
    /// The cover (title and preface) in each language.
    pub cover: Vec<Version>,
    pub publisher: Vec<Txt>,
    pub sections: Vec<BilingualSection>,
}

#[derive(Serialize)]
pub struct BilingualPage {
    pub bilingual: BilingualInfo,
}

#[derive(Serialize)]
pub struct SearchPage {
    pub search: SearchInfo,
}

/// One year's value in the metrics table.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub year: u16,
    /// The metric exists in that year (it may still be pending).
    pub present: bool,
    pub figure: String,
    pub value: String,
    /// The change since the previous year it appears in.
    pub change: Option<ChangeInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SeriesRow {
    pub id: String,
    pub label: Txt,
    pub cells: Vec<Cell>,
    pub chart: ChartInfo,
}

/// The series whose latest year places them in one section.
#[derive(Clone, Debug, Serialize)]
pub struct MetricGroup {
    pub number: String,
    pub title: Txt,
    pub href: String,
    pub rows: Vec<SeriesRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MetricsInfo {
    /// The table's columns, oldest first.
    pub years: Vec<u16>,
    pub groups: Vec<MetricGroup>,
}

#[derive(Serialize)]
pub struct MetricsPage {
    pub metrics: MetricsInfo,
}

/// A column of the open data files.
#[derive(Clone, Debug, Serialize)]
pub struct DataColumn {
    pub name: &'static str,
    pub description: String,
}

/// A metric id in the data dictionary.
#[derive(Clone, Debug, Serialize)]
pub struct DataMetric {
    pub id: String,
    pub label: Txt,
    pub unit: String,
    pub years: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DataInfo {
    pub downloads: Vec<Download>,
    pub columns: Vec<DataColumn>,
    pub metrics: Vec<DataMetric>,
}

#[derive(Serialize)]
pub struct DataPage {
    pub data: DataInfo,
}
