//! Reading a TMX 1.4 file (an office's existing translation memory, as every CAT tool
//! exports it) into the memory: each `<tu>`'s Chinese and English `<seg>`. TMX is XML others
//! write, so a maintained parser (roxmltree) reads it; inline codes (`<bpt>`, `<ph>`, …) are
//! formatting of the tool that wrote them and are left out.

use std::path::Path;

use roxmltree::{Document, Node};

use super::memory::Memory;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Adds every Chinese–English pair of the TMX file at `path` to `memory`.
pub fn read(path: &Path, memory: &mut Memory) -> Result<usize, Diagnostics> {
    let fail = |why: String| Diagnostics::from(Diagnostic::error(why).at(Location::file(path)));
    let text = std::fs::read_to_string(path)
        .map_err(|err| fail(format!("cannot read {}: {err}", path.display())))?;
    let document = Document::parse(&text)
        .map_err(|err| fail(format!("{} is not well-formed XML: {err}", path.display())))?;
    if document.root_element().tag_name().name() != "tmx" {
        return Err(fail(format!(
            "{} is not a TMX file (no <tmx> root)",
            path.display()
        )));
    }
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut added = 0;
    for (n, tu) in document
        .descendants()
        .filter(|n| n.has_tag_name("tu"))
        .enumerate()
    {
        let (zh, en) = (segment_of(tu, "zh"), segment_of(tu, "en"));
        if let (Some(zh), Some(en)) = (zh, en) {
            memory.add(&zh, &en, format!("{name}#tu{}", n + 1));
            added += 1;
        }
    }
    Ok(added)
}

/// The text of the `<seg>` of the `<tuv>` whose language starts with `lang`.
fn segment_of(tu: Node, lang: &str) -> Option<String> {
    let tuv = tu
        .children()
        .filter(|c| c.has_tag_name("tuv"))
        .find(|tuv| {
            let code = tuv
                .attribute((XML_NS, "lang"))
                .or_else(|| tuv.attribute("lang"))
                .unwrap_or("");
            code.to_ascii_lowercase().starts_with(lang)
        })?;
    let seg = tuv.children().find(|c| c.has_tag_name("seg"))?;
    let mut text = String::new();
    collect(seg, &mut text);
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn collect(node: Node, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or(""));
        } else if !matches!(child.tag_name().name(), "bpt" | "ept" | "ph" | "it" | "ut") {
            collect(child, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chinese_and_english_segments() {
        let dir = std::env::temp_dir().join(format!("nianbao-tmx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("office.tmx");
        std::fs::write(
            &path,
            r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>深化<bpt i="1">&lt;b&gt;</bpt>大调研<ept i="1">&lt;/b&gt;</ept>。</seg></tuv><tuv xml:lang="en-GB"><seg>The Big Survey went deeper.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"#,
        )
        .unwrap();
        let mut memory = Memory::default();
        assert_eq!(read(&path, &mut memory).unwrap(), 1);
        let (en, entry) = memory.exact("深化大调研。").unwrap();
        assert_eq!(en, "The Big Survey went deeper.");
        assert_eq!(entry.origin, "office.tmx#tu1");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
