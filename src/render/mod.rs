//! The render stage: from a loaded site to the list of files to write. Pure: it reads no
//! files, asks no clock, and returns the same bytes for the same site.

mod bilingual;
mod compare;
pub mod context;
mod data;
pub mod discovery;
mod feeds;
mod figures;
pub mod glossary;
mod kinds;
pub mod ondemand;
pub mod pages;
pub mod paths;
pub mod prepare;

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::{BaseUrl, Lang};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
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
    /// Typesets the PDF edition of each year; none: the build makes no PDF and no page
    /// links to one.
    pub pdf: Option<std::sync::Arc<crate::pdf::Typesetter>>,
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub options: &'a RenderOptions,
    /// Every document's Markdown, rendered once.
    pub bodies: &'a prepare::Bodies,
    /// The UI strings of each language, converted for templates once.
    strings: [tera::Value; 2],
    /// Each year's list of sections, converted once per language and link prefix: every
    /// section page shows it, so building it per page would grow with the square of sections.
    section_lists: std::sync::Mutex<SectionLists>,
    /// What every page of a language at one depth shows alike (the site, the theme's
    /// options, the links of the header), made once for all of them.
    frames: std::sync::Mutex<Frames>,
    /// Each language's description, converted for templates once.
    langs: [context::Shared<context::LangInfo>; 2],
    /// Each section's figures, made by the first of the two pages that show them alike
    /// (its own page, its print edition) and taken by the second (`shared_section_metrics`).
    figures: std::sync::Mutex<SectionFigureCache>,
    /// Each year's bilingual edition, made by the first of its two pages
    /// (`shared_bilingual_info`).
    bilingual: std::sync::Mutex<
        std::collections::HashMap<(usize, String), context::Shared<context::BilingualInfo>>,
    >,
    /// The comparison pages, worked out when first asked for.
    parts: std::sync::OnceLock<compare::MetricParts<'a>>,
}

type SectionLists =
    std::collections::HashMap<(usize, Lang, String), context::Shared<Vec<context::SectionLink>>>;
type SectionFigureCache =
    std::collections::HashMap<(usize, usize, Lang, String), figures::SectionFigures>;
type Frames = std::collections::HashMap<(Lang, String), std::sync::Arc<pages::Frame>>;

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
            section_lists: Default::default(),
            frames: Default::default(),
            langs: Lang::ALL.map(|lang| context::Shared::new(&context::LangInfo::of(lang))),
            figures: Default::default(),
            bilingual: Default::default(),
            parts: std::sync::OnceLock::new(),
        }
    }

    /// The comparison pages of the site (`Page::MetricsPart`).
    fn parts(&self) -> &compare::MetricParts<'a> {
        self.parts
            .get_or_init(|| compare::MetricParts::of(self.site))
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
    render_prepared(site, &prepare::Bodies::prepare(site), options, sink)
}

