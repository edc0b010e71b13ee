//! Markdown to HTML for one language block. Beyond CommonMark it: renders metric citations
//! in the block's language, gives headings stable ids, marks Chinese inside English text with
//! its language, keeps raw HTML and `javascript:` links out unless the site opts in, and
//! collects the plain text that search indexes.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeStream};
use serde::Serialize;

use crate::config::Lang;
use crate::content::Body;
use crate::content::cite::{self, Piece};

/// A cited figure as this block shows it.
#[derive(Clone, Debug)]
pub struct Figure {
    /// "1.7万次" or "17,000 visits".
    pub text: String,
    /// The machine-readable value (`17000`); empty while pending.
    pub value: String,
    /// The metric's id when it is the section's own: its first citation gets the id
    /// `cite-ID`, so the metrics page links to the sentence that cites it. Else empty.
    pub id: String,
}

pub struct MarkdownOptions<'a> {
    pub lang: Lang,
    pub allow_html: bool,
    /// One per citation of the body, in order.
    pub figures: &'a [Figure],
}

/// Where `place` puts a page's id prefix: before every id the renderer writes. A
/// noncharacter, like the citation marks: a body that holds one is refused (`content::cite`),
/// so no text of the editor's is ever taken for it. Its first byte, F4, starts no other
/// character a report holds (only those of plane 16), so `place` rarely stops in vain.
const ID_MARK: char = '\u{10FFFE}';
/// A link to a fragment of the same document, whose id gets the page's prefix.
const FRAGMENT_LINK: &str = "@@nianbao-fragment:";
/// A relative link, rewritten by `place` for the page the document lands on.
const RELATIVE_LINK: &str = "@@nianbao-link:";

/// A link to a site path (`en/glossary/#term-big-survey`) in rendered HTML, made relative
/// to each page by `place`.
pub fn site_link(path: &str) -> String {
    format!("{RELATIVE_LINK}/{path}")
}

/// Finishes rendered HTML for the page it is shown on: every id gets `id_prefix` (so
/// several documents can share a page, as in the print edition) and every relative link is
/// rewritten by `link`. Rendering once and placing many times is what keeps builds fast.
pub fn place(
    html: &str,
    id_prefix: &str,
    heading_shift: usize,
    link: &dyn Fn(&str) -> String,
) -> String {
    let fragment = format!("=\"{FRAGMENT_LINK}");
    let relative = format!("=\"{RELATIVE_LINK}");
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let (mut copied, mut at) = (0, 0);
    // Only these bytes start a mark, and each is the first byte of a character: one pass
    // that jumps from one to the next (a print edition places every section of a year).
    let next = |from: usize| {
        let rest = &bytes[from..];
        let found = if heading_shift > 0 {
            memchr::memchr3(0xF4, b'=', b'<', rest)
        } else {
            memchr::memchr2(0xF4, b'=', rest)
        };
        found.map(|i| from + i)
    };
    while let Some(found) = next(at) {
        at = found;
        let rest = &html[at..];
        let placed = match bytes[at] {
            0xF4 if rest.starts_with(ID_MARK) => Some((ID_MARK.len_utf8(), Placed::Prefix)),
            b'=' if rest.starts_with(&fragment) => Some((fragment.len(), Placed::Fragment)),
            b'=' if rest.starts_with(&relative) => {
                let target = &rest[relative.len()..];
                let end = target.find('"').unwrap_or(target.len());
                Some((relative.len() + end, Placed::Link(&target[..end])))
            }
            // Under a section title that is itself an h2 (the print editions), the text's
            // own headings move down a level so the outline stays in order.
            b'<' => {
                shifted_heading(rest, heading_shift).map(|(len, tag)| (len, Placed::Heading(tag)))
            }
            _ => None,
        };
        let Some((skip, with)) = placed else {
            at += 1;
            continue;
        };
        // A figure's `cite-ID` anchor is for the section's own page (the figures page links
        // to it); a page that places several documents drops it rather than grow by it.
        if matches!(with, Placed::Prefix)
            && !id_prefix.is_empty()
            && html[at + skip..].starts_with("cite-")
            && html[..at].ends_with(" id=\"")
        {
            out.push_str(&html[copied..at - " id=\"".len()]);
            let end = html[at..].find('"').map_or(html.len(), |q| at + q + 1);
            at = end;
            copied = at;
            continue;
        }
        out.push_str(&html[copied..at]);
        match with {
            Placed::Prefix => out.push_str(id_prefix),
            Placed::Fragment => {
                out.push_str("=\"#");
                out.push_str(id_prefix);
            }
            Placed::Link(target) => {
                out.push_str("=\"");
                out.push_str(&escape_attr(&link(target)));
            }
            Placed::Heading((open, level)) => {
                out.push_str(open);
                out.push(char::from(b'0' + level));
            }
        }
        at += skip;
        copied = at;
    }
    out.push_str(&html[copied..]);
    out
}

