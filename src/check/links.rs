//! The link audit: every internal link and `#anchor` of the built site leads somewhere, in
//! both languages, and every image has a text alternative. Links written in the content are
//! checked from its Markdown, against each page the text is shown on, so a message points at
//! the line that holds them; links the theme writes are then checked in the built pages.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html;
use super::locate::{line_of, locate};
use crate::config::{BaseUrl, Lang};
use crate::content::Document;
use crate::content::cite::Body;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::safe_url;
use crate::render::OutputFile;
use crate::render::paths::{self, is_external};
use crate::site::Site;
use crate::source::SourceFile;
use crate::toml_source::closest;

/// Every broken link and anchor, and every image without alt text.
pub fn audit(site: &Site, files: &[OutputFile], root: &Path) -> Vec<Diagnostic> {
    let index = Index::new(files);
    let mut content = ContentLinks {
        index: &index,
        problems: Vec::new(),
        broken: Vec::new(),
    };
    for year in &site.years {
        let cover = |lang| paths::year(lang, year.year);
        content.document(&year.cover.document, &site.config.languages, &cover);
        for section in &year.sections {
            let own = |lang| paths::section(lang, year.year, &section.slug);
            content.document(&section.document, &site.config.languages, &own);
        }
    }
    let mut problems = dedupe(content.problems);
    let base_url = &site.render_options(None, None).base_url;
    let output = crate::content::shown_path(root, "public");
    problems.extend(built_links(&index, base_url, &content.broken, &output));
    problems
}

/// The built site: which files exist, and the ids of every page.
struct Index<'a> {
    files: HashSet<&'a str>,
    ids: HashMap<&'a str, HashSet<String>>,
    pages: Vec<(&'a str, String, Vec<html::Tag>)>,
}

impl<'a> Index<'a> {
    fn new(files: &'a [OutputFile]) -> Index<'a> {
        let mut ids = HashMap::new();
        let mut pages = Vec::new();
        for file in files.iter().filter(|f| f.path.ends_with(".html")) {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            let tags = html::tags(&text);
            let page_ids = tags
                .iter()
                .filter_map(|t| t.attr("id").or(t.attr("name").filter(|_| t.name == "a")))
                .map(str::to_string)
                .collect();
            ids.insert(file.path.as_str(), page_ids);
            pages.push((file.path.as_str(), text, tags));
        }
        Index {
            files: files.iter().map(|f| f.path.as_str()).collect(),
            ids,
            pages,
        }
    }

    /// The built file a site path names, if there is one.
    fn file(&self, site_path: &str) -> Option<&'a str> {
        let path = html::percent_decode(site_path);
        let file = paths::output_file(&path);
        let folder = format!("{path}/index.html");
        [file.as_str(), folder.as_str()]
            .into_iter()
            .find_map(|candidate| self.files.get(candidate).copied())
    }

    /// Whether a link to `site_path#fragment` leads somewhere.
    fn check(&self, site_path: &str, fragment: Option<&str>) -> Result<(), Broken> {
        let file = self.file(site_path).ok_or(Broken::Missing)?;
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return Ok(());
        };
        let Some(ids) = self.ids.get(file) else {
            return Ok(());
        };
        match ids.contains(&html::percent_decode(fragment)) {
            true => Ok(()),
            false => Err(Broken::Anchor(file.to_string())),
        }
    }

    /// The site paths of every page, for suggestions.
    fn page_paths(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|(path, _, _)| path.trim_end_matches("index.html").to_string())
            .collect()
    }
}

enum Broken {
    Missing,
    /// The page exists, without the anchor.
    Anchor(String),
}

/// A link's target as a site path and fragment; `None` for what leaves the site.
fn split(resolved: &str) -> (String, Option<String>) {
    let (before, fragment) = match resolved.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment.to_string())),
        None => (resolved, None),
    };
    let path = before.split('?').next().unwrap_or_default();
    (path.to_string(), fragment)
}

/// Checks the links and images of content files.
struct ContentLinks<'a, 'i> {
    index: &'i Index<'a>,
    problems: Vec<Diagnostic>,
    /// What was found broken here: (site path, fragment), so the pages are not
    /// reported again for the same link.
    broken: Vec<(String, Option<String>)>,
}

