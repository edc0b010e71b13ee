//! Problems found while loading, checking or rendering a site, each with the place it came
//! from, shown the way a compiler shows them: message, `file:line:col`, the line, a hint.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How serious a problem is: errors stop a build, warnings are reported and the build goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column (in characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// The whole offending line, without its line break.
    #[serde(skip)]
    pub source_line: String,
    /// How many characters of the line to underline.
    #[serde(skip)]
    pub len: usize,
}

impl Location {
    /// A location that names only a file (for problems with the file as a whole).
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location {
            file: file.into(),
            line: 0,
            col: 0,
            source_line: String::new(),
            len: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
        }
    }
}

/// One problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Box<Location>>,
    pub hint: Option<String>,
    /// Further places involved (the first definition of a duplicate, for example).
    pub notes: Vec<(String, Location)>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: shorten(&message.into(), MESSAGE_CHARS),
            location: None,
            hint: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(shorten(&hint.into(), MESSAGE_CHARS));
        self
    }

    pub fn note(mut self, label: impl Into<String>, location: Location) -> Diagnostic {
        self.notes.push((label.into(), location));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        write!(Printable(f), "{}", Unfiltered(self))
    }
}

/// A diagnostic as written, before `Printable` filters it for the terminal.
struct Unfiltered<'a>(&'a Diagnostic);

impl fmt::Display for Unfiltered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let diagnostic = self.0;
        let label = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", diagnostic.message)?;
        if let Some(location) = &diagnostic.location {
            write_snippet(f, location)?;
        }
        for (label, location) in &diagnostic.notes {
            writeln!(f, "note: {label}")?;
            write_snippet(f, location)?;
        }
        if let Some(hint) = &diagnostic.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// Passes text on with each control character but the line break replaced by U+FFFD (a tab
/// by a space): a hostile file name or value cannot recolour, move or clear the terminal,
/// and one character for one keeps the `^` marks under the text they mark.
struct Printable<W>(W);

impl<W: fmt::Write> fmt::Write for Printable<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for c in text.chars() {
            self.0.write_char(match c {
                '\n' => '\n',
                '\t' => ' ',
                c if is_unprintable(c) => '\u{FFFD}',
                c => c,
            })?;
        }
        Ok(())
    }
}

/// Control characters and the invisible marks that reorder text (bidirectional overrides).
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The longest message or hint, in characters: a message that quotes a 100 KB id or a
/// whole paragraph says what is wrong with it without printing it whole.
const MESSAGE_CHARS: usize = 600;

/// `text` cut to at most `max` characters (never inside one), with `…` and the number of
/// characters left out where it was cut.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let left_out = text[cut..].chars().count();
            format!("{}… ({left_out} more characters)", &text[..cut])
        }
    }
}

/// `text` with its control characters and bidirectional marks written as escapes (`\0`,
/// `\u{1b}`), for a message that quotes a value: the reader sees what is wrong with it.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_unprintable(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn write_snippet(f: &mut fmt::Formatter<'_>, location: &Location) -> fmt::Result {
    let number = location.line.to_string();
    let pad = " ".repeat(number.len());
    writeln!(f, "{pad}--> {location}")?;
    if location.line == 0 {
        return Ok(());
    }
    let (line, col) = excerpt(&location.source_line, location.col, location.len);
    let before: String = line.chars().take(col.saturating_sub(1)).collect();
    let marked: String = line
        .chars()
        .skip(col.saturating_sub(1))
        .take(location.len.max(1))
        .collect();
    let indent = " ".repeat(display_width(&before));
    let carets = "^".repeat(display_width(&marked).max(1));
    writeln!(f, "{pad} |")?;
    writeln!(f, "{number} | {line}")?;
    writeln!(f, "{pad} | {indent}{carets}")
}

/// Terminal columns a shown line may take: a paragraph of a report is one line of
/// thousands of characters, so only the part around the marked text is shown.
const SNIPPET_WIDTH: usize = 100;

/// The part of `line` around the `len` characters at `col` (1-based), cut on characters
/// and marked with "…" where it is cut; and the marked text's column in it.
fn excerpt(line: &str, col: usize, len: usize) -> (String, usize) {
    if display_width(line) <= SNIPPET_WIDTH {
        return (line.to_string(), col);
    }
    let chars: Vec<char> = line.chars().collect();
    let start = col.saturating_sub(1).min(chars.len());
    // A mark longer than the snippet (a 100 KB id) is shown by its start.
    let end = (start + len.clamp(1, SNIPPET_WIDTH / 2)).min(chars.len());
    let width = |range: &[char]| display_width(&range.iter().collect::<String>());
    let mut from = start;
    while from > 0 && width(&chars[from - 1..start]) < SNIPPET_WIDTH / 3 {
        from -= 1;
    }
    let mut to = end;
    while to < chars.len() && width(&chars[from..to + 1]) < SNIPPET_WIDTH {
        to += 1;
    }
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, start - from + 1 + usize::from(from > 0))
}

