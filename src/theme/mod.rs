//! A theme: tera templates, static files and the UI strings of each language, read from
//! `themes/NAME/`. Template errors are reported at `template:line:col` like content errors.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

pub mod options;

use crate::config::{Lang, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::SourceFile;
use crate::toml_source;

/// UI strings of one language: `key = "text"`.
pub type Strings = BTreeMap<String, String>;

pub struct Theme {
    pub name: String,
    /// What `theme.toml` declares.
    pub manifest: options::Manifest,
    /// Every option of the theme, with the site's value or the default.
    pub options: Vec<(String, options::OptionValue)>,
    pub tera: tera::Tera,
    /// UI strings by language; every language has the same keys.
    pub strings: HashMap<Lang, Strings>,
    /// Files copied to the output as they are, by output path.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Template sources by template name, for error messages.
    templates: HashMap<String, SourceFile>,
    /// The PDF edition's Typst sources (`templates/*.typ`), by name: `pdf.typ` and what it
    /// imports. Typst files are not tera templates: Typst reads the edition's data itself.
    pub typst: BTreeMap<String, SourceFile>,
    /// Folders whose fonts the PDF edition may use beside the system's: the theme's
    /// `fonts/` and the site's own `fonts/` next to `content/`.
    pub font_dirs: Vec<PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The UI strings nianbao itself reads, for page titles, breadcrumbs and descriptions: every
/// theme's i18n files have them.
pub const REQUIRED_STRINGS: &[&str] = &[
    "not_found_title",
    "metrics_title",
    "metrics_description",
    "data_title",
    "data_description",
    "search_title",
    "glossary_title",
    "glossary_description",
    "print_edition",
    "bilingual_edition",
];

/// The Typst template of the PDF edition, needed when the site makes one.
pub const PDF_TEMPLATE: &str = "pdf.typ";

/// The stylesheet nianbao writes from the theme's colour options.
pub const OPTIONS_CSS: &str = "assets/options.css";

/// The templates every theme provides, one per kind of page.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "landing.html",
    "home.html",
    "year.html",
    "section.html",
    "print.html",
    "404.html",
];

impl Theme {
    /// Loads the theme `site.toml` names from `themes/NAME/` under `root`, with the site's own
    /// `templates/`, `static/` and `i18n/` next to `content/` laid over it: any single file
    /// there replaces the theme's. `shown_root` is how the root is named in messages. On
    /// success, warnings (a theme option hard to read, for one) come along.
    pub fn load(
        root: &Path,
        shown_root: &Path,
        config: &SiteConfig,
    ) -> Result<(Theme, Diagnostics), Diagnostics> {
        let name = config.theme.as_str();
        let dir = root.join("themes").join(name);
        let shown = shown_root.join("themes").join(name);
        if !dir.is_dir() {
            return Err(Diagnostic::error(format!(
                "theme `{name}` not found: {} is not a folder",
                shown.display()
            ))
            .hint("set `theme = \"default\"` in content/site.toml, or add the theme's folder")
            .into());
        }
        let mut problems = Diagnostics::new();
        let manifest = options::load_manifest(&dir, &shown, name).unwrap_or_else(|errors| {
            problems.extend(errors);
            options::Manifest {
                name: name.to_string(),
                description: String::new(),
                options: Vec::new(),
            }
        });
        let mut templates = read_tree(
            &dir.join("templates"),
            &shown.join("templates"),
            &mut problems,
        );
        templates.extend(read_tree(
            &root.join("templates"),
            &shown_root.join("templates"),
            &mut problems,
        ));
        let mut static_files =
            read_static(&dir.join("static"), &shown.join("static"), &mut problems);
        static_files.extend(read_static(
            &root.join("static"),
            &shown_root.join("static"),
            &mut problems,
        ));
        let mut strings = read_strings(&dir.join("i18n"), &shown.join("i18n"), &mut problems);
        for (lang, have) in &strings {
            for key in REQUIRED_STRINGS.iter().filter(|k| !have.contains_key(**k)) {
                let file = shown.join("i18n").join(format!("{}.toml", lang.code()));
                problems.push(
                    Diagnostic::error(format!(
                        "the theme has no UI string `{key}`, which nianbao needs"
                    ))
                    .at(Location::file(file))
                    .hint(format!(
                        "add `{key} = \"…\"`: nianbao uses it for page titles"
                    )),
                );
            }
        }
        override_strings(
            &mut strings,
            &root.join("i18n"),
            &shown_root.join("i18n"),
            &mut problems,
        );
        let (options, found) = options::resolve(&manifest, &config.theme_options, &static_files);
        problems.extend(found);
        static_files.insert(
            OPTIONS_CSS.to_string(),
            options::options_css(&options).into_bytes(),
        );
        let mut sources = HashMap::new();
        let mut typst = BTreeMap::new();
        for (template, (path, bytes)) in templates {
            match SourceFile::from_bytes(&path, &bytes) {
                Ok(source) if template.ends_with(".typ") => {
                    typst.insert(template, source);
                }
                Ok(source) => {
                    sources.insert(template, source);
                }
                Err(err) => problems.push(err),
            }
        }
        if config.pdf && !typst.contains_key(PDF_TEMPLATE) {
            problems.push(
                Diagnostic::error(format!(
                    "theme `{name}` has no template {PDF_TEMPLATE} for the PDF edition"
                ))
                .at(Location::file(shown.join("templates").join(PDF_TEMPLATE)))
                .hint("add the Typst template (see themes/README.md), or set `pdf = false` in content/site.toml"),
            );
        }
        for required in REQUIRED_TEMPLATES {
            if !sources.contains_key(*required) {
                problems.push(
                    Diagnostic::error(format!("theme `{name}` has no template {required}"))
                        .at(Location::file(shown.join("templates").join(required))),
                );
            }
        }
        let warnings = problems.into_result()?;
        let mut tera = tera::Tera::new();
        register_asset_function(&mut tera, &static_files);
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        let result = tera.add_raw_templates(
            names
                .iter()
                .map(|n| (n.as_str(), sources[*n].text.as_str())),
        );
        let theme = Theme {
            name: name.to_string(),
            manifest,
            options,
            tera,
            strings,
            static_files,
            templates: sources,
            typst,
            font_dirs: vec![dir.join("fonts"), root.join("fonts")],
        };
        if let Err(err) = result {
            return Err(theme.template_error(&err).into());
        }
        Ok((theme, warnings))
    }

    /// Renders a template as the bytes of a file; errors point into the template file. The
    /// text is not checked again as UTF-8 (every piece of it already is).
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        // Most pages are a section's: about as long as its text and figures, plus the frame.
        let mut page = Bounded {
            bytes: Vec::with_capacity(16 * 1024),
        };
        let rendered = self.tera.render_to(template, context, &mut page);
        if page.bytes.len() > PAGE_LIMIT {
            return Err(Diagnostic::error(format!(
                "the template {template} wrote more than {} MB for one page",
                PAGE_LIMIT >> 20
            ))
            .hint("a loop in the template (or a partial it includes) does not end, or runs over far more than the page has"));
        }
        rendered.map_err(|err| self.template_error(&err))?;
        Ok(page.bytes)
    }

    /// A tera error as a diagnostic with the template's path, line and column.
    pub fn template_error(&self, err: &tera::Error) -> Diagnostic {
        let report = match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                report
            }
            _ => return Diagnostic::error(format!("template error: {err}")),
        };
        let message = format!("template error: {}", report.message());
        let Some(source) = self.templates.get(report.filename()) else {
            return Diagnostic::error(format!("{message} (in {})", report.filename()));
        };
        let span = report.span();
        let line = span.start_line.max(1);
        let mut location = source.line_location(line);
        location.col = span.start_col + 1;
        location.len = if span.end_line == span.start_line {
            span.end_col.saturating_sub(span.start_col).max(1)
        } else {
            1
        };
        let diagnostic = Diagnostic::error(message).at(location.clone());
        if report.message().starts_with("Field `") && location.source_line.contains("t.") {
            diagnostic.hint("UI strings come from the theme's i18n/zh.toml and i18n/en.toml; add the key to both")
        } else {
            diagnostic
        }
    }
}

