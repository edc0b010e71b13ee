//! The imported year as files: `_year.md` and one `NN-section-NN.md` per section, in the
//! content format, with every English text left empty for the translator. Written into a
//! staging folder and moved into place whole; an existing year is never overwritten.

use std::path::Path;

use super::{Imported, ImportedSection, Proposal};
use crate::config::{Lang, Localized};
use crate::content::write;
use crate::diagnostics::{Diagnostic, Location};
use crate::metrics::{Approx, format};

/// Refuses a year folder that exists, unless it is empty and `force` is given.
pub fn check_target(folder: &Path, shown: &Path, force: bool) -> Result<(), Diagnostic> {
    if !folder.exists() {
        return Ok(());
    }
    let refuse = |what: &str, hint: &str| {
        Diagnostic::error(format!("{} {what}", shown.display()))
            .at(Location::file(shown))
            .hint(hint.to_string())
    };
    let mut entries = std::fs::read_dir(folder)
        .map_err(|_| refuse("exists and is not a folder", "import into another --year"))?;
    if entries.next().is_some() {
        return Err(refuse(
            "already exists; import never overwrites a year",
            "import into another --year, or move the folder away first",
        ));
    }
    if !force {
        return Err(refuse(
            "already exists (empty)",
            "pass --force to import into the empty folder",
        ));
    }
    Ok(())
}

/// The files of the year, by name: `_year.md` first, then the sections in order.
/// `to_check`: what the import was unsure of, kept in `_year.md` as `# to check:` comments
/// until the editor deletes them; `check` lists them meanwhile.
pub fn plan(year: &Imported, lang: Lang, to_check: &[String]) -> Vec<(String, String)> {
    let mut files = vec![("_year.md".to_string(), cover(year, lang, to_check))];
    for section in &year.sections {
        files.push((file_name(section), section_file(section, lang)));
    }
    files
}

/// `05-big-survey.md`: the slug of the section it continues, or of its title's pinyin.
pub fn file_name(section: &ImportedSection) -> String {
    format!("{:02}-{}.md", section.number, section.slug())
}

/// A text in the report's language, the other language left for the translator.
fn text(lang: Lang, value: &str) -> String {
    match lang {
        Lang::Zh => write::localized(&Localized::new(value, "")),
        Lang::En => write::localized(&Localized::new("", value)),
    }
}

fn cover(year: &Imported, lang: Lang, to_check: &[String]) -> String {
    let mut front: String = to_check
        .iter()
        .map(|note| {
            format!(
                "{} {}\n",
                crate::check::todo::TO_CHECK,
                note.replace(['\n', '\r'], " ")
            )
        })
        .collect();
    front.push_str(&format!("title = {}\n", text(lang, &year.title)));
    if let Some(publisher) = &year.publisher {
        front.push_str(&format!("publisher = {}\n", text(lang, publisher)));
    }
    if let Some(date) = &year.date {
        front.push_str(&format!("date = {date}\n"));
    }
    let mut file = format!("+++\n{front}+++\n");
    if !year.preface.is_empty() {
        file.push('\n');
        file.push_str(&write::block(lang, &year.preface.join("\n\n")));
    }
    file
}

fn section_file(section: &ImportedSection, lang: Lang) -> String {
    let mut front = match &section.carried {
        Some(carried) if lang == Lang::Zh => format!(
            "# continues {}'s section `{}` ({:.0}% alike): its slug and English title, carried over for review\n\
             title = {}\n",
            carried.from_year,
            carried.slug,
            carried.confidence * 100.0,
            write::localized(&Localized::new(&section.title, &carried.title_en))
        ),
        _ => format!(
            "title = {}\n# the address is made from the title's pinyin: give it an English slug (slug = \"party-building\", or rename the file)\n",
            text(lang, &section.title)
        ),
    };
    for proposal in &section.metrics {
        front.push('\n');
        front.push_str(&metric(proposal));
    }
    format!(
        "+++\n{front}+++\n\n{}",
        write::block(lang, &section.paragraphs.join("\n\n"))
    )
}

/// A `[metrics.ID]` table, with a comment giving the words it was read from.
fn metric(proposal: &Proposal) -> String {
    let context = proposal.context.replace(['\n', '\r'], " ");
    let series = match &proposal.carried {
        Some(c) => format!(
            "# continues the series of {} ({}, {:.0}% alike): id, labels and unit carried over for review\n",
            c.from_year,
            c.previous,
            c.confidence * 100.0
        ),
        None => String::new(),
    };
    let mut table = format!(
        "{series}# {}: {context}\n[metrics.{}]\nvalue = {}\nunit = {}\n",
        proposal.at,
        proposal.id,
        proposal.value,
        write::unit(&proposal.unit)
    );
    if !proposal.approx.is_exact() {
        table.push_str(&format!(
            "approx = {}\n",
            write::approx(plain_approx(proposal))
        ));
    }
    let english = proposal
        .carried
        .as_ref()
        .map_or("", |c| c.label_en.as_str());
    let label = Localized::new(&proposal.label, english);
    table.push_str(&format!("label = {}\n", write::localized(&label)));
    if proposal.carried.as_ref().is_some_and(|c| c.highlight) {
        table.push_str("highlight = true\n");
    }
    table
}