impl ContentLinks<'_, '_> {
    /// Checks a document; `own` gives its page in a language.
    fn document(&mut self, document: &Document, languages: &[Lang], own: &dyn Fn(Lang) -> String) {
        for (lang, body) in &document.bodies {
            // A text is also shown on the other language's page while that one is missing.
            let pages: Vec<String> = languages
                .iter()
                .filter(|&&l| l == *lang || (l == lang.other() && document.body(l).is_none()))
                .map(|&l| own(l))
                .collect();
            self.body(document, body, &pages);
        }
    }

    fn body(&mut self, document: &Document, body: &Body, pages: &[String]) {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let mut nth: HashMap<(usize, String), usize> = HashMap::new();
        let mut image: Option<(String, String, Location)> = None;
        for (event, range) in Parser::new_ext(&body.markdown, options).into_offset_iter() {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    self.place_and_check(document, body, pages, &dest_url, range.start, &mut nth);
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let at = self.place_and_check(
                        document,
                        body,
                        pages,
                        &dest_url,
                        range.start,
                        &mut nth,
                    );
                    image = Some((dest_url.to_string(), String::new(), at));
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, alt, _)) = image.as_mut() {
                        alt.push_str(&text);
                    }
                }
                Event::End(TagEnd::Image) => {
                    if let Some((dest, alt, at)) = image.take()
                        && alt.trim().is_empty()
                    {
                        self.problems.push(no_alt(&dest, at));
                    }
                }
                _ => {}
            }
        }
    }

    /// Finds where a link stands in the source and checks it on every page; `nth` counts
    /// the links to the same place on one line.
    fn place_and_check(
        &mut self,
        document: &Document,
        body: &Body,
        pages: &[String],
        dest: &str,
        offset: usize,
        nth: &mut HashMap<(usize, String), usize>,
    ) -> Location {
        let line = line_of(body, offset);
        let count = nth.entry((line, dest.to_string())).or_insert(0);
        let at = locate(document, body, line, dest, *count);
        *count += 1;
        for page in pages {
            self.link(dest, page, &at);
        }
        at
    }

    /// Checks one link of a text shown on `page`.
    fn link(&mut self, dest: &str, page: &str, at: &Location) {
        if dest.is_empty() || is_external(dest) || !safe_url(dest) {
            return;
        }
        let resolved = if dest.starts_with('#') {
            format!("{page}{dest}")
        } else {
            paths::resolve(page, dest)
        };
        let (path, fragment) = split(&resolved);
        let problem = match self.index.check(&path, fragment.as_deref()) {
            Ok(()) => return,
            Err(Broken::Missing) => missing_page(dest, &path, &self.index.page_paths()),
            Err(Broken::Anchor(file)) => missing_anchor(dest, &file, self.index),
        };
        self.broken.push((path, fragment));
        self.problems.push(problem.at(at.clone()));
    }
}

fn missing_page(dest: &str, path: &str, pages: &[String]) -> Diagnostic {
    let candidates: Vec<&str> = pages.iter().map(String::as_str).collect();
    let hint = match closest(path, &candidates) {
        Some(best) => format!("did you mean the page `/{best}`?"),
        None => {
            "link to a page or a file of the site; `nianbao build` shows what it makes".to_string()
        }
    };
    Diagnostic::error(format!(
        "the link `{dest}` leads nowhere: the site has no `/{path}`"
    ))
    .hint(hint)
}

fn missing_anchor(dest: &str, file: &str, index: &Index) -> Diagnostic {
    let ids: Vec<&str> = index
        .ids
        .get(file)
        .map(|ids| ids.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let fragment = dest.rsplit_once('#').map_or("", |(_, f)| f);
    let fragment = html::percent_decode(fragment);
    let hint = match closest(&fragment, &ids) {
        Some(best) => format!("did you mean `#{best}`?"),
        None => format!(
            "no element of the page has id=\"{fragment}\"; a heading's anchor is its text, \
             lowercase, with hyphens for spaces: `## 工作成果` is `#工作成果`"
        ),
    };
    let page = file.trim_end_matches("index.html");
    Diagnostic::error(format!(
        "the anchor of `{dest}` is not on the page `/{page}`"
    ))
    .hint(hint)
}

fn no_alt(dest: &str, at: Location) -> Diagnostic {
    Diagnostic::warning(format!("the image `{dest}` has no alt text"))
        .at(at)
        .hint(
            "describe it between the brackets, for readers who cannot see it: ![街道地图](map.png)",
        )
}

/// The same broken link on the pages of both languages is one problem.
fn dedupe(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    problems
        .into_iter()
        .filter(|p| {
            let at = p.location.as_ref().map(|l| (l.file.clone(), l.line, l.col));
            seen.insert((at, p.message.clone()))
        })
        .collect()
}

/// Which attribute of a tag holds an address.
fn address_attribute(tag: &str) -> Option<&'static str> {
    match tag {
        "a" | "area" | "link" | "use" => Some("href"),
        "img" | "script" | "source" | "iframe" | "audio" | "video" | "track" | "embed" => {
            Some("src")
        }
        "form" => Some("action"),
        _ => None,
    }
}

