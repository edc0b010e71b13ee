//! Build speed, measured as a visitor of the project would: synthetic bilingual report sites
//! of four sizes (years × sections), each built from scratch by the real `nianbao` binary,
//! several times, reporting the median and spread of wall time and the peak memory. A
//! "floor" program runs on the same sites: it only reads each section, parses its front
//! matter, renders its language blocks with pulldown-cmark and writes one file per section
//! and language, in parallel; nianbao aims to stay within twice its time. If Hugo is
//! installed (`apt-get install hugo`), the same sites are generated for it (one page per
//! section and language with its metrics table and previous / next links, year and home
//! indexes, a metric shortcode). The tools take turns in every repetition, from scratch and
//! then after one section is edited (the output kept), so the comparison shares the
//! machine's mood.
//!
//! Run: `cargo bench --bench build_speed` (all sizes), or with sizes and runs:
//! `cargo bench --bench build_speed -- 1x10 20x25 --runs 7 --out /dev/shm`; `--keep` keeps
//! the generated sites (for profiling); `--pdf` makes nianbao typeset every year's PDF
//! edition too (the other tools make pages only, so by default nianbao does as well).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Whether the sites make the PDF edition too (`--pdf`).
static WITH_PDF: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
#[path = "build_speed/series.rs"]
mod series;

