//! The own variable of each kind of page, and `PageData`, every page's whole context.

use serde::Serialize;

use super::*;

/// A year's cover page (`year` in `year.html`; also inside `print`).
#[derive(Clone, Debug, Serialize)]
pub struct CoverInfo {
    /// The year of the report.
    pub year: u16,
    /// The report's title (`_year.md` `title`).
    pub title: Txt,
    /// One or two sentences on the year (`_year.md` `summary`).
    pub summary: Txt,
    /// Who wrote the report; printed as its closing attribution.
    pub publisher: Txt,
    /// The publication date, `YYYY-MM-DD`, when `_year.md` gives one.
    pub date: Option<String>,
    /// The preface, from the body of `_year.md`.
    pub preface: Html,
    /// The year's key figures (metrics marked `highlight`), in section order.
    pub highlights: Vec<FigureInfo>,
    /// The sections, in order.
    pub sections: Shared<Vec<SectionLink>>,
    /// The other files of the year's folder (the original PDF, spreadsheets).
    pub downloads: Vec<Download>,
    /// Small bar charts of the highlighted figures that have two or more years.
    pub charts: Vec<ChartInfo>,
    /// The link to the cover, relative to this page.
    pub href: String,
    /// The link to the print edition.
    pub print_href: String,
    /// The print edition with both languages side by side.
    pub bilingual_href: String,
    /// The year's figures as CSV (`data/2018.csv`).
    pub data_href: String,
    /// The year's typeset PDF, in the page's language and then bilingual (`title` is the
    /// edition's name, `note` the file's); empty when the site makes no PDF edition.
    pub pdfs: Vec<Download>,
}

/// An inline SVG chart and what it shows.
#[derive(Clone, Debug, Serialize)]
pub struct ChartInfo {
    /// The chart's id; its `<title>` and `<desc>` ids begin with it.
    pub id: String,
    /// What the chart shows.
    pub label: Txt,
    /// The `<svg>` element, escaped and safe to insert.
    pub svg: String,
    /// The link to the section the metric belongs to.
    pub href: String,
}

/// One section page (`section` in `section.html`).
#[derive(Clone, Debug, Serialize)]
pub struct SectionInfo {
    /// The year of the report.
    pub year: u16,
    /// The section's number, two digits: `05`.
    pub number: String,
    /// How many sections the year has.
    pub count: usize,
    /// The section's title.
    pub title: Txt,
    /// The year's publication date, `YYYY-MM-DD`, when `_year.md` gives one.
    pub date: Option<String>,
    /// The section's text.
    pub body: Html,
    /// The section's figures, in the order of its front matter.
    pub metrics: Shared<Vec<FigureInfo>>,
    /// Some metric of the section also appears in an earlier year.
    pub has_history: bool,
    /// Every section of the year, this one included, for a menu of the year's sections.
    pub sections: Shared<Vec<SectionLink>>,
    /// The section before, if any.
    pub prev: Option<SectionLink>,
    /// The section after, if any.
    pub next: Option<SectionLink>,
    /// The year's cover.
    pub cover: Link,
}

/// A section inside the print edition; ids are prefixed by `anchor`.
#[derive(Clone, Debug, Serialize)]
pub struct PrintSection {
    /// The section's id on the page (`s-big-survey`); ids in its text begin with it.
    pub anchor: String,
    /// The section's number, two digits.
    pub number: String,
    /// The section's title.
    pub title: Txt,
    /// The section's text.
    pub body: Html,
    /// The section's figures.
    pub metrics: Shared<Vec<FigureInfo>>,
}

/// The print edition: the whole year on one page.
#[derive(Clone, Debug, Serialize)]
pub struct PrintInfo {
    /// The year's cover (its `charts` are empty here).
    pub cover: CoverInfo,
    /// Every section, in order.
    pub sections: Vec<PrintSection>,
}

/// A year on a language's home page.
#[derive(Clone, Debug, Serialize)]
pub struct YearSummary {
    /// The year.
    pub year: u16,
    /// The report's title.
    pub title: Txt,
    /// The report's summary.
    pub summary: Txt,
    /// The link to the year's cover.
    pub href: String,
    /// The year's key figures: the newest year's only (each cover has its own).
    pub highlights: Vec<FigureInfo>,
    /// How many sections the year has.
    pub section_count: usize,
}

/// A language's home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeInfo {
    /// Every year, newest first.
    pub years: Vec<YearSummary>,
}

/// The bilingual landing page: one entry per language.
#[derive(Clone, Debug, Serialize)]
pub struct LandingLang {
    /// The language.
    pub lang: LangInfo,
    /// The site's name in that language.
    pub title: String,
    /// The site's description in that language.
    pub description: String,
    /// The link to that language's home.
    pub href: String,
    /// The newest year's report in that language, so a visitor reaches it in one click.
    pub latest: Option<Link>,
    /// UI strings of that language, so the landing page can speak both.
    pub t: Strings,
}

