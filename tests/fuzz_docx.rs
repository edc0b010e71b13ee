//! Property tests of the Word document reader, through `nianbao import --dry-run` as a user
//! runs it: damaged copies of a real `.docx` (bytes flipped, cut, inserted) and archives
//! made here whose XML is built from the pieces Word documents are made of (deep nesting,
//! entities, a DOCTYPE, fields, numbering). None may panic, hang or take memory out of
//! proportion: each ends in an import report or an error message.
//!
//! `cargo test` runs a short round (64 cases each); CI runs it as it is, a longer run is
//! `PROPTEST_CASES=5000 cargo test --test fuzz_docx`.

mod common;

use std::path::PathBuf;

use nianbao::config::Lang;
use nianbao::importer::{Options, run};
use proptest::prelude::*;

/// A ZIP archive of stored (uncompressed) members, as the reader needs it.
fn stored_zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in members {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&0u16.to_le_bytes()); // stored
            h.extend_from_slice(&[0; 4]); // time, date
            h.extend_from_slice(&0u32.to_le_bytes()); // crc (not checked)
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        directory.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Imports `bytes` as a `.docx` with `--dry-run`: Ok or a message, never a panic.
fn import(bytes: &[u8]) -> Result<(), String> {
    let site = common::TempSite::fixture("minimal");
    let file: PathBuf = site.path("report.docx");
    std::fs::write(&file, bytes).unwrap();
    let result = run(&Options {
        file,
        year: 2019,
        lang: Lang::Zh,
        dry_run: true,
        force: false,
        split_at: Default::default(),
        root: site.root.clone(),
    });
    match result {
        Ok(report) => {
            let shown = report.to_string();
            prop_assert_bound(shown.len(), bytes.len())
        }
        Err(problems) => prop_assert_bound(problems.to_string().len(), bytes.len()),
    }
}

/// What is printed stays in proportion to the input.
fn prop_assert_bound(printed: usize, input: usize) -> Result<(), String> {
    if printed > 64 * 1024 + 4 * input {
        return Err(format!(
            "{printed} bytes printed for {input} bytes of input"
        ));
    }
    Ok(())
}

fn xml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<w:p>".to_string()),
        Just("</w:p>".to_string()),
        Just("<w:r><w:t>".to_string()),
        Just("</w:t></w:r>".to_string()),
        Just("<w:pPr><w:pStyle w:val=\"1\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>".to_string()),
        Just("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_string()),
        Just("<w:fldChar w:fldCharType=\"begin\"/>".to_string()),
        Just("<w:fldChar w:fldCharType=\"separate\"/>".to_string()),
        Just("<w:fldChar w:fldCharType=\"end\"/>".to_string()),
        Just("<w:ins><w:r><w:t>增</w:t></w:r></w:ins>".to_string()),
        Just("<w:del><w:r><w:delText>删</w:delText></w:r></w:del>".to_string()),
        Just("&amp;&lt;&#x4E00;&#99999999;&bogus;".to_string()),
        Just("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>".to_string()),
        Just("一、".to_string()),
        Just("走访居民1.7万次，近600家".to_string()),
        Just("<".to_string()),
        "[a-z<>/=\" ]{0,12}",
        any::<String>(),
    ]
}

fn document_xml() -> impl Strategy<Value = String> {
    (prop::collection::vec(xml_piece(), 0..60), 0usize..3000).prop_map(|(pieces, depth)| {
        let deep = "<w:p>".repeat(depth);
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{deep}{}</w:body></w:document>",
            pieces.concat()
        )
    })
}

#[test]
fn a_made_archive_is_read_as_a_word_document() {
    let document = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>一、党建引领</w:t></w:r></w:p><w:p><w:r><w:t>走访居民1.7万次。</w:t></w:r></w:p></w:body></w:document>";
    let site = common::TempSite::fixture("minimal");
    std::fs::write(
        site.path("made.docx"),
        stored_zip(&[("word/document.xml", document.as_bytes())]),
    )
    .unwrap();
    let output = site.run(&["import", "made.docx", "--year", "2019", "--dry-run"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(
        common::stdout(&output).contains("党建引领"),
        "{}",
        common::stdout(&output)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn damaged_copies_of_a_real_document_end_in_a_report_or_a_message(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = std::fs::read(common::fixture("import/report.docx")).unwrap();
        for (at, kind, byte) in edits {
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] ^= byte | 1,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if truncate {
            let keep = cut.index(bytes.len());
            bytes.truncate(keep);
        }
        prop_assert!(import(&bytes).is_ok(), "{:?}", import(&bytes));
    }

    #[test]
    fn documents_made_of_word_pieces_end_in_a_report_or_a_message(
        document in document_xml(),
        numbering in document_xml(),
        styles in document_xml(),
    ) {
        let archive = stored_zip(&[
            ("word/document.xml", document.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
            ("word/footnotes.xml", document.as_bytes()),
        ]);
        prop_assert!(import(&archive).is_ok(), "{:?}", import(&archive));
    }
}

#[test]
fn a_deflated_member_that_unpacks_past_the_limit_is_refused_with_a_message() {
    // 40 MB of zeros compress to about 40 KB: a small file that would fill the memory.
    let inflated = vec![b'0'; 40 << 20];
    let deflated = miniz_oxide::deflate::compress_to_vec(&inflated, 6);
    let mut archive = stored_zip(&[("word/document.xml", &deflated)]);
    // Mark the member as deflated (method 8) in the local header and the directory.
    let mut at = 0;
    while let Some(found) = archive[at..]
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x03, 0x04] || w == [0x50, 0x4b, 0x01, 0x02])
    {
        let header = at + found;
        let method = if archive[header + 2] == 0x03 { 8 } else { 10 };
        archive[header + method] = 8;
        at = header + 4;
    }
    let site = common::TempSite::fixture("minimal");
    std::fs::write(site.path("bomb.docx"), &archive).unwrap();
    let output = site.run(&["import", "bomb.docx", "--year", "2019", "--dry-run"]);
    let err = common::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("unpacks to more than 32 MB"), "{err}");
}