const DEFAULT_SIZES: [(usize, usize); 4] = [(1, 10), (20, 25), (50, 100), (50, 200)];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--floor") {
        floor(Path::new(&args[1]), Path::new(&args[2]));
        return;
    }
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut out = PathBuf::from("/dev/shm");
    let mut keep = false;
    let mut corpus = Corpus::Plain;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--runs" => {
                runs = args[i + 1].parse().expect("--runs N");
                i += 1;
            }
            "--out" => {
                out = PathBuf::from(&args[i + 1]);
                i += 1;
            }
            "--corpus" => {
                corpus = match args[i + 1].as_str() {
                    "plain" => Corpus::Plain,
                    "series" => Corpus::Series,
                    other => panic!("--corpus plain|series, not {other}"),
                };
                i += 1;
            }
            "--bench" => {}
            "--keep" => keep = true,
            "--pdf" => WITH_PDF.store(true, std::sync::atomic::Ordering::Relaxed),
            size if size.contains('x') => {
                let (y, s) = size.split_once('x').unwrap();
                sizes.push((y.parse().unwrap(), s.parse().unwrap()));
            }
            _ => {}
        }
        i += 1;
    }
    if sizes.is_empty() {
        sizes = DEFAULT_SIZES.to_vec();
    }
    let nianbao = PathBuf::from(env!("CARGO_BIN_EXE_nianbao"));
    let me = std::env::current_exe().unwrap();
    let hugo = hugo_version();
    println!(
        "{} corpus · output on {} · {runs} runs each, the tools taking turns · {} cores · {}",
        corpus.name(),
        out.display(),
        cores(),
        hugo.as_deref().unwrap_or("hugo not installed")
    );
    println!(
        "from scratch, then again after one section is edited (output kept); medians (min–max)"
    );
    println!(
        "| site | pages | written | nianbao | rebuild | peak | floor | rebuild | peak | ratio |{}",
        if hugo.is_some() {
            " Hugo | rebuild | peak | written |"
        } else {
            ""
        }
    );
    println!(
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |{}",
        if hugo.is_some() {
            " --- | --- | --- | --- |"
        } else {
            ""
        }
    );
    for (years, sections) in sizes {
        let tag = corpus.tag();
        let site = std::env::temp_dir().join(format!("nianbao-bench{tag}-{years}x{sections}"));
        generate(&site, years, sections, corpus);
        let public = out.join(format!("nianbao-bench{tag}-public-{years}x{sections}"));
        let floor_out = out.join(format!("nianbao-bench{tag}-floor-{years}x{sections}"));
        // nianbao's cache of typeset PDFs and font details (`--pdf`): emptied before each
        // build from scratch, kept for the rebuild after an edit, as on an office's computer.
        let pdf_cache =
            std::env::temp_dir().join(format!("nianbao-bench{tag}-cache-{years}x{sections}"));
        // The edit: a sentence of the middle section of the middle year grows by a word.
        let edited = |root: &Path| {
            root.join(format!("{}", 2000 + years / 2)).join(format!(
                "{:02}-section-{}.md",
                sections / 2 + 1,
                sections / 2
            ))
        };
        let mut tools = vec![
            Tool::new(
                {
                    let mut command = Command::new(&nianbao);
                    command
                        .env("NIANBAO_CACHE", &pdf_cache)
                        .arg("build")
                        .arg("--root")
                        .arg(&site)
                        .arg("--output");
                    command.arg(&public);
                    command
                },
                public.clone(),
                edited(&site.join("content")),
            ),
            Tool::new(
                {
                    let mut command = Command::new(&me);
                    command.arg("--floor").arg(&site).arg(&floor_out);
                    command
                },
                floor_out.clone(),
                // The floor reads nianbao's site: one edit serves both.
                PathBuf::new(),
            ),
        ];
        let hugo_site =
            std::env::temp_dir().join(format!("nianbao-bench{tag}-hugo-{years}x{sections}"));
        let hugo_out = out.join(format!("nianbao-bench{tag}-hugo-public-{years}x{sections}"));
        if hugo.is_some() {
            generate_hugo(&hugo_site, years, sections, corpus);
            let mut command = Command::new("hugo");
            command
                .arg("--quiet")
                .arg("--source")
                .arg(&hugo_site)
                .arg("--destination")
                .arg(&hugo_out);
            tools.push(Tool::new(
                command,
                hugo_out.clone(),
                edited(&hugo_site.join("content/zh")),
            ));
        }
        // Each repetition builds every tool from scratch in turn, then edits and rebuilds
        // every tool in turn, so a slow minute of the shared machine falls on all of them.
        for run in 0..runs {
            for tool in &mut tools {
                let _ = std::fs::remove_dir_all(&tool.output);
                // From scratch means without the PDFs of earlier runs too.
                if tool.output == public {
                    let _ = std::fs::remove_dir_all(&pdf_cache);
                }
                tool.scratch.add(time(&mut tool.command));
            }
            for tool in &mut tools {
                edit(&tool.edited, run);
                tool.rebuild.add(time(&mut tool.command));
            }
        }
        let pages = count_html(&public);
        let written = [&public, &floor_out, &hugo_out].map(|dir| size_of_tree(dir));
        let [ours, base, peer @ ..] = &mut tools[..] else {
            unreachable!("nianbao and the floor are always timed")
        };
        let peer = peer.first_mut().map(|hugo| {
            format!(
                " {} | {} | {} | {} |",
                hugo.scratch.describe(),
                hugo.rebuild.describe(),
                mib(hugo.scratch.peak_kib.max(hugo.rebuild.peak_kib)),
                megabytes(written[2])
            )
        });
        println!(
            "| {years} × {sections} | {pages} | {} | {} | {} | {} | {} | {} | {} | {:.1}× |{}",
            megabytes(written[0]),
            ours.scratch.describe(),
            ours.rebuild.describe(),
            mib(ours.scratch.peak_kib.max(ours.rebuild.peak_kib)),
            base.scratch.describe(),
            base.rebuild.describe(),
            mib(base.scratch.peak_kib.max(base.rebuild.peak_kib)),
            ours.scratch.median().as_secs_f64() / base.scratch.median().as_secs_f64(),
            peer.unwrap_or_default()
        );
        for dir in [&public, &floor_out, &hugo_out] {
            let _ = std::fs::remove_dir_all(dir);
        }
        if keep {
            println!("kept the {years} × {sections} site in {}", site.display());
        } else {
            let _ = std::fs::remove_dir_all(&site);
            let _ = std::fs::remove_dir_all(&hugo_site);
        }
    }
}

/// One program timed on one site: how it is run, where its output goes, the file the
/// rebuild's edit touches (none: it shares another tool's site), and its times.
struct Tool {
    command: Command,
    output: PathBuf,
    edited: PathBuf,
    scratch: Runs,
    rebuild: Runs,
}

