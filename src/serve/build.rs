//! The one way `serve` builds the site: the same `load` and `render` as `nianbao build`,
//! kept in memory instead of written. Every rebuild goes through `Builder::build`, so that
//! making rebuilds incremental (re-reading only the changed files) changes only this file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::preview::LastGoodBuild;
use crate::config::BaseUrl;
use crate::diagnostics::Diagnostics;
use crate::site;

/// Builds the site under one root for one address.
pub struct Builder {
    root: PathBuf,
    base_url: BaseUrl,
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
        }
    }

    /// Builds the site. `_changed` lists the files edited since the last build (relative to
    /// the root; empty for the first): today every build is whole and the list is unused,
    /// but an incremental build needs nothing more from its caller.
    pub fn build(&mut self, _changed: &[PathBuf]) -> Result<Built, Diagnostics> {
        let started = Instant::now();
        let (files, warnings) = site::render_in_memory(&self.root, Some(&self.base_url))?;
        Ok(Built {
            build: LastGoodBuild::new(files),
            warnings,
            took: started.elapsed(),
        })
    }
}
