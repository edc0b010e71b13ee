//! The fonts a PDF may use: the theme's `fonts/`, the site's `fonts/`, then the system's.
//! Found once per process and per set of folders; a font's data is read only when a document
//! uses it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;

use crate::diagnostics::Diagnostic;
use crate::markdown::is_han;

pub struct Fonts {
    store: FontStore,
    /// Which files the fonts are, with their sizes and times: a PDF typeset with other fonts
    /// is typeset again (`cache`).
    pub fingerprint: Vec<u8>,
}

impl Fonts {
    /// The fonts of `dirs` (in order, each searched through) and of the system, found once
    /// per process: the preview server and a build share them.
    pub fn discover(dirs: &[PathBuf]) -> Arc<Fonts> {
        static FOUND: OnceLock<Mutex<HashMap<Vec<PathBuf>, Arc<Fonts>>>> = OnceLock::new();
        let found = FOUND.get_or_init(Default::default);
        let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
        found
            .entry(dirs.to_vec())
            .or_insert_with(|| {
                let mut store = FontStore::new();
                for dir in dirs.iter().filter(|dir| dir.is_dir()) {
                    store.extend(typst_kit::fonts::scan(dir));
                }
                store.extend(typst_kit::fonts::system());
                let fingerprint = fingerprint(&store);
                Arc::new(Fonts { store, fingerprint })
            })
            .clone()
    }

    /// Fonts given as data (for tests): nothing of the system's.
    pub fn from_data(data: &[Vec<u8>]) -> Fonts {
        let mut store = FontStore::new();
        for bytes in data {
            let bytes = Bytes::new(bytes.clone());
            for font in Font::iter(bytes) {
                let info = font.info().clone();
                store.push((font, info));
            }
        }
        let fingerprint = data.iter().flat_map(|d| d.len().to_le_bytes()).collect();
        Fonts { store, fingerprint }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let book = self.store.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    /// Refuses an edition whose text has Chinese characters (or the letters and punctuation
    /// around them) that no font can show: its PDF would be boxes.
    pub fn check(&self, text: &str, what: &str) -> Result<(), Diagnostic> {
        let mut seen = std::collections::BTreeSet::new();
        for c in text.chars() {
            if needed(c) {
                seen.insert(c);
            }
        }
        let missing: String = seen
            .into_iter()
            .filter(|&c| !self.covers(c))
            .take(12)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let chinese = missing.chars().any(is_han);
        let hint = if chinese {
            "install a font with Chinese characters: `apt-get install fonts-noto-cjk` (Debian, Ubuntu), `dnf install google-noto-sans-cjk-fonts` (Fedora); or put the font's .otf/.ttf/.ttc file in the theme's fonts/ folder or a fonts/ folder next to content/; or set `pdf = false` in content/site.toml to build without the PDF edition"
        } else {
            "install a font that has these characters (on Debian: `apt-get install fonts-noto-core fonts-noto-cjk`), or put one in the theme's fonts/ folder; or set `pdf = false` in content/site.toml"
        };
        Err(Diagnostic::error(format!(
            "cannot typeset {what}: no font on this machine has the characters {missing}"
        ))
        .hint(hint))
    }
}

/// Each font's file, size and modification time, in the order Typst knows them.
fn fingerprint(store: &FontStore) -> Vec<u8> {
    let mut out = Vec::new();
    for index in 0.. {
        let Some(source) = store.source(index) else {
            break;
        };
        let any: &dyn std::any::Any = source;
        if let Some(font) = any.downcast_ref::<typst_kit::fonts::FontPath>() {
            out.extend_from_slice(font.path.as_os_str().as_encoded_bytes());
            out.extend_from_slice(&font.index.to_le_bytes());
            if let Ok(metadata) = std::fs::metadata(&font.path) {
                out.extend_from_slice(&metadata.len().to_le_bytes());
                let modified = metadata
                    .modified()
                    .ok()
                    .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                out.extend_from_slice(&modified.as_nanos().to_le_bytes());
            }
        }
        out.push(0);
    }
    out
}

/// Characters an edition cannot do without: Chinese, Latin letters and the punctuation of both.
fn needed(c: char) -> bool {
    is_han(c)
        || c.is_ascii_graphic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
}