/// `render_into`, with every document's Markdown already rendered (`Bodies::prepare`).
pub fn render_prepared(
    site: &Site,
    bodies: &prepare::Bodies,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostics> {
    let renderer = Renderer::new(site, options, bodies);
    let pages = renderer.pages();
    let jobs = jobs(site, &pages, &renderer.pdf_editions());
    let in_flight = YearsInFlight::of(site, &jobs);
    let done = crate::parallel::map(&jobs, |&job| {
        let made = run(&renderer, &pages, sink, job);
        in_flight.finished(job, bodies);
        made
    });
    let mut problems = Diagnostics::new();
    let mut written = Vec::with_capacity(pages.len() + site.theme.static_files.len() + 8);
    for result in done {
        match result {
            Ok(paths) => written.extend(paths),
            // One broken template breaks many pages the same way: report it once.
            Err(err) if problems.iter().any(|seen| *seen == err) => {}
            Err(err) => problems.push(err),
        }
    }
    problems.into_result()?;
    let mut copied: Vec<OutputFile> = site
        .theme
        .static_files
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    for year in &site.years {
        copied.extend(year.attachments.iter().map(|attachment| OutputFile {
            path: format!("files/{}/{}", year.year, attachment.name),
            bytes: attachment.bytes.clone(),
        }));
    }
    written.extend(copied.iter().map(|f| f.path.clone()));
    written.sort_unstable();
    // Checked before the copies are written: a static file never replaces a page.
    check_unique(&written)?;
    for file in &copied {
        sink.put(file)?;
    }
    Ok(written)
}

/// Makes the files of one job and hands each to `sink` as soon as it is made: a job of many
/// files (the search indexes, the open data) holds one of them at a time. Returns their paths.
fn run(
    renderer: &Renderer,
    pages: &[Page],
    sink: &dyn Sink,
    job: Job,
) -> Result<Vec<String>, Diagnostic> {
    let put = |file: OutputFile| -> Result<String, Diagnostic> {
        sink.put(&file)?;
        Ok(file.path)
    };
    match job {
        Job::Page(page) => Ok(vec![put(OutputFile {
            path: paths::output_file(&renderer.site_path(page)),
            bytes: renderer.render_page(page)?,
        })?]),
        Job::Discovery => discovery::files(renderer, pages)
            .into_iter()
            .map(put)
            .collect(),
        Job::Data => data::files(renderer).map(put).collect(),
        Job::Feeds => feeds::files(renderer).into_iter().map(put).collect(),
        Job::SearchScript => put(crate::search::script()).map(|path| vec![path]),
        Job::Search(y) => crate::search::year_files(renderer, y).map(put).collect(),
        Job::Pdf(y, edition) => renderer
            .pdf_files(y, edition)?
            .into_iter()
            .map(put)
            .collect(),
    }
}

/// How many jobs still need each year's rendered sections: the last one to finish lets them
/// go. The newest year's stay to the end, for the figures page.
struct YearsInFlight {
    pending: Vec<AtomicUsize>,
    newest: Option<usize>,
}

impl YearsInFlight {
    fn of(site: &Site, jobs: &[Job]) -> YearsInFlight {
        let mut counts = vec![0; site.years.len()];
        for y in jobs.iter().filter_map(|job| job.year()) {
            counts[y] += 1;
        }
        YearsInFlight {
            pending: counts.into_iter().map(AtomicUsize::new).collect(),
            newest: site.years.len().checked_sub(1),
        }
    }

    fn finished(&self, job: Job, bodies: &prepare::Bodies) {
        if let Some(y) = job.year().filter(|&y| Some(y) != self.newest)
            && self.pending[y].fetch_sub(1, Ordering::AcqRel) == 1
        {
            bodies.release_sections(y);
        }
    }
}

/// One piece of a build's work: a page, or the files made from the whole site.
#[derive(Clone, Copy)]
enum Job {
    Page(Page),
    Discovery,
    Data,
    Feeds,
    SearchScript,
    /// The search indexes of one year.
    Search(usize),
    /// One edition of a year's PDF.
    Pdf(usize, crate::pdf::Edition),
}

impl Job {
    /// The year whose sections the job shows, if it shows any.
    fn year(self) -> Option<usize> {
        match self {
            Job::Search(y) => Some(y),
            Job::Page(
                Page::Section(_, y, _)
                | Page::Print(_, y)
                | Page::Bilingual(_, y)
                | Page::Year(_, y),
            ) => Some(y),
            _ => None,
        }
    }
}

/// The build's work in the order it is taken: the PDFs, then the files made from the whole
/// site (they take longest, and the pages fill the cores around them), then the pages of the site as a
/// whole, then year after year its search index and its pages in each language, so a year's
/// rendered sections are let go as soon as its last page is made.
fn jobs(site: &Site, pages: &[Page], pdfs: &[(usize, crate::pdf::Edition)]) -> Vec<Job> {
    let mut jobs: Vec<Job> = pdfs
        .iter()
        .map(|&(y, edition)| Job::Pdf(y, edition))
        .collect();
    jobs.extend([Job::Data, Job::Discovery, Job::Feeds, Job::SearchScript]);
    let mut by_year: Vec<Vec<Job>> = (0..site.years.len())
        .map(|y| vec![Job::Search(y)])
        .collect();
    for &page in pages {
        match Job::Page(page).year() {
            Some(y) => by_year[y].push(Job::Page(page)),
            None => jobs.push(Job::Page(page)),
        }
    }
    jobs.extend(by_year.into_iter().flatten());
    jobs
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
        let lang = renderer.page_lang(page);
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
            pages.extend((0..self.metric_parts().len()).map(|g| Page::MetricsPart(lang, g)));
            pages.push(Page::Data(lang));
            pages.push(Page::Search(lang));
            if !self.site.glossary.is_empty() {
                pages.push(Page::Glossary(lang));
            }
            for (y, year) in self.site.years.iter().enumerate() {
                pages.push(Page::Year(lang, y));
                pages.push(Page::Print(lang, y));
                pages.push(Page::Bilingual(lang, y));
                pages.extend((0..year.sections.len()).map(|s| Page::Section(lang, y, s)));
            }
        }
        pages
    }

    /// Each year's PDF editions, when the build makes them.
    pub fn pdf_editions(&self) -> Vec<(usize, crate::pdf::Edition)> {
        if self.options.pdf.is_none() {
            return Vec::new();
        }
        let editions = crate::pdf::Edition::all(&self.site.config.languages);
        (0..self.site.years.len())
            .flat_map(|y| editions.iter().map(move |&edition| (y, edition)))
            .collect()
    }

    /// The site paths of every PDF the build writes, with the year and edition of each.
    pub fn pdf_paths(&self) -> Vec<(String, usize, crate::pdf::Edition)> {
        self.pdf_editions()
            .into_iter()
            .flat_map(|(y, edition)| {
                crate::pdf::edition::site_paths(
                    edition,
                    self.site.years[y].year,
                    &self.site.config.languages,
                )
                .into_iter()
                .map(move |path| (path, y, edition))
            })
            .collect()
    }

    /// Renders one page with its template.
    fn render_page(&self, page: Page) -> Result<Vec<u8>, Diagnostic> {
        let data = self.data(page)?;
        let lang = self.page_lang(page);
        let mut context = tera::Context::from_serialize(&data)
            .map_err(|err| Diagnostic::error(format!("cannot build the page context: {err}")))?;
        // The template sees only the context: a large page (every metric across the years)
        // does not hold its data twice while it renders.
        drop(data);
        // The UI strings are converted once per language, not once per page.
        context.insert_value("t", self.strings[lang as usize].clone());
        self.site.theme.render(page.template(), &context)
    }
}
