//! Reading the report file: its format from the file name, and text in whatever encoding a
//! Chinese office saved it in (UTF-8, UTF-16 from Notepad, GB18030/GBK from older Windows),
//! converted to UTF-8 with a note saying so.

use std::path::Path;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::diagnostics::{Diagnostic, Location};

/// The kinds of file `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Docx,
}

/// The file's content, decoded as far as its format allows.
#[derive(Debug)]
pub enum Content {
    /// Text, converted to UTF-8, line endings normalised to `\n`.
    Text(String),
    /// The bytes of a Word document (a ZIP archive).
    Docx(Vec<u8>),
}

#[derive(Debug)]
pub struct Input {
    pub format: Format,
    pub content: Content,
    /// The encoding the text was in, when it was not UTF-8.
    pub converted_from: Option<&'static str>,
}

impl Input {
    /// "UTF-8 text", "GB18030 text, converted to UTF-8", "Word document".
    pub fn describe(&self) -> String {
        let kind = match self.format {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Docx => return "Word document".to_string(),
        };
        match self.converted_from {
            Some(encoding) => format!("{encoding} {kind}, converted to UTF-8"),
            None => format!("UTF-8 {kind}"),
        }
    }
}

/// The largest report file import reads: a long report with pictures is a few MB.
const REPORT_LIMIT: u64 = 64 << 20;

/// Reads the report at `path`, naming it `shown` in messages.
pub fn read(path: &Path, shown: &Path) -> Result<Input, Diagnostic> {
    let format = format_of(path).ok_or_else(|| unknown_format(shown))?;
    // The report named on the command line may be a link to it; what is read must be a
    // regular file (a pipe would wait for ever, a device never ends).
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let bytes = crate::source::read_regular(&real, REPORT_LIMIT).map_err(|err| {
        Diagnostic::error(format!("cannot read {}: {err}", shown.display()))
            .at(Location::file(shown))
    })?;
    if format == Format::Docx {
        if !bytes.starts_with(b"PK") {
            return Err(Diagnostic::error(format!(
                "{} is not a .docx file (a .docx is a ZIP archive)",
                shown.display()
            ))
            .at(Location::file(shown))
            .hint("an old .doc renamed to .docx? open it in Word, WPS or LibreOffice and save it as .docx"));
        }
        return Ok(Input {
            format,
            content: Content::Docx(bytes),
            converted_from: None,
        });
    }
    let (text, converted_from) = decode(&bytes).ok_or_else(|| {
        Diagnostic::error(format!(
            "{} is neither UTF-8 nor GB18030 text",
            shown.display()
        ))
        .at(Location::file(shown))
        .hint("save it as UTF-8 text (in Notepad or WPS: Save As, Encoding: UTF-8)")
    })?;
    Ok(Input {
        format,
        content: Content::Text(normalise_newlines(&text)),
        converted_from,
    })
}

fn format_of(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "docx" => Some(Format::Docx),
        _ => None,
    }
}

fn unknown_format(shown: &Path) -> Diagnostic {
    let extension = shown
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let hint = match extension.as_deref() {
        Some("doc" | "wps" | "rtf" | "odt") => {
            "open it in Word, WPS or LibreOffice and save it as .docx (or export it as .txt)"
        }
        Some("pdf") => "copy its text into a .txt file, or import the .docx it was made from",
        _ => "import a .txt, .md or .docx file",
    };
    Diagnostic::error(format!(
        "{} is not a file nianbao can import",
        shown.display()
    ))
    .at(Location::file(shown))
    .hint(hint)
}

/// Decodes text: UTF-8 (with or without a BOM), UTF-16 with a BOM, else GB18030 (which
/// covers GBK and GB2312). Returns the text and the encoding it was converted from.
pub fn decode(bytes: &[u8]) -> Option<(String, Option<&'static str>)> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(without_bom) {
        return Some((text.to_string(), None));
    }
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            return (!had_errors).then(|| (text.into_owned(), Some(name)));
        }
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    (!had_errors && !has_control_characters(&text)).then(|| (text.into_owned(), Some("GB18030")))
}

/// Binary files decode as GB18030 too; real text has no control characters but line breaks
/// and tabs.
fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_gb18030_and_says_so() {
        let (bytes, _, _) = GB18030.encode("南京西路街道 1.7 万次");
        let (text, from) = decode(&bytes).unwrap();
        assert_eq!(text, "南京西路街道 1.7 万次");
        assert_eq!(from, Some("GB18030"));
    }

    #[test]
    fn reads_utf8_with_bom_and_utf16_from_notepad() {
        assert_eq!(
            decode("\u{FEFF}标题".as_bytes()).unwrap(),
            ("标题".into(), None)
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("标题".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), ("标题".into(), Some("UTF-16")));
    }

    #[test]
    fn refuses_binary_files() {
        assert_eq!(decode(&[0x00, 0x01, 0x02, 0xFF, 0x81]), None);
    }

    #[test]
    fn knows_formats_by_extension() {
        assert_eq!(format_of(Path::new("a.TXT")), Some(Format::Text));
        assert_eq!(format_of(Path::new("a.md")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("报告.docx")), Some(Format::Docx));
        assert_eq!(format_of(Path::new("a.doc")), None);
        assert_eq!(format_of(Path::new("README")), None);
    }
}
