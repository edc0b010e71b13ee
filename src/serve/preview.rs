//! What the preview shows: the last good build, and the error of the latest edit when it
//! does not build. A failed rebuild never replaces the last good build; it only raises the
//! error, which every page then shows until an edit builds again.

#[cfg(test)]
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
#[cfg(test)]
use crate::render::OutputFile;
use crate::render::ondemand::OnDemand;

/// A build that succeeded: the loaded site, whose pages are rendered as the browser asks
/// for them (or, in tests, a fixed set of files).
pub enum LastGoodBuild {
    /// A fixed set of files, for the tests of the preview's state.
    #[cfg(test)]
    Files(HashMap<String, Vec<u8>>),
    Site(Box<OnDemand>),
}

impl LastGoodBuild {
    #[cfg(test)]
    pub fn new(files: Vec<OutputFile>) -> LastGoodBuild {
        LastGoodBuild::Files(files.into_iter().map(|f| (f.path, f.bytes)).collect())
    }

    /// How many pages the build has.
    pub fn pages(&self) -> usize {
        match self {
            #[cfg(test)]
            LastGoodBuild::Files(files) => files.keys().filter(|p| p.ends_with(".html")).count(),
            LastGoodBuild::Site(site) => site.page_count(),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        match self {
            #[cfg(test)]
            LastGoodBuild::Files(files) => files.contains_key(path),
            LastGoodBuild::Site(site) => site.contains(path),
        }
    }

    /// The file at an output path, rendered if need be.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, Diagnostic> {
        match self {
            #[cfg(test)]
            LastGoodBuild::Files(files) => Ok(files.get(path).map(|b| Arc::new(b.clone()))),
            LastGoodBuild::Site(site) => site.get(path),
        }
    }

    /// Whether two builds serve the same files; a site read anew counts as changed.
    fn same_as(&self, other: &LastGoodBuild) -> bool {
        match (self, other) {
            #[cfg(test)]
            (LastGoodBuild::Files(a), LastGoodBuild::Files(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Debug for LastGoodBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LastGoodBuild({} pages)", self.pages())
    }
}

/// What one request sees: a consistent view, even while a rebuild lands.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// `None` until the first build succeeds.
    pub build: Option<Arc<LastGoodBuild>>,
    /// The problems of the latest build, as shown in a terminal; `None` when it built.
    pub error: Option<Arc<str>>,
    /// Changes whenever what is served changes; the reload script watches it.
    pub version: u64,
}

/// The state shared by the watcher (which publishes builds) and the request threads.
pub struct Preview {
    state: Mutex<Snapshot>,
    changed: Condvar,
}

impl Preview {
    /// Starts at `version`, a number no earlier run of the server is likely to have used,
    /// so pages left open from an earlier run reload too.
    pub fn new(version: u64) -> Preview {
        Preview {
            state: Mutex::new(Snapshot {
                build: None,
                error: None,
                version,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// Publishes the outcome of a build: a new good build clears the error; a failure keeps
    /// the last good build and shows `error`. Returns whether anything served changed.
    pub fn publish(&self, outcome: Result<LastGoodBuild, String>) -> bool {
        let mut state = self.lock();
        let changed = match outcome {
            Ok(build) => {
                let same = state.build.as_deref().is_some_and(|b| b.same_as(&build))
                    && state.error.is_none();
                if !same {
                    state.build = Some(Arc::new(build));
                    state.error = None;
                }
                !same
            }
            Err(error) => {
                let same = state.error.as_deref() == Some(error.as_str());
                if !same {
                    state.error = Some(error.into());
                }
                !same
            }
        };
        if changed {
            state.version += 1;
            self.changed.notify_all();
        }
        changed
    }

    /// Waits until the version differs from `seen`, or `timeout` passes; returns the version.
    pub fn wait_for_change(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |state| state.version == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> LastGoodBuild {
        LastGoodBuild::new(vec![OutputFile {
            path: "index.html".into(),
            bytes: text.as_bytes().to_vec(),
        }])
    }

    #[test]
    fn keeps_the_last_good_build_through_an_error() {
        let preview = Preview::new(10);
        assert!(preview.publish(Ok(build("first"))));
        assert!(preview.publish(Err("error: broken".into())));
        let seen = preview.snapshot();
        assert_eq!(
            *seen.build.unwrap().get("index.html").unwrap().unwrap(),
            b"first"
        );
        assert_eq!(seen.error.as_deref(), Some("error: broken"));
        assert_eq!(seen.version, 12);
        assert!(preview.publish(Ok(build("fixed"))));
        assert_eq!(preview.snapshot().error, None);
    }

    #[test]
    fn does_not_reload_for_an_identical_build() {
        let preview = Preview::new(0);
        assert!(preview.publish(Ok(build("same"))));
        assert!(!preview.publish(Ok(build("same"))));
        assert!(preview.publish(Err("e".into())));
        assert!(!preview.publish(Err("e".into())));
        assert_eq!(preview.snapshot().version, 2);
    }

    #[test]
    fn answers_a_waiting_request_at_once_when_behind() {
        let preview = Preview::new(5);
        assert_eq!(preview.wait_for_change(4, Duration::from_secs(60)), 5);
        assert_eq!(preview.wait_for_change(5, Duration::from_millis(1)), 5);
    }
}
