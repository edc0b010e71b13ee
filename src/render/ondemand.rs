//! A site rendered file by file, as a browser asks for them: what the preview server serves.
//! After an edit only the changed files are read again and no page is rendered until it is
//! requested, so the page in the browser updates in milliseconds whatever the size of the
//! site. `nianbao build` renders everything at once instead (`render_into`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;

use super::prepare::Bodies;
use super::{OutputFile, RenderOptions, Renderer, data, discovery, feeds, paths};

type Files = HashMap<String, Vec<u8>>;

/// The files made together, on the first request for any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Group {
    Discovery,
    Data,
    Feeds,
    Search,
}

pub struct OnDemand {
    site: Site,
    options: RenderOptions,
    bodies: Bodies,
    /// Static files of the theme and the site, and the years' attachments.
    fixed: Files,
    generated: HashMap<String, Group>,
    /// The files of each `Group`, made the first time one of them is asked for.
    made: [OnceLock<Files>; 4],
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl OnDemand {
    pub fn new(site: Site, options: RenderOptions) -> OnDemand {
        let generated = generated_paths(&site);
        let mut fixed: Files = site.theme.static_files.clone().into_iter().collect();
        for year in &site.years {
            for attachment in &year.attachments {
                let path = format!("files/{}/{}", year.year, attachment.name);
                fixed.insert(path, attachment.bytes.clone());
            }
        }
        OnDemand {
            site,
            options,
            bodies: Bodies::lazy(),
            fixed,
            generated,
            made: Default::default(),
            rendered: Mutex::new(HashMap::new()),
        }
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// How many pages the site has: the landing and 404 pages, and per language the home,
    /// metrics, data and search pages and each year's cover, print editions and sections.
    pub fn page_count(&self) -> usize {
        let per_year: usize = self.site.years.iter().map(|y| 3 + y.sections.len()).sum();
        let comparisons = self.renderer().metric_parts().len();
        2 + self.site.config.languages.len() * (4 + comparisons + per_year)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.renderer().page_at(path).is_some()
            || self.pdf_at(path).is_some()
            || self.fixed.contains_key(path)
            || self.generated.contains_key(path)
    }

    /// The bytes of a file of the site, rendering it if need be; `None` if there is none.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, Diagnostic> {
        let renderer = self.renderer();
        if let Some(page) = renderer.page_at(path) {
            if let Some(done) = self.lock_rendered().get(path) {
                return Ok(Some(done.clone()));
            }
            let html = Arc::new(renderer.render_page(page)?);
            self.lock_rendered().insert(path.to_string(), html.clone());
            return Ok(Some(html));
        }
        if let Some(bytes) = self.fixed.get(path) {
            return Ok(Some(Arc::new(bytes.clone())));
        }
        if let Some((y, edition)) = self.pdf_at(path) {
            if let Some(done) = self.lock_rendered().get(path) {
                return Ok(Some(done.clone()));
            }
            // Typeset once for every folder it is written to.
            for file in renderer.pdf_files(y, edition)? {
                self.lock_rendered().insert(file.path, Arc::new(file.bytes));
            }
            return Ok(self.lock_rendered().get(path).cloned());
        }
        let Some(&group) = self.generated.get(path) else {
            return Ok(None);
        };
        let files = self.made[group as usize].get_or_init(|| self.make(group));
        Ok(files.get(path).map(|bytes| Arc::new(bytes.clone())))
    }

    /// Renders every page now, keeping them: after a change to the theme, its errors show
    /// at once rather than when a page is opened.
    pub fn render_all(&self) -> Result<(), Diagnostics> {
        let renderer = self.renderer();
        let pages = renderer.pages();
        let results = crate::parallel::map(&pages, |&page| {
            let path = paths::output_file(&renderer.site_path(page));
            renderer
                .render_page(page)
                .map(|html| (path, Arc::new(html)))
        });
        let mut problems = Diagnostics::new();
        let mut rendered = self.lock_rendered();
        for result in results {
            match result {
                Ok((path, html)) => {
                    rendered.insert(path, html);
                }
                Err(err) if problems.iter().any(|seen| *seen == err) => {}
                Err(err) => problems.push(err),
            }
        }
        problems.into_result().map(|_| ())
    }

    /// The year and edition of the PDF at `path`, if one is there.
    fn pdf_at(&self, path: &str) -> Option<(usize, crate::pdf::Edition)> {
        if !path.ends_with(".pdf") {
            return None;
        }
        self.renderer()
            .pdf_paths()
            .into_iter()
            .find(|(at, _, _)| at == path)
            .map(|(_, y, edition)| (y, edition))
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.site, &self.options, &self.bodies)
    }

    fn lock_rendered(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn make(&self, group: Group) -> Files {
        let renderer = self.renderer();
        let files: Vec<OutputFile> = match group {
            Group::Discovery => discovery::files(&renderer, &renderer.pages()),
            Group::Data => data::files(&renderer).collect(),
            Group::Feeds => feeds::files(&renderer),
            Group::Search => crate::search::files(&renderer).collect(),
        };
        files.into_iter().map(|f| (f.path, f.bytes)).collect()
    }
}

/// The paths of the files made from the whole site, without making them.
fn generated_paths(site: &Site) -> HashMap<String, Group> {
    let mut paths = HashMap::from([
        ("sitemap.xml".to_string(), Group::Discovery),
        ("robots.txt".to_string(), Group::Discovery),
        ("data/metrics.csv".to_string(), Group::Data),
        ("data/metrics.json".to_string(), Group::Data),
    ]);
    for year in &site.years {
        paths.insert(format!("data/{}.csv", year.year), Group::Data);
    }
    for &lang in &site.config.languages {
        paths.insert(feeds::path(lang), Group::Feeds);
        for year in &site.years {
            paths.insert(crate::search::index_path(lang, year.year), Group::Search);
        }
    }
    paths.insert(crate::search::SCRIPT_PATH.to_string(), Group::Search);
    paths
}
