//! The `attend` command line. It parses arguments, calls the library and maps
//! outcomes to exit codes: 0 clean, 1 findings, 2 usage or I/O errors.

use attend::check::{self, CheckOptions};
use attend::compile::{self, CompileError};
use attend::diagnostics::{Code, ci, render};
use attend::engine::{self, RunError, RunOptions};
use attend::regulations::{Regime, Regimes};
use attend::report;
use attend::simulate;
use attend::source::SourceMap;
use attend::syntax;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "attend", version, about = "Check, compile and run school attendance policies")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse policies and check them against the regulations in force on their dates.
    Check {
        /// Policy files, or folders to search for `*.attend` files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1 if there are any).
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
        #[command(flatten)]
        regulations: RegulationArgs,
        /// Check as if today were this date (YYYY-MM-DD); defaults to today.
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Rewrite policies in the canonical layout.
    Fmt {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any would.
        #[arg(long)]
        check: bool,
    },
    /// Compile a school's policy, with its statutory duties, into a rule set (JSON).
    Compile {
        policy: PathBuf,
        /// Write the rule set here instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The school to compile, when the policy holds several.
        #[arg(long)]
        school: Option<String>,
        #[command(flatten)]
        regulations: RegulationArgs,
    },
    /// Run a policy (or a compiled rule set) over register files.
    Run {
        /// A policy file or a rule set written by `attend compile`.
        policy: PathBuf,
        /// Register files: long or wide CSV, or CTF XML (told apart by content).
        #[arg(long = "register", value_name = "FILE", required = true, num_args = 1..)]
        registers: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = RunFormat::Table)]
        format: RunFormat,
        /// Add each pupil's yearly summary.
        #[arg(long)]
        summary: bool,
        /// No progress indicator.
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Simulate a policy over past registers: counts per rule by month and half
    /// term, a what-if comparison with another policy, threshold sweeps, trust runs.
    Simulate {
        /// A policy file or compiled rule set (not with --trust).
        #[arg(required_unless_present = "trust", conflicts_with = "trust")]
        policy: Option<PathBuf>,
        #[arg(long = "register", value_name = "FILE", num_args = 1.., required_unless_present = "trust")]
        registers: Vec<PathBuf>,
        /// Another policy to compare with, on the same registers.
        #[arg(long, value_name = "POLICY")]
        against: Option<PathBuf>,
        /// Vary a rule's threshold: 'rule "NAME" threshold 92%..97% step 1%'.
        #[arg(long, value_name = "SPEC")]
        vary: Option<String>,
        /// Write a self-contained HTML report to this file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// A folder of school policies, for a trust-wide run (with --registers).
        #[arg(long, value_name = "DIR", requires = "registers_dir")]
        trust: Option<PathBuf>,
        /// The folder of registers for --trust; see the README for how files are matched to schools.
        #[arg(long = "registers", value_name = "DIR")]
        registers_dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = SimulateFormat::Text)]
        format: SimulateFormat,
        /// No progress bar.
        #[arg(long)]
        quiet: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Explain a diagnostic code, such as T001 or C101.
    Explain { code: String },
    /// Print the attendance code table of a regime.
    Codes {
        /// The regime by name, such as england-2024.
        #[arg(long)]
        regime: Option<String>,
        /// The regime in force on this date (YYYY-MM-DD); defaults to today.
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
        #[command(flatten)]
        regulations: RegulationArgs,
    },
}

/// How policies and registers are read, for `run` and `simulate`.
#[derive(clap::Args)]
struct ReadArgs {
    /// Skip rows that cannot be read, and report them, instead of stopping.
    #[arg(long)]
    lenient: bool,
    /// Replace pupil ids with stable salted hashes.
    #[arg(long)]
    pseudonymise: bool,
    /// The salt for --pseudonymise (or the ATTEND_SALT environment variable).
    #[arg(long, env = "ATTEND_SALT", hide_env_values = true)]
    salt: Option<String>,
    /// The school to use, when a policy holds several.
    #[arg(long)]
    school: Option<String>,
    #[command(flatten)]
    regulations: RegulationArgs,
}

#[derive(clap::Args)]
struct RegulationArgs {
    /// Load a regime from a TOML file, beside (or instead of, by name) the built-in ones.
    #[arg(long = "regulations", value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SimulateFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RunFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// Writes to standard output. A reader that stops early (`attend run ... | head`)
/// closes the pipe: that ends the output quietly instead of failing.
fn emit(text: &str) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the output: {e}");
    }
}

