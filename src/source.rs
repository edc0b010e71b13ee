//! Reading the files people edit: UTF-8 only (with or without a BOM), any line ending, and
//! turning byte offsets back into the `file:line:col` every message points at.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};

/// A text file as nianbao sees it: BOM removed, line endings normalised to `\n`.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as it is shown in messages (relative to where nianbao was started).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Reads `path`, naming it `shown` in messages.
    pub fn read(path: &Path, shown: &Path) -> Result<SourceFile, Diagnostic> {
        let bytes = read_regular(path, TEXT_LIMIT).map_err(|err| {
            Diagnostic::error(format!("cannot read {}: {err}", shown.display()))
                .at(Location::file(shown))
        })?;
        SourceFile::from_bytes(shown, &bytes)
    }

    /// Decodes file contents: UTF-8 is required; UTF-16, UTF-32 and GB18030 are recognised
    /// and named so the editor knows how to fix them.
    pub fn from_bytes(shown: &Path, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        // Files pasted together can carry a second BOM; it is as invisible as the first.
        let mut bytes = bytes;
        while let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            bytes = rest;
        }
        if let Some(encoding) = wide_encoding(bytes) {
            return Err(
                Diagnostic::error(format!("{} is {encoding}, not UTF-8", shown.display()))
                    .at(Location::file(shown))
                    .hint(SAVE_AS_UTF8),
            );
        }
        if let Some(offset) = memchr::memchr(0, bytes) {
            return Err(Diagnostic::error(format!(
                "{} has a NUL byte at byte offset {offset} (line {}), which no text file has",
                shown.display(),
                bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
            ))
            .at(Location::file(shown))
            .hint(SAVE_AS_UTF8));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(shown, normalise_newlines(text))),
            Err(err) => Err(not_utf8(shown, bytes, err.valid_up_to())),
        }
    }

    /// Lets go of the text: the file is only named in messages from now on, at its line 1.
    pub fn forget_text(&mut self) {
        self.text = String::new();
        self.line_starts = vec![0];
    }

    /// A source made from text already in memory (tests, generated files).
    pub fn new(shown: &Path, text: String) -> SourceFile {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path: shown.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// The byte offset where a line (1-based) starts; the end of the text past the last line.
    pub fn line_offset(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The location of a byte range, for a message.
    pub fn location(&self, range: Range<usize>) -> Location {
        let start = floor_char_boundary(&self.text, range.start.min(self.text.len()));
        let line = self.line_of(start);
        let line_start = self.line_starts[line - 1];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let end = floor_char_boundary(&self.text, range.end.clamp(start, line_end));
        Location {
            file: self.path.clone(),
            line,
            col: self.text[line_start..start].chars().count() + 1,
            source_line: self.text[line_start..line_end].to_string(),
            len: self.text[start..end].chars().count(),
        }
    }

    /// The location of a whole line (1-based).
    pub fn line_location(&self, line: usize) -> Location {
        let start = self.line_starts[(line.max(1) - 1).min(self.line_starts.len() - 1)];
        let len = self.text[start..]
            .find('\n')
            .unwrap_or(self.text.len() - start);
        self.location(start..start + len)
    }
}

/// The largest text file nianbao reads: a whole year's report is well under 1 MB.
pub const TEXT_LIMIT: u64 = 16 << 20;

/// The largest download (a year folder's PDF, spreadsheet or image) nianbao publishes.
pub const DOWNLOAD_LIMIT: u64 = 512 << 20;

/// Opens a file for reading only if it is a regular file. A link is not followed, and a
/// named pipe, socket or device is refused without blocking on it (a pipe would wait for a
/// writer for ever, a device never ends).
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let kind = std::fs::symlink_metadata(path)?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    let file = options.open(path)?;
    // Checked again on what was opened: the name may have been replaced in between.
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    Ok(file)
}

/// Reads a regular file (see `open_regular`) of at most `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(size, limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::other(format!(
        "it is {} MB; nianbao reads files of at most {} MB here",
        size.div_ceil(1 << 20),
        limit >> 20
    ))
}

/// What a file that is not a regular one is, in the editor's words.
pub fn not_regular(kind: std::fs::FileType) -> io::Error {
    let what = if kind.is_symlink() {
        "a symbolic link (nianbao does not follow links; copy the file instead)"
    } else if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    io::Error::other(format!("it is {what}, not a regular file"))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "not a file"
}

const SAVE_AS_UTF8: &str = "save the file as UTF-8 (in Notepad or WPS: Save As, Encoding: UTF-8)";

