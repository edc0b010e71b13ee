//! The command line: flags are parsed into raw structs by clap, validated, and each command
//! runs. Errors come back here and become the exit code: 0 success, 1 content or build
//! error, 2 usage error.

use std::net::{IpAddr, Ipv4Addr};
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
    /// Validate the content and theme, audit translations, numbers and links; write nothing
    Check(CheckArgs),
    /// Preview the site in a browser; pages reload as files are saved
    Serve(ServeArgs),
    /// Scaffold next year's report from an earlier one
    New(NewArgs),
    /// Turn a report (.txt, .md or .docx) into a new year's section files
    Import(ImportArgs),
    /// Reuse earlier years' English, mark what to review, exchange files with translators
    #[command(subcommand)]
    Translate(TranslateCommand),
}

#[derive(Subcommand)]
enum TranslateCommand {
    /// Fill a year's missing English from earlier years (and a TMX file or an engine)
    Fill(FillArgs),
    /// Accept a year's English as reviewed and record the Chinese it was written for
    Accept(YearArgs),
    /// Write the units to translate as XLIFF 1.2 or xlsx for a translator
    Export(ExportArgs),
    /// Write the English of a translated XLIFF or xlsx file into the content
    Import(ExchangeImportArgs),
}

#[derive(Args)]
struct YearArgs {
    /// The report's year, like 2019
    #[arg(long, value_parser = parse_year)]
    year: u16,
    #[command(flatten)]
    root: RootArg,
}

