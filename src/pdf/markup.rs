//! Markdown to Typst markup, for the PDF edition: the same events the HTML renderer reads,
//! with each cited figure in the block's language, written as Typst content. Every character
//! of the editor's text is escaped, so a report's text is never read as Typst code; the only
//! code in the result is the handful of elements written here (`#emph`, `#table`,
//! `#footnote`…), which a theme styles with show rules.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd, TextMergeStream};

use crate::config::Lang;
use crate::content::Body;
use crate::content::cite::{self, Piece};
use crate::markdown::{Figure, is_han};

/// What the markup of one document needs from the edition it is set in.
pub struct Setting<'a> {
    pub lang: Lang,
    /// One per citation of the body, in order.
    pub figures: &'a [Figure],
    /// Heading level of the body's shallowest heading: 2 under a section title.
    pub top_heading: usize,
    /// Raw HTML in the text is the site's markup (`allow_html`): its tags are dropped and its
    /// text kept. Otherwise it is text, shown as written, as on the site's pages.
    pub allow_html: bool,
    /// Begins the labels of the text's footnotes, unique in the document (`s-welfare-`).
    pub label_prefix: &'a str,
    /// Turns a link's address into where the PDF points: a label of the edition
    /// (`<s-party-building>`), an absolute address, or nothing (the words stay, unlinked).
    pub link: &'a dyn Fn(&str) -> Option<Target>,
    /// The bytes of an image the text shows, by its address; none shows its description.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// Where a link of the text points in the PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A place in the same PDF, by its label.
    Label(String),
    /// An address on the web or an email address.
    Url(String),
}

/// The Typst markup of one language block, one string per block (paragraph, list, table…)
/// at its top: a theme can keep the last block with what follows it.
pub fn typst(body: &Body, setting: &Setting) -> Vec<String> {
    let events: Vec<Event> = TextMergeStream::new(Parser::new_ext(
        &body.markdown,
        cite::extensions(setting.lang),
    ))
    .collect();
    let shallowest = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut writer = Writer {
        setting,
        out: String::with_capacity(body.markdown.len() * 3 / 2),
        stack: Vec::new(),
        footnotes: HashMap::new(),
        used_footnotes: HashMap::new(),
        pending_break: false,
        heading_shift: setting.top_heading as isize - shallowest as isize,
    };
    writer.collect_footnotes(&events);
    let mut skip = 0usize;
    for event in events {
        // Footnote definitions are written where they are cited.
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                skip += 1;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                skip -= 1;
                continue;
            }
            _ if skip > 0 => continue,
            _ => {}
        }
        writer.event(event);
    }
    // Definitions no text refers to still belong to the text: they close it.
    let mut unused: Vec<(&String, &(usize, String))> = writer
        .footnotes
        .iter()
        .filter(|(label, _)| !writer.used_footnotes.contains_key(*label))
        .collect();
    unused.sort_by_key(|(_, (order, _))| *order);
    let unused: Vec<String> = unused
        .into_iter()
        .map(|(_, (_, text))| text.clone())
        .collect();
    for text in unused {
        writer.out.push_str(&format!("#footnote[{text}]\n\n"));
    }
    writer
        .out
        .split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .map(str::to_string)
        .collect()
}

/// An element being written, and how it closes.
enum Open {
    /// Content in brackets: `#emph[…]`, a list item, a table cell.
    Bracket,
    /// An element with nothing to close: a list (its items close themselves), a table (closed
    /// by its own end), a link whose target was refused (its words stay, unlinked).
    Nothing,
    /// A string: a code block's text, or an image's description.
    Text,
    /// A table: where its markup starts, and its rows so far.
    Table(usize, usize),
}

/// A table this short stays on one page; a longer one splits, its header row repeated.
const SHORT_TABLE: usize = 8;

struct Writer<'s> {
    setting: &'s Setting<'s>,
    out: String,
    stack: Vec<Open>,
    /// Each footnote's text as markup, by label, with the order of its definition.
    footnotes: HashMap<String, (usize, String)>,
    /// Footnotes already set once: the label Typst knows them by.
    used_footnotes: HashMap<String, String>,
    /// A soft line break waits to see what follows: between two Chinese characters it is
    /// nothing, elsewhere a space.
    pending_break: bool,
    heading_shift: isize,
}