/// The qualifier as short as it can be written: `"nearly"` when nianbao's own word for it
/// reads as the report did (近600家), the report's word kept otherwise (1400多个).
fn plain_approx(proposal: &Proposal) -> Approx {
    let plain = Approx::of(proposal.approx.kind);
    let value = Some(proposal.value);
    let reads = |approx| format::figure(value, &proposal.unit, approx, Lang::Zh);
    match reads(plain) == reads(proposal.approx) {
        true => plain,
        false => proposal.approx,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Decimal, unit};

    fn imported() -> Imported {
        Imported {
            title: "回顾2018".into(),
            publisher: Some("街道党政办".into()),
            date: None,
            preface: vec!["序言。".into()],
            sections: vec![ImportedSection {
                number: 5,
                title: "大调研工作成果丰硕".into(),
                paragraphs: vec!["企业{{ metric(id=\"s05_01_count\") }}。".into()],
                metrics: vec![Proposal {
                    id: "s05_01_count".into(),
                    value: Decimal::from_int(600),
                    unit: unit::lookup("家").unwrap().0,
                    approx: crate::metrics::Approx::written("近").unwrap(),
                    label: "企业".into(),
                    at: super::super::Origin::Line(39),
                    written: "近600家".into(),
                    context: "企业近 600 家".into(),
                    carried: None,
                }],
                slug: Some("da-diao-yan-gong-zuo-cheng".into()),
                carried: None,
            }],
        }
    }

    #[test]
    fn leaves_every_english_text_empty_for_the_translator() {
        let files = plan(&imported(), Lang::Zh, &[]);
        assert_eq!(files[0].0, "_year.md");
        assert_eq!(
            files[0].1,
            "+++\ntitle = { zh = \"回顾2018\", en = \"\" }\npublisher = { zh = \"街道党政办\", en = \"\" }\n+++\n\n::: zh\n序言。\n:::\n"
        );
        assert_eq!(files[1].0, "05-da-diao-yan-gong-zuo-cheng.md");
        let section = &files[1].1;
        assert!(
            section.contains("title = { zh = \"大调研工作成果丰硕\", en = \"\" }\n"),
            "{section}"
        );
        assert!(
            section.contains(
                "# line 39: 企业近 600 家\n[metrics.s05_01_count]\nvalue = 600\nunit = \"家\"\napprox = \"nearly\"\nlabel = { zh = \"企业\", en = \"\" }\n"
            ),
            "{section}"
        );
        assert!(section.ends_with("::: zh\n企业{{ metric(id=\"s05_01_count\") }}。\n:::\n"));
        assert!(!section.contains("::: en"));
    }

    #[test]
    fn a_continued_section_and_series_keep_their_slug_english_and_id() {
        let mut year = imported();
        let section = &mut year.sections[0];
        section.carried = Some(super::super::continuity::CarriedSection {
            from_year: 2018,
            slug: "big-survey".into(),
            title_en: "The Big Survey Delivers".into(),
            confidence: 0.62,
        });
        section.metrics[0].id = "enterprises_visited".into();
        section.metrics[0].carried = Some(super::super::continuity::CarriedSeries {
            from_year: 2018,
            label_en: "Enterprises visited".into(),
            highlight: true,
            previous: "近600家".into(),
            confidence: 0.8,
        });
        let files = plan(&year, Lang::Zh, &[]);
        assert_eq!(files[1].0, "05-big-survey.md");
        let section = &files[1].1;
        assert!(
            section.contains("# continues 2018's section `big-survey` (62% alike): its slug and English title, carried over for review\ntitle = { zh = \"大调研工作成果丰硕\", en = \"The Big Survey Delivers\" }\n"),
            "{section}"
        );
        assert!(
            section.contains("# continues the series of 2018 (近600家, 80% alike): id, labels and unit carried over for review\n# line 39: 企业近 600 家\n[metrics.enterprises_visited]\n"),
            "{section}"
        );
        assert!(
            section.contains(
                "label = { zh = \"企业\", en = \"Enterprises visited\" }\nhighlight = true\n"
            ),
            "{section}"
        );
    }

    #[test]
    fn puts_an_english_report_on_the_english_side() {
        let files = plan(&imported(), Lang::En, &[]);
        assert!(
            files[0]
                .1
                .starts_with("+++\ntitle = { zh = \"\", en = \"回顾2018\" }")
        );
        assert!(files[0].1.contains("::: en\n"));
    }
}