/// `{{ asset(path="assets/site.css") }}` gives the file's path relative to the page with a
/// version derived from its content, so browsers fetch a changed file at once.
fn register_asset_function(tera: &mut tera::Tera, files: &BTreeMap<String, Vec<u8>>) {
    let versions: HashMap<String, String> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), format!("{:08x}", fingerprint(bytes) as u32)))
        .collect();
    tera.register_function("asset", move |kwargs: tera::Kwargs, state: &tera::State| {
        let path: &str = kwargs.must_get("path")?;
        let root: String = state.get("root")?.unwrap_or_default();
        match versions.get(path) {
            Some(version) => Ok(format!("{root}{path}?v={version}")),
            None => Err(tera::Error::message(format!(
                "asset(path=\"{path}\"): the theme has no static file {path}"
            ))),
        }
    });
}

/// FNV-1a: a small, stable hash for cache-busting versions.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every file under `dir`, by its `/`-separated path relative to `dir`.
fn read_tree(
    dir: &Path,
    shown: &Path,
    problems: &mut Diagnostics,
) -> BTreeMap<String, (PathBuf, Vec<u8>)> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(dir).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err)
                if err
                    .io_error()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                break;
            }
            Err(err) => {
                problems.push(Diagnostic::error(format!(
                    "cannot read {}: {err}",
                    shown.display()
                )));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            let shown_path = shown.join(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            let why = crate::source::not_regular(kind);
            problems.push(
                Diagnostic::error(format!("cannot read {}: {why}", shown_path.display()))
                    .at(Location::file(&shown_path))
                    .hint("a theme is made of regular files; copy the file in place of the link or remove it"),
            );
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays under its root");
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if name.iter().any(|part| part.starts_with('.')) {
            continue;
        }
        let shown_path = shown.join(relative);
        match crate::source::read_regular(entry.path(), crate::source::DOWNLOAD_LIMIT) {
            Ok(bytes) => {
                files.insert(name.join("/"), (shown_path, bytes));
            }
            Err(err) => problems.push(
                Diagnostic::error(format!("cannot read {}: {err}", shown_path.display()))
                    .at(Location::file(&shown_path)),
            ),
        }
    }
    files
}