/// Checks the links of every built page; those already reported from content are skipped.
/// A template writes the same link on many pages, relative to each: one problem is
/// reported per link as written (less its leading `../`), however many pages have it.
fn built_links(
    index: &Index,
    base_url: &BaseUrl,
    reported: &[(String, Option<String>)],
    output: &Path,
) -> Vec<Diagnostic> {
    let mut found: Vec<(Diagnostic, usize)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (file, text, tags) in &index.pages {
        for tag in tags {
            for (key, problem) in built_problems(tag, file, index, base_url, reported) {
                if let Some(&at) = seen.get(&key) {
                    found[at].1 += 1;
                    continue;
                }
                let place =
                    SourceFile::new(&output.join(file), text.clone()).location(tag.at..tag.at + 1);
                seen.insert(key, found.len());
                found.push((problem.at(place), 1));
            }
        }
    }
    found
        .into_iter()
        .map(|(problem, pages)| match pages {
            1 => problem,
            n => Diagnostic {
                message: format!("{} (on {n} pages)", problem.message),
                ..problem
            },
        })
        .collect()
}

/// The problems of one tag of a built page, each with the key that groups it across pages.
fn built_problems(
    tag: &html::Tag,
    file: &str,
    index: &Index,
    base_url: &BaseUrl,
    reported: &[(String, Option<String>)],
) -> Vec<(String, Diagnostic)> {
    let as_written = |url: &str| url.trim_start_matches("../").to_string();
    let mut problems = Vec::new();
    if tag.name == "img" && tag.attr("alt").is_none() {
        let src = tag.attr("src").unwrap_or_default();
        let problem =
            no_alt(src, Location::file(file)).hint("give the theme's <img> an alt attribute");
        problems.push((format!("alt {}", as_written(src)), problem));
    }
    let Some(url) = address_attribute(&tag.name).and_then(|a| tag.attr(a)) else {
        return problems;
    };
    let Some((path, fragment)) = built_target(url, file, base_url).map(|t| split(&t)) else {
        return problems;
    };
    let broken = match index.check(&path, fragment.as_deref()) {
        Err(broken) if !already_reported(&path, fragment.as_deref(), reported) => broken,
        _ => return problems,
    };
    let problem = match broken {
        Broken::Missing => missing_page(url, &path, &index.page_paths()),
        Broken::Anchor(target) => missing_anchor(url, &target, index),
    };
    problems.push((format!("link {}", as_written(url)), problem));
    problems
}

/// The site path a built page's link leads to; `None` for links that leave the site.
fn built_target(url: &str, file: &str, base_url: &BaseUrl) -> Option<String> {
    if let Some(rest) = url.strip_prefix(base_url.as_str()) {
        return Some(rest.to_string());
    }
    if url.is_empty() || is_external(url) {
        return None;
    }
    if url.starts_with('/') {
        // From the site's base path (the 404 page links so); elsewhere is outside the site.
        return Some(match url.strip_prefix(base_url.path()) {
            Some(rest) => rest.to_string(),
            None => format!("../{}", url.trim_start_matches('/')),
        });
    }
    Some(paths::resolve(file, url))
}

/// Whether a content link already reported this target. On the print editions anchors get
/// a prefix (`s-welfare-成果`), so an anchor ending in a reported one is the same.
fn already_reported(
    path: &str,
    fragment: Option<&str>,
    reported: &[(String, Option<String>)],
) -> bool {
    reported.iter().any(|(p, f)| match (fragment, f) {
        (_, None) => p == path,
        (Some(fragment), Some(f)) => {
            fragment == f
                || fragment
                    .strip_suffix(f.as_str())
                    .is_some_and(|rest| rest.ends_with('-'))
        }
        (None, Some(_)) => false,
    })
}