/// Terminal columns a string takes: Han characters and full-width forms take two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Every problem of a run, errors and warnings together, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Keeps what was found so far if it has errors; otherwise hands back the warnings.
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        if errors > 0 {
            write!(f, "{} found", plural(errors, "error"))?;
            if warnings > 0 {
                write!(f, " (and {})", plural(warnings, "warning"))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// "1 error", "3 errors".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underlines_han_characters_two_columns_wide() {
        let location = Location {
            file: "content/2018/05-survey.md".into(),
            line: 3,
            col: 8,
            source_line: "unit = \"公顷\"".into(),
            len: 4,
        };
        let shown = Diagnostic::error("unknown unit `公顷`")
            .at(location)
            .hint("give both forms")
            .to_string();
        assert!(
            shown.contains("--> content/2018/05-survey.md:3:8"),
            "{shown}"
        );
        assert!(
            shown.contains("3 | unit = \"公顷\"\n  |        ^^^^^^\n"),
            "{shown}"
        );
        assert!(shown.contains("= help: give both forms"), "{shown}");
    }

    #[test]
    fn shows_only_the_part_of_a_long_line_around_the_mark() {
        let line = format!(
            "{}铜仁路330、陕西北路288{}",
            "社区".repeat(60),
            "。".repeat(80)
        );
        let location = Location {
            file: "content/2018/08-public-safety.md".into(),
            line: 58,
            col: 124,
            source_line: line,
            len: 3,
        };
        let shown = Diagnostic::warning("`330`").at(location).to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[1].ends_with("--> content/2018/08-public-safety.md:58:124"),
            "{shown}"
        );
        assert!(
            lines[3].starts_with("58 | …") && lines[3].ends_with('…'),
            "{shown}"
        );
        assert!(display_width(lines[3]) < 120, "{shown}");
        let marked = lines[3].find("330").unwrap();
        let caret = lines[4].find('^').unwrap();
        assert_eq!(
            display_width(&lines[3][..marked]),
            display_width(&lines[4][..caret])
        );
    }

    #[test]
    fn counts_errors_and_warnings_in_the_summary() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("a"));
        all.push(Diagnostic::warning("b"));
        all.push(Diagnostic::error("c"));
        assert!(all.has_errors());
        assert!(
            all.to_string()
                .ends_with("2 errors found (and 1 warning)\n")
        );
    }

    #[test]
    fn cuts_long_messages_between_characters() {
        let id = "大".repeat(100_000);
        let diagnostic = Diagnostic::error(format!("`{id}` is not a metric id"));
        assert_eq!(
            diagnostic.message.chars().count(),
            600 + "… (99421 more characters)".chars().count()
        );
        assert!(diagnostic.message.starts_with("`大大"));
        assert!(diagnostic.message.ends_with("… (99421 more characters)"));
        assert_eq!(shorten("南京西路", 4), "南京西路");
        assert_eq!(shorten("南京西路", 2), "南京… (2 more characters)");
    }

    #[test]
    fn keeps_control_characters_off_the_terminal() {
        let location = Location {
            file: "content/2018/03-\u{1b}[2J.md".into(),
            line: 2,
            col: 8,
            source_line: "slug = \"\u{1b}[31m\u{202e}x\"".into(),
            len: 9,
        };
        let shown = Diagnostic::error(format!("slug `{}`", printable("\u{1b}[31m\0")))
            .at(location)
            .to_string();
        assert!(
            shown.starts_with("error: slug `\\u{1b}[31m\\0`\n"),
            "{shown}"
        );
        assert!(!shown.contains(['\u{1b}', '\u{202e}']), "{shown}");
        assert!(
            shown.contains("--> content/2018/03-\u{FFFD}[2J.md:2:8"),
            "{shown}"
        );
        let marked = format!(
            "2 | slug = \"\u{FFFD}[31m\u{FFFD}x\"\n  | {}{}",
            " ".repeat(7),
            "^".repeat(9)
        );
        assert!(shown.contains(&marked), "{shown}");
    }
}
