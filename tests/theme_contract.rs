//! The theme contract: `themes/README.md` documents every template and every variable each
//! one receives, generated from the typed context structs of `src/render/context/` (their
//! fields and doc comments). This test fails when the document and the structs disagree, or
//! when a context built for real pages has a variable the contract does not document, or
//! lacks one it does. To regenerate the document after changing the structs:
//! `UPDATE_CONTRACT=1 cargo test --test theme_contract`.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug)]
struct Field {
    name: String,
    ty: String,
    doc: String,
    flatten: bool,
}

#[derive(Debug)]
struct Struct {
    doc: String,
    fields: Vec<Field>,
}

/// The templates, the page each renders, and the struct of its own variable.
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "landing.html",
        "`/`: the bilingual landing page",
        "LandingPage",
    ),
    (
        "home.html",
        "`/zh/`: a language's home, every year",
        "HomePage",
    ),
    ("year.html", "`/zh/2018/`: a year's cover", "YearPage"),
    (
        "section.html",
        "`/zh/2018/big-survey/`: one section",
        "SectionPage",
    ),
    (
        "print.html",
        "`/zh/2018/print/`: the whole year on one page",
        "PrintPage",
    ),
    (
        "bilingual.html",
        "`/zh/2018/print/bilingual/`: both languages side by side",
        "BilingualPage",
    ),
    (
        "metrics.html",
        "`/zh/metrics/`: every metric across years",
        "MetricsPage",
    ),
    (
        "data.html",
        "`/zh/data/`: open data and its dictionary",
        "DataPage",
    ),
    ("search.html", "`/zh/search/`: search", "SearchPage"),
    (
        "glossary.html",
        "`/zh/glossary/`: the report's set terms, when `content/glossary.toml` has any",
        "GlossaryPage",
    ),
    ("404.html", "`/404.html`: page not found", "NotFoundPage"),
];

const BEGIN: &str = "<!-- contract:begin -->";
const END: &str = "<!-- contract:end -->";

/// Reads the public structs of context.rs with their fields and doc comments.
fn parse_structs(source: &str) -> BTreeMap<String, Struct> {
    let mut structs = BTreeMap::new();
    let mut doc = Vec::new();
    let mut current: Option<(String, Struct)> = None;
    let mut flatten = false;
    for line in source.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim().to_string());
        } else if line.starts_with("#[serde(flatten)]") {
            flatten = true;
        } else if line.starts_with("#[") {
        } else if let Some(rest) = line.strip_prefix("pub struct ") {
            let name = rest.split(['<', ' ', '{']).next().unwrap().to_string();
            let body = Struct {
                doc: doc.join(" "),
                fields: Vec::new(),
            };
            if rest.ends_with('{') {
                current = Some((name, body));
            } else {
                structs.insert(name, body);
            }
            doc.clear();
        } else if line == "}" {
            if let Some((name, body)) = current.take() {
                structs.insert(name, body);
            }
            doc.clear();
        } else if let (Some((_, body)), Some(rest)) = (current.as_mut(), line.strip_prefix("pub "))
        {
            let (name, ty) = rest.split_once(": ").unwrap();
            body.fields.push(Field {
                name: name.to_string(),
                ty: ty.trim_end_matches(',').to_string(),
                doc: doc.join(" "),
                flatten,
            });
            doc.clear();
            flatten = false;
        } else {
            doc.clear();
        }
    }
    structs
}

/// The struct a field's type holds, if it is one of context.rs: `Option<Vec<Txt>>` → `Txt`.
fn inner_struct<'s>(
    ty: &str,
    structs: &'s BTreeMap<String, Struct>,
) -> Option<(&'s str, &'s Struct)> {
    let mut ty = ty.trim();
    loop {
        let stripped = ty
            .strip_prefix("Option<")
            .or_else(|| ty.strip_prefix("Vec<"))
            .or_else(|| ty.strip_prefix("Shared<"))
            .map(|t| t.strip_suffix('>').unwrap());
        match stripped {
            Some(inner) => ty = inner,
            None => break,
        }
    }
    structs.get_key_value(ty).map(|(k, v)| (k.as_str(), v))
}

fn describe_type(ty: &str, structs: &BTreeMap<String, Struct>) -> String {
    let ty = ty.trim();
    if let Some(inner) = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) {
        return format!("{} or none", describe_type(inner, structs));
    }
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return format!("list of {}", describe_type(inner, structs));
    }
    // Converted once and shared between pages; templates see the value inside.
    if let Some(inner) = ty.strip_prefix("Shared<").and_then(|t| t.strip_suffix('>')) {
        return describe_type(inner, structs);
    }
    if structs.contains_key(ty) {
        return format!("[`{ty}`](#{})", ty.to_lowercase());
    }
    match ty {
        "String" | "&'static str" => "text".to_string(),
        "u16" | "usize" => "number".to_string(),
        "bool" => "true or false".to_string(),
        "&'a Strings" | "Strings" => {
            "map of text: `t.key` is the UI string `key` of i18n/LANG.toml".to_string()
        }
        "BTreeMap<String, OptionContext>" => "map (see theme options)".to_string(),
        other => panic!("describe the type {other} in tests/theme_contract.rs"),
    }
}

fn table(fields: &[&Field], structs: &BTreeMap<String, Struct>) -> String {
    let mut out = String::from("| variable | type | meaning |\n| --- | --- | --- |\n");
    for field in fields {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            field.name,
            describe_type(&field.ty, structs),
            field.doc.replace('|', "\\|")
        ));
    }
    out
}