impl Writer<'_> {
    /// Writes each footnote definition's text on its own, to place it where it is cited.
    fn collect_footnotes(&mut self, events: &[Event]) {
        let mut current: Option<(String, Writer)> = None;
        let mut order = 0;
        for event in events {
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    current = Some((
                        label.to_string(),
                        Writer {
                            setting: self.setting,
                            out: String::new(),
                            stack: vec![Open::Bracket],
                            footnotes: HashMap::new(),
                            used_footnotes: HashMap::new(),
                            pending_break: false,
                            heading_shift: self.heading_shift,
                        },
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, mut writer)) = current.take() {
                        order += 1;
                        writer.trim_trailing_breaks();
                        self.footnotes
                            .entry(label)
                            .or_insert((order, writer.out.trim().to_string()));
                    }
                }
                // A footnote inside a footnote is set as its mark.
                Event::FootnoteReference(label) => {
                    if let Some((_, writer)) = &mut current {
                        writer.text(&format!("[{label}]"));
                    }
                }
                other => {
                    if let Some((_, writer)) = &mut current {
                        writer.event(other.clone());
                    }
                }
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(text) => self.cited_text(&text),
            Event::Code(code) => {
                let code = self.resolved(&code);
                self.call(&format!("#raw({})", string(&code)));
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::Html(raw) | Event::InlineHtml(raw) => self.html(&raw),
            Event::SoftBreak => self.pending_break = true,
            Event::HardBreak => self.call("#linebreak()"),
            Event::Rule => {
                self.begin_block();
                self.out.push_str("#line(length: 100%);");
                self.end_block();
            }
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }),
            Event::FootnoteReference(label) => self.footnote(&label),
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        if self.in_string() {
            return;
        }
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, .. } => {
                self.begin_block();
                let level = (level as isize + self.heading_shift).clamp(1, 6);
                self.open(&format!("#heading(level: {level})["));
            }
            Tag::BlockQuote(_) => {
                self.begin_block();
                self.open("#quote(block: true)[");
            }
            Tag::CodeBlock(kind) => {
                self.begin_block();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(string),
                    CodeBlockKind::Indented => None,
                };
                match lang {
                    Some(lang) => self
                        .out
                        .push_str(&format!("#raw(block: true, lang: {lang}, \"")),
                    None => self.out.push_str("#raw(block: true, \""),
                }
                self.stack.push(Open::Text);
            }
            Tag::List(start) => {
                self.begin_block();
                match start {
                    Some(first) => self.out.push_str(&format!("#enum(start: {first})")),
                    None => self.out.push_str("#list"),
                }
                self.stack.push(Open::Nothing);
            }
            Tag::Item => {
                self.out.push('[');
                self.stack.push(Open::Bracket);
            }
            Tag::Table(alignments) => {
                self.begin_block();
                let align: Vec<&str> = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                        Alignment::Left | Alignment::None => "left",
                    })
                    .collect();
                let start = self.out.len();
                self.out.push_str(&format!(
                    "#table(columns: {}, align: ({},),\n",
                    alignments.len().max(1),
                    align.join(", ")
                ));
                self.stack.push(Open::Table(start, 0));
            }
            Tag::TableHead => self.out.push_str("table.header("),
            Tag::TableRow => {}
            Tag::TableCell => {
                self.out.push('[');
                self.stack.push(Open::Bracket);
            }
            Tag::Emphasis => self.open("#emph["),
            Tag::Strong => self.open("#strong["),
            Tag::Strikethrough => self.open("#strike["),
            Tag::Superscript => self.open("#super["),
            Tag::Subscript => self.open("#sub["),
            Tag::Link { dest_url, .. } => {
                let dest = self.resolved(&dest_url);
                match (self.setting.link)(&dest) {
                    Some(Target::Label(label)) => {
                        self.open(&format!("#link(label({}))[", string(&label)))
                    }
                    Some(Target::Url(url)) => self.open(&format!("#link({})[", string(&url))),
                    None => self.stack.push(Open::Nothing),
                }
            }
            Tag::Image { dest_url, .. } => {
                let dest = self.resolved(&dest_url);
                match (self.setting.image)(&dest) {
                    Some(path) => {
                        self.flush_break();
                        self.out
                            .push_str(&format!("#image({}, alt: \"", string(&path)));
                        self.stack.push(Open::Text);
                    }
                    // Shown by its description.
                    None => self.open("#emph["),
                }
            }
            Tag::HtmlBlock => self.begin_block(),
            Tag::FootnoteDefinition(_)
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if self.in_string() && !matches!(tag, TagEnd::CodeBlock | TagEnd::Image) {
            return;
        }
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.end_block(),
            TagEnd::Heading(_) | TagEnd::BlockQuote(_) => {
                self.close();
                self.end_block();
            }
            TagEnd::CodeBlock => {
                self.stack.pop();
                // A code block's text ends with a line break that is not part of it.
                if self.out.ends_with("\\n") {
                    self.out.truncate(self.out.len() - 2);
                }
                self.out.push_str("\");");
                self.end_block();
            }
            TagEnd::List(_) => {
                self.stack.pop();
                self.out.push(';');
                self.end_block();
            }
            TagEnd::Item => self.close_item(),
            TagEnd::TableCell => {
                self.close_item();
                self.out.push_str(", ");
            }
            TagEnd::TableHead => {
                self.out.push_str("),\n");
                self.count_row();
            }
            TagEnd::TableRow => {
                self.out.push('\n');
                self.count_row();
            }
            TagEnd::Table => {
                self.out.push_str(");");
                if let Some(Open::Table(start, rows)) = self.stack.pop()
                    && rows <= SHORT_TABLE
                {
                    self.out.insert_str(start, "#block(breakable: false)[");
                    self.out.push_str("];");
                }
                self.end_block();
            }
            TagEnd::Image => match self.stack.pop() {
                Some(Open::Text) => self.out.push_str("\");"),
                Some(Open::Bracket) => self.out.push_str("];"),
                _ => {}
            },
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.close(),
            _ => {}
        }
    }

    fn count_row(&mut self) {
        if let Some(Open::Table(_, rows)) = self.stack.last_mut() {
            *rows += 1;
        }
    }

    fn open(&mut self, markup: &str) {
        self.flush_break();
        self.out.push_str(markup);
        self.stack.push(Open::Bracket);
    }

    /// Closes an inline element; `;` ends the call, so what follows is never read as another
    /// argument or a method of it.
    fn close(&mut self) {
        self.pending_break = false;
        if let Some(Open::Bracket) = self.stack.pop() {
            self.trim_trailing_breaks();
            self.out.push_str("];");
        }
    }

    /// Closes a list item or a table cell, which its list or table follows.
    fn close_item(&mut self) {
        self.pending_break = false;
        self.trim_trailing_breaks();
        if let Some(Open::Bracket) = self.stack.pop() {
            self.out.push(']');
        }
    }

    /// At the top, a block starts after a blank line; inside an element, after a paragraph
    /// break of its own.
    fn begin_block(&mut self) {
        self.pending_break = false;
        if self.out.is_empty() || self.out.ends_with("\n\n") || self.out.ends_with('[') {
            return;
        }
        if self.stack.is_empty() {
            self.out.push_str("\n\n");
        } else if !self.out.ends_with("#parbreak() ") {
            self.out.push_str(" #parbreak() ");
        }
    }

    fn end_block(&mut self) {
        self.pending_break = false;
        if self.stack.is_empty() {
            self.out.push_str("\n\n");
        } else if !self.out.ends_with("#parbreak() ") {
            self.out.push_str(" #parbreak() ");
        }
    }

    /// A paragraph's end is not kept at the end of an element.
    fn trim_trailing_breaks(&mut self) {
        loop {
            let trimmed = self.out.trim_end_matches(' ');
            match trimmed.strip_suffix("#parbreak()") {
                Some(rest) => {
                    let len = rest.trim_end_matches(' ').len();
                    self.out.truncate(len);
                }
                None => {
                    let len = trimmed.len();
                    self.out.truncate(len);
                    return;
                }
            }
        }
    }

    /// A call that takes no content: `#linebreak();`.
    fn call(&mut self, markup: &str) {
        self.flush_break();
        if self.in_string() {
            return;
        }
        self.out.push_str(markup);
        self.out.push(';');
    }

    /// Inside a code block or an image's description, where text is a string's.
    fn in_string(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Text))
    }

    fn footnote(&mut self, label: &str) {
        self.flush_break();
        if self.in_string() {
            return;
        }
        if let Some(name) = self.used_footnotes.get(label) {
            let markup = format!("#footnote(<{name}>)");
            self.call(&markup);
            return;
        }
        let Some((order, text)) = self.footnotes.get(label).cloned() else {
            self.text(&format!("[{label}]"));
            return;
        };
        let name: String = format!("{}fn-{order}", self.setting.label_prefix)
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        self.out.push_str(&format!("#footnote[{text}]<{name}>"));
        self.used_footnotes.insert(label.to_string(), name);
    }

    /// Raw HTML: shown as written unless the site allows HTML; then, since it is not markup
    /// in a PDF, its text is kept and its tags are not.
    fn html(&mut self, raw: &str) {
        // Comments are notes to editors, never content.
        if crate::markdown::is_comment(raw) {
            return;
        }
        let trimmed = raw.trim();
        if !self.setting.allow_html {
            self.cited_text(raw.trim_end_matches('\n'));
            return;
        }
        if ["<br>", "<br/>", "<br />"]
            .iter()
            .any(|br| trimmed.eq_ignore_ascii_case(br))
        {
            self.call("#linebreak()");
            return;
        }
        let mut text = String::with_capacity(raw.len());
        let mut in_tag = false;
        for c in raw.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        self.cited_text(&text.replace('\n', " "));
    }

    /// Text with each citation replaced by its figure.
    fn cited_text(&mut self, text: &str) {
        let resolved = self.resolved(text);
        self.text(&resolved);
    }

    /// Text with each citation replaced by its figure, unescaped.
    fn resolved(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in cite::pieces(text) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Citation(n) => {
                    if let Some(figure) = self.setting.figures.get(n) {
                        out.push_str(&figure.text);
                    }
                }
            }
        }
        out
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.in_string() {
            self.pending_break = false;
            let quoted = string(text);
            self.out.push_str(&quoted[1..quoted.len() - 1]);
            return;
        }
        if std::mem::take(&mut self.pending_break) {
            let before = self.out.chars().next_back();
            let after = text.chars().next();
            let joined = matches!((before, after), (Some(b), Some(a)) if cjk(b) && cjk(a));
            if !joined {
                self.out.push(' ');
            }
        }
        escape_into(text, &mut self.out);
    }

    fn flush_break(&mut self) {
        if std::mem::take(&mut self.pending_break) && !self.in_string() {
            self.out.push(' ');
        }
    }
}

