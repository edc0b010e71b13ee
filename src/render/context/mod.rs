//! What templates receive. Every page gets the common fields; each kind of page adds one
//! typed value (`year`, `section`, `print`, `home`, `landing`…, in `pages`). These structs
//! are the theme contract: a theme may use exactly these fields.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::Serialize;

use crate::config::{Lang, Localized};
use crate::theme::Strings;
use crate::theme::options::OptionContext;

/// A text in the page's language, or in the other one when it is not yet translated; then
/// `lang` holds the language tag the element must carry.
#[derive(Clone, Debug, Serialize)]
pub struct Txt {
    /// The text.
    pub text: String,
    /// The language tag of the text (`zh-CN`, `en`) when it is not the page's language; none otherwise.
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
    /// The HTML, to print with `| safe`.
    pub html: String,
    /// The language tag of the HTML when it is not the page's language; none otherwise.
    pub lang: Option<&'static str>,
    /// Shown in the other language because this one is missing.
    pub untranslated: bool,
    /// Still the placeholder `nianbao new` wrote.
    pub draft: bool,
}

/// A language of the site.
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

/// The site as site.toml describes it, in the page's language.
#[derive(Clone, Debug, Serialize)]
pub struct SiteInfo {
    /// The site's name (site.toml `title`).
    pub title: Txt,
    /// What the site is (site.toml `description`).
    pub description: Txt,
    /// Who publishes it (site.toml `publisher`).
    pub publisher: Txt,
    /// The address the site is published at, ending in `/`.
    pub base_url: String,
}

/// This page in another language (or this language: `current`).
#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    /// The language.
    pub lang: Shared<LangInfo>,
    /// The link to the page in that language, relative to this page.
    pub href: String,
    /// The absolute address, for `hreflang` links.
    pub url: String,
    /// Whether it is this page.
    pub current: bool,
}

/// A link with its text.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// What the link says.
    pub title: Txt,
    /// Where it leads, relative to this page.
    pub href: String,
}

/// A year in the year switch: the same page in that year where it exists, else its cover.
#[derive(Clone, Debug, Serialize)]
pub struct YearLink {
    /// The year.
    pub year: u16,
    /// The link, relative to this page.
    pub href: String,
    /// Whether this page belongs to that year.
    pub current: bool,
}

/// The page being rendered.
#[derive(Clone, Debug, Serialize)]
pub struct PageInfo {
    /// The kind of page: `landing`, `home`, `year`, `section`, `print`, `bilingual`,
    /// `metrics`, `data`, `search` or `404`.
    pub kind: &'static str,
    /// The document title, plain text.
    pub title: String,
    /// For the description meta tag, plain text.
    pub description: String,
    /// The canonical absolute address.
    pub url: String,
    /// This page in each language of the site, for the language switch and `hreflang` links.
    pub alternates: Vec<Alternate>,
    /// The way from the language's home to this page, this page last.
    pub breadcrumbs: Vec<Link>,
}

/// Fields every template receives.
#[derive(Clone, Debug, Serialize)]
pub struct Common<'a> {
    /// The page's language.
    pub lang: Shared<LangInfo>,
    /// The theme's UI strings in the page's language: `{{ t.contents }}`. (Added when the
    /// page renders, converted once per language.)
    #[serde(skip)]
    pub t: &'a Strings,
    /// The site, in the page's language.
    pub site: Shared<SiteInfo>,
    /// This page.
    pub page: PageInfo,
    /// Prefix from this page to the site's root (`../../`), for static files.
    pub root: String,
    /// The year switch, newest first: the years nearest this page's own, ten at most (the
    /// language's home, `home_href`, lists them all).
    pub years: Vec<YearLink>,
    /// Whether the site has more years than `years` holds.
    pub more_years: bool,
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
    /// The glossary of the report's set terms; empty when the site has none.
    pub glossary_href: String,
    /// This language's Atom feed of reports.
    pub feed_href: String,
    /// "nianbao 0.1.0".
    pub generator: &'static str,
    /// The theme's options (theme.toml), as site.toml sets them: colours as `#rrggbb`,
    /// images as links from this page (empty when unset), texts as `Txt`, flags as booleans.
    pub options: Shared<BTreeMap<String, OptionContext>>,
}

/// A metric as a card or a table row.
#[derive(Clone, Debug, Serialize)]
pub struct FigureInfo {
    /// The metric's id (`resident_visits`); the row of a section's figures table is `m-` and the id.
    pub id: String,
    /// What the figure counts.
    pub label: Txt,
    /// "1.7万次" or "17,000 visits"; "—" while pending.
    pub figure: String,
    /// The figure where space is short, for cards: "1,600+" where `figure` says "more than
    /// 1,600"; otherwise the same as `figure`.
    pub short: String,
    /// The figure for a card beside its label: without the unit's word when the label
    /// already ends in it ("17,000" beside "Resident visits"); else `figure`.
    pub card: String,
    /// The plain value (`17000`), empty while pending.
    pub value: String,
    /// The page of the section the metric belongs to.
    pub section_href: String,
    /// The sentence of the section that first cites the figure (`…#cite-ID`), or its row
    /// in the section's table of figures when the text does not cite it.
    pub cite_href: String,
    /// The same metric in the previous year it appears in, with the change since.
    pub previous: Option<PreviousInfo>,
}

/// The same metric in the previous year it appears in.
#[derive(Clone, Debug, Serialize)]
pub struct PreviousInfo {
    /// The earlier year.
    pub year: u16,
    /// The figure of that year, as the page's language writes it.
    pub figure: String,
    /// Absent while either value is pending.
    pub change: Option<ChangeInfo>,
}

/// A year-over-year change, in words ("增加1200次（+7.1%）", "down 154 (−20.4%)").
#[derive(Clone, Debug, Serialize)]
pub struct ChangeInfo {
    /// The change in words: "增加1200次（+7.1%）", "down 154 (−20.4%)".
    pub text: String,
    /// `up`, `down` or `same`, for styling.
    pub direction: &'static str,
    /// ▲, ▼ or =, decoration beside the words.
    pub arrow: &'static str,
}

/// A section in a list of sections.
#[derive(Clone, Debug, Serialize)]
pub struct SectionLink {
    /// Two digits: `01`.
    pub number: String,
    /// The section's title.
    pub title: Txt,
    /// The link to the section, relative to this page.
    pub href: String,
}

/// A value many pages show alike (a year's list of sections), converted for templates once
/// and shared: templates see the `T` it was made from.
#[derive(Clone, Debug)]
pub struct Shared<T> {
    converted: tera::Value,
    of: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    pub fn new(value: &T) -> Shared<T> {
        Shared {
            converted: tera::Value::from_serializable(value),
            of: PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Into a template context this is a reference count, not a copy.
        self.converted.serialize(serializer)
    }
}

/// A file to download.
#[derive(Clone, Debug, Serialize)]
pub struct Download {
    /// The file's name.
    pub title: String,
    /// The link to the file, relative to this page.
    pub href: String,
    /// `PDF`, `CSV`, … and the size, for the link's description.
    pub note: String,
}

mod pages;
pub use pages::*;
