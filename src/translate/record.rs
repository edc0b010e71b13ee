//! The `[translation]` table at the end of a content file's front matter: which Chinese the
//! English was written for, and which English still waits for an editor.
//!
//! ```toml
//! [translation]
//! source = ["3f2a91c0", "…"]   # a hash of each Chinese text the English was written for
//! review = ["9b1e07d2"]        # English filled from memory or a machine, not yet accepted
//! machine = ["9b1e07d2"]       # of those, the machine-translated ones
//! ```
//!
//! Hashes are of the Chinese text (`segment::hash`), so the table survives any edit of the
//! English, and an edit of the Chinese shows as a hash the table does not know.

use std::collections::BTreeSet;

use serde::Deserialize;

/// What a file records about its translation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[serde(default)]
    pub source: BTreeSet<String>,
    #[serde(default)]
    pub review: BTreeSet<String>,
    #[serde(default)]
    pub machine: BTreeSet<String>,
}

impl Record {
    /// The table as it is written into front matter (sorted, so rewriting it is stable).
    pub fn to_toml(&self) -> String {
        let mut out = String::from(
            "[translation]  # by `nianbao translate`: the Chinese the English was written for\n",
        );
        for (name, hashes) in [
            ("source", &self.source),
            ("review", &self.review),
            ("machine", &self.machine),
        ] {
            if hashes.is_empty() && name != "source" {
                continue;
            }
            out.push_str(&format!("{name} = ["));
            for (i, hash) in hashes.iter().enumerate() {
                if i % 8 == 0 {
                    out.push_str("\n    ");
                } else {
                    out.push(' ');
                }
                out.push_str(&format!("\"{hash}\","));
            }
            out.push_str("\n]\n");
        }
        out
    }
}

/// Where the `[translation]` table stands in a front matter (`front` is its text): from its
/// header line to the next table header or the end.
pub fn table_range(front: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    for line in front.split_inclusive('\n') {
        let header = line.trim_start().starts_with('[');
        match start {
            None if is_header(line) => start = Some(offset),
            Some(begin) if header => return Some(begin..offset),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|begin| begin..front.len())
}

/// `[translation]`, alone or with a comment after it.
fn is_header(line: &str) -> bool {
    line.trim()
        .strip_prefix("[translation]")
        .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_table_that_reads_back() {
        let record = Record {
            source: ["b".to_string(), "a".to_string()].into(),
            review: ["a".to_string()].into(),
            machine: BTreeSet::new(),
        };
        let text = record.to_toml();
        #[derive(Deserialize)]
        struct Front {
            translation: Record,
        }
        let back: Front = toml::from_str(&text).unwrap();
        assert_eq!(back.translation, record);
        assert!(text.contains("source = [\n    \"a\", \"b\",\n]"), "{text}");
    }

    #[test]
    fn finds_the_table_up_to_the_next_header() {
        let front = "title = 1\n[translation]\nsource = []\n[metrics.a]\nvalue = 1\n";
        assert_eq!(
            &front[table_range(front).unwrap()],
            "[translation]\nsource = []\n"
        );
        assert_eq!(table_range("a = 1\n"), None);
        let commented = "[translation]  # note\nsource = []\n";
        assert_eq!(table_range(commented), Some(0..commented.len()));
    }
}