#[derive(Args)]
struct FillArgs {
    #[command(flatten)]
    year: YearArgs,
    /// An office's translation memory to draw on too (TMX 1.4)
    #[arg(long, value_name = "FILE")]
    tmx: Option<PathBuf>,
    /// A command that translates JSON lines on stdin (see the README); results need review
    #[arg(long, value_name = "COMMAND")]
    engine: Option<String>,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    year: YearArgs,
    /// `xliff` (XLIFF 1.2, for CAT tools) or `xlsx` (a spreadsheet)
    #[arg(long, value_enum)]
    format: crate::translate::exchange::Format,
    /// Every unit, not only the untranslated, stale and unreviewed ones
    #[arg(long)]
    all: bool,
    /// Where to write it (default: translate-YEAR.xlf or .xlsx in the root)
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct ExchangeImportArgs {
    /// The translated file: .xlf/.xliff or .xlsx
    file: PathBuf,
    #[command(flatten)]
    root: RootArg,
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

#[derive(Args)]
struct ImportArgs {
    /// The report: a text (.txt), Markdown (.md) or Word (.docx) file
    file: PathBuf,
    /// The year the report covers, like 2019
    #[arg(long, value_parser = parse_year)]
    year: u16,
    /// The language the report is written in: zh or en
    #[arg(long, value_name = "LANG", default_value = "zh", value_parser = parse_lang)]
    lang: crate::config::Lang,
    /// Print what would be imported; write nothing
    #[arg(long)]
    dry_run: bool,
    /// Import into the year's folder although it exists, if it is empty
    #[arg(long)]
    force: bool,
    /// Which headings start the sections: `1` the outermost, `2` the ones inside them, or
    /// `auto` (a review's themes, the plans as one section)
    #[arg(long, value_name = "LEVEL", default_value = "auto", value_parser = parse_split_at)]
    split_at: crate::importer::SplitAt,
    #[command(flatten)]
    root: RootArg,
}

fn parse_split_at(text: &str) -> Result<crate::importer::SplitAt, String> {
    crate::importer::SplitAt::parse(text)
        .ok_or_else(|| format!("`{text}` is not `auto`, `1` or `2`"))
}

fn parse_lang(text: &str) -> Result<crate::config::Lang, String> {
    crate::config::Lang::from_code(text).ok_or_else(|| format!("`{text}` is not `zh` or `en`"))
}

fn parse_year(text: &str) -> Result<u16, String> {
    let years = crate::content::PLAUSIBLE_YEARS;
    crate::content::plausible_year(text).ok_or_else(|| {
        format!(
            "`{text}` is not a year like 2019 (from {} to {})",
            years.start(),
            years.end()
        )
    })
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    root: RootArg,
    /// How to write the report: `text` for people, `json` for programs
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Fail on warnings too, not only on errors
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// The port to listen on (0: any free port)
    #[arg(long, value_name = "N", default_value_t = 1111)]
    port: u16,
    /// The address to listen on; any but 127.0.0.1 shows the preview to other computers
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
    bind: IpAddr,
}

fn parse_bind(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(Ipv4Addr::LOCALHOST.into());
    }
    text.parse()
        .map_err(|_| format!("`{text}` is not an IP address like 127.0.0.1 or 0.0.0.0"))
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
    /// `directories` links to folders (clean addresses on a server); default `files`, links to
    /// index.html files that also work opened from disk (or site.toml's `links`)
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
    if !matches!(cli.command, Command::Serve(_)) {
        end_quietly_on_a_closed_pipe();
    }
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => crate::serve::serve(&crate::serve::ServeOptions {
            root: args.root.root,
            port: args.port,
            bind: args.bind,
        }),
        Command::New(args) => new(args),
        Command::Import(args) => import(args),
        Command::Translate(command) => translate(command),
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

/// The report is written here; an empty error list tells `main` it needs no repeating.
fn check(args: CheckArgs) -> Result<(), Diagnostics> {
    let report = crate::check::run(&args.root.root);
    match args.format {
        ReportFormat::Text => {
            print!("{}", crate::check::text::tables(&report));
            eprint!("{}", crate::check::text::problems(&report));
            eprintln!("{}", crate::check::text::summary(&report, args.strict));
        }
        ReportFormat::Json => println!("{}", crate::check::json::report(&report, args.strict)),
    }
    match report.passes(args.strict) {
        true => Ok(()),
        false => Err(Diagnostics::new()),
    }
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

fn import(args: ImportArgs) -> Result<(), Diagnostics> {
    let report = crate::importer::run(&crate::importer::Options {
        file: args.file,
        year: args.year,
        lang: args.lang,
        dry_run: args.dry_run,
        force: args.force,
        root: args.root.root,
        split_at: args.split_at,
    })?;
    print!("{report}");
    Ok(())
}

fn translate(command: TranslateCommand) -> Result<(), Diagnostics> {
    use crate::translate::{exchange, fill};
    match command {
        TranslateCommand::Fill(args) => {
            let report = fill::run(&fill::Options {
                root: args.year.root.root,
                year: args.year.year,
                tmx: args.tmx,
                engine: args.engine,
            })?;
            println!(
                "memory: {}; filled {} exactly, {} by the engine; {} suggested, {} left to translate",
                plural(report.memory, "segment"),
                plural(report.exact, "unit"),
                report.machine,
                report.suggested,
                report.left
            );
            for file in &report.files {
                println!("  wrote {file}");
            }
            println!(
                "review the filled English, then run `nianbao translate accept --year {}`",
                args.year.year
            );
        }
        TranslateCommand::Accept(args) => {
            for file in fill::accept(&args.root.root, args.year)? {
                println!("  recorded {file}");
            }
            println!("the English of {} is accepted as reviewed", args.year);
        }
        TranslateCommand::Export(args) => {
            let done = exchange::export(&exchange::ExportOptions {
                root: args.year.root.root,
                year: args.year.year,
                format: args.format,
                all: args.all,
                output: args.output,
            })?;
            println!(
                "wrote {} to {}",
                plural(done.units, "unit"),
                done.path.display()
            );
        }
        TranslateCommand::Import(args) => {
            let done = exchange::import(&args.root.root, &args.file)?;
            for warning in &done.warnings {
                eprintln!("{warning}");
            }
            println!(
                "wrote the English of {} into {}",
                plural(done.units, "unit"),
                plural(done.files.len(), "file")
            );
            for file in &done.files {
                println!("  {file}");
            }
        }
    }
    Ok(())
}

/// `nianbao check | head -1`: once the reader has gone, the report ends without a word, as
/// other command-line tools do, instead of failing on every line it still has to print.
/// (The preview server keeps Rust's default, so a visitor who leaves cannot stop it.)
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn print_warnings(warnings: &Diagnostics) {
    for warning in warnings.warnings() {
        eprintln!("{warning}");
    }
}
