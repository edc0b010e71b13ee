//! The pipeline: `load` reads content and theme, `render` turns them into files, `write`
//! swaps the files into the output folder. `build` runs the three in order.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::{BaseUrl, LinkStyle, SiteConfig};
use crate::content::{self, Year};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::metrics::history::History;
use crate::output;
use crate::render::{self, OutputFile, RenderOptions};
use crate::theme::Theme;

/// A loaded site: everything a build needs, in memory.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// Oldest first.
    pub years: Vec<Arc<Year>>,
    /// The metrics of all years joined into series by id.
    pub history: History,
    /// The terms of `content/glossary.toml`, in its order.
    pub glossary: Vec<crate::translate::glossary::Term>,
    /// Shared with the preview's cache, which keeps it while only the content changes.
    pub theme: Arc<Theme>,
}

impl Site {
    /// Lets go of every content file's text and Markdown once each document is rendered
    /// (`Bodies::prepare`): a build of many years holds tens of megabytes less while its
    /// pages are made. Messages can no longer point into those files afterwards.
    pub fn forget_texts(&mut self) {
        for year in &mut self.years {
            let year = Arc::make_mut(year);
            let documents = std::iter::once(&mut year.cover.document)
                .chain(year.sections.iter_mut().map(|s| &mut s.document));
            for document in documents {
                document.forget_text();
            }
        }
    }

    /// Reads `content/` and the theme under `root`. On success the warnings come along.
    pub fn load(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
        Site::load_with(
            root,
            &mut LoadCache {
                content: content::LoadCache::once(),
                theme: None,
            },
        )
    }

    /// `load`, reusing the content files and the theme `cache` holds from an earlier load
    /// (the preview server forgets the files that changed, so only those are read again).
    pub fn load_with(
        root: &Path,
        cache: &mut LoadCache,
    ) -> Result<(Site, Diagnostics), Diagnostics> {
        let shown = |relative: &str| content::shown_path(root, relative);
        let site_toml = root.join("content").join("site.toml");
        if !site_toml.is_file() {
            return Err(Diagnostic::error(format!(
                "{} not found",
                shown("content/site.toml").display()
            ))
            .hint("run nianbao in the folder that holds content/ and themes/, or pass --root DIR")
            .into());
        }
        if site_toml.is_symlink() {
            let shown = shown("content/site.toml");
            return Err(
                Diagnostic::error(format!("{} is a symbolic link", shown.display()))
                    .at(Location::file(&shown))
                    .hint("nianbao does not follow links out of content/; copy the file instead")
                    .into(),
            );
        }
        let config = SiteConfig::load(&site_toml, &shown("content/site.toml"))?;
        let (years, mut problems) =
            content::load_with(&root.join("content"), &shown("content"), &mut cache.content);
        problems.extend(content::translation_warnings(&years, &config.languages));
        problems.extend(content::active_content(&years, config.allow_html, root));
        let glossary = crate::translate::glossary::load(root).unwrap_or_else(|err| {
            problems.push(err);
            Vec::new()
        });
        let (history, unit_changes) = History::build(&years);
        problems.extend(unit_changes);
        let theme = match &cache.theme {
            Some((theme, warnings)) => {
                problems.extend(warnings.clone());
                Some(theme.clone())
            }
            None => match Theme::load(root, &shown(""), &config) {
                Ok((theme, warnings)) => {
                    let theme = Arc::new(theme);
                    cache.theme = Some((theme.clone(), warnings.clone()));
                    problems.extend(warnings);
                    Some(theme)
                }
                Err(errors) => {
                    problems.extend(errors);
                    None
                }
            },
        };
        let problems = problems.into_result()?;
        let theme = theme.expect("no errors means the theme loaded");
        Ok((
            Site {
                config,
                years,
                history,
                glossary,
                theme,
            },
            problems,
        ))
    }

    pub fn render_options(
        &self,
        base_url: Option<&BaseUrl>,
        links: Option<LinkStyle>,
    ) -> RenderOptions {
        RenderOptions {
            base_url: base_url
                .cloned()
                .unwrap_or_else(|| self.config.base_url.clone()),
            file_links: links.unwrap_or(self.config.links) == LinkStyle::Files,
            pdf: None,
        }
    }

    /// What typesets the PDF edition, unless site.toml turns it off: the system's fonts and
    /// the theme's, found once per process. A Chinese site on a machine with no font for
    /// Chinese cannot have one: the error says which package provides one.
    pub fn typesetter(&self) -> Result<Option<std::sync::Arc<crate::pdf::Typesetter>>, Diagnostic> {
        if !self.config.pdf {
            return Ok(None);
        }
        let fonts = crate::pdf::Fonts::discover(&self.theme.font_dirs);
        if self.config.languages.contains(&crate::config::Lang::Zh) {
            fonts.check("年报", "the PDF edition")?;
        }
        Ok(Some(std::sync::Arc::new(crate::pdf::Typesetter::new(
            fonts,
        ))))
    }
}