/// What `place` writes in place of a mark.
enum Placed<'a> {
    /// The page's id prefix.
    Prefix,
    /// A link to a fragment of the page, with the id prefix.
    Fragment,
    /// A relative link, as the page must write it.
    Link(&'a str),
    /// A heading tag (`<h` or `</h`) of another level.
    Heading((&'static str, u8)),
}

/// `<h3` for `<h2` (or `</h3` for `</h2`) at the start of `html`, moved down `shift` levels:
/// how many bytes it replaces, and the tag's start and new level.
fn shifted_heading(html: &str, shift: usize) -> Option<(usize, (&'static str, u8))> {
    let (open, rest) = match html.strip_prefix("</h") {
        Some(rest) => ("</h", rest),
        None => ("<h", html.strip_prefix("<h")?),
    };
    let level = rest.bytes().next().filter(|b| (b'2'..=b'5').contains(b))?;
    let next = rest.as_bytes().get(1).copied();
    if !matches!(next, Some(b' ' | b'>')) {
        return None;
    }
    let deeper = (usize::from(level - b'0') + shift).min(6) as u8;
    Some((open.len() + 1, (open, deeper)))
}

/// The text under one heading (or before the first), for search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TextChunk {
    /// Id of the heading the text sits under (`None`: the top of the section).
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub chunks: Vec<TextChunk>,
}

pub fn render(body: &Body, options: &MarkdownOptions) -> Rendered {
    let flags = cite::extensions(options.lang);
    let events: Vec<Event> = TextMergeStream::new(Parser::new_ext(&body.markdown, flags)).collect();
    let mut state = State::new(options);
    state.heading_shift = shallowest_heading(&events).saturating_sub(1);
    state.referenced = events
        .iter()
        .filter_map(|event| match event {
            Event::FootnoteReference(label) => Some(label.to_string()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for event in events {
        state.event(event, &mut out);
    }
    let mut html = String::with_capacity(body.markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    state
        .chunks
        .retain(|c| !c.text.trim().is_empty() || c.anchor.is_some());
    // Every document's rendering is kept for the whole build: without the room it grew into.
    html.shrink_to_fit();
    for chunk in &mut state.chunks {
        chunk.text.truncate(chunk.text.trim_end().len());
        chunk.text.shrink_to_fit();
    }
    state.chunks.shrink_to_fit();
    Rendered {
        html,
        chunks: state.chunks,
    }
}

/// The level of the body's shallowest heading (1 for `#`); 1 when it has none.
fn shallowest_heading(events: &[Event]) -> usize {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1)
}

struct State<'o> {
    options: &'o MarkdownOptions<'o>,
    /// Links and images whose destination was refused, by nesting depth.
    dropped: Vec<bool>,
    image_depth: usize,
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'static>>)>,
    heading_text: String,
    /// Levels the body's headings move up, so its shallowest one becomes h2 whether the
    /// author started at `#` or at `##`: headings never skip a level below the page's h1.
    heading_shift: usize,
    used_ids: HashMap<String, usize>,
    /// Metrics whose first citation has been given its `cite-ID` id.
    cited: std::collections::HashSet<String>,
    footnotes: HashMap<String, usize>,
    /// Footnotes the text refers to: only those get a link back to the reference.
    referenced: HashSet<String>,
    chunks: Vec<TextChunk>,
}

impl<'o> State<'o> {
    fn new(options: &'o MarkdownOptions<'o>) -> State<'o> {
        State {
            options,
            dropped: Vec::new(),
            image_depth: 0,
            heading: None,
            heading_text: String::new(),
            heading_shift: 0,
            used_ids: HashMap::new(),
            cited: Default::default(),
            footnotes: HashMap::new(),
            referenced: HashSet::new(),
            chunks: vec![TextChunk::default()],
        }
    }

    fn event(&mut self, event: Event<'_>, out: &mut Vec<Event<'static>>) {
        let mut produced = Vec::new();
        self.transform(event, &mut produced);
        for event in produced {
            match &mut self.heading {
                Some((_, _, inner)) if !matches!(event, Event::End(TagEnd::Heading(_))) => {
                    inner.push(event)
                }
                _ => out.push(event),
            }
        }
    }

    fn transform(&mut self, event: Event<'_>, out: &mut Vec<Event<'static>>) {
        match event {
            Event::Text(text) => self.text(&text, out),
            // Code shows a cited figure as plain text, like any character of the code.
            Event::Code(code) => {
                let code = self.resolved(&code, str::to_string);
                self.record(&code);
                out.push(Event::Code(code.into()));
            }
            // Comments are notes to editors, never content.
            Event::Html(raw) | Event::InlineHtml(raw) if is_comment(&raw) => {}
            // Shown as text, so its citations and Chinese runs are rendered like any text's.
            Event::Html(raw) | Event::InlineHtml(raw) if !self.options.allow_html => {
                self.text(&raw, out)
            }
            // Markup the site opts in to, with each cited figure escaped into it.
            Event::Html(raw) => {
                out.push(Event::Html(self.resolved(&raw, crate::escape::xml).into()))
            }
            Event::InlineHtml(raw) => out.push(Event::InlineHtml(
                self.resolved(&raw, crate::escape::xml).into(),
            )),
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((
                    level,
                    id.map(|i| self.resolved(&i, str::to_string)),
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(out),
            Event::Start(Tag::Link {
                dest_url,
                title,
                link_type,
                id,
            }) => {
                // A figure in an address is refused when the body is read (`cite::misplaced`).
                let dest_url = self.resolved(&dest_url, str::to_string);
                let refused = !safe_url(&dest_url);
                self.dropped.push(refused);
                if !refused {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: self.destination(&dest_url).into(),
                        title: self.resolved(&title, str::to_string).into(),
                        id: own(id),
                    }));
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                link_type,
                id,
            }) => {
                let dest_url = self.resolved(&dest_url, str::to_string);
                let refused = !safe_url(&dest_url);
                self.dropped.push(refused);
                self.image_depth += 1;
                if !refused {
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: self.destination(&dest_url).into(),
                        title: self.resolved(&title, str::to_string).into(),
                        id: own(id),
                    }));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if end == TagEnd::Image {
                    self.image_depth -= 1;
                }
                if !self.dropped.pop().unwrap_or(false) {
                    out.push(Event::End(end));
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                out.push(Event::Html(
                    r#"<div class="table-scroll" tabindex="0">"#.into(),
                ));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>".into()));
            }
            Event::FootnoteReference(label) => out.push(self.footnote_reference(&label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let number = self.footnote_number(&label);
                let id = self.footnote_id(&label);
                let back = if self.referenced.contains(label.as_ref()) {
                    format!(r##"<a class="footnote-back" href="#fnref-{id}">{number}</a>"##)
                } else {
                    format!(r#"<span class="footnote-back">{number}</span>"#)
                };
                out.push(Event::Html(
                    format!(r#"<div class="footnote" id="fn-{id}">{back}"#).into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>".into())),
            Event::SoftBreak | Event::HardBreak => {
                self.record(" ");
                out.push(event.into_static());
            }
            // Blocks end with a line break in the plain text, so a search snippet never runs
            // two paragraphs together ("difficulty.For").
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)),
            ) => {
                self.record("\n");
                out.push(Event::End(end));
            }
            other => out.push(other.into_static()),
        }
    }

    /// Text: citations become `<data>` figures; Han runs in English get `lang="zh-CN"`.
    fn text(&mut self, text: &str, out: &mut Vec<Event<'static>>) {
        for piece in cite::pieces(text) {
            match piece {
                Piece::Text(text) => self.plain(text, out),
                Piece::Citation(n) => {
                    if let Some(figure) = self.options.figures.get(n) {
                        self.figure(figure, out);
                    }
                }
            }
        }
    }

    /// Text with each citation replaced by its figure's text, passed through `escape`: for
    /// places that hold only text (code, a link's title, an id) or raw markup.
    fn resolved(&self, text: &str, escape: fn(&str) -> String) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in cite::pieces(text) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Citation(n) => {
                    if let Some(figure) = self.options.figures.get(n) {
                        out.push_str(&escape(&figure.text));
                    }
                }
            }
        }
        out
    }

    fn figure(&mut self, figure: &Figure, out: &mut Vec<Event<'static>>) {
        self.record(&figure.text);
        let inline = self.image_depth == 0;
        let anchor = inline
            && self.heading.is_none()
            && !figure.id.is_empty()
            && self.cited.insert(figure.id.clone());
        if inline && !figure.value.is_empty() {
            let id = if anchor {
                format!(r#" id="{ID_MARK}cite-{}""#, escape_attr(&figure.id))
            } else {
                String::new()
            };
            out.push(Event::InlineHtml(
                format!(r#"<data class="figure"{id} value="{}">"#, figure.value).into(),
            ));
        }
        out.push(Event::Text(figure.text.clone().into()));
        if inline && !figure.value.is_empty() {
            out.push(Event::InlineHtml("</data>".into()));
        }
    }

    fn plain(&mut self, text: &str, out: &mut Vec<Event<'static>>) {
        if text.is_empty() {
            return;
        }
        self.record(text);
        if self.options.lang != Lang::En || self.image_depth > 0 {
            out.push(Event::Text(text.to_string().into()));
            return;
        }
        for (run, han) in han_runs(text) {
            if han {
                out.push(Event::InlineHtml(r#"<span lang="zh-CN">"#.into()));
                out.push(Event::Text(run.to_string().into()));
                out.push(Event::InlineHtml("</span>".into()));
            } else {
                out.push(Event::Text(run.to_string().into()));
            }
        }
    }

    fn record(&mut self, text: &str) {
        if self.heading.is_some() {
            self.heading_text.push_str(text);
        } else {
            let chunk = self.chunks.last_mut().expect("there is always a chunk");
            chunk.text.push_str(text);
        }
    }

    fn close_heading(&mut self, out: &mut Vec<Event<'static>>) {
        let Some((level, explicit, inner)) = self.heading.take() else {
            return;
        };
        let heading_text = std::mem::take(&mut self.heading_text);
        let base = explicit.unwrap_or_else(|| slugify(&heading_text));
        let seen = self.used_ids.entry(base.clone()).or_insert(0);
        *seen += 1;
        let id = if *seen == 1 {
            base
        } else {
            format!("{base}-{seen}")
        };
        // The page title is the only h1: body headings start at h2.
        let level = (level as usize + 1 - self.heading_shift).min(6);
        out.push(Event::Html(
            format!(r#"<h{level} id="{ID_MARK}{}">"#, escape_attr(&id)).into(),
        ));
        out.extend(inner);
        out.push(Event::Html(format!("</h{level}>\n").into()));
        self.chunks.push(TextChunk {
            anchor: Some(id),
            heading: heading_text,
            text: String::new(),
        });
    }

    /// Fragments and relative links are marked, for `place` to finish for each page.
    fn destination(&self, url: &str) -> String {
        if let Some(fragment) = url.strip_prefix('#') {
            format!("{FRAGMENT_LINK}{fragment}")
        } else if crate::render::paths::is_external(url) {
            url.to_string()
        } else {
            format!("{RELATIVE_LINK}{url}")
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn footnote_id(&self, label: &str) -> String {
        format!("{ID_MARK}{}", slugify(label))
    }

    fn footnote_reference(&mut self, label: &str) -> Event<'static> {
        let number = self.footnote_number(label);
        let id = self.footnote_id(label);
        self.record(&format!("[{number}]"));
        Event::InlineHtml(
            format!(r##"<sup class="footnote-ref"><a href="#fn-{id}" id="fnref-{id}">{number}</a></sup>"##).into(),
        )
    }
}

fn own(text: CowStr<'_>) -> CowStr<'static> {
    CowStr::from(text.into_string())
}

/// Whether a link destination is safe to publish: no script or data URLs, however disguised
/// with case, entities (already decoded by the parser) or control characters.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let Some(end) = scheme_end else {
        return true;
    };
    // A colon after a slash, ? or # is not a scheme ("a/b:c" is a relative path).
    if cleaned[..end].contains(['/', '?', '#']) {
        return true;
    }
    matches!(&cleaned[..end], "http" | "https" | "mailto" | "tel")
}

pub(crate) fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->") && !html[4..html.len() - 3].contains("-->")
}

/// Splits text into runs of Han script and everything else.
fn han_runs(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let han = is_han(c) || (current == Some(true) && is_cjk_punctuation(c));
        if current.is_some_and(|h| h != han) {
            runs.push((&text[start..i], current == Some(true)));
            start = i;
        }
        current = Some(han);
    }
    if start < text.len() {
        runs.push((&text[start..], current == Some(true)));
    }
    runs
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF60 | 0x201C | 0x201D)
}

/// An id for a heading: lowercase letters and digits of any script, joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

mod quotes;
pub use quotes::typographic;

#[cfg(test)]
mod tests;
