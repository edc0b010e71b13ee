//! Just enough of the ZIP format to take one member out of a Word document: the central
//! directory at the end of the archive names each member and where its local header is;
//! the data after that header is stored or deflated. A full ZIP crate would bring writing,
//! encryption and a dozen formats a `.docx` never uses.

use miniz_oxide::inflate::decompress_to_vec_with_limit;

/// No part of a report's document is anywhere near this (a hundred-page report's
/// `document.xml` is a few MB); a larger one is damaged or a zip bomb.
const MAX_MEMBER_BYTES: usize = 32 * 1024 * 1024;

const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const DIRECTORY_ENTRY: u32 = 0x0201_4b50;
const LOCAL_HEADER: u32 = 0x0403_4b50;

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]) as usize)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The member of the archive called `name`, unpacked; `Ok(None)` when there is none.
pub fn member(archive: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
    let end = end_of_directory(archive).ok_or("it is not a ZIP archive")?;
    let count = u16_at(archive, end + 10).ok_or("truncated archive")?;
    let mut at = u32_at(archive, end + 16).ok_or("truncated archive")? as usize;
    for _ in 0..count {
        if u32_at(archive, at) != Some(DIRECTORY_ENTRY) {
            return Err("its table of contents is damaged".into());
        }
        let field = |offset: usize| u16_at(archive, at + offset).ok_or("truncated archive");
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let entry_name = archive
            .get(at + 46..at + 46 + name_len)
            .ok_or("truncated archive")?;
        if entry_name == name.as_bytes() {
            return read_member(archive, at).map(Some);
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(None)
}

fn end_of_directory(archive: &[u8]) -> Option<usize> {
    let earliest = archive.len().saturating_sub(22 + 65_535);
    (earliest..=archive.len().checked_sub(22)?)
        .rev()
        .find(|&at| u32_at(archive, at) == Some(END_OF_DIRECTORY))
}

fn read_member(archive: &[u8], entry: usize) -> Result<Vec<u8>, String> {
    let truncated = || "truncated archive".to_string();
    let flags = u16_at(archive, entry + 8).ok_or_else(truncated)?;
    let method = u16_at(archive, entry + 10).ok_or_else(truncated)?;
    let size = u32_at(archive, entry + 20).ok_or_else(truncated)?;
    let local = u32_at(archive, entry + 42).ok_or_else(truncated)? as usize;
    if flags & 1 != 0 {
        return Err("it is encrypted".into());
    }
    if size == u32::MAX || local == u32::MAX as usize {
        return Err("it is a ZIP64 archive, larger than any report".into());
    }
    if u32_at(archive, local) != Some(LOCAL_HEADER) {
        return Err("its table of contents points at nothing".into());
    }
    let name_len = u16_at(archive, local + 26).ok_or_else(truncated)?;
    let extra_len = u16_at(archive, local + 28).ok_or_else(truncated)?;
    let start = local + 30 + name_len + extra_len;
    let data = archive
        .get(start..start + size as usize)
        .ok_or_else(truncated)?;
    match method {
        0 => Ok(data.to_vec()),
        8 => decompress_to_vec_with_limit(data, MAX_MEMBER_BYTES).map_err(|err| {
            match err.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                    "a part of it unpacks to more than {} MB, far more than any report (a damaged file, or one made to exhaust memory)",
                    MAX_MEMBER_BYTES >> 20
                ),
                _ => format!("a compressed part is damaged ({err})"),
            }
        }),
        other => Err(format!("it uses compression method {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-member archive, stored (not compressed), built byte by byte.
    fn stored(name: &str, data: &[u8]) -> Vec<u8> {
        let mut zip = Vec::new();
        let push16 = |z: &mut Vec<u8>, v: u16| z.extend(v.to_le_bytes());
        let push32 = |z: &mut Vec<u8>, v: u32| z.extend(v.to_le_bytes());
        push32(&mut zip, LOCAL_HEADER);
        zip.extend([0; 14]);
        push32(&mut zip, data.len() as u32);
        push32(&mut zip, data.len() as u32);
        push16(&mut zip, name.len() as u16);
        push16(&mut zip, 0);
        zip.extend(name.as_bytes());
        zip.extend(data);
        let directory = zip.len() as u32;
        push32(&mut zip, DIRECTORY_ENTRY);
        zip.extend([0; 16]);
        push32(&mut zip, data.len() as u32);
        push32(&mut zip, data.len() as u32);
        push16(&mut zip, name.len() as u16);
        zip.extend([0; 12]);
        push32(&mut zip, 0);
        zip.extend(name.as_bytes());
        let size = zip.len() as u32 - directory;
        push32(&mut zip, END_OF_DIRECTORY);
        zip.extend([0, 0, 0, 0, 1, 0, 1, 0]);
        push32(&mut zip, size);
        push32(&mut zip, directory);
        push16(&mut zip, 0);
        zip
    }

    #[test]
    fn takes_a_stored_member_out() {
        let zip = stored("word/document.xml", "<w:t>南京西路</w:t>".as_bytes());
        let member = member(&zip, "word/document.xml").unwrap().unwrap();
        assert_eq!(member, "<w:t>南京西路</w:t>".as_bytes());
        assert_eq!(super::member(&zip, "word/styles.xml").unwrap(), None);
    }

    #[test]
    fn refuses_what_is_not_an_archive() {
        assert!(member(b"PK not really", "word/document.xml").is_err());
        let mut zip = stored("a", b"x");
        zip.truncate(zip.len() - 30);
        assert!(member(&zip, "a").is_err());
    }
}
