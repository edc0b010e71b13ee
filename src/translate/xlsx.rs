//! The spreadsheet for offices without a CAT tool: one sheet, columns id, Chinese, English,
//! memory suggestion, note; citations as `{1}`, `{2}` that must stay in the English. Written
//! with rust_xlsxwriter, read back with calamine.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{Format, Workbook};

use super::engine::{protect, restore};
use super::exchange::{Exported, Returned};

const HEADERS: [&str; 5] = ["id", "Chinese", "English", "memory suggestion", "note"];

pub fn write(units: &[Exported], path: &Path) -> Result<(), String> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("translate").map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, header) in HEADERS.iter().enumerate() {
        sheet
            .write_with_format(0, col as u16, *header, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (col, width) in [(0, 28.0), (1, 50.0), (2, 60.0), (3, 50.0), (4, 40.0)] {
        sheet
            .set_column_width(col, width)
            .map_err(|e| e.to_string())?;
    }
    for (i, unit) in units.iter().enumerate() {
        let row = i as u32 + 1;
        let (zh, kept) = protect(&unit.zh);
        let en = protect_like(&unit.en, &kept);
        let suggestion = unit
            .suggestion
            .as_ref()
            .map_or(String::new(), |(p, origin, en)| {
                format!("{p}% {origin}: {}", protect_like(en, &kept))
            });
        let mut note = unit.context.clone();
        for term in &unit.terms {
            note.push_str(&format!("\nglossary: {} = {}", term.zh, term.en));
        }
        for (col, text) in [
            (0, &unit.id),
            (1, &zh),
            (2, &en),
            (3, &suggestion),
            (4, &note),
        ] {
            sheet
                .write_with_format(row, col, text.as_str(), &wrap)
                .map_err(|e| e.to_string())?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save(path).map_err(|e| e.to_string())
}

/// English with the citations the Chinese has (in `kept`) as its `{n}`.
fn protect_like(en: &str, kept: &[String]) -> String {
    let mut out = en.to_string();
    for (i, citation) in kept.iter().enumerate() {
        out = out.replace(citation.as_str(), &format!("{{{}}}", i + 1));
    }
    out
}

pub fn read(path: &Path) -> Result<Vec<Returned>, String> {
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| format!("not an xlsx file: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| e.to_string())?;
    let mut units = Vec::new();
    for (i, row) in range.rows().enumerate().skip(1) {
        let cell = |c: usize| match row.get(c) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let id = cell(0);
        if id.trim().is_empty() {
            continue;
        }
        let original = cell(1);
        let at = format!("row {}", i + 1);
        units.push(Returned {
            id,
            at,
            zh: original,
            en: Ok(cell(2)),
            braces: true,
        });
    }
    Ok(units)
}

/// Puts the citations of `zh` (from the content) into a sheet's `{n}` text.
pub fn restore_with(sheet_text: &str, zh: &str) -> Result<String, String> {
    let (_, kept) = protect(zh);
    restore(sheet_text, &kept)
        .ok_or_else(|| "the English lost or repeats a placeholder {n} (a cited figure)".to_string())
}