/// What the preview keeps from one load to the next: the content files read so far (it
/// forgets those that change), and the theme, until a file of the theme, of the site's own
/// templates, strings or static files, or site.toml changes (`forget_theme`): an edit of
/// the content then neither reads nor compiles the templates again.
#[derive(Default)]
pub struct LoadCache {
    pub content: content::LoadCache,
    theme: Option<(Arc<Theme>, Diagnostics)>,
}

impl LoadCache {
    /// Forgets a content file that changed (or appeared, or went away), and its year.
    pub fn forget(&mut self, path: &Path) {
        self.content.forget(path);
    }

    /// Forgets the theme, to be read again by the next load.
    pub fn forget_theme(&mut self) {
        self.theme = None;
    }
}

/// What `nianbao build` was asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Default: `public/` under the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<BaseUrl>,
    /// Overrides `links` of site.toml.
    pub links: Option<LinkStyle>,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    /// Each language's search index and its size in bytes.
    pub search_index: Vec<(String, usize)>,
    pub warnings: Diagnostics,
}

/// Loads, renders and writes the site. A failed build leaves the output folder as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    output::check_target(&options.root, &output)?;
    let (mut site, mut warnings) = Site::load(&options.root)?;
    let typesetter = match site.typesetter() {
        Ok(typesetter) => typesetter,
        // The site comes first: unless site.toml asks for the PDFs, a machine without the
        // fonts for them builds the site without them, and says how to get them.
        Err(missing) if !site.config.pdf_asked => {
            warnings.push(Diagnostic {
                severity: crate::diagnostics::Severity::Warning,
                message: format!(
                    "{}; the site is built without its PDF edition",
                    missing.message
                ),
                ..missing
            });
            None
        }
        Err(missing) => {
            let mut errors = Diagnostics::from(missing);
            errors.extend(warnings);
            return Err(errors);
        }
    };
    // Pages are made from the rendered documents: the text as read is let go a year at a
    // time, unless the PDF edition sets it.
    let bodies = match typesetter {
        Some(_) => render::prepare::Bodies::prepare(&site),
        None => render::prepare::Bodies::prepare_forgetting(&mut site),
    };
    let staging = output::Staging::begin(&options.root, &output)?;
    let tally = Tally {
        sink: &staging,
        bytes: AtomicUsize::new(0),
        search: Mutex::new(Vec::new()),
    };
    let mut render_options = site.render_options(options.base_url.as_ref(), options.links);
    render_options.pdf = typesetter;
    let paths = render::render_prepared(&site, &bodies, &render_options, &tally).map_err(
        |mut errors| {
            errors.extend(warnings.clone());
            errors
        },
    )?;
    let mut search_index = tally
        .search
        .into_inner()
        .expect("no panic while holding the lock");
    search_index.sort();
    let bytes = tally.bytes.into_inner();
    staging.finish(&paths.iter().map(String::as_str).collect::<Vec<_>>())?;
    Ok(BuildReport {
        pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: paths.len(),
        bytes,
        search_index,
        output,
        warnings,
    })
}

/// Passes files on to the output while counting what the build report says about them.
struct Tally<'a> {
    sink: &'a output::Staging,
    bytes: AtomicUsize,
    search: Mutex<Vec<(String, usize)>>,
}

impl render::Sink for Tally<'_> {
    fn put(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        // A language's index is one file per year: `search/zh/2018.js`.
        if let Some(lang) = file
            .path
            .strip_prefix("search/")
            .and_then(|p| p.split_once('/'))
            .map(|(code, _)| code)
            .filter(|&code| crate::config::Lang::from_code(code).is_some())
        {
            let mut search = self.search.lock().expect("no panic while holding the lock");
            match search.iter_mut().find(|(code, _)| code == lang) {
                Some((_, size)) => *size += file.bytes.len(),
                None => search.push((lang.to_string(), file.bytes.len())),
            }
        }
        self.sink.put(file)
    }
}

/// Loads and renders without writing anything: what `check` and tests use.
pub fn render_in_memory(
    root: &Path,
    base_url: Option<&BaseUrl>,
) -> Result<(Vec<OutputFile>, Diagnostics), Diagnostics> {
    let (site, warnings) = Site::load(root)?;
    let files = render::render(&site, &site.render_options(base_url, None))?;
    Ok((files, warnings))
}
