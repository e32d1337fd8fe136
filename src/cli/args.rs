//! The command line's arguments (clap).

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "attend", version, about = "Check, compile and run school attendance policies")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Judge the policies as at this date (YYYY-MM-DD), against the regulations
        /// in force then, as for a past inspection; defaults to today.
        #[arg(long = "as-of", visible_alias = "today", value_name = "DATE")]
        today: Option<NaiveDate>,
        #[command(flatten)]
        selection: SelectionArgs,
        /// The folder `extends` may read from. Defaults to the folder given to
        /// check, or else each policy's own folder; nothing outside it is read.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Rewrite policies in the canonical layout.
    Fmt {
        /// Files or folders; `-` formats standard input to standard output.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any would.
        #[arg(long)]
        check: bool,
        /// Change nothing; show what would change as a unified diff, and exit 1 if anything would.
        #[arg(long, conflicts_with = "check")]
        diff: bool,
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
    /// Run policy tests (`*.attend-test` files): what each policy must and must not do.
    Test {
        /// Test files, or folders to search for them (default: the current folder).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = TestFormat::Text)]
        format: TestFormat,
        /// The folder a test file's policy may be in (default: the test file's own).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Say what the tests exercise: each rule fired and held back, and each
        /// threshold, window and time moved one step noticed.
        #[arg(long)]
        coverage: bool,
        /// Fail when less of a policy's rules, lateness lines, definitions and
        /// duties are both fired and held back than this, such as 90%.
        #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
        coverage_min: Option<u32>,
        #[command(flatten)]
        regulations: RegulationArgs,
    },
    /// Why a pupil's rules fired: each firing's measured values, windows, the
    /// marks counted by code, why it fired that day, and where the rule is written.
    Why(WhyArgs),
    /// Simulate a policy over past registers: counts per rule by month and half
    /// term, a what-if comparison with another policy, threshold sweeps, trust runs.
    Simulate(SimulateArgs),
    /// Explain a diagnostic code, such as T001 or C101; with no code, list them all.
    Explain { code: Option<String> },
    /// Write the school's attendance policy for parents and inspectors, from its rules.
    Doc {
        /// The school's policy file.
        policy: PathBuf,
        #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
        format: DocFormat,
        /// Write the document here instead of to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The school to write about, when the policy holds several.
        #[arg(long)]
        school: Option<String>,
        #[command(flatten)]
        regulations: RegulationArgs,
        /// Write as at this date (YYYY-MM-DD), with the law in force then; defaults to today.
        #[arg(long = "as-of", visible_alias = "today", value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Serve editors over standard input and output (the Language Server
    /// Protocol): diagnostics as you type, hover, formatting, symbols,
    /// definitions and completion.
    Lsp {
        #[command(flatten)]
        regulations: RegulationArgs,
        /// Judge policies as at this date (YYYY-MM-DD); defaults to today.
        #[arg(long = "as-of", visible_alias = "today", value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Print a completion script for a shell: `attend completions bash > /etc/bash_completion.d/attend`.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff): `attend man > attend.1`.
    Man,
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

/// The arguments of `attend why`.
#[derive(clap::Args)]
pub struct WhyArgs {
    /// A policy file or a rule set written by `attend compile`.
    pub policy: PathBuf,
    /// Register files: long or wide CSV, or CTF XML (told apart by content).
    #[arg(long = "register", value_name = "FILE", required_unless_present = "finding", num_args = 1..)]
    pub registers: Vec<PathBuf>,
    /// The pupil, by the id the register gives.
    #[arg(long, required_unless_present = "finding")]
    pub pupil: Option<String>,
    /// Instead of a pupil's firings: the policy's compliance findings of
    /// this code (such as C101): the statement, the finding and the provision.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["registers", "pupil", "rule", "date", "lenient", "map", "pupils", "records"])]
    pub finding: Option<String>,
    /// The day the policy is judged on, for --finding (default: today).
    #[arg(long, value_name = "DATE", requires = "finding")]
    pub as_of: Option<NaiveDate>,
    /// Only this rule's firings, by its name.
    #[arg(long)]
    pub rule: Option<String>,
    /// Only the firings on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub input: InputArgs,
    /// The school to use, when a policy holds several.
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub regulations: RegulationArgs,
}

/// How `attend doc` writes the policy.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DocFormat {
    Markdown,
    Html,
}

/// The arguments of `attend simulate`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// A policy file or compiled rule set (not with --trust).
    #[arg(required_unless_present = "trust", conflicts_with = "trust")]
    pub policy: Option<PathBuf>,
    #[arg(long = "register", value_name = "FILE", num_args = 1.., required_unless_present = "trust")]
    pub registers: Vec<PathBuf>,
    /// Another policy to compare with, on the same registers.
    #[arg(long, value_name = "POLICY", conflicts_with_all = ["trust", "vary"])]
    pub against: Option<PathBuf>,
    /// Vary a rule's threshold: 'rule "NAME" threshold 92%..97% step 1%'.
    #[arg(long, value_name = "SPEC", conflicts_with = "trust")]
    pub vary: Option<String>,
    /// Write a self-contained HTML report to this file (not with --trust or --vary).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["trust", "vary"])]
    pub html: Option<PathBuf>,
    /// A folder of school policies, for a trust-wide run (with --registers).
    #[arg(long, value_name = "DIR", requires = "registers_dir")]
    pub trust: Option<PathBuf>,
    /// The folder of registers for --trust; see the README for how files are matched to schools.
    #[arg(long = "registers", value_name = "DIR")]
    pub registers_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Break every count down by a pupil attribute: year, sen, fsm, cp, cin,
    /// or another column of the pupils file.
    #[arg(long, value_name = "ATTRIBUTE", conflicts_with_all = ["trust", "vary", "against"])]
    pub by: Option<String>,
    /// The smallest group shown in a breakdown (--by) or compared by a report
    /// naming the group with the best attendance; smaller groups are hidden.
    #[arg(long, value_name = "N", default_value_t = attend::simulate::SMALLEST_SHOWN)]
    pub smallest_group: usize,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How registers are read and what is read beside them, for `run`,
/// `simulate` and `why`.
#[derive(clap::Args)]
pub struct InputArgs {
    /// Skip rows that cannot be read, and report them, instead of stopping.
    #[arg(long)]
    pub lenient: bool,
    /// A mapping file (TOML) for CSV registers exported by a school's system:
    /// column names, date format, no-mark symbols, session words, sub-codes.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// A CSV file of pupil details: year group, SEN, free school meals, plans,
    /// admission and leaving dates, and any other column as an attribute.
    #[arg(long, value_name = "FILE")]
    pub pupils: Option<PathBuf>,
    /// A CSV file of what the school recorded of pupils outside the register
    /// (columns pupil, date, record), counted by `records("...")` in a policy.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
}

/// How policies and registers are read, for `run` and `simulate`.
#[derive(clap::Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Replace pupil ids with stable salted hashes.
    #[arg(long)]
    pub pseudonymise: bool,
    /// The salt for --pseudonymise (or the ATTEND_SALT environment variable).
    #[arg(long, env = "ATTEND_SALT", hide_env_values = true)]
    pub salt: Option<String>,
    /// The school to use, when a policy holds several.
    #[arg(long)]
    pub school: Option<String>,
    #[command(flatten)]
    pub regulations: RegulationArgs,
}

/// Which compliance checks `attend check` runs. The language's diagnostics
/// (P, T and N codes) are always reported: a policy that does not make sense
/// cannot be checked.
#[derive(clap::Args)]
pub struct SelectionArgs {
    /// Run only these compliance checks: codes or prefixes, such as C101,C4 or
    /// C2. Parse, type and name errors (P, T, N) are always reported.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these compliance checks: codes or prefixes, such as C703 or C7.
    /// Wins over --select.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(clap::Args)]
pub struct RegulationArgs {
    /// Load a regime from a TOML file, beside (or instead of, by name) the built-in ones.
    #[arg(long = "regulations", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Reports for people (text) or programs (JSON).
#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TestFormat {
    Text,
    Json,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RunFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// A percentage such as `90%` or `87.5`, in hundredths.
fn parse_percent(text: &str) -> Result<u32, String> {
    let number = text.trim().trim_end_matches('%');
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |d: &str| d.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return Err(format!("`{text}` is not a percentage like 90% or 87.5%"));
    }
    let whole: u32 = whole.parse().map_err(|_| format!("`{text}` is too large"))?;
    let fraction: u32 = format!("{fraction:0<2}").parse().unwrap_or(0);
    let hundredths = whole.saturating_mul(100).saturating_add(fraction);
    if hundredths > 10_000 {
        return Err(format!("`{text}` is more than 100%"));
    }
    Ok(hundredths)
}