/// The bilingual landing page.
#[derive(Clone, Debug, Serialize)]
pub struct LandingInfo {
    /// Each language of the site, in site.toml order.
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

/// The own variable of `year.html`.
#[derive(Serialize)]
pub struct YearPage {
    /// The year's cover.
    pub year: CoverInfo,
}

/// The own variable of `section.html`.
#[derive(Serialize)]
pub struct SectionPage {
    /// The section.
    pub section: SectionInfo,
}

/// The own variable of `print.html`.
#[derive(Serialize)]
pub struct PrintPage {
    /// The year on one page.
    pub print: PrintInfo,
}

/// The own variable of `home.html`.
#[derive(Serialize)]
pub struct HomePage {
    /// The language's home.
    pub home: HomeInfo,
}

/// The own variable of `landing.html`.
#[derive(Serialize)]
pub struct LandingPage {
    /// The landing page.
    pub landing: LandingInfo,
}

/// The own variable of `404.html`: the site in every language, since the page is the same
/// whatever the visitor's language.
#[derive(Serialize)]
pub struct NotFoundPage {
    /// The site's languages, each with its name, link and UI strings (as on the landing page).
    pub not_found: LandingInfo,
}

/// The search page.
#[derive(Clone, Debug, Serialize)]
pub struct SearchInfo {
    /// The languages whose indexes the page loads, page language first: `zh en`.
    pub langs: String,
    /// The years whose indexes the page loads, newest first (one file per language and
    /// year): `2018 2017`.
    pub years: String,
    /// The search script (the same for every theme), with a version from its content:
    /// `<script src="{{ search.script }}" defer>`.
    pub script: String,
}

/// One language's version of a text in the bilingual edition.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    /// The language of this version.
    pub lang: LangInfo,
    /// The title in that language.
    pub title: Txt,
    /// The text in that language.
    pub body: Html,
}

/// A metric in both languages.
#[derive(Clone, Debug, Serialize)]
pub struct BilingualMetric {
    /// The metric's id.
    pub id: String,
    /// One per language, in the order of `versions`.
    pub labels: Vec<Txt>,
    /// The figure as each language writes it, in the order of `versions`.
    pub figures: Vec<String>,
}

/// A section in both languages.
#[derive(Clone, Debug, Serialize)]
pub struct BilingualSection {
    /// The section's id on the page; ids in its texts begin with it.
    pub anchor: String,
    /// The section's number, two digits.
    pub number: String,
    /// The section in each language of the site.
    pub versions: Vec<Version>,
    /// The section's figures in both languages.
    pub metrics: Vec<BilingualMetric>,
}

/// The print edition with both languages side by side.
#[derive(Clone, Debug, Serialize)]
pub struct BilingualInfo {
    /// The year.
    pub year: u16,
    /// The cover (title and preface) in each language.
    pub cover: Vec<Version>,
    /// The publisher in each language.
    pub publisher: Vec<Txt>,
    /// Every section, in order.
    pub sections: Vec<BilingualSection>,
}

/// The own variable of `bilingual.html`.
#[derive(Serialize)]
pub struct BilingualPage {
    /// The bilingual edition.
    pub bilingual: Shared<BilingualInfo>,
}

/// One term of the glossary.
#[derive(Clone, Debug, Serialize)]
pub struct GlossaryTerm {
    /// The entry's id on the page: `term-big-survey`; pages link their first use of the
    /// term here.
    pub anchor: String,
    /// The term in the page's language.
    pub term: Txt,
    /// The term in the other language.
    pub other: Txt,
    /// The note for readers, in the page's language; empty when there is none.
    pub note: Txt,
    /// Other English names of the term, comma-separated; empty when there are none.
    pub aliases: String,
}

/// The own variable of `glossary.html`.
#[derive(Serialize)]
pub struct GlossaryPage {
    /// Every term, in the glossary's order.
    pub glossary: Vec<GlossaryTerm>,
}

/// The own variable of `search.html`.
#[derive(Serialize)]
pub struct SearchPage {
    /// The search page.
    pub search: SearchInfo,
}

/// One year's value in the metrics table.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// The column's year.
    pub year: u16,
    /// The metric exists in that year (it may still be pending).
    pub present: bool,
    /// The figure as the page's language writes it; empty when not present.
    pub figure: String,
    /// The plain value, empty when not present or pending.
    pub value: String,
    /// The change since the previous year it appears in.
    pub change: Option<ChangeInfo>,
}

/// One metric across years.
#[derive(Clone, Debug, Serialize)]
pub struct SeriesRow {
    /// The metric's id.
    pub id: String,
    /// What the metric counts (its label in the latest year).
    pub label: Txt,
    /// One cell per year of the site, oldest first.
    pub cells: Vec<Cell>,
    /// A bar chart of the series.
    pub chart: ChartInfo,
}

