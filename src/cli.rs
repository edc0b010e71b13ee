//! The command line: flags are parsed into raw structs by clap, validated, and each command
//! runs. Errors come back here and become the exit code: 0 success, 1 content or build
//! error, 2 usage error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::config::{BaseUrl, LinkStyle};
use crate::diagnostics::{Diagnostics, plural};
use crate::site::{self, BuildOptions};

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "Publish a sub-district's yearly work reports as a bilingual website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from content/ into public/
    Build(BuildArgs),
    /// Validate the content and theme; write nothing
    Check(RootArg),
    /// Scaffold next year's report from an earlier one
    New(NewArgs),
}

#[derive(Args)]
struct NewArgs {
    /// The year of the new report, like 2019
    #[arg(value_parser = parse_year)]
    year: u16,
    /// The report to copy sections and metrics from (default: the latest before YEAR)
    #[arg(long, value_name = "YEAR", value_parser = parse_year)]
    from: Option<u16>,
    #[command(flatten)]
    root: RootArg,
}

fn parse_year(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(year) if (1900..=2999).contains(&year) && text.len() == 4 => Ok(year),
        _ => Err(format!("`{text}` is not a year like 2019")),
    }
}

#[derive(Args)]
struct RootArg {
    /// The folder that holds content/ and themes/
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site (default: public/ under the root)
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// The address the site is published at, overriding site.toml
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<BaseUrl>,
    /// `files` links to index.html files, for a site opened from disk (default: site.toml)
    #[arg(long, value_name = "STYLE", value_parser = parse_links)]
    links: Option<LinkStyle>,
}

fn parse_links(text: &str) -> Result<LinkStyle, String> {
    LinkStyle::parse(text).ok_or_else(|| format!("`{text}` is not `directories` or `files`"))
}

fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text).map_err(|why| format!("`{text}` {why}"))
}

/// Runs nianbao with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            eprint!("{problems}");
            ExitCode::from(1)
        }
    }
}

fn build(args: BuildArgs) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.root.root,
        output: args.output,
        base_url: args.base_url,
        links: args.links,
    };
    let report = site::build(&options)?;
    print_warnings(&report.warnings);
    println!(
        "built {} ({}, {} KB) into {} in {} ms",
        plural(report.pages, "page"),
        plural(report.files, "file"),
        report.bytes.div_ceil(1024),
        report.output.display(),
        started.elapsed().as_millis()
    );
    let sizes: Vec<String> = report
        .search_index
        .iter()
        .map(|(lang, bytes)| format!("{lang} {} KB", bytes.div_ceil(1024)))
        .collect();
    println!("search index: {}", sizes.join(", "));
    Ok(())
}

fn check(args: RootArg) -> Result<(), Diagnostics> {
    let (files, warnings) = site::render_in_memory(&args.root, None)?;
    print_warnings(&warnings);
    println!(
        "checked: no errors, {} ({} pages would be built)",
        plural(warnings.warnings().count(), "warning"),
        files.iter().filter(|f| f.path.ends_with(".html")).count()
    );
    Ok(())
}

fn new(args: NewArgs) -> Result<(), Diagnostics> {
    let done = crate::scaffold::create(&args.root.root, args.year, args.from)?;
    println!("created {} from {}:", done.folder.display(), done.from);
    for file in &done.files {
        println!("  {}", file.display());
    }
    println!("to fill in:");
    println!(
        "  - {} (each one's {} value is in a comment above it)",
        plural(done.pending_values, "metric value"),
        done.from
    );
    println!(
        "  - {} in Chinese and English, marked 待填写 / To be written",
        plural(done.placeholder_texts, "text")
    );
    println!("  - the summary in _year.md");
    println!("then run `nianbao check`, and `nianbao build` once it reports no errors");
    Ok(())
}

fn print_warnings(warnings: &Diagnostics) {
    for warning in warnings.warnings() {
        eprintln!("{warning}");
    }
}