fn read_static(dir: &Path, shown: &Path, problems: &mut Diagnostics) -> BTreeMap<String, Vec<u8>> {
    read_tree(dir, shown, problems)
        .into_iter()
        .map(|(name, (_, bytes))| (name, bytes))
        .collect()
}

/// Lays the site's own `i18n/zh.toml` and `i18n/en.toml` (both optional) over the theme's
/// strings: a key there replaces the theme's wording; a key the theme does not have is an
/// error, since no template would show it.
fn override_strings(
    strings: &mut HashMap<Lang, Strings>,
    dir: &Path,
    shown: &Path,
    problems: &mut Diagnostics,
) {
    for lang in Lang::ALL {
        let file = format!("{}.toml", lang.code());
        let path = dir.join(&file);
        if !path.is_file() {
            continue;
        }
        let shown_file = shown.join(&file);
        let loaded = SourceFile::read(&path, &shown_file).and_then(|source| {
            let own = toml_source::parse::<Strings>(&source, 0..source.text.len(), "UI strings")?;
            Ok((source, own))
        });
        let (source, own) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                problems.push(err);
                continue;
            }
        };
        let theirs = strings.entry(lang).or_default();
        for (key, text) in own {
            if let Some(wording) = theirs.get_mut(&key) {
                *wording = text;
                continue;
            }
            let known: Vec<&str> = theirs.keys().map(String::as_str).collect();
            let at = source.text.find(&key).unwrap_or(0);
            let diagnostic = Diagnostic::error(format!("the theme has no UI string `{key}`"))
                .at(source.location(at..at + key.len()));
            problems.push(match crate::toml_source::closest(&key, &known) {
                Some(best) => diagnostic.hint(format!("did you mean `{best}`?")),
                None => diagnostic.hint("an override replaces a string of the theme's i18n files"),
            });
        }
    }
}

/// Reads `i18n/zh.toml` and `i18n/en.toml`; a key present in one and not the other is an
/// error naming the key and the language it is missing from.
fn read_strings(dir: &Path, shown: &Path, problems: &mut Diagnostics) -> HashMap<Lang, Strings> {
    let mut all = HashMap::new();
    let mut sources = HashMap::new();
    for lang in Lang::ALL {
        let file = format!("{}.toml", lang.code());
        let shown_file = shown.join(&file);
        let loaded = SourceFile::read(&dir.join(&file), &shown_file).and_then(|source| {
            let strings =
                toml_source::parse::<Strings>(&source, 0..source.text.len(), "UI strings")?;
            Ok((source, strings))
        });
        match loaded {
            Ok((source, strings)) => {
                sources.insert(lang, source);
                all.insert(lang, strings);
            }
            Err(err) => problems.push(err),
        }
    }
    for lang in Lang::ALL {
        let (Some(have), Some(other)) = (all.get(&lang), all.get(&lang.other())) else {
            continue;
        };
        for key in other.keys().filter(|k| !have.contains_key(*k)) {
            let other_source = &sources[&lang.other()];
            let at = other_source
                .text
                .find(&format!("{key} "))
                .or_else(|| other_source.text.find(key.as_str()));
            let mut diagnostic = Diagnostic::error(format!(
                "UI string `{key}` is missing in language `{}`",
                lang.code()
            ))
            .at(Location::file(shown.join(format!("{}.toml", lang.code()))))
            .hint(format!("add `{key} = \"…\"` to i18n/{}.toml", lang.code()));
            if let Some(at) = at {
                diagnostic = diagnostic.note(
                    format!("defined for `{}` here", lang.other().code()),
                    other_source.location(at..at + key.len()),
                );
            }
            problems.push(diagnostic);
        }
    }
    all
}

/// The largest page a template may write: the metrics page of a 50-year site is a few MB.
const PAGE_LIMIT: usize = 128 << 20;

/// A page being written, refused once it passes `PAGE_LIMIT`: tera has no limit of its own,
/// and a template that loops without end would otherwise fill the memory.
struct Bounded {
    bytes: Vec<u8>,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > PAGE_LIMIT {
            self.bytes.resize(PAGE_LIMIT + 1, 0);
            return Err(std::io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
