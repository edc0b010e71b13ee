//! An edition's data, as the theme's `pdf.typ` reads it from `/edition.json`: the print
//! edition's context, with each text as Typst markup, and one version per language the
//! edition holds (one, or both for the bilingual edition).

use std::collections::BTreeMap;

use serde::Serialize;

use super::markup::{self, Setting, Target};
use super::world::Input;
use crate::config::Lang;
use crate::content::Section;
use crate::diagnostics::Diagnostic;
use crate::render::context::{FigureInfo, LangInfo, Txt};
use crate::render::paths::{self, Linker};
use crate::render::{DocRef, OutputFile, Renderer};

/// The theme's Typst template that sets every edition.
pub const TEMPLATE: &str = "pdf.typ";

/// A PDF of one year: in one language, or in all the site's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edition {
    Single(Lang),
    Bilingual,
}

impl Edition {
    /// The editions of a site with these languages: one per language, and the bilingual
    /// one when there are two.
    pub fn all(languages: &[Lang]) -> Vec<Edition> {
        let mut all: Vec<Edition> = languages.iter().map(|&l| Edition::Single(l)).collect();
        if languages.len() > 1 {
            all.push(Edition::Bilingual);
        }
        all
    }

    /// The languages of the edition, which are also the folders it is written to (the
    /// bilingual edition beside each cover that links to it).
    fn languages(self, site: &[Lang]) -> Vec<Lang> {
        match self {
            Edition::Single(lang) => vec![lang],
            Edition::Bilingual => site.to_vec(),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Edition::Single(lang) => lang.code(),
            Edition::Bilingual => "bilingual",
        }
    }
}

/// The site paths of an edition's PDF: `zh/2018/report-2018-zh.pdf`.
pub fn site_paths(edition: Edition, year: u16, languages: &[Lang]) -> Vec<String> {
    let name = super::file_name(edition, year, languages);
    edition
        .languages(languages)
        .into_iter()
        .map(|lang| format!("{}{name}", paths::year(lang, year)))
        .collect()
}

/// `/edition.json`.
#[derive(Serialize)]
struct EditionData {
    /// `zh`, `en` or `bilingual`.
    edition: &'static str,
    year: u16,
    /// The language of the edition's first version: the document's language.
    lang: LangInfo,
    /// The year's address on the web, when the site has a real one.
    web: Option<String>,
    /// The edition in each of its languages.
    versions: Vec<Version>,
}

#[derive(Serialize)]
struct Version {
    lang: LangInfo,
    /// The theme's UI strings in this language.
    t: crate::theme::Strings,
    /// The site's name.
    site: String,
    title: Txt,
    summary: Txt,
    publisher: Txt,
    date: Option<String>,
    /// The preface as Typst markup, one string per block.
    preface: Vec<String>,
    highlights: Vec<FigureInfo>,
    charts: Vec<Chart>,
    sections: Vec<PdfSection>,
    /// The theme's options (theme.toml) as site.toml sets them; an image is named by its
    /// path in the theme's static files: `/static/logo.png`.
    options: BTreeMap<String, crate::theme::options::OptionContext>,
}

#[derive(Serialize)]
struct PdfSection {
    /// The section's label in the document (`s-party-building`).
    anchor: String,
    number: String,
    title: Txt,
    /// The section's text as Typst markup, one string per block (paragraph, list, table).
    body: Vec<String>,
    /// The text is the other language's: this one has no translation yet.
    untranslated: bool,
    metrics: Vec<FigureInfo>,
}

#[derive(Serialize)]
struct Chart {
    label: Txt,
    /// The figures in words, for those who cannot see the chart.
    description: String,
    bars: Vec<ChartBar>,
}

#[derive(Serialize)]
struct ChartBar {
    /// The year.
    label: String,
    /// The value, none while pending.
    value: Option<f64>,
    /// The value as the chart writes it.
    text: String,
}