impl Tool {
    fn new(mut command: Command, output: PathBuf, edited: PathBuf) -> Tool {
        command.stdout(std::process::Stdio::null());
        Tool {
            command,
            output,
            edited,
            scratch: Runs::default(),
            rebuild: Runs::default(),
        }
    }
}

/// Edits one section the way a person would: a sentence grows by a word (a different
/// one each run, so every rebuild has something new to show).
fn edit(path: &Path, run: usize) {
    if path.as_os_str().is_empty() {
        return;
    }
    let text = std::fs::read_to_string(path).unwrap();
    let marker = "群众满意度持续提升";
    assert!(
        text.contains(marker),
        "{} has no sentence to edit",
        path.display()
    );
    std::fs::write(
        path,
        text.replacen(marker, &format!("{marker}（第{run}次）"), 1),
    )
    .unwrap();
}

#[derive(Default)]
struct Runs {
    times: Vec<Duration>,
    peak_kib: i64,
}

impl Runs {
    fn add(&mut self, (time, peak_kib): (Duration, i64)) {
        self.times.push(time);
        self.times.sort();
        self.peak_kib = self.peak_kib.max(peak_kib);
    }

    fn median(&self) -> Duration {
        self.times[self.times.len() / 2]
    }

    fn describe(&self) -> String {
        format!(
            "{} ({:.3}–{:.3})",
            seconds(self.median()),
            self.times[0].as_secs_f64(),
            self.times.last().unwrap().as_secs_f64()
        )
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mib(kib: i64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The bytes of every file under `dir` (what a tool wrote).
fn size_of_tree(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs the command once: its wall time and peak resident size.
fn time(command: &mut Command) -> (Duration, i64) {
    let started = Instant::now();
    // Reaped by `wait4` below, which also reports its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("the command starts");
    let (status, rss) = wait_with_rusage(child.id() as i32);
    let elapsed = started.elapsed();
    assert!(status == 0, "the build failed: {command:?}");
    (elapsed, rss)
}

/// Waits for a child and returns its exit status and peak resident set size in KiB.
fn wait_with_rusage(pid: i32) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed is a valid value; pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// Which synthetic site is built: `plain`, six metrics per section and a short body, or
/// `series`, the shape of a sub-district that has published for decades: eight metrics per
/// section that continue from year to year (growing, with qualifiers and units of every
/// kind, some years missing one), and bodies of several paragraphs in both languages that
/// cite them, with a list and a table.
#[derive(Clone, Copy)]
enum Corpus {
    Plain,
    Series,
}

impl Corpus {
    fn name(self) -> &'static str {
        match self {
            Corpus::Plain => "plain",
            Corpus::Series => "series",
        }
    }

    /// What the temporary folders' names carry, so the two corpora never share a folder.
    fn tag(self) -> &'static str {
        match self {
            Corpus::Plain => "",
            Corpus::Series => "-series",
        }
    }

    fn section(self, year: usize, s: usize) -> String {
        match self {
            Corpus::Plain => section(year, s),
            Corpus::Series => series::section(year, s),
        }
    }
}

/// Writes a synthetic site: `years` reports of `sections` sections of the `corpus`.
fn generate(root: &Path, years: usize, sections: usize, corpus: Corpus) {
    let _ = std::fs::remove_dir_all(root);
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("site.toml"),
        "title = { zh = \"基准街道年度工作报告\", en = \"Benchmark Sub-district Reports\" }\n\
         base_url = \"https://example.org/\"\n",
    )
    .unwrap();
    // Pages only, as the floor and Hugo make them; `--pdf` adds the PDF edition of every year.
    if !WITH_PDF.load(std::sync::atomic::Ordering::Relaxed) {
        let mut config = std::fs::read_to_string(content.join("site.toml")).unwrap();
        config.push_str("pdf = false\n");
        std::fs::write(content.join("site.toml"), config).unwrap();
    }
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    copy_tree(&themes, &root.join("themes"));
    for y in 0..years {
        let year = 2000 + y;
        let dir = content.join(year.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_year.md"),
            format!(
                "+++\ntitle = {{ zh = \"{year}年工作回顾\", en = \"{year} in Review\" }}\n\
                 publisher = {{ zh = \"街道党政办\", en = \"Sub-district Office\" }}\n+++\n\n\
                 ::: zh\n{year}年，街道各项工作稳步推进。\n:::\n\n::: en\nIn {year} the sub-district's work moved ahead.\n:::\n"
            ),
        )
        .unwrap();
        for s in 0..sections {
            std::fs::write(
                dir.join(format!("{:02}-section-{s}.md", s + 1)),
                corpus.section(year, s),
            )
            .unwrap();
        }
    }
}

fn section(year: usize, s: usize) -> String {
    let mut text = format!("+++\ntitle = {{ zh = \"第{s}项工作\", en = \"Work area {s}\" }}\n");
    let units = ["个", "户", "人次", "元", "%", "平方米"];
    for (m, unit) in units.iter().enumerate() {
        let value = 1000 + year * 7 + s * 13 + m * 101;
        text.push_str(&format!(
            "\n[metrics.s{s}_m{m}]\nvalue = {value}\nunit = \"{unit}\"\nlabel = {{ zh = \"指标{s}-{m}\", en = \"Metric {s}-{m}\" }}\n{}",
            if m == 0 { "highlight = true\n" } else { "" }
        ));
    }
    text.push_str("+++\n\n::: zh\n");
    for p in 0..3 {
        text.push_str(&format!(
            "## 工作要点{p}\n\n街道深入推进第{s}项工作，完成{{{{ metric(id=\"s{s}_m{p}\") }}}}，\
             群众满意度持续提升。坚持精心谋划、精准发力、精细管理，补短板、攻难题。\n\n\
             - 走访居民区和楼宇\n- 解决群众反映的问题\n- 建立长效机制\n\n"
        ));
    }
    text.push_str("| 项目 | 数量 |\n|---|---|\n| 活动 | 12 |\n| 培训 | 7 |\n:::\n\n::: en\n");
    for p in 0..3 {
        text.push_str(&format!(
            "## Priority {p}\n\nThe sub-district pressed ahead with work area {s}, completing \
             {{{{ metric(id=\"s{s}_m{p}\") }}}}, and residents' satisfaction kept rising. It planned \
             carefully, acted precisely and managed meticulously.\n\n\
             - Visits to neighbourhoods and office towers\n- Problems raised by residents solved\n\
             - Lasting mechanisms set up\n\n"
        ));
    }
    text.push_str("| Item | Count |\n|---|---|\n| Events | 12 |\n| Training | 7 |\n:::\n");
    text
}

/// `hugo version`'s first words, if Hugo is installed.
fn hugo_version() -> Option<String> {
    let output = Command::new("hugo").arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    output.status.success().then_some(version)
}

/// The same site for Hugo: a home per language, an index per year listing its sections, and
/// a page per section and language with the metrics table from front matter, the body
/// (figures cited through a shortcode), a link up to its year and links to the previous and
/// next sections, as nianbao's section pages have: no page lists its year's sections, so
/// no page costs more as a year grows.
fn generate_hugo(root: &Path, years: usize, sections: usize, corpus: Corpus) {
    let _ = std::fs::remove_dir_all(root);
    let layouts = root.join("layouts");
    for dir in ["_default", "shortcodes"] {
        std::fs::create_dir_all(layouts.join(dir)).unwrap();
    }
    let files = [
        (
            "config.toml",
            "baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"zh\"\n\
             defaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\"]\n\
             [languages.zh]\ntitle = \"基准街道年度工作报告\"\nweight = 1\ncontentDir = \"content/zh\"\n\
             [languages.en]\ntitle = \"Benchmark Sub-district Reports\"\nweight = 2\n\
             contentDir = \"content/en\"\n",
        ),
        (
            "layouts/_default/baseof.html",
            "<!DOCTYPE html><html lang=\"{{ .Site.Language.Lang }}\"><head><meta charset=\"utf-8\">\
             <title>{{ .Title }} · {{ .Site.Title }}</title></head><body><header>\
             <a href=\"{{ .Site.Home.RelPermalink }}\">{{ .Site.Title }}</a>\
             {{ range .Translations }}<a href=\"{{ .RelPermalink }}\">{{ .Language.Lang }}</a>{{ end }}\
             </header><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
        ),
        (
            "layouts/_default/list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ol>\
             {{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}\
             </ol>{{ end }}",
        ),
        (
            "layouts/_default/single.html",
            "{{ define \"main\" }}<nav><a href=\"{{ .CurrentSection.RelPermalink }}\">\
             {{ .CurrentSection.Title }}</a></nav>\
             <article><h1>{{ .Title }}</h1>{{ .Content }}<table><tr><th>id</th><th>value</th>\
             <th>unit</th></tr>{{ range $id, $m := .Params.metrics }}<tr><td>{{ $id }}</td>\
             <td>{{ lang.FormatNumber 0 $m.value }}</td><td>{{ $m.unit }}</td></tr>{{ end }}\
             </table><nav>{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\
             {{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav>\
             </article>{{ end }}",
        ),
        (
            "layouts/shortcodes/metric.html",
            "{{ $m := index .Page.Params.metrics (.Get \"id\") }}{{ lang.FormatNumber 0 $m.value }} {{ $m.unit }}",
        ),
    ];
    for (path, text) in files {
        std::fs::write(root.join(path), text).unwrap();
    }
    for lang in ["zh", "en"] {
        let content = root.join("content").join(lang);
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("_index.md"), "+++\ntitle = \"Reports\"\n+++\n").unwrap();
        for y in 0..years {
            let year = 2000 + y;
            let dir = content.join(year.to_string());
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("_index.md"),
                format!("+++\ntitle = \"{year}\"\n+++\n\n{year}.\n"),
            )
            .unwrap();
            for s in 0..sections {
                let ours = corpus.section(year, s);
                let (front, body) = ours[4..].split_once("\n+++\n").unwrap();
                let opening = format!("::: {lang}\n");
                let start = body.find(&opening).unwrap() + opening.len();
                let block = &body[start..start + body[start..].find("\n:::").unwrap()];
                let block = block
                    .replace("{{ metric(id=\"", "{{< metric id=\"")
                    .replace("\") }}", "\" >}}");
                let title = if lang == "zh" {
                    format!("第{s}项工作")
                } else {
                    format!("Work area {s}")
                };
                let front = front.replace(
                    &format!("title = {{ zh = \"第{s}项工作\", en = \"Work area {s}\" }}"),
                    &format!("title = \"{title}\"\nweight = {}", s + 1),
                );
                std::fs::write(
                    dir.join(format!("{:02}-section-{s}.md", s + 1)),
                    format!("+++\n{front}\n+++\n\n{block}\n"),
                )
                .unwrap();
            }
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The floor: read, parse front matter, render each block, write, on every core.
fn floor(site: &Path, out: &Path) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_year.md"))
        .collect();
    let threads = cores();
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in files.chunks(chunk) {
            scope.spawn(move || {
                for path in part {
                    let text = std::fs::read_to_string(path).unwrap();
                    let rest = text.strip_prefix("+++\n").unwrap();
                    let end = rest.find("\n+++\n").unwrap();
                    let front: toml::Table = toml::from_str(&rest[..end]).unwrap();
                    assert!(front.contains_key("title"));
                    let body = &rest[end + 5..];
                    for lang in ["zh", "en"] {
                        let start = body.find(&format!("::: {lang}\n")).unwrap() + 7;
                        let block = &body[start..start + body[start..].find("\n:::").unwrap()];
                        let mut html = String::new();
                        pulldown_cmark::html::push_html(
                            &mut html,
                            pulldown_cmark::Parser::new_ext(
                                block,
                                pulldown_cmark::Options::ENABLE_TABLES,
                            ),
                        );
                        let year = path.parent().unwrap().file_name().unwrap();
                        let name = path.file_stem().unwrap();
                        let dir = out.join(lang).join(year).join(name);
                        std::fs::create_dir_all(&dir).unwrap();
                        std::fs::write(dir.join("index.html"), html).unwrap();
                    }
                }
            });
        }
    });
}
