//! Build speed, measured as a visitor of the project would: synthetic bilingual report sites
//! of four sizes (years × sections), each built from scratch by the real `nianbao` binary,
//! several times, reporting the median and spread of wall time and the peak memory. A
//! "floor" program runs on the same sites: it only reads each section, parses its front
//! matter, renders its language blocks with pulldown-cmark and writes one file per section
//! and language, in parallel; nianbao aims to stay within twice its time.
//!
//! Run: `cargo bench --bench build_speed` (all sizes), or with sizes and runs:
//! `cargo bench --bench build_speed -- 1x10 20x25 --runs 7 --out /dev/shm`; `--keep` keeps
//! the generated sites (for profiling).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

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
            "--bench" => {}
            "--keep" => keep = true,
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
    println!(
        "output on {} · {runs} runs each · {} cores",
        out.display(),
        cores()
    );
    println!(
        "| site | pages | nianbao median (min–max) | peak | floor median (min–max) | peak | ratio |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (years, sections) in sizes {
        let site = std::env::temp_dir().join(format!("nianbao-bench-{years}x{sections}"));
        generate(&site, years, sections);
        let public = out.join(format!("nianbao-bench-public-{years}x{sections}"));
        let floor_out = out.join(format!("nianbao-bench-floor-{years}x{sections}"));
        let ours = measure(runs, || {
            let _ = std::fs::remove_dir_all(&public);
            let mut command = Command::new(&nianbao);
            command
                .arg("build")
                .arg("--root")
                .arg(&site)
                .arg("--output")
                .arg(&public);
            command
        });
        let base = measure(runs, || {
            let _ = std::fs::remove_dir_all(&floor_out);
            let mut command = Command::new(&me);
            command.arg("--floor").arg(&site).arg(&floor_out);
            command
        });
        let pages = count_html(&public);
        println!(
            "| {years} × {sections} | {pages} | {} | {} | {} | {} | {:.1}× |",
            ours.describe(),
            mib(ours.peak_kib),
            base.describe(),
            mib(base.peak_kib),
            ours.median().as_secs_f64() / base.median().as_secs_f64()
        );
        let _ = std::fs::remove_dir_all(&public);
        let _ = std::fs::remove_dir_all(&floor_out);
        if keep {
            println!("kept the {years} × {sections} site in {}", site.display());
        } else {
            let _ = std::fs::remove_dir_all(&site);
        }
    }
}

struct Runs {
    times: Vec<Duration>,
    peak_kib: i64,
}

impl Runs {
    fn median(&self) -> Duration {
        self.times[self.times.len() / 2]
    }

    fn describe(&self) -> String {
        format!(
            "{} ({}–{})",
            seconds(self.median()),
            seconds(self.times[0]),
            seconds(*self.times.last().unwrap())
        )
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mib(kib: i64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs the command `runs` times; wall times sorted, and the largest peak resident size.
fn measure(runs: usize, mut command: impl FnMut() -> Command) -> Runs {
    let mut times = Vec::new();
    let mut peak_kib = 0;
    for _ in 0..runs {
        let mut command = command();
        command.stdout(std::process::Stdio::null());
        let started = Instant::now();
        // Reaped by `wait4` below, which also reports its peak memory.
        #[allow(clippy::zombie_processes)]
        let child = command.spawn().expect("the command starts");
        let (status, rss) = wait_with_rusage(child.id() as i32);
        times.push(started.elapsed());
        assert!(status == 0, "the build failed");
        peak_kib = peak_kib.max(rss);
    }
    times.sort();
    Runs { times, peak_kib }
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

/// Writes a synthetic site: `years` reports of `sections` sections, each with six metrics
/// and a body of headings, a list, a table and paragraphs in both languages.
fn generate(root: &Path, years: usize, sections: usize) {
    let _ = std::fs::remove_dir_all(root);
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("site.toml"),
        "title = { zh = \"基准街道年度工作报告\", en = \"Benchmark Sub-district Reports\" }\n\
         base_url = \"https://example.org/\"\n",
    )
    .unwrap();
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
                section(year, s),
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
