//! Reading a Word document (`.docx`): the paragraphs of `word/document.xml` with their
//! styles (Heading 1, 标题 1, Title, as `word/styles.xml` names them), and its tables as
//! Markdown tables. Running headers, footers and page numbers live in other parts of the
//! archive, so they never reach the text. A small scan of the few elements that carry text
//! is all this needs; a full XML parser would read much that is then thrown away.

use std::collections::HashMap;

use super::headings::{self, Heading, Style};
use super::text::{self, glue};
use super::{Block, BlockKind, Notes, Origin, zip};
use crate::config::Lang;

/// Turns the document into blocks; the error says why it cannot be read.
pub fn blocks(archive: &[u8], lang: Lang, notes: &mut Notes) -> Result<Vec<Block>, String> {
    let document =
        zip::member(archive, "word/document.xml")?.ok_or("it has no word/document.xml")?;
    let styles = match zip::member(archive, "word/styles.xml")? {
        Some(xml) => heading_styles(&String::from_utf8_lossy(&xml)),
        None => HashMap::new(),
    };
    let mut blocks = Vec::new();
    for (i, item) in scan(&String::from_utf8_lossy(&document))
        .into_iter()
        .enumerate()
    {
        let at = Origin::Paragraph(i + 1);
        let block = match item {
            Item::Table(rows) => Block {
                kind: BlockKind::Verbatim,
                text: markdown_table(&rows),
                at,
            },
            Item::Paragraph { text, style } => paragraph(&text, style, &styles, lang, at, notes),
        };
        blocks.push(block);
    }
    Ok(blocks)
}

fn paragraph(
    raw: &str,
    style: Option<String>,
    styles: &HashMap<String, Style>,
    lang: Lang,
    at: Origin,
    notes: &mut Notes,
) -> Block {
    let mut joined = String::new();
    for piece in raw.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        glue(&mut joined, piece, lang);
    }
    let styled = style.and_then(|id| styles.get(&id).copied().or_else(|| style_by_id(&id)));
    let marked = headings::recognise(&joined);
    let heading = match styled {
        // `一、党建引领` in a Heading 1 paragraph: the style says the level, the number goes.
        Some(style) => Some(Heading {
            style,
            title: marked.map_or_else(|| joined.clone(), |h| h.title),
        }),
        None => marked,
    };
    match heading {
        Some(mut heading) => Block {
            text: text::heading_text(&joined, &mut heading, lang, true),
            kind: BlockKind::Heading(heading),
            at,
        },
        None => Block {
            kind: BlockKind::Paragraph,
            text: text::finish(&joined, lang, at, notes),
            at,
        },
    }
}

/// Word's own style ids, for a document without `styles.xml`.
fn style_by_id(id: &str) -> Option<Style> {
    if id.eq_ignore_ascii_case("title") {
        return Some(Style::Title);
    }
    let level = id
        .to_ascii_lowercase()
        .strip_prefix("heading")?
        .parse()
        .ok()?;
    (1..=9).contains(&level).then_some(Style::Word(level))
}

/// A paragraph or a table of the document body, in order.
#[derive(Debug, PartialEq, Eq)]
enum Item {
    Paragraph { text: String, style: Option<String> },
    Table(Vec<Vec<String>>),
}

/// One tag: its name, whether it closes, whether it is empty (`<w:br/>`), its attributes.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    empty: bool,
    raw: &'a str,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        let at = self.raw.find(&format!(" {name}="))? + name.len() + 2;
        let quote = self.raw[at..].chars().next()?;
        let rest = &self.raw[at + 1..];
        Some(crate::escape::unescape(&rest[..rest.find(quote)?]))
    }
}

/// Calls `each` with every tag and the text before it.
fn tags<'a>(xml: &'a str, mut each: impl FnMut(&'a str, Tag<'a>)) {
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let raw = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        if raw.starts_with('?') || raw.starts_with('!') {
            continue;
        }
        let closing = raw.starts_with('/');
        let body = raw.trim_start_matches('/');
        let name_end = body
            .find([' ', '/', '\t', '\n', '\r'])
            .unwrap_or(body.len());
        each(
            text,
            Tag {
                name: &body[..name_end],
                closing,
                empty: raw.ends_with('/'),
                raw,
            },
        );
    }
}

/// The scan's position in the document.
#[derive(Default)]
struct Scan {
    items: Vec<Item>,
    text: String,
    style: Option<String>,
    in_text: bool,
    in_properties: bool,
    /// Inside a text box or an alternative's fallback copy: skipped.
    skipping: usize,
    tables: usize,
    rows: Vec<Vec<String>>,
}

fn scan(xml: &str) -> Vec<Item> {
    let mut scan = Scan::default();
    tags(xml, |text, tag| scan.tag(text, &tag));
    scan.items
}

