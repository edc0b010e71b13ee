//! `translate fill --engine 'COMMAND'`: a machine translation the office chooses (its
//! service's command line, a local model). nianbao runs COMMAND with `sh -c`, writes one JSON
//! object per line to its standard input, `{"id": "2019/05-big-survey.md#p1.s2", "source":
//! "…{1}…", "source_lang": "zh", "target_lang": "en"}`, and reads lines `{"id": "…",
//! "target": "…"}` back. Citations travel as `{1}`, `{2}`: an answer that loses or invents
//! one is dropped, so a machine can never break a figure.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use super::segment;
use crate::diagnostics::Diagnostic;

#[derive(Serialize)]
struct Request<'a> {
    id: &'a str,
    source: String,
    source_lang: &'static str,
    target_lang: &'static str,
}

#[derive(Deserialize)]
struct Answer {
    id: String,
    target: String,
}

/// The text with each citation as `{n}`, and the citations in order.
pub fn protect(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut kept = Vec::new();
    let mut copied = 0;
    for (range, _) in segment::citations(text) {
        out.push_str(&text[copied..range.start]);
        kept.push(text[range.clone()].to_string());
        out.push_str(&format!("{{{}}}", kept.len()));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    (out, kept)
}

/// Puts the citations back; `None` when a placeholder is missing, repeated or unknown.
pub fn restore(text: &str, kept: &[String]) -> Option<String> {
    let mut out = text.to_string();
    for (i, citation) in kept.iter().enumerate() {
        let mark = format!("{{{}}}", i + 1);
        if out.matches(&mark).count() != 1 {
            return None;
        }
        out = out.replace(&mark, citation);
    }
    let stray = out.match_indices('{').any(|(at, _)| {
        let rest = &out[at + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with('}')
    });
    (!stray).then_some(out)
}

/// Sends `units` (id, Chinese) to `command` and returns the English it gave back by id.
pub fn translate(
    command: &str,
    units: &[(String, String)],
) -> Result<HashMap<String, String>, Diagnostic> {
    let fail = |why: String| {
        Diagnostic::error(format!("the translation engine `{command}` {why}"))
            .hint("it reads JSON lines {\"id\", \"source\", …} on stdin and writes {\"id\", \"target\"} lines")
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| fail(format!("cannot be started: {err}")))?;
    let mut kept = HashMap::new();
    let mut lines = String::new();
    for (id, zh) in units {
        let (source, citations) = protect(zh);
        let request = Request {
            id,
            source,
            source_lang: "zh",
            target_lang: "en",
        };
        lines.push_str(&serde_json::to_string(&request).expect("a request serializes"));
        lines.push('\n');
        kept.insert(id.clone(), citations);
    }
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut found = HashMap::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|err| fail(format!("wrote something unreadable: {err}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let answer: Answer = serde_json::from_str(&line).map_err(|err| {
            fail(format!(
                "wrote a line that is not {{\"id\", \"target\"}}: {err}"
            ))
        })?;
        let Some(citations) = kept.get(&answer.id) else {
            continue;
        };
        if let Some(en) = restore(answer.target.trim(), citations) {
            found.insert(answer.id, en);
        }
    }
    let _ = writer.join();
    let status = child
        .wait()
        .map_err(|err| fail(format!("could not be waited for: {err}")))?;
    if !status.success() {
        return Err(fail(format!("failed ({status})")));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_travel_as_numbered_placeholders() {
        let (text, kept) = protect("走访{{ metric(id=\"a\") }}，签约{{ metric(id=\"b\") }}。");
        assert_eq!(text, "走访{1}，签约{2}。");
        assert_eq!(
            restore("Visits {1}, signed {2}.", &kept).unwrap(),
            "Visits {{ metric(id=\"a\") }}, signed {{ metric(id=\"b\") }}."
        );
        assert_eq!(restore("Visits {1}.", &kept), None);
        assert_eq!(restore("Visits {1}, {2}, {3}.", &kept), None);
    }

    #[test]
    fn reads_the_answers_of_a_command() {
        let units = vec![(
            "a#p1.s1".to_string(),
            "走访{{ metric(id=\"a\") }}。".to_string(),
        )];
        let found = translate(
            r#"sed -e 's/"source":"走访/"target":"Visits /' -e 's/。"/."/'"#,
            &units,
        )
        .unwrap();
        assert_eq!(found["a#p1.s1"], "Visits {{ metric(id=\"a\") }}.");
    }
}