/// Han characters and the full-width punctuation set between them: a line break of the
/// source between two of them is no space in Chinese.
fn cjk(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '—' | '…')
}

/// Text as Typst markup that shows exactly these characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            // Markup: emphasis, code, math, labels, references, escapes, comments, lists,
            // headings, smart quotes, dashes, non-breaking space, shorthands.
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '=' | '-' | '+'
            | '/' | '~' | '\'' | '"' | ':' => {
                out.push('\\');
                out.push(c);
            }
            // `1.` at the start of a line is a numbered list.
            '.' if previous.is_ascii_digit() => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        previous = c;
    }
}

/// A Typst string literal of `text`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markup(markdown: &str, lang: Lang) -> Vec<String> {
        let body = Body {
            markdown: markdown.to_string(),
            ..Body::default()
        };
        let link = |address: &str| -> Option<Target> {
            address
                .starts_with("https://")
                .then(|| Target::Url(address.to_string()))
        };
        let image = |_: &str| -> Option<String> { None };
        typst(
            &body,
            &Setting {
                lang,
                figures: &[],
                top_heading: 2,
                allow_html: false,
                label_prefix: "s-x-",
                link: &link,
                image: &image,
            },
        )
    }

    #[test]
    fn every_markup_character_of_the_text_is_escaped() {
        assert_eq!(
            escape("#set *a* _b_ `c` $d$ <e> @f [g] = - + / ~ 'h' \"i\" : \\"),
            "\\#set \\*a\\* \\_b\\_ \\`c\\` \\$d\\$ \\<e\\> \\@f \\[g\\] \\= \\- \\+ \\/ \\~ \\'h\\' \\\"i\\\" \\: \\\\"
        );
        // `1.` would start a numbered list at the start of a line.
        assert_eq!(escape("2018. 年"), "2018\\. 年");
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn a_line_break_between_chinese_characters_is_no_space() {
        assert_eq!(markup("街道\n完成", Lang::Zh), vec!["街道完成"]);
        assert_eq!(markup("the\nstreet", Lang::En), vec!["the street"]);
        assert_eq!(markup("共有\n13 个", Lang::Zh), vec!["共有 13 个"]);
    }

    #[test]
    fn blocks_are_kept_apart_and_elements_closed() {
        let blocks = markup(
            "## 标题\n\n段落 **粗** 与 [链接](https://example.org/)。\n\n- 一\n- 二\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n",
            Lang::Zh,
        );
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert_eq!(blocks[0], "#heading(level: 2)[标题];");
        assert_eq!(
            blocks[1],
            "段落 #strong[粗]; 与 #link(\"https://example.org/\")[链接];。"
        );
        assert_eq!(blocks[2], "#list[一][二];");
        // A short table is kept on one page.
        assert!(
            blocks[3]
                .starts_with("#block(breakable: false)[#table(columns: 2, align: (left, right,),")
        );
        assert!(blocks[3].contains("table.header([a], [b], ),"));
        assert!(blocks[3].ends_with(");];"));
    }

    #[test]
    fn footnotes_are_set_where_they_are_cited() {
        let blocks = markup("正文[^a]，再引[^a]。\n\n[^a]: 注释 #1。\n", Lang::Zh);
        assert_eq!(
            blocks,
            vec!["正文#footnote[注释 \\#1。]<s-x-fn-1>，再引#footnote(<s-x-fn-1>);。"]
        );
    }

    #[test]
    fn a_refused_link_keeps_its_words() {
        assert_eq!(markup("见[此处](../x/)。", Lang::Zh), vec!["见此处。"]);
    }
}
