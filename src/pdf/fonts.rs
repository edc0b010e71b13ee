//! The fonts a PDF may use: the theme's `fonts/`, the site's `fonts/`, then the system's.
//! Found once per process and per set of folders; a font's data is read only when a document
//! uses it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

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
            .or_insert_with(|| Arc::new(Fonts::scan(dirs)))
            .clone()
    }

    /// Lists every font face of `dirs` and the system's. What Typst needs of each (its family,
    /// style and the characters it has) takes reading the whole font, a second for a
    /// machine with Noto CJK: it is kept in the cache folder by file, size and time, and
    /// read from there while the file is unchanged.
    fn scan(dirs: &[PathBuf]) -> Fonts {
        let mut db = fontdb::Database::new();
        for dir in dirs.iter().filter(|dir| dir.is_dir()) {
            db.load_fonts_dir(dir);
        }
        db.load_system_fonts();
        let cache_file = super::cache::root().map(|root| root.join("fonts.json"));
        let mut known: HashMap<String, Option<FontInfo>> = cache_file
            .as_ref()
            .and_then(|file| crate::source::read_regular(file, crate::source::TEXT_LIMIT).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let mut learned = false;
        let mut store = FontStore::new();
        let mut fingerprint = Vec::new();
        let mut used = HashMap::new();
        for face in db.faces() {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path,
                fontdb::Source::Binary(_) => continue,
            };
            let Ok(metadata) = std::fs::metadata(path) else {
                continue;
            };
            let modified = metadata
                .modified()
                .ok()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            let key = format!(
                "{}#{} {} {}",
                path.display(),
                face.index,
                metadata.len(),
                modified.as_nanos()
            );
            let info = match known.get(&key) {
                Some(info) => info.clone(),
                None => {
                    learned = true;
                    db.with_face_data(face.id, FontInfo::new).flatten()
                }
            };
            fingerprint.extend_from_slice(key.as_bytes());
            fingerprint.push(0);
            if let Some(info) = &info {
                store.push((
                    Mapped {
                        path: path.clone(),
                        index: face.index,
                    },
                    info.clone(),
                ));
            }
            used.insert(key, info);
        }
        // Fonts of other searches (another fontconfig) are kept; those whose file is gone
        // are forgotten.
        let before = known.len();
        known.extend(used);
        known.retain(|key, _| {
            key.rsplit_once('#')
                .is_some_and(|(path, _)| std::path::Path::new(path).exists())
        });
        if (learned || known.len() != before)
            && let (Some(file), Ok(json)) = (cache_file, serde_json::to_vec(&known))
        {
            let temporary = file.with_extension(format!("{}.tmp", std::process::id()));
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if std::fs::write(&temporary, json).is_err()
                || std::fs::rename(&temporary, &file).is_err()
            {
                let _ = std::fs::remove_file(&temporary);
            }
        }
        Fonts { store, fingerprint }
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

/// A font file, mapped into memory when a document first uses one of its faces: only the
/// parts Typst reads are read (a Noto CJK collection is 20 to 27 MB, of which a report
/// uses a few thousand glyphs).
struct Mapped {
    path: PathBuf,
    index: u32,
}

impl FontSource for Mapped {
    fn load(&self) -> Option<Font> {
        let file = crate::source::open_regular(&self.path).ok()?;
        // SAFETY: the map is read only; a font file changed while a build runs can give a
        // wrong glyph in that build's PDF, which the next build, seeing a new time, redoes.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        Font::new(Bytes::new(map), self.index)
    }
}

/// Characters an edition cannot do without: Chinese, Latin letters and the punctuation of both.
fn needed(c: char) -> bool {
    is_han(c)
        || c.is_ascii_graphic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
}