impl Scan {
    fn tag(&mut self, text: &str, tag: &Tag) {
        if self.in_text && self.skipping == 0 {
            self.text.push_str(&crate::escape::unescape(text));
        }
        if matches!(tag.name, "mc:Fallback" | "w:txbxContent") && !tag.empty {
            self.skipping = if tag.closing {
                self.skipping.saturating_sub(1)
            } else {
                self.skipping + 1
            };
            return;
        }
        if self.skipping > 0 {
            return;
        }
        match (tag.name, tag.closing) {
            ("w:t", closing) => self.in_text = !closing && !tag.empty,
            ("w:pPr", closing) => self.in_properties = !closing && !tag.empty,
            ("w:pStyle", false) if self.in_properties => self.style = tag.attr("w:val"),
            ("w:tab", false) if !self.in_properties => self.text.push('\t'),
            ("w:br" | "w:cr", false) => self.text.push('\n'),
            ("w:noBreakHyphen", false) => self.text.push('-'),
            ("w:p", false) => {
                self.text.clear();
                self.style = None;
                if tag.empty {
                    self.end_paragraph();
                }
            }
            ("w:p", true) => self.end_paragraph(),
            ("w:tbl", false) => self.tables += 1,
            ("w:tbl", true) => self.end_table(),
            ("w:tr", false) if self.tables == 1 => self.rows.push(Vec::new()),
            ("w:tc", false) if self.tables == 1 => {
                if let Some(row) = self.rows.last_mut() {
                    row.push(String::new());
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.text).replace('\t', " ");
        if self.tables > 0 {
            if let Some(cell) = self.rows.last_mut().and_then(|row| row.last_mut()) {
                glue(cell, text.trim(), Lang::Zh);
            }
        } else if !text.trim().is_empty() {
            self.items.push(Item::Paragraph {
                text,
                style: self.style.take(),
            });
        }
    }

    fn end_table(&mut self) {
        self.tables = self.tables.saturating_sub(1);
        if self.tables == 0 && !self.rows.is_empty() {
            self.items.push(Item::Table(std::mem::take(&mut self.rows)));
        }
    }
}

/// The heading styles `styles.xml` defines, by style id: `heading 1` (or `标题 1`, or any
/// style with an outline level) and `Title`.
fn heading_styles(xml: &str) -> HashMap<String, Style> {
    let mut styles = HashMap::new();
    let mut current: Option<(String, Option<String>, Option<u8>)> = None;
    tags(xml, |_, tag| match (tag.name, tag.closing) {
        ("w:style", false) => current = tag.attr("w:styleId").map(|id| (id, None, None)),
        ("w:name", false) => {
            if let Some((_, name, _)) = current.as_mut() {
                *name = tag.attr("w:val");
            }
        }
        ("w:outlineLvl", false) => {
            if let Some((_, _, level)) = current.as_mut() {
                *level = tag.attr("w:val").and_then(|v| v.parse().ok());
            }
        }
        ("w:style", true) => {
            if let Some((id, name, level)) = current.take()
                && let Some(style) = style_named(name.as_deref().unwrap_or(""), level)
            {
                styles.insert(id, style);
            }
        }
        _ => {}
    });
    styles
}

fn style_named(name: &str, outline_level: Option<u8>) -> Option<Style> {
    let name = name.to_lowercase();
    if name == "title" || name == "标题" {
        return Some(Style::Title);
    }
    let number = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))
        .and_then(|n| n.trim().parse::<u8>().ok());
    number
        .or(outline_level.filter(|l| *l < 9).map(|l| l + 1))
        .filter(|n| (1..=9).contains(n))
        .map(Style::Word)
}

/// A table as Markdown: the first row is the header.
fn markdown_table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..width)
            .map(|i| row.get(i).map_or(String::new(), |c| c.replace('|', "\\|")))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut lines = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
    lines.extend(rows[1..].iter().map(|row| line(row)));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paragraphs_styles_and_tables() {
        let xml = r#"<?xml version="1.0"?><w:document><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>
              <w:r><w:t>党建引领</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">走访居民 1.7 万次，</w:t></w:r><w:r><w:t>R&amp;D</w:t></w:r></w:p>
            <w:p/>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:p><w:r><w:t>走访</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.7万次</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
            </w:body></w:document>"#;
        let items = scan(xml);
        assert_eq!(
            items,
            [
                Item::Paragraph {
                    text: "党建引领".into(),
                    style: Some("Heading1".into())
                },
                Item::Paragraph {
                    text: "走访居民 1.7 万次，R&D".into(),
                    style: None
                },
                Item::Table(vec![
                    vec!["项目".into(), "数量".into()],
                    vec!["走访".into(), "1.7万次".into()]
                ]),
                Item::Paragraph {
                    text: "甲".into(),
                    style: None
                },
            ]
        );
        assert_eq!(
            markdown_table(&[
                vec!["项目".into(), "数量".into()],
                vec!["走访".into(), "1|7".into()]
            ]),
            "| 项目 | 数量 |\n| --- | --- |\n| 走访 | 1\\|7 |"
        );
    }

    #[test]
    fn knows_heading_styles_by_name_in_any_language() {
        let xml = r#"<w:styles>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的标题"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>
        </w:styles>"#;
        let styles = heading_styles(xml);
        assert_eq!(styles.get("1"), Some(&Style::Word(1)));
        assert_eq!(styles.get("a3"), Some(&Style::Word(2)));
        assert_eq!(styles.get("a5"), Some(&Style::Title));
        assert_eq!(styles.get("x"), Some(&Style::Word(3)));
        assert_eq!(styles.get("a"), None);
        assert_eq!(style_by_id("Heading2"), Some(Style::Word(2)));
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            crate::escape::unescape("a &lt;b&gt; &#x4E2D;&#25991; &unknown; &"),
            "a <b> 中文 &unknown; &"
        );
    }
}
