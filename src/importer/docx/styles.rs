//! The paragraph styles of `word/styles.xml` that matter to import: which are headings, and
//! at what level (by name, `heading 1` or `标题 1`, by outline level, or by the style they are
//! based on, so a renamed copy of Heading 1 is still level 1), which number their
//! paragraphs (a list defined on the style), and which are a table of contents.

use std::collections::HashMap;

use roxmltree::Document;

use super::body::{attr, child, is};
use crate::importer::headings::Style;

/// The document's paragraph styles, by style id.
#[derive(Debug, Default)]
pub struct Styles(HashMap<String, Definition>);

#[derive(Debug, Default)]
struct Definition {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    numbering: Option<(String, u8)>,
}

/// How far `basedOn` is followed: real documents chain a few styles, a loop never ends.
const MAX_CHAIN: usize = 10;

impl Styles {
    pub fn read(document: &Document) -> Styles {
        let mut styles = HashMap::new();
        for style in document
            .root_element()
            .children()
            .filter(|n| is(n, "style"))
        {
            let Some(id) = attr(style, "styleId") else {
                continue;
            };
            let value = |name: &str| child(style, name).and_then(|n| attr(n, "val"));
            let properties = child(style, "pPr");
            let property = |name: &str| properties.and_then(|p| child(p, name));
            let numbering = property("numPr").and_then(|numbers| {
                let id = attr(child(numbers, "numId")?, "val")?;
                let level = child(numbers, "ilvl")
                    .and_then(|l| attr(l, "val")?.parse().ok())
                    .unwrap_or(0);
                Some((id.to_string(), level))
            });
            let definition = Definition {
                name: value("name").unwrap_or("").to_string(),
                based_on: value("basedOn").map(str::to_string),
                outline_level: property("outlineLvl").and_then(|l| attr(l, "val")?.parse().ok()),
                numbering,
            };
            styles.insert(id.to_string(), definition);
        }
        Styles(styles)
    }

    /// The heading level of style `id`, if it is a heading style (or `Title`).
    pub fn heading(&self, id: &str) -> Option<Style> {
        if self.0.is_empty() {
            return style_by_id(id);
        }
        self.chain(id).find_map(|definition| {
            named(&definition.name).or_else(|| {
                definition
                    .outline_level
                    .filter(|level| *level < 9)
                    .map(|level| Style::Word(level + 1))
            })
        })
    }

    /// The list numbering style `id` gives its paragraphs.
    pub fn numbering(&self, id: &str) -> Option<(String, u8)> {
        self.chain(id).find_map(|d| d.numbering.clone())
    }

    /// Whether style `id` is a table of contents' (`toc 1`), whose lines are not the report.
    pub fn is_contents(&self, id: &str) -> bool {
        self.chain(id).any(|d| {
            let name = d.name.to_lowercase();
            name.starts_with("toc ") || name.starts_with("目录")
        })
    }

    /// The style and the styles it is based on, nearest first.
    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Definition> + 'a {
        let mut next = self.0.get(id);
        std::iter::from_fn(move || {
            let this = next?;
            next = this.based_on.as_ref().and_then(|b| self.0.get(b));
            Some(this)
        })
        .take(MAX_CHAIN)
    }
}

/// `heading 1`, `标题 1`, `Title`, `标题`.
fn named(name: &str) -> Option<Style> {
    let name = name.to_lowercase();
    if name == "title" || name == "标题" {
        return Some(Style::Title);
    }
    let number = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))
        .and_then(|n| n.trim().parse::<u8>().ok())?;
    (1..=9).contains(&number).then_some(Style::Word(number))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_heading_styles_by_name_outline_level_and_parent() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="x"><w:name w:val="我的标题"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="y"><w:name w:val="一级标题"/><w:basedOn w:val="1"/></w:style>
            <w:style w:type="paragraph" w:styleId="n"><w:name w:val="编号"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="loop"><w:name w:val="圈"/><w:basedOn w:val="loop"/></w:style>
            <w:style w:type="paragraph" w:styleId="t"><w:name w:val="toc 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>
        </w:styles>"#;
        let styles = Styles::read(&Document::parse(xml).unwrap());
        assert_eq!(styles.heading("1"), Some(Style::Word(1)));
        assert_eq!(styles.heading("a3"), Some(Style::Word(2)));
        assert_eq!(styles.heading("a5"), Some(Style::Title));
        assert_eq!(styles.heading("x"), Some(Style::Word(3)));
        assert_eq!(styles.heading("y"), Some(Style::Word(1)));
        assert_eq!(styles.heading("a"), None);
        assert_eq!(styles.heading("loop"), None);
        assert_eq!(styles.numbering("n"), Some(("4".to_string(), 0)));
        assert!(styles.is_contents("t"));
        assert_eq!(Styles::default().heading("Heading2"), Some(Style::Word(2)));
    }
}