/// Buffered standard output that stops quietly when the reader goes away.
struct Output {
    writer: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Output {
    fn new() -> Output {
        Output { writer: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()), closed: false }
    }

    fn write(&mut self, text: &str) {
        use std::io::Write;
        if self.closed {
            return;
        }
        if let Err(e) = self.writer.write_all(text.as_bytes()) {
            self.fail(e);
        }
    }

    fn finish(&mut self) {
        use std::io::Write;
        if !self.closed
            && let Err(e) = self.writer.flush()
        {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: std::io::Error) {
        self.closed = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
    }
}

macro_rules! out {
    ($($arg:tt)*) => { emit(&format!($($arg)*)) };
}

macro_rules! outln {
    ($($arg:tt)*) => { emit(&(format!($($arg)*) + "\n")) };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn regimes(args: &RegulationArgs) -> Result<Regimes, String> {
    let mut regimes = Regimes::embedded();
    for file in &args.files {
        regimes.add(Regime::load(file)?);
    }
    Ok(regimes)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check { paths, format, deny, regulations, today: day } => {
            let options = CheckOptions { regimes: regimes(&regulations)?, today: day.unwrap_or_else(today) };
            let files = check::policy_files(&paths).map_err(|e| e.to_string())?;
            let mut sources = SourceMap::new();
            let diagnostics =
                check::check_files(&mut sources, &files, &options).map_err(|e| e.to_string())?;
            match format {
                Format::Human => {
                    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                    out!("{}", render::human(&sources, &diagnostics, colour));
                    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                    outln!(
                        "checked {} file{}: {} error{}, {} warning{}",
                        files.len(),
                        plural(files.len()),
                        errors,
                        plural(errors),
                        diagnostics.len() - errors,
                        plural(diagnostics.len() - errors)
                    );
                }
                Format::Json => outln!("{}", render::json(&sources, &diagnostics)),
                Format::Sarif => outln!("{}", ci::sarif(&sources, &diagnostics)),
                Format::Github => out!("{}", ci::github(&sources, &diagnostics)),
            }
            let failing = diagnostics.iter().any(|d| d.is_error() || deny.is_some());
            Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Fmt { paths, check } => fmt(&paths, check),
        Command::Compile { policy, output, school, regulations } => {
            let rules = match load_rules(&policy, &regulations, school.as_deref())? {
                Ok(rules) => rules,
                Err(code) => return Ok(code),
            };
            let json = serde_json::to_string_pretty(&rules).map_err(|e| e.to_string())? + "\n";
            match output {
                Some(path) => std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?,
                None => out!("{json}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { policy, registers, format, summary, quiet, read } => {
            let ReadArgs { lenient, pseudonymise, salt, school, regulations } = read;
            let rules = match load_rules(&policy, &regulations, school.as_deref())? {
                Ok(rules) => rules,
                Err(code) => return Ok(code),
            };
            let options = RunOptions { lenient };
            let mut pseudonyms = pseudonymise.then(|| report::Pseudonyms::new(salt_or_random(salt)));
            // Table output needs every row to size its columns; JSON lines and
            // CSV are written as pupils are finished.
            let mut writer = Output::new();
            if let RunFormat::Csv = format {
                writer.write(report::CSV_HEADER);
            }
            let mut kept: Vec<engine::Event> = Vec::new();
            let bar = spinner(quiet, "pupils evaluated");
            let mut sink = |events: Vec<engine::Event>| {
                bar.inc(1);
                for mut event in events {
                    if let Some(p) = pseudonyms.as_mut() {
                        p.replace(&mut event.pupil);
                    }
                    match format {
                        RunFormat::Table => kept.push(event),
                        RunFormat::Jsonl => writer.write(&report::jsonl_event(&event)),
                        RunFormat::Csv => writer.write(&report::csv_event(&event)),
                    }
                }
            };
            let result = engine::run(&rules, &registers, &options, &mut sink);
            bar.finish_and_clear();
            let mut output = match result {
                Ok(output) => output,
                Err(RunError::Io(e)) => return Err(e.to_string()),
                Err(RunError::Plan(message)) => return Err(message),
                Err(RunError::Register(problems)) => {
                    if let Some(first) = problems.first() {
                        eprintln!("error: {first}");
                    }
                    let more = problems.total().saturating_sub(1);
                    if more > 0 {
                        eprintln!("({more} more problems; --lenient skips unreadable rows and reports them)");
                    }
                    return Ok(ExitCode::from(1));
                }
            };
            output.events = kept;
            if let Some(p) = pseudonyms.as_mut() {
                p.apply(&mut output);
            }
            match format {
                RunFormat::Table => writer.write(&report::human(&output, summary)),
                RunFormat::Jsonl => writer.write(&report::jsonl_tail(&output, summary)),
                RunFormat::Csv => {
                    writer.write(&report::csv_tail(&output, summary));
                    eprint!(
                        "{}{}",
                        report::quality_text(&output.quality),
                        report::skipped_text(&output.skipped)
                    );
                }
            }
            writer.finish();
            Ok(ExitCode::SUCCESS)
        }
        Command::Simulate {
            policy,
            registers,
            against,
            vary,
            html,
            trust,
            registers_dir,
            format,
            quiet,
            read,
        } => {
            let ReadArgs { lenient, pseudonymise, salt, school, regulations } = read;
            let options = RunOptions { lenient };
            let json = matches!(format, SimulateFormat::Json);
            if let (Some(trust), Some(dir)) = (trust, registers_dir) {
                let regimes = regimes(&regulations)?;
                let bar = progress(quiet, "schools");
                let run = simulate::trust(&trust, &dir, &regimes, &options, &|done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                })
                .map_err(|e| e.to_string())?;
                bar.finish_and_clear();
                out!("{}", if json { to_json(&run)? } else { report::simulate::trust(&run) });
                return Ok(if run.schools.iter().any(|s| s.error.is_some()) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            let policy = policy.ok_or("give a policy, or --trust")?;
            let rules = match load_rules(&policy, &regulations, school.as_deref())? {
                Ok(rules) => rules,
                Err(code) => return Ok(code),
            };
            if let Some(spec) = vary {
                let spec = parse_vary_spec(&spec)?;
                let bar = progress(quiet, "values");
                let points = simulate::sweep(&rules, &spec, &registers, &options, &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                });
                bar.finish_and_clear();
                let points = match points {
                    Ok(points) => points,
                    Err(simulate::sweep::SweepError::Spec(message)) => return Err(message),
                    Err(simulate::sweep::SweepError::Run(e)) => return run_failed(e),
                };
                out!(
                    "{}",
                    if json { to_json(&points)? } else { report::simulate::sweep(&spec.rule, &points) }
                );
                return Ok(ExitCode::SUCCESS);
            }
            let bar = progress(quiet, "policies");
            let mut first = match simulate::simulate(&rules, &registers, &options) {
                Ok(outcome) => outcome,
                Err(e) => return run_failed(e),
            };
            bar.inc(1);
            let mut second = match &against {
                Some(other) => {
                    let other_rules = match load_rules(other, &regulations, school.as_deref())? {
                        Ok(rules) => rules,
                        Err(code) => return Ok(code),
                    };
                    match simulate::simulate(&other_rules, &registers, &options) {
                        Ok(outcome) => Some(outcome),
                        Err(e) => return run_failed(e),
                    }
                }
                None => None,
            };
            bar.finish_and_clear();
            if pseudonymise {
                let mut pseudonyms = report::Pseudonyms::new(salt_or_random(salt));
                for outcome in std::iter::once(&mut first).chain(second.as_mut()) {
                    report::simulate::pseudonymise(outcome, &mut pseudonyms);
                }
            }
            let comparison = second.as_ref().map(|s| simulate::compare(&first, s));
            let names = (
                policy.display().to_string(),
                against.as_ref().map(|a| a.display().to_string()).unwrap_or_default(),
            );
            if let Some(path) = &html {
                let page = report::html::report(
                    &first,
                    second.as_ref().zip(comparison.as_ref()),
                    (&names.0, &names.1),
                );
                std::fs::write(path, page).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            let text = match (&second, &comparison) {
                (Some(second), Some(comparison)) if json => to_json(
                    &serde_json::json!({ "first": first, "second": second, "comparison": comparison }),
                )?,
                (Some(second), Some(comparison)) => {
                    report::simulate::comparison(&first, second, comparison, (&names.0, &names.1))
                }
                _ if json => to_json(&first)?,
                _ => report::simulate::outcome(&first),
            };
            out!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { code } => {
            let Some(code) = Code::from_id(&code) else {
                return Err(format!(
                    "there is no diagnostic code \"{code}\"; codes look like P001, T003 or C101"
                ));
            };
            out!("{}", check::explain(code, &Regimes::embedded()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Codes { regime, on, regulations } => {
            let regimes = regimes(&regulations)?;
            let chosen = match (&regime, on) {
                (Some(name), _) => regimes.named(name).ok_or_else(|| {
                    format!("there is no regime \"{name}\"; known: {}", regimes.names().join(", "))
                })?,
                (None, date) => {
                    let date = date.unwrap_or_else(today);
                    regimes.in_force_on(date).ok_or_else(|| format!("no regime is in force on {date}"))?
                }
            };
            out!("{}", attend::regulations::code_table(chosen, on));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The rule set of a policy or rule-set file. A policy with errors has its
/// diagnostics printed and gives exit status 1 (`Ok(Err(code))`); I/O and
/// usage problems are `Err`.
fn load_rules(
    policy: &std::path::Path,
    regulations: &RegulationArgs,
    school: Option<&str>,
) -> Result<Result<attend::compile::RuleSet, ExitCode>, String> {
    match compile::load(policy, &regimes(regulations)?, school) {
        Ok(rules) => Ok(Ok(rules)),
        Err(CompileError::Other(message)) => Err(message),
        Err(CompileError::Policy(sources, diagnostics)) => {
            eprint!("{}", render::human(&sources, &diagnostics, std::io::stderr().is_terminal()));
            eprintln!("error: {} has errors; `attend check` explains them", policy.display());
            Ok(Err(ExitCode::from(1)))
        }
    }
}

fn to_json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn salt_or_random(salt: Option<String>) -> String {
    salt.unwrap_or_else(|| {
        eprintln!("note: no --salt given; pseudonyms are stable only within this run");
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        format!("{nanos:x}")
    })
}

/// A progress bar on standard error: drawn only when it is a terminal, and
/// not with --quiet.
fn progress(quiet: bool, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template(&format!("{{spinner}} {{pos}}/{{len}} {unit} {{wide_bar}} {{elapsed}}"))
    {
        bar.set_style(style);
    }
    bar
}

/// A spinner with a count and the time taken, for runs longer than a moment;
/// drawn only on a terminal and not with --quiet.
fn spinner(quiet: bool, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template(&format!("{{spinner}} {{pos}} {what} {{elapsed}}")) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn parse_vary_spec(spec: &str) -> Result<attend::syntax::VarySpec, String> {
    let mut sources = SourceMap::new();
    let file = sources.add("--vary", spec.to_string());
    attend::syntax::parse_vary(file, spec).map_err(|d| {
        let shown = render::human(&sources, &[*d], false);
        format!("cannot read --vary; write it like 'rule \"attendance concern letter\" threshold 92%..97% step 1%'\n{shown}")
    })
}

fn run_failed(error: RunError) -> Result<ExitCode, String> {
    match error {
        RunError::Io(e) => Err(e.to_string()),
        RunError::Plan(message) => Err(message),
        RunError::Register(problems) => {
            if let Some(first) = problems.first() {
                eprintln!("error: {first}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn fmt(paths: &[PathBuf], check_only: bool) -> Result<ExitCode, String> {
    let files = check::policy_files(paths).map_err(|e| e.to_string())?;
    let mut sources = SourceMap::new();
    let mut failed = false;
    for path in &files {
        let (file, problem) =
            syntax::load(&mut sources, path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = match problem {
            Some(p) => Err(vec![p]),
            None => syntax::parse(file, &sources.file(file).text),
        };
        let tree = match parsed {
            Ok(tree) => tree,
            Err(diagnostics) => {
                eprint!("{}", render::human(&sources, &diagnostics, std::io::stderr().is_terminal()));
                failed = true;
                continue;
            }
        };
        let text = &sources.file(file).text;
        let formatted = syntax::format::format(&tree, text);
        if formatted == *text {
            continue;
        }
        if check_only {
            outln!("would reformat {}", path.display());
            failed = true;
        } else {
            std::fs::write(path, &formatted).map_err(|e| format!("{}: {e}", path.display()))?;
            outln!("formatted {}", path.display());
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
