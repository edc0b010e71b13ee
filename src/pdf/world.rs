//! What Typst sees while it typesets one edition: the theme's Typst files under
//! `/templates/`, the edition's data as `/edition.json`, the images the text shows under
//! `/files/`, and the fonts. Nothing else of the machine: no other file, no package, no
//! clock (the document's date is the report's).

use std::collections::BTreeMap;
use std::path::PathBuf;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World, WorldExt};

use super::{Typesetter, first_error};
use crate::diagnostics::{Diagnostic, Location};
use crate::source::SourceFile;

/// One edition to typeset.
pub struct Input<'a> {
    /// The theme's Typst sources by name (`pdf.typ`), the first of them typeset.
    pub sources: &'a BTreeMap<String, SourceFile>,
    /// The edition's data, as JSON.
    pub data: Vec<u8>,
    /// Images the text shows, by the path its markup names (`/files/2018/map.png`).
    pub files: BTreeMap<String, Vec<u8>>,
    /// The theme's static files (a logo), read as `/static/NAME`.
    pub static_files: &'a BTreeMap<String, Vec<u8>>,
    /// The report's date, the document's creation date.
    pub date: Option<Datetime>,
    /// A name for the document that stays the same from build to build.
    pub ident: String,
    /// How the edition is named in messages.
    pub what: String,
}

pub struct EditionWorld<'a> {
    typesetter: &'a Typesetter,
    input: &'a Input<'a>,
    main: FileId,
}

/// The path Typst knows a theme's Typst file by.
fn template_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/templates/{name}")).ok()?;
    Some(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

fn path_of(id: FileId) -> String {
    id.vpath().get_without_slash().to_string()
}

impl<'a> EditionWorld<'a> {
    pub fn new(
        typesetter: &'a Typesetter,
        input: &'a Input<'a>,
    ) -> Result<EditionWorld<'a>, Diagnostic> {
        let main = template_id(super::edition::TEMPLATE).ok_or_else(|| {
            Diagnostic::error("the PDF template has no path Typst can name".to_string())
        })?;
        if !input.sources.contains_key(super::edition::TEMPLATE) {
            return Err(Diagnostic::error(format!(
                "the theme has no template {}",
                super::edition::TEMPLATE
            )));
        }
        Ok(EditionWorld {
            typesetter,
            input,
            main,
        })
    }

    /// Typst's errors as one of nianbao's, at the template's line when it is the template's.
    pub fn diagnostic(&self, errors: &[SourceDiagnostic]) -> Diagnostic {
        let Some(error) = first_error(errors) else {
            return Diagnostic::error(format!("cannot typeset {}", self.input.what));
        };
        let mut message = format!("cannot typeset {}: {}", self.input.what, error.message);
        let mut diagnostic = None;
        if let Some(id) = error.span.id() {
            let path = path_of(id);
            let name = path.strip_prefix("templates/").unwrap_or(&path);
            if let (Some(file), Some(range)) =
                (self.input.sources.get(name), self.range(error.span))
            {
                let mut location: Location = file.location(range.clone());
                location.len = location.len.max(1);
                diagnostic = Some(Diagnostic::error(message.clone()).at(location));
            } else if path == "edition.json" {
                message.push_str(" (in the edition's data)");
            }
        }
        let mut diagnostic = diagnostic.unwrap_or_else(|| Diagnostic::error(message));
        if let Some(hint) = error.hints.first() {
            diagnostic = diagnostic.hint(hint.v.to_string());
        }
        diagnostic
    }
}

impl World for EditionWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.typesetter.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let path = path_of(id);
        let name = path
            .strip_prefix("templates/")
            .ok_or_else(|| FileError::NotFound(PathBuf::from(&path)))?;
        match self.input.sources.get(name) {
            Some(file) => Ok(Source::new(id, file.text.clone())),
            None => Err(FileError::NotFound(PathBuf::from(path))),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = path_of(id);
        if path == "edition.json" {
            return Ok(Bytes::new(self.input.data.clone()));
        }
        if let Some(bytes) = self.input.files.get(&format!("/{path}")) {
            return Ok(Bytes::new(bytes.clone()));
        }
        if let Some(name) = path.strip_prefix("static/")
            && let Some(bytes) = self.input.static_files.get(name)
        {
            return Ok(Bytes::new(bytes.clone()));
        }
        if let Some(name) = path.strip_prefix("templates/")
            && let Some(file) = self.input.sources.get(name)
        {
            return Ok(Bytes::new(file.text.clone().into_bytes()));
        }
        Err(FileError::NotFound(PathBuf::from(path)))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.input.date
    }
}
