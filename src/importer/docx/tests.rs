//! The Word features import reads, each in a small document of its own.

use super::*;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml""#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    )
}

fn read(parts: &Parts) -> Vec<String> {
    let blocks = from_parts(parts, Lang::Zh, &mut Notes::default()).unwrap();
    blocks.into_iter().map(|b| b.text).collect()
}

fn read_body(body: &str) -> Vec<String> {
    read(&Parts {
        document: &document(body),
        styles: None,
        numbering: None,
        footnotes: None,
    })
}

#[test]
fn reads_paragraphs_styles_and_tables() {
    let texts = read_body(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>
          <w:r><w:t>党建引领</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">走访居民 1.7 万次，</w:t></w:r><w:r><w:t>R&amp;D</w:t></w:r></w:p>
        <w:p/>
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>
          <w:tr><w:tc><w:p><w:r><w:t>走访</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1|7万次</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>甲</w:t></mc:Choice><mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    );
    assert_eq!(
        texts,
        [
            "党建引领",
            "走访居民1.7万次，R&D",
            "| 项目 | 数量 |\n| --- | --- |\n| 走访 | 1\\|7万次 |",
            "甲"
        ]
    );
}

#[test]
fn takes_the_accepted_text_of_tracked_changes() {
    let texts = read_body(
        r#"<w:p><w:r><w:t>全年走访</w:t></w:r>
          <w:del w:id="1" w:author="a"><w:r><w:delText>居民1.5万次</w:delText></w:r></w:del>
          <w:ins w:id="2" w:author="a"><w:r><w:t>居民1.7万次</w:t></w:r></w:ins>
          <w:moveFrom w:id="3" w:author="a"><w:r><w:t>挪走的字</w:t></w:r></w:moveFrom>
          <w:r><w:t>。</w:t></w:r></w:p>"#,
    );
    assert_eq!(texts, ["全年走访居民1.7万次。"]);
}

#[test]
fn takes_the_result_of_fields_not_their_instructions() {
    let texts = read_body(
        r#"<w:p><w:r><w:t>见第</w:t></w:r>
          <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \h </w:instrText></w:r>
          <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
          <w:r><w:t>页，共</w:t></w:r>
          <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>12</w:t></w:r></w:fldSimple>
          <w:r><w:t>页。</w:t></w:r></w:p>"#,
    );
    assert_eq!(texts, ["见第3页，共12页。"]);
}

#[test]
fn reads_text_boxes_once_as_paragraphs() {
    let texts = read_body(
        r#"<w:p><w:r><w:t>正文。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
            <w:txbxContent><w:p><w:r><w:t>框里的话。</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
          <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框里的话。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
          </mc:AlternateContent></w:r></w:p>"#,
    );
    assert_eq!(texts, ["正文。", "框里的话。"]);
}

#[test]
fn turns_footnotes_into_markdown_footnotes_beside_their_reference() {
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>
          <w:footnote w:id="4"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来自区统计局。</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let texts = read(&Parts {
        document: &document(
            r#"<w:p><w:r><w:t>财政收入18.35亿元</w:t></w:r><w:r><w:footnoteReference w:id="4"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"#,
        ),
        styles: None,
        numbering: None,
        footnotes: Some(&footnotes),
    });
    assert_eq!(
        texts,
        ["财政收入18.35亿元[^1]。", "[^1]: 数据来自区统计局。"]
    );
}

#[test]
fn renders_word_list_numbering_and_reads_numbered_headings() {
    let numbering = format!(
        r#"<w:numbering {NS}><w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        </w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let numbered = |level: u8, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        numbered(0, "党建引领"),
        numbered(1, "楼宇党建"),
        "<w:p><w:r><w:t>正文。</w:t></w:r></w:p>".to_string(),
        numbered(0, "民生保障"),
        numbered(1, "就业"),
    ]
    .concat();
    let parts = Parts {
        document: &document(&body),
        styles: None,
        numbering: Some(&numbering),
        footnotes: None,
    };
    let blocks = from_parts(&parts, Lang::Zh, &mut Notes::default()).unwrap();
    let shown: Vec<(&str, Option<Style>)> = blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Heading(h) => (b.text.as_str(), Some(h.style)),
            _ => (b.text.as_str(), None),
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("一、党建引领", Some(Style::Chinese)),
            ("（一）楼宇党建", Some(Style::ParenChinese)),
            ("正文。", None),
            ("二、民生保障", Some(Style::Chinese)),
            ("（一）就业", Some(Style::ParenChinese)),
        ]
    );
}

#[test]
fn refuses_a_document_with_a_dtd() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    let err = from_parts(
        &Parts {
            document: laughs,
            styles: None,
            numbering: None,
            footnotes: None,
        },
        Lang::Zh,
        &mut Notes::default(),
    )
    .unwrap_err();
    assert!(
        err.contains("word/document.xml is not well-formed XML"),
        "{err}"
    );
}