impl Renderer<'_> {
    /// Typesets every edition of year `y` that this build makes; one file per folder.
    pub fn pdf_files(&self, y: usize, edition: Edition) -> Result<Vec<OutputFile>, Diagnostic> {
        let Some(typesetter) = &self.options.pdf else {
            return Ok(Vec::new());
        };
        let input = self.pdf_input(y, edition)?;
        let bytes = typesetter.typeset_cached(&input)?;
        let year = self.site.years[y].year;
        let paths = site_paths(edition, year, &self.site.config.languages);
        Ok(paths
            .into_iter()
            .map(|path| OutputFile {
                path,
                bytes: bytes.clone(),
            })
            .collect())
    }

    /// What Typst needs to set one edition: the template, the data and the images.
    pub fn pdf_input(&self, y: usize, edition: Edition) -> Result<Input<'_>, Diagnostic> {
        let year = &self.site.years[y];
        let languages = edition.languages(&self.site.config.languages);
        let mut files = BTreeMap::new();
        let versions: Vec<Version> = languages
            .iter()
            .map(|&lang| self.pdf_version(y, lang, &mut files))
            .collect();
        let base = &self.site.config.base_url;
        let data = EditionData {
            edition: edition.code(),
            year: year.year,
            lang: LangInfo::of(languages[0]),
            web: (!base.is_example() && base.as_str().starts_with("https://"))
                .then(|| base.join(&paths::year(languages[0], year.year))),
            versions,
        };
        let json = serde_json::to_vec(&data)
            .map_err(|err| Diagnostic::error(format!("cannot write the edition's data: {err}")))?;
        let what = match edition {
            Edition::Single(lang) => format!("the {} PDF of {}", lang.code(), year.year),
            Edition::Bilingual => format!("the bilingual PDF of {}", year.year),
        };
        if let Some(typesetter) = &self.options.pdf {
            typesetter
                .fonts
                .check(&String::from_utf8_lossy(&json), &what)?;
        }
        let date = year.cover.date.as_deref().and_then(datetime);
        Ok(Input {
            sources: &self.site.theme.typst,
            data: json,
            files,
            static_files: &self.site.theme.static_files,
            date,
            ident: format!(
                "nianbao/{}/{}",
                year.year,
                site_paths(edition, year.year, &self.site.config.languages)[0]
            ),
            what,
        })
    }

    fn pdf_version(&self, y: usize, lang: Lang, files: &mut BTreeMap<String, Vec<u8>>) -> Version {
        let year = &self.site.years[y];
        let cover = &year.cover;
        let linker = Linker::relative(&paths::year(lang, year.year), false);
        let sections = year
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| {
                let (body, untranslated) = self.pdf_markup(DocRef::section(y, s), lang, files);
                PdfSection {
                    anchor: anchor(section),
                    number: format!("{:02}", section.number),
                    title: Txt::of(&section.title, lang),
                    body,
                    untranslated,
                    metrics: self.section_metrics(lang, y, s, &linker),
                }
            })
            .collect();
        let charts = self
            .cover_series(y)
            .into_iter()
            .map(|(_, series, points)| {
                let (label, bars, description) = self.chart_bars(series, &points, lang);
                Chart {
                    label,
                    description,
                    bars: bars
                        .into_iter()
                        .map(|bar| ChartBar {
                            label: bar.label,
                            value: bar.value.and_then(|v| v.to_string().parse().ok()),
                            text: bar.text,
                        })
                        .collect(),
                }
            })
            .collect();
        Version {
            lang: LangInfo::of(lang),
            t: self
                .site
                .theme
                .strings
                .get(&lang)
                .cloned()
                .unwrap_or_default(),
            site: self.site.config.title.get(lang).to_string(),
            title: Txt::of(&cover.title, lang),
            summary: Txt::of(&cover.summary, lang),
            publisher: Txt::of(&cover.publisher, lang),
            date: cover.date.clone(),
            preface: self.pdf_markup(DocRef::cover(y), lang, files).0,
            highlights: self.highlights(lang, y, &linker),
            charts,
            sections,
            options: crate::theme::options::context(&self.site.theme.options, lang, &|path| {
                format!("/static/{path}")
            }),
        }
    }

    /// A document's text as Typst markup in `lang` (or in the other language, with `true`,
    /// while it has no translation), collecting the images it shows into `files`.
    fn pdf_markup(
        &self,
        doc: DocRef,
        lang: Lang,
        files: &mut BTreeMap<String, Vec<u8>>,
    ) -> (Vec<String>, bool) {
        let document = doc.document(self.site);
        let (body, shown) = match document.body(lang) {
            Some(body) => (body, lang),
            None => match document.body(lang.other()) {
                Some(body) => (body, lang.other()),
                None => return (Vec::new(), false),
            },
        };
        let year = &self.site.years[doc.year];
        let figures = crate::render::prepare::figures_of(self.site, doc, &body.citations, shown);
        let own_page = match doc.section {
            Some(s) => paths::section(lang, year.year, &year.sections[s].slug),
            None => paths::year(lang, year.year),
        };
        let base = &self.site.config.base_url;
        let link = |address: &str| -> Option<Target> {
            if paths::is_external(address) {
                return Some(Target::Url(address.to_string()));
            }
            if address.starts_with('#') {
                return None;
            }
            let site_path = paths::resolve(&own_page, address);
            // Another section of the same year is a page of this PDF.
            for other in &year.sections {
                for &l in &self.site.config.languages {
                    if site_path == paths::section(l, year.year, &other.slug) {
                        return Some(Target::Label(anchor(other)));
                    }
                }
            }
            (!base.is_example()).then(|| Target::Url(base.join(&site_path)))
        };
        let found = std::cell::RefCell::new(Vec::new());
        let prefix = match doc.section {
            Some(s) => format!("{}-{}-", anchor(&year.sections[s]), shown.code()),
            None => format!("preface-{}-", shown.code()),
        };
        let image = |address: &str| -> Option<String> {
            let site_path = paths::resolve(&own_page, address);
            let prefix = format!("files/{}/", year.year);
            let name = site_path.strip_prefix(&prefix)?;
            let name = crate::escape::percent_decode(name);
            let attachment = year.attachments.iter().find(|a| a.name == name)?;
            let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
            if !["png", "jpg", "jpeg", "gif", "webp", "svg"].contains(&extension.as_str()) {
                return None;
            }
            let path = format!("/files/{}/{}", year.year, files_name(&name));
            found
                .borrow_mut()
                .push((path.clone(), attachment.bytes.clone()));
            Some(path)
        };
        let markup = markup::typst(
            body,
            &Setting {
                lang: shown,
                figures: &figures,
                top_heading: 2,
                allow_html: self.site.config.allow_html,
                label_prefix: &prefix,
                link: &link,
                image: &image,
            },
        );
        files.extend(found.into_inner());
        (markup, shown != lang)
    }
}

/// A section's label in the document.
fn anchor(section: &Section) -> String {
    format!("s-{}", section.slug)
}

/// An attachment's name as a path Typst can read: its letters, digits and `.-_` kept.
fn files_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `2019-01-15` as Typst's date.
fn datetime(date: &str) -> Option<typst::foundations::Datetime> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    typst::foundations::Datetime::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}
