//! The body of `word/document.xml` as the reader sees it: paragraphs (with their style, list
//! numbering and outline level) and tables, in order. Of tracked changes the accepted text is
//! read (insertions kept, deletions and moved-away text dropped); of fields, the result
//! Word shows, not the instruction; text boxes become paragraphs after the one that anchors
//! them; footnote references become placeholders the caller turns into Markdown footnotes.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{MC, W};

/// A paragraph or a table of the document body, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum Item {
    Paragraph(Paragraph),
    Table(Vec<Vec<String>>),
}

/// A paragraph's text and what its properties say about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, `\n` for a line break, `\t` for a tab, and `FOOTNOTE_OPEN id FOOTNOTE_CLOSE`
    /// where a footnote is referenced.
    pub text: String,
    pub style: Option<String>,
    /// `(numId, level)` of Word's list numbering given on the paragraph itself.
    pub numbering: Option<(String, u8)>,
    /// The outline level given on the paragraph itself (0 is Heading 1's).
    pub outline_level: Option<u8>,
    /// The footnotes it references, by id, in order.
    pub footnotes: Vec<String>,
}

/// Around a footnote id in a paragraph's text: private-use characters no report contains.
pub const FOOTNOTE_OPEN: char = '\u{E000}';
pub const FOOTNOTE_CLOSE: char = '\u{E001}';

/// The items of the document's body.
pub fn read(document: &Document) -> Vec<Item> {
    let mut items = Vec::new();
    if let Some(body) = child(document.root_element(), "body") {
        block_level(body, &mut items);
    }
    items
}

/// The text of each footnote of `word/footnotes.xml`, by id; its paragraphs joined.
pub fn footnotes(document: &Document) -> HashMap<String, String> {
    let mut notes = HashMap::new();
    for note in document
        .root_element()
        .children()
        .filter(|n| is(n, "footnote"))
    {
        let separator = attr(note, "type").is_some_and(|t| t != "normal");
        let Some(id) = attr(note, "id").filter(|_| !separator) else {
            continue;
        };
        let mut items = Vec::new();
        block_level(note, &mut items);
        notes.insert(id.to_string(), plain_text(&items));
    }
    notes
}

/// Whether `node` is the WordprocessingML element `name`.
pub fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// The WordprocessingML child element `name`.
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| is(n, name))
}

/// A WordprocessingML attribute (`w:val`).
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

fn block_level(parent: Node, items: &mut Vec<Item>) {
    for node in parent.children().filter(Node::is_element) {
        if node.tag_name().namespace() != Some(W) {
            continue;
        }
        match node.tag_name().name() {
            "p" => paragraph(node, items),
            "tbl" => items.push(Item::Table(table(node))),
            "sdt" => {
                if let Some(content) = child(node, "sdtContent") {
                    block_level(content, items);
                }
            }
            "ins" | "moveTo" | "customXml" | "smartTag" => block_level(node, items),
            _ => {}
        }
    }
}

fn paragraph(node: Node, items: &mut Vec<Item>) {
    let mut runs = Runs::default();
    runs.walk(node);
    let properties = child(node, "pPr");
    let property = |name: &str| properties.and_then(|p| child(p, name));
    let numbering = property("numPr").and_then(|numbers| {
        let id = attr(child(numbers, "numId")?, "val")?;
        let level = child(numbers, "ilvl")
            .and_then(|l| attr(l, "val")?.parse().ok())
            .unwrap_or(0);
        Some((id.to_string(), level))
    });
    let paragraph = Paragraph {
        text: runs.text,
        style: property("pStyle")
            .and_then(|s| attr(s, "val"))
            .map(str::to_string),
        numbering,
        outline_level: property("outlineLvl").and_then(|l| attr(l, "val")?.parse().ok()),
        footnotes: runs.footnotes,
    };
    if !paragraph.text.trim().is_empty() {
        items.push(Item::Paragraph(paragraph));
    }
    for text_box in runs.boxes {
        block_level(text_box, items);
    }
}

/// The text of a paragraph's runs, gathered in document order.
#[derive(Default)]
struct Runs<'a, 'input> {
    text: String,
    /// Open fields, innermost last: `true` while reading the field's instruction.
    fields: Vec<bool>,
    footnotes: Vec<String>,
    boxes: Vec<Node<'a, 'input>>,
}

impl<'a, 'input> Runs<'a, 'input> {
    fn walk(&mut self, node: Node<'a, 'input>) {
        for child in node.children().filter(Node::is_element) {
            let name = child.tag_name().name();
            match child.tag_name().namespace() {
                // The fallback repeats, for old readers, what the chosen content holds.
                Some(MC) if name == "Fallback" => continue,
                Some(W) => self.element(child, name),
                _ => self.walk(child),
            }
        }
    }

    fn element(&mut self, node: Node<'a, 'input>, name: &str) {
        let showing = !self.fields.contains(&true);
        match name {
            "pPr" | "rPr" | "del" | "moveFrom" | "instrText" | "delText" | "delInstrText" => {}
            "t" if showing => self.text.push_str(node.text().unwrap_or("")),
            "tab" | "ptab" if showing => self.text.push('\t'),
            "br" | "cr" if showing => self.text.push('\n'),
            "noBreakHyphen" if showing => self.text.push('-'),
            "fldChar" => match attr(node, "fldCharType") {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(instruction) = self.fields.last_mut() {
                        *instruction = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "footnoteReference" if showing => {
                if let Some(id) = attr(node, "id") {
                    self.text.push(FOOTNOTE_OPEN);
                    self.text.push_str(id);
                    self.text.push(FOOTNOTE_CLOSE);
                    self.footnotes.push(id.to_string());
                }
            }
            "txbxContent" => self.boxes.push(node),
            _ => self.walk(node),
        }
    }
}

/// A table's rows of cells, each cell's paragraphs (and any table inside it) as one line.
fn table(node: Node) -> Vec<Vec<String>> {
    node.children()
        .filter(|n| is(n, "tr"))
        .map(|row| {
            row.children()
                .filter(|n| is(n, "tc"))
                .map(|cell| {
                    let mut items = Vec::new();
                    block_level(cell, &mut items);
                    plain_text(&items)
                })
                .collect()
        })
        .collect()
}

/// Items as one line of text: paragraphs and table cells joined by spaces.
fn plain_text(items: &[Item]) -> String {
    let mut pieces = Vec::new();
    for item in items {
        match item {
            Item::Paragraph(p) => {
                pieces.push(p.text.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Item::Table(rows) => pieces.extend(rows.iter().flatten().cloned()),
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces.join(" ")
}
