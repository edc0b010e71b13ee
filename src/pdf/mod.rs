//! The PDF edition: each year typeset as a document, in each language and bilingual, by
//! Typst used as a library. The theme's `templates/pdf.typ` sets the document; it reads the
//! edition's data (`json("/edition.json")`, the print edition's context with each text as
//! Typst markup) and lays it out. Fonts come from the system and the theme's `fonts/`; a
//! Chinese edition without a font that has Chinese characters is refused, never written as
//! boxes.

pub mod cache;
pub mod edition;
pub mod fonts;
pub mod markup;
mod world;

use std::sync::Arc;

use typst::diag::{Severity, SourceDiagnostic};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::config::Lang;
use crate::diagnostics::Diagnostic;

pub use edition::Edition;
pub use fonts::Fonts;

/// What typesets every PDF of a build: the fonts found once, and Typst's standard library.
pub struct Typesetter {
    pub(crate) fonts: Arc<Fonts>,
    library: typst::utils::LazyHash<typst::Library>,
    /// PDFs of earlier builds, by their inputs; none when the user has no cache folder.
    cache: Option<cache::Cache>,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter").finish_non_exhaustive()
    }
}

impl Typesetter {
    pub fn new(fonts: Arc<Fonts>) -> Typesetter {
        use typst::LibraryExt;
        Typesetter {
            fonts,
            library: typst::utils::LazyHash::new(typst::Library::builder().build()),
            cache: cache::Cache::open(),
        }
    }

    /// `typeset`, or the PDF an earlier build typeset from the same inputs.
    pub fn typeset_cached(&self, input: &world::Input) -> Result<Vec<u8>, Diagnostic> {
        let Some(cache) = &self.cache else {
            return self.typeset(input);
        };
        let key = self.key(input);
        if let Some(pdf) = cache.get(&key) {
            return Ok(pdf);
        }
        let pdf = self.typeset(input)?;
        cache.put(&key, &pdf);
        Ok(pdf)
    }

    /// Everything a PDF is made from: nianbao's and Typst's versions, the fonts, the
    /// template, the data, the images and the document's name and date.
    fn key(&self, input: &world::Input) -> cache::Key {
        let mut key = cache::KeyBuilder::new();
        key.add(env!("CARGO_PKG_VERSION").as_bytes())
            .add(&build_identity())
            .add(&self.fonts.fingerprint)
            .add(&input.data)
            .add(input.ident.as_bytes())
            .add(format!("{:?}", input.date).as_bytes());
        for (name, source) in input.sources {
            key.add(name.as_bytes()).add(source.text.as_bytes());
        }
        for (name, bytes) in &input.files {
            key.add(name.as_bytes()).add(bytes);
        }
        for (name, bytes) in input.static_files {
            key.add(name.as_bytes()).add(bytes);
        }
        key.finish()
    }

    /// Typesets one edition: the theme's Typst sources, with `data` (JSON) as
    /// `/edition.json`, images by their path, and the document's date. Returns the PDF's
    /// bytes, or the template's first error at its line.
    pub fn typeset(&self, input: &world::Input) -> Result<Vec<u8>, Diagnostic> {
        let world = world::EditionWorld::new(self, input)?;
        let warned = typst::compile::<PagedDocument>(&world);
        // Typst remembers every step of a layout, for the next run of the same document: a
        // build typesets each document once, so the memory is given back at once (fifty
        // years held 17 GB otherwise). Entries of documents being typeset on another core
        // are recomputed if they are needed again.
        typst::comemo::evict(0);
        let document = warned
            .output
            .map_err(|errors| world.diagnostic(&errors[..]))?;
        let options = PdfOptions {
            ident: typst::foundations::Smart::Custom(input.ident.clone()),
            creator: typst::foundations::Smart::Custom(Some(format!(
                "nianbao {}",
                env!("CARGO_PKG_VERSION")
            ))),
            timestamp: input.date.map(typst_pdf::Timestamp::new_utc),
            page_ranges: None,
            standards: standards(),
            tagged: true,
            pretty: false,
        };
        let bytes = match typst_pdf::pdf(&document, &options) {
            Ok(bytes) => bytes,
            // A document that cannot meet PDF/A is still written, as a tagged PDF: PDF/A
            // needs a date (`date` in `_year.md`), and fonts that allow embedding.
            Err(_) => typst_pdf::pdf(
                &document,
                &PdfOptions {
                    standards: PdfStandards::default(),
                    ..options
                },
            )
            .map_err(|errors| world.diagnostic(&errors[..]))?,
        };
        Ok(bytes)
    }
}

/// This nianbao binary, as its size and time: a rebuilt nianbao (another Typst, another way
/// of writing the markup) typesets again rather than trust an earlier one's PDFs.
fn build_identity() -> Vec<u8> {
    static IDENTITY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    IDENTITY
        .get_or_init(|| {
            let Some(metadata) = std::env::current_exe()
                .ok()
                .and_then(|exe| std::fs::metadata(exe).ok())
            else {
                return Vec::new();
            };
            let modified = metadata
                .modified()
                .ok()
                .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            let mut identity = metadata.len().to_le_bytes().to_vec();
            identity.extend_from_slice(&modified.as_nanos().to_le_bytes());
            identity
        })
        .clone()
}

/// PDF/A-2a: archival, tagged, with every text's Unicode, as public records are kept.
fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::A_2a]).unwrap_or_default()
}

/// The first error of a list, as nianbao reports errors.
fn first_error(errors: &[SourceDiagnostic]) -> Option<&SourceDiagnostic> {
    errors
        .iter()
        .find(|e| e.severity == Severity::Error)
        .or(errors.first())
}

/// The file name of an edition's PDF, in the year's folder: `report-2018-zh.pdf`,
/// `report-2018-zh-en.pdf`.
pub fn file_name(edition: Edition, year: u16, languages: &[Lang]) -> String {
    match edition {
        Edition::Single(lang) => format!("report-{year}-{}.pdf", lang.code()),
        Edition::Bilingual => {
            let codes: Vec<&str> = languages.iter().map(|l| l.code()).collect();
            format!("report-{year}-{}.pdf", codes.join("-"))
        }
    }
}
