//! XLIFF 1.2, the version every CAT tool (OmegaT, Trados, memoQ, Phrase) reads: one
//! `<file>` per content file, one `<trans-unit>` per unit, each citation an `<x/>` the
//! translator moves but cannot break, notes with the context and the glossary's terms, the
//! memory's best match as `<alt-trans>`. Read back with roxmltree.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::exchange::{Exported, Returned, State};
use super::segment;
use crate::escape;

const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The XLIFF document of `units`.
pub fn write(units: &[Exported]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff version=\"1.2\" xmlns=\"{NS}\">\n"));
    let mut files: Vec<&str> = units.iter().map(|u| u.file.as_str()).collect();
    files.dedup();
    for file in files {
        out.push_str(&format!(
            "  <file original=\"{}\" source-language=\"zh-CN\" target-language=\"en\" datatype=\"x-nianbao-markdown\">\n    <header>\n      <tool tool-id=\"nianbao\" tool-name=\"nianbao\"/>\n    </header>\n    <body>\n",
            escape::xml(file)
        ));
        for unit in units.iter().filter(|u| u.file == file) {
            trans_unit(unit, &mut out);
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn trans_unit(unit: &Exported, out: &mut String) {
    let state = match unit.state {
        State::New => "needs-translation",
        State::Stale => "needs-review-translation",
        State::Review => "needs-review-translation",
        State::Done => "translated",
    };
    out.push_str(&format!(
        "      <trans-unit id=\"{}\" xml:space=\"preserve\">\n",
        escape::xml(&unit.id)
    ));
    let order: Vec<String> = segment::citations(&unit.zh)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    out.push_str(&format!(
        "        <source>{}</source>\n",
        inline(&unit.zh, &order)
    ));
    out.push_str(&format!(
        "        <target state=\"{state}\">{}</target>\n",
        inline(&unit.en, &order)
    ));
    if let Some((percent, origin, en)) = &unit.suggestion {
        out.push_str(&format!(
            "        <alt-trans match-quality=\"{percent}%\" origin=\"{}\">\n          <target>{}</target>\n        </alt-trans>\n",
            escape::xml(origin),
            inline(en, &order)
        ));
    }
    let mut note = format!("file: {}; section: {}", unit.file, unit.context);
    if unit.state == State::Stale {
        note.push_str("; the Chinese changed after this English was written");
    }
    out.push_str(&format!(
        "        <note from=\"nianbao\">{}</note>\n",
        escape::xml(&note)
    ));
    for term in &unit.terms {
        let mut text = format!("glossary: {} = {}", term.zh, term.en);
        if !term.note_en.is_empty() {
            text.push_str(&format!(" ({})", term.note_en));
        }
        out.push_str(&format!(
            "        <note from=\"glossary\">{}</note>\n",
            escape::xml(&text)
        ));
    }
    out.push_str("      </trans-unit>\n");
}

/// Text with each citation an `<x/>`, its code kept in `equiv-text` for tools that show it.
/// A citation's id is its place among the source's (`order`), so source and target agree.
fn inline(text: &str, order: &[String]) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for (n, (range, metric)) in segment::citations(text).into_iter().enumerate() {
        let id = order
            .iter()
            .position(|m| *m == metric)
            .map_or(order.len() + n + 1, |at| at + 1);
        out.push_str(&escape::xml(&text[copied..range.start]));
        out.push_str(&format!(
            "<x id=\"{id}\" ctype=\"x-metric\" equiv-text=\"{}\"/>",
            escape::xml(&text[range.clone()])
        ));
        copied = range.end;
    }
    out.push_str(&escape::xml(&text[copied..]));
    out
}

/// The units of an XLIFF document, their citations restored from the source's `<x/>`s.
pub fn read(text: &str) -> Result<Vec<Returned>, String> {
    let document = Document::parse(text).map_err(|e| format!("not well-formed XML: {e}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "xliff" || root.attribute("version") != Some("1.2") {
        return Err("not an XLIFF 1.2 file".into());
    }
    let mut units = Vec::new();
    for node in root
        .descendants()
        .filter(|n| n.has_tag_name((NS, "trans-unit")))
    {
        let id = node.attribute("id").unwrap_or("").to_string();
        let at = format!("line {}", document.text_pos_at(node.range().start).row);
        let child = |name| node.children().find(|c| c.has_tag_name((NS, name)));
        let Some(source) = child("source") else {
            return Err(format!("{id} ({at}) has no <source>"));
        };
        let mut codes = HashMap::new();
        let zh = flatten(source, &mut codes, true).unwrap_or_default();
        let en = match child("target") {
            Some(target) => flatten(target, &mut codes, false),
            None => Ok(String::new()),
        };
        units.push(Returned {
            id,
            at,
            zh,
            en,
            braces: false,
        });
    }
    Ok(units)
}

/// The text of a `<source>` or `<target>`: `<x/>` (and `<ph>`) become the citations their
/// ids stand for. In a target, an id used twice, unknown or missing is an error.
fn flatten(
    node: Node,
    codes: &mut HashMap<String, String>,
    source: bool,
) -> Result<String, String> {
    let mut out = String::new();
    let mut used = Vec::new();
    for child in node.descendants().skip(1) {
        if child.is_text() && child.parent() == Some(node) {
            out.push_str(child.text().unwrap_or(""));
            continue;
        }
        if !(child.has_tag_name((NS, "x")) || child.has_tag_name((NS, "ph"))) {
            if child.is_element() {
                return Err(format!(
                    "<{}> is not expected here",
                    child.tag_name().name()
                ));
            }
            continue;
        }
        let id = child.attribute("id").unwrap_or("").to_string();
        if source {
            let code = child.attribute("equiv-text").unwrap_or("").to_string();
            codes.insert(id.clone(), code.clone());
            out.push_str(&code);
        } else {
            let Some(code) = codes.get(&id) else {
                return Err(format!(
                    "the target has a placeholder <x id=\"{id}\"/> its source lacks"
                ));
            };
            if used.contains(&id) {
                return Err(format!(
                    "the target repeats the placeholder <x id=\"{id}\"/>"
                ));
            }
            used.push(id);
            out.push_str(code);
        }
    }
    if !source && !out.trim().is_empty() {
        let mut missing: Vec<&String> = codes.keys().filter(|k| !used.contains(k)).collect();
        missing.sort();
        if let Some(id) = missing.first() {
            return Err(format!(
                "the target lost the placeholder <x id=\"{id}\"/> (a cited figure)"
            ));
        }
    }
    Ok(out)
}