/// The series whose latest year places them in one section.
#[derive(Clone, Debug, Serialize)]
pub struct MetricGroup {
    /// The section's number, two digits.
    pub number: String,
    /// The section's title.
    pub title: Txt,
    /// The link to the section.
    pub href: String,
    /// The section's series, in front-matter order.
    pub rows: Vec<SeriesRow>,
}

/// The figures page (the newest year's figures by section, and links to the comparisons),
/// or one section's comparison page (its metrics across the years).
#[derive(Clone, Debug, Serialize)]
pub struct MetricsInfo {
    /// The newest year, whose figures `latest` lists; none while the site has no year.
    pub year: Option<u16>,
    /// Every figure of the newest year, by section.
    pub latest: Vec<FigureGroup>,
    /// The table's columns, oldest first.
    pub years: Vec<u16>,
    /// On a section's comparison page (`/zh/metrics/SLUG/`), its group; on the figures page
    /// itself, none (each section has its own page, so no page grows with the whole site).
    pub groups: Vec<MetricGroup>,
    /// The comparison pages, one per section with metrics in two or more years, in section
    /// order; empty while the site has one year.
    pub parts: Vec<Link>,
}

/// One section's figures of a year, on the figures page.
#[derive(Clone, Debug, Serialize)]
pub struct FigureGroup {
    /// The section's number, two digits.
    pub number: String,
    /// The section's title.
    pub title: Txt,
    /// The link to the section.
    pub href: String,
    /// The section's figures, each with the sentence that cites it (`cite_href`).
    pub figures: Vec<FigureInfo>,
}

/// The own variable of `metrics.html`.
#[derive(Serialize)]
pub struct MetricsPage {
    /// Every metric across years.
    pub metrics: MetricsInfo,
}

/// A column of the open data files.
#[derive(Clone, Debug, Serialize)]
pub struct DataColumn {
    /// The column's name in the CSV header.
    pub name: &'static str,
    /// What it holds, in the page's language.
    pub description: String,
}

/// A metric id in the data dictionary.
#[derive(Clone, Debug, Serialize)]
pub struct DataMetric {
    /// The metric's id.
    pub id: String,
    /// Its label in the latest year.
    pub label: Txt,
    /// Its figure in the latest year it appears in, as the page's language writes it.
    pub figure: String,
    /// That latest year.
    pub year: u16,
    /// Its unit in the page's language (empty for a Chinese measure word in English).
    pub unit: String,
    /// The years it appears in: `2016, 2017, 2018`.
    pub years: String,
}

/// The open data page: downloads, what each column means, every metric id.
#[derive(Clone, Debug, Serialize)]
pub struct DataInfo {
    /// The data files: every year as CSV and JSON, then each year as CSV.
    pub downloads: Vec<Download>,
    /// The columns of the CSV files.
    pub columns: Vec<DataColumn>,
    /// Every metric id of the site.
    pub metrics: Vec<DataMetric>,
}

/// The own variable of `data.html`.
#[derive(Serialize)]
pub struct DataPage {
    /// The open data page.
    pub data: DataInfo,
}

/// Every page's context, by kind: what `Renderer::data` builds and templates receive.
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageData<'a> {
    Landing(PageContext<'a, LandingPage>),
    Home(PageContext<'a, HomePage>),
    Year(PageContext<'a, YearPage>),
    Section(PageContext<'a, SectionPage>),
    Print(PageContext<'a, PrintPage>),
    Bilingual(PageContext<'a, BilingualPage>),
    Metrics(PageContext<'a, MetricsPage>),
    Data(PageContext<'a, DataPage>),
    Search(PageContext<'a, SearchPage>),
    Glossary(PageContext<'a, GlossaryPage>),
    NotFound(PageContext<'a, NotFoundPage>),
}

impl<'a> PageData<'a> {
    pub fn common(&self) -> &Common<'a> {
        match self {
            PageData::Landing(p) => &p.common,
            PageData::Home(p) => &p.common,
            PageData::Year(p) => &p.common,
            PageData::Section(p) => &p.common,
            PageData::Print(p) => &p.common,
            PageData::Bilingual(p) => &p.common,
            PageData::Metrics(p) => &p.common,
            PageData::Data(p) => &p.common,
            PageData::Search(p) => &p.common,
            PageData::Glossary(p) => &p.common,
            PageData::NotFound(p) => &p.common,
        }
    }
}

macro_rules! page_data_from {
    ($($own:ident => $variant:ident),* $(,)?) => {
        $(impl<'a> From<PageContext<'a, $own>> for PageData<'a> {
            fn from(page: PageContext<'a, $own>) -> PageData<'a> {
                PageData::$variant(page)
            }
        })*
    };
}

page_data_from!(
    LandingPage => Landing,
    HomePage => Home,
    YearPage => Year,
    SectionPage => Section,
    PrintPage => Print,
    BilingualPage => Bilingual,
    MetricsPage => Metrics,
    DataPage => Data,
    SearchPage => Search,
    GlossaryPage => Glossary,
    NotFoundPage => NotFound,
);
