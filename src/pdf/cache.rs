//! PDFs already typeset, by what they were typeset from: a year whose text, figures,
//! template and fonts did not change since the last build is not typeset again. The cache is
//! a folder of its own (`$NIANBAO_CACHE`, else `$XDG_CACHE_HOME/nianbao` or
//! `~/.cache/nianbao`), never the site's or its output: each entry is named by a hash of every
//! input, written whole (a temporary file renamed into place) and read only if its own
//! checksum still matches, so a damaged entry is typeset again, never published. Entries not
//! used for 30 days are removed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long an entry no build used is kept.
const KEEP: Duration = Duration::from_secs(30 * 24 * 60 * 60);

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache folder of this user, made if need be; none if there is no place for one.
    pub fn open() -> Option<Cache> {
        let dir = root()?.join("pdf");
        std::fs::create_dir_all(&dir).ok()?;
        let cache = Cache { dir };
        cache.prune();
        Some(cache)
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{:016x}{:016x}.pdf", key.0, key.1))
    }

    /// The PDF typeset from these inputs before, if it is here whole.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        let path = self.path(key);
        let stored = crate::source::read_regular(&path, crate::source::DOWNLOAD_LIMIT).ok()?;
        let (pdf, sum) = stored.split_at_checked(stored.len().checked_sub(8)?)?;
        if u64::from_le_bytes(sum.try_into().ok()?) != checksum(pdf) {
            let _ = std::fs::remove_file(&path);
            return None;
        }
        // Used: kept for another 30 days.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(pdf.to_vec())
    }

    /// Keeps a PDF for the next build. A failure only costs that build's time.
    pub fn put(&self, key: &Key, pdf: &[u8]) {
        let path = self.path(key);
        let temporary = self
            .dir
            .join(format!(".{:016x}-{}.tmp", key.0, std::process::id()));
        let written = std::fs::File::create_new(&temporary).and_then(|mut file| {
            file.write_all(pdf)?;
            file.write_all(&checksum(pdf).to_le_bytes())?;
            file.sync_all()
        });
        if written.is_ok() && std::fs::rename(&temporary, &path).is_ok() {
            return;
        }
        let _ = std::fs::remove_file(&temporary);
    }

    /// Removes entries no build used for `KEEP`, and temporary files left by a build that
    /// was stopped.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            let age = metadata
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .unwrap_or_default();
            let temporary = entry.file_name().to_string_lossy().ends_with(".tmp");
            if metadata.is_file() && (age > KEEP || (temporary && age > Duration::from_secs(3600)))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// nianbao's cache folder: `$NIANBAO_CACHE` (empty: none), else `$XDG_CACHE_HOME/nianbao`
/// or `~/.cache/nianbao`.
pub fn root() -> Option<PathBuf> {
    Some(match std::env::var_os("NIANBAO_CACHE") {
        Some(dir) if dir.is_empty() => return None,
        Some(dir) => PathBuf::from(dir),
        None => match std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
            Some(dir) => PathBuf::from(dir).join("nianbao"),
            None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/nianbao"),
        },
    })
}

/// What a PDF is typeset from, hashed: 128 bits, two independent FNV-1a streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(u64, u64);

#[derive(Clone)]
pub struct KeyBuilder(u64, u64);

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        KeyBuilder(0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142)
    }

    /// Adds one input, with its length so that two inputs never run together.
    pub fn add(&mut self, bytes: &[u8]) -> &mut KeyBuilder {
        for &b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            self.1 = (self.1 ^ u64::from(b))
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(29);
        }
        self
    }

    pub fn finish(&self) -> Key {
        Key(self.0, self.1)
    }
}

impl Default for KeyBuilder {
    fn default() -> KeyBuilder {
        KeyBuilder::new()
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    crate::theme::fingerprint(bytes)
}