/// The contract as Markdown.
fn generate(structs: &BTreeMap<String, Struct>) -> String {
    let mut out = format!(
        "{BEGIN}\n<!-- Generated from src/render/context/: `UPDATE_CONTRACT=1 cargo test --test theme_contract`. -->\n\n"
    );
    out.push_str("### Templates and their own variable\n\n| template | renders | its own variable |\n| --- | --- | --- |\n");
    for (template, page, own) in TEMPLATES {
        let fields: Vec<String> = structs[*own]
            .fields
            .iter()
            .map(|f| format!("`{}`: {}", f.name, describe_type(&f.ty, structs)))
            .collect();
        let fields = if fields.is_empty() {
            "none".to_string()
        } else {
            fields.join(", ")
        };
        out.push_str(&format!("| `{template}` | {page} | {fields} |\n"));
    }
    let common: Vec<&Field> = structs["Common"].fields.iter().collect();
    out.push_str("\n### Every template receives\n\n");
    out.push_str(&table(&common, structs));
    let mut seen = BTreeSet::new();
    let mut queue: Vec<&str> = TEMPLATES
        .iter()
        .map(|(_, _, own)| *own)
        .chain(["Common"])
        .collect();
    let mut types = Vec::new();
    while let Some(name) = queue.pop() {
        for field in &structs[name].fields {
            if let Some((inner, _)) = inner_struct(&field.ty, structs)
                && seen.insert(inner)
            {
                types.push(inner);
                queue.push(inner);
            }
        }
    }
    types.sort();
    out.push_str("\n### Types\n");
    for name in types {
        let body = &structs[name];
        let fields: Vec<&Field> = body.fields.iter().collect();
        out.push_str(&format!(
            "\n#### `{name}`\n\n{}\n\n{}",
            body.doc,
            table(&fields, structs)
        ));
    }
    out.push_str(&format!("\n{END}"));
    out
}

fn structs() -> BTreeMap<String, Struct> {
    let folder = repo().join("src/render/context");
    let mut all = BTreeMap::new();
    for file in ["mod.rs", "pages.rs"] {
        all.extend(parse_structs(
            &std::fs::read_to_string(folder.join(file)).unwrap(),
        ));
    }
    all
}

#[test]
fn every_context_field_is_documented() {
    let structs = structs();
    let mut missing = Vec::new();
    for (name, body) in &structs {
        if body.doc.is_empty() && name != "PageContext" {
            missing.push(name.clone());
        }
        for field in &body.fields {
            if field.doc.is_empty() && !field.flatten {
                missing.push(format!("{name}.{}", field.name));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "structs and fields without a doc comment: {missing:?}"
    );
}

#[test]
fn themes_readme_matches_the_context_structs() {
    let generated = generate(&structs());
    let path = repo().join("themes/README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = (
        readme.find(BEGIN).expect("a contract:begin mark"),
        readme.find(END).expect("an end mark"),
    );
    let current = &readme[start..end + END.len()];
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(&path, readme.replace(current, &generated)).unwrap();
        return;
    }
    assert!(
        current == generated,
        "themes/README.md is out of date: UPDATE_CONTRACT=1 cargo test --test theme_contract"
    );
}

/// Walks a context value against the struct it should be, recording every field seen.
fn walk(
    value: &serde_json::Value,
    shape: &[&Struct],
    names: &[&str],
    structs: &BTreeMap<String, Struct>,
    seen: &mut BTreeSet<String>,
    problems: &mut BTreeSet<String>,
) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, inner) in object {
        let field = shape
            .iter()
            .zip(names)
            .find_map(|(s, n)| s.fields.iter().find(|f| &f.name == key).map(|f| (f, n)));
        let Some((field, owner)) = field else {
            problems.insert(format!(
                "{} has `{key}`, which the contract does not document",
                names.join("+")
            ));
            continue;
        };
        seen.insert(format!("{owner}.{key}"));
        if let Some((inner_name, inner_struct)) = inner_struct(&field.ty, structs) {
            let items: Vec<&serde_json::Value> = match inner {
                serde_json::Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                walk(
                    item,
                    &[inner_struct],
                    &[inner_name],
                    structs,
                    seen,
                    problems,
                );
            }
        }
    }
}

#[test]
fn real_contexts_have_exactly_the_documented_variables() {
    let structs = structs();
    let mut seen = BTreeSet::new();
    let mut problems = BTreeSet::new();
    let sites = [
        TempSite::bundled(),
        TempSite::fixture("years"),
        TempSite::fixture("minimal"),
    ];
    for site in &sites {
        let (loaded, _) = nianbao::site::Site::load(&site.root).unwrap();
        let options = loaded.render_options(None, None);
        for (page, value) in nianbao::render::contexts(&loaded, &options).unwrap() {
            let (_, _, own) = TEMPLATES
                .iter()
                .find(|(template, _, _)| *template == page.template())
                .unwrap_or_else(|| panic!("{} is not in the contract", page.template()));
            walk(
                &value,
                &[&structs["Common"], &structs[*own]],
                &["Common", own],
                &structs,
                &mut seen,
                &mut problems,
            );
        }
    }
    for (name, body) in &structs {
        let reachable = name == "Common"
            || TEMPLATES.iter().any(|(_, _, own)| own == name)
            || seen.iter().any(|s| s.starts_with(&format!("{name}.")));
        for field in body.fields.iter().filter(|f| !f.flatten) {
            if reachable && !seen.contains(&format!("{name}.{}", field.name)) {
                problems.insert(format!(
                    "{name}.{} is documented but in no context",
                    field.name
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
