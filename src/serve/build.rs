//! The one way `serve` builds the site: the same `load` as `nianbao build`, but rebuilding
//! incrementally. Only the files that changed are read again (the rest come from a cache of
//! parsed files), and pages are rendered when the browser asks for them, so an edit shows in
//! milliseconds whatever the size of the site. A change to the theme or to site.toml renders
//! every page at once, so that a template error shows at once too.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::preview::LastGoodBuild;
use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::ondemand::OnDemand;
use crate::site::{LoadCache, Site};

/// Builds the site under one root for one address.
pub struct Builder {
    root: PathBuf,
    base_url: BaseUrl,
    cache: LoadCache,
    /// Whether the last build rendered every page (a content edit does not need to).
    checked_theme: bool,
}

/// A build that succeeded, with its warnings and how long it took.
pub struct Built {
    pub build: LastGoodBuild,
    pub warnings: Diagnostics,
    pub took: Duration,
}

impl Builder {
    pub fn new(root: &Path, base_url: BaseUrl) -> Builder {
        Builder {
            root: root.to_path_buf(),
            base_url,
            cache: LoadCache::default(),
            checked_theme: false,
        }
    }

    /// Builds the site after the files in `changed` (relative to the root; empty for the
    /// first build) were added, edited or removed.
    pub fn build(&mut self, changed: &[PathBuf]) -> Result<Built, Diagnostics> {
        let started = Instant::now();
        if !changed.is_empty() && !self.root.join("content").is_dir() {
            return Err(content_gone(&self.root));
        }
        for path in changed {
            self.cache.forget(&self.root.join(path));
        }
        let theme_changed = changed
            .iter()
            .any(|p| !p.starts_with("content") || p.ends_with("site.toml"));
        if theme_changed {
            self.cache.forget_theme();
        }
        let (site, warnings) = Site::load_with(&self.root, &mut self.cache)?;
        let mut options = site.render_options(Some(&self.base_url), None);
        // PDFs are typeset when a browser asks for one, like any page.
        options.pdf = site.typesetter().ok().flatten();
        let site = OnDemand::new(site, options);
        if !self.checked_theme || theme_changed {
            self.checked_theme = false;
            site.render_all()?;
            self.checked_theme = true;
        }
        Ok(Built {
            build: LastGoodBuild::Site(Box::new(site)),
            warnings,
            took: started.elapsed(),
        })
    }
}

/// `content/` moved or deleted while the preview runs: said in the editor's words, where
/// a build would only miss `content/site.toml`.
fn content_gone(root: &Path) -> Diagnostics {
    let content = crate::content::shown_path(root, "content/");
    Diagnostic::error(format!(
        "{} is gone: it was moved, renamed or deleted while the preview was running",
        content.display()
    ))
    .hint("put it back: the preview rebuilds by itself, and shows the last good build until then")
    .into()
}