fn not_utf8(shown: &Path, bytes: &[u8], offset: usize) -> Diagnostic {
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    let guess = if looks_like_gb18030(bytes) {
        "; it looks like GB18030/GBK (a common Chinese Windows encoding)"
    } else {
        ""
    };
    Diagnostic::error(format!(
        "{} is not UTF-8: byte 0x{:02X} at byte offset {offset} (line {line}) is invalid{guess}",
        shown.display(),
        bytes[offset]
    ))
    .at(Location::file(shown))
    .hint(SAVE_AS_UTF8)
}

/// UTF-32 or UTF-16, by the byte order mark or, without one, by the NUL bytes that every
/// ASCII character (`+++`, keys, line breaks) brings along in UTF-16.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Some("UTF-32");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16");
    }
    let sample = &bytes[..bytes.len().min(4096)];
    // Without a NUL byte it cannot be UTF-16 text that the count below recognises.
    memchr::memchr(0, sample)?;
    let units = sample.len() / 2;
    let nuls = |first: usize| {
        sample
            .iter()
            .skip(first)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    (units >= 2 && (nuls(0) * 4 >= units || nuls(1) * 4 >= units)).then_some("UTF-16")
}

/// GB18030 encodes each Han character as a lead byte 0x81–0xFE and a trail byte 0x40–0xFE.
fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut bad = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if (0x81..=0xFE).contains(&b)
            && bytes.get(i + 1).is_some_and(|t| (0x40..=0xFE).contains(t))
        {
            pairs += 1;
            i += 2;
        } else {
            bad += 1;
            i += 1;
        }
    }
    pairs > 0 && bad * 10 < pairs
}

fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// The largest char boundary at or before `index`.
pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        SourceFile::from_bytes(Path::new("a.md"), bytes)
    }

    #[test]
    fn accepts_bom_and_crlf_as_plain_utf8() {
        let plain = decode("标题\n正文\n".as_bytes()).unwrap();
        let windows = decode("\u{FEFF}标题\r\n正文\r\n".as_bytes()).unwrap();
        let old_mac = decode("标题\r正文\r".as_bytes()).unwrap();
        let pasted = decode("\u{FEFF}\u{FEFF}标题\n正文\n".as_bytes()).unwrap();
        assert_eq!(pasted.text, plain.text);
        assert_eq!(windows.text, plain.text);
        assert_eq!(old_mac.text, plain.text);
    }

    #[test]
    fn names_byte_offset_of_invalid_utf8() {
        let err = decode(b"title\n\xff\xfe").unwrap_err();
        assert!(
            err.message.contains("byte 0xFF at byte offset 6 (line 2)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn recognises_gb18030_and_utf16() {
        // "南京西路街道" in GB18030.
        let gb = [
            0xC4, 0xCF, 0xBE, 0xA9, 0xCE, 0xF7, 0xC2, 0xB7, 0xBD, 0xD6, 0xB5, 0xC0,
        ];
        assert!(decode(&gb).unwrap_err().message.contains("GB18030"));
        assert!(
            decode(b"\xFF\xFEa\x00")
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
    }

    #[test]
    fn recognises_utf16_without_a_byte_order_mark_and_utf32() {
        let utf16: Vec<u8> = "+++\ntitle = 1\n+++\n"
            .bytes()
            .flat_map(|b| [b, 0])
            .collect();
        assert!(
            decode(&utf16)
                .unwrap_err()
                .message
                .ends_with("is UTF-16, not UTF-8")
        );
        assert!(
            decode(&utf16[1..])
                .unwrap_err()
                .message
                .ends_with("is UTF-16, not UTF-8")
        );
        let utf32 = b"\xFF\xFE\x00\x00+\x00\x00\x00";
        assert!(
            decode(utf32)
                .unwrap_err()
                .message
                .ends_with("is UTF-32, not UTF-8")
        );
    }

    #[test]
    fn refuses_nul_bytes_with_their_line() {
        let err = decode(b"+++\ntitle = \"\x00\"\n").unwrap_err();
        assert!(
            err.message.contains("NUL byte at byte offset 13 (line 2)"),
            "{}",
            err.message
        );
    }

    #[test]
    fn locates_in_characters_not_bytes() {
        let source = SourceFile::new(Path::new("a.md"), "第一行\n走访居民 = 1\n".into());
        let offset = source.text.find('=').unwrap();
        let location = source.location(offset..offset + 1);
        assert_eq!((location.line, location.col, location.len), (2, 6, 1));
        assert_eq!(location.source_line, "走访居民 = 1");
    }
}
