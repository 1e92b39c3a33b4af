//! The command line: what each command takes, checked by clap before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::timeframe::{Bound, Interval};

#[derive(Debug, Parser)]
#[command(
    name = "balance",
    version,
    about = "See how you balance closeness and independence in a relationship",
    long_about = "balance asks short questionnaires about clinginess, hyper-independence and \
attachment, scores them, shows where you stand, and recommends strategies traced to the \
articles they come from. It is a tool for self-reflection, not a diagnosis. Your answers \
stay on this computer.",
    after_help = "Exit codes: 0 ok, 1 error, 2 usage, 130 interrupted (129 hangup, 143 terminated)."
)]
pub struct Cli {
    /// Load extra questionnaire and strategy files from this folder (default:
    /// $BALANCE_QUESTIONNAIRES, where an empty value counts as unset).
    #[arg(long, global = true, value_name = "DIR")]
    pub questionnaires: Option<PathBuf>,

    /// Plain text: no colour, no box drawing (for screen readers and logs).
    #[arg(long, global = true)]
    pub plain: bool,

    /// Never show long output through a pager ($PAGER, `less -R` by default).
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// True for the long outputs a person reads, which a terminal shows through a pager.
    pub fn pages(&self) -> bool {
        !self.no_pager
            && match &self.command {
                Command::Report(args) => args.html.is_none(),
                Command::Strategies(args) | Command::Trend(args) => !args.json,
                Command::Show(args) => !args.json,
                Command::History(args) => !args.json,
                _ => false,
            }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Take the assessment (all questionnaires, or the ones named).
    #[command(
        after_long_help = "Examples:\n  balance quiz\n  balance quiz attachment\n  balance quiz --short\n  balance quiz --resume\n  balance quiz --answers answers.json --json --no-save"
    )]
    Quiz(QuizArgs),
    /// The short check-in, with the change since the last one.
    #[command(
        after_long_help = "Examples:\n  balance checkin\n  balance due --every 7d && balance checkin\n  balance checkin --answers week.toml"
    )]
    Checkin(CheckinArgs),
    /// Show the report of a saved result (a JSON file, or latest, first, latest~1, an id).
    #[command(
        after_long_help = "Examples:\n  balance report\n  balance report result.json\n  balance report latest~1"
    )]
    Report(ReportArgs),
    /// List the questionnaires, their item counts and where each was loaded from.
    #[command(after_long_help = "Examples:\n  balance list\n  balance list --json")]
    List(JsonFlag),
    /// Show a questionnaire's items.
    #[command(
        after_long_help = "Examples:\n  balance show clinginess\n  balance show attachment --json"
    )]
    Show(ShowArgs),
    /// Check questionnaire and strategy files, reporting every problem.
    #[command(
        after_long_help = "Examples:\n  balance validate my-questionnaire.toml\n  balance validate questionnaires/*.toml"
    )]
    Validate(ValidateArgs),
    /// The strategy library, with sources.
    #[command(
        after_long_help = "Examples:\n  balance strategies\n  balance strategies --json | jq '.[].id'"
    )]
    Strategies(JsonFlag),
    /// Print the JSON Schema of the result document.
    #[command(after_long_help = "Examples:\n  balance schema > balance.result.v1.schema.json")]
    Schema,
    /// Saved results.
    #[command(
        after_long_help = "Examples:\n  balance history\n  balance history --since 30d --json\n  balance history --limit 5"
    )]
    History(HistoryArgs),
    /// Scores over time, with the trail on the attachment map.
    #[command(after_long_help = "Examples:\n  balance trend\n  balance trend --json")]
    Trend(JsonFlag),
    /// Exit 0 when a check-in is due (no result newer than --every), 1 when not.
    #[command(
        after_long_help = "Examples:\n  balance due --every 7d && balance checkin\n  balance due --every 2w --verbose"
    )]
    Due(DueArgs),
    /// Compare two results: yours at two times, or yours and a partner's.
    #[command(
        after_long_help = "Examples:\n  balance compare first latest\n  balance compare latest partner.json\n  balance compare latest~1 latest --json"
    )]
    Compare(CompareArgs),
    /// Write the whole history as one JSON document.
    #[command(
        after_long_help = "Examples:\n  balance export > backup.json\n  balance export --output backup.json"
    )]
    Export(ExportArgs),
    /// Add results from an export or a result file, skipping ids already present.
    #[command(after_long_help = "Examples:\n  balance import backup.json")]
    Import(ImportArgs),
    /// Delete saved results: all, those before a date, or one id.
    #[command(
        after_long_help = "Examples:\n  balance forget --before 2026-01-01\n  balance forget 0193a5c2-...\n  balance forget --all --yes"
    )]
    Forget(ForgetArgs),
    /// Print where history, config and questionnaires live.
    #[command(
        after_long_help = "Examples:\n  balance paths\n  balance paths --json | jq -r .history"
    )]
    Paths(JsonFlag),
    /// Print a shell completion script.
    #[command(
        after_long_help = "Examples:\n  balance completions bash > ~/.local/share/bash-completion/completions/balance\n  balance completions zsh > ~/.zfunc/_balance\n  balance completions fish > ~/.config/fish/completions/balance.fish"
    )]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_long_help = "Examples:\n  balance man > ~/.local/share/man/man1/balance.1")]
    Man,
    /// Score many respondents from CSV or JSON Lines, with scale statistics.
    #[command(
        after_long_help = "Examples:\n  balance score answers.csv > scores.csv\n  balance score answers.csv --stats\n  balance score answers.jsonl --json --output scores.jsonl\n  balance score answers.csv --stats --json --output scores.csv\n  balance score bfi.csv --missing -99 --questionnaire attachment\n  balance score export.csv --delimiter ';' --id-column id"
    )]
    Score(ScoreArgs),
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// A CSV or JSON Lines file of answers (`-`: standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The input format (default: from the file's extension, CSV for standard input).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the scored rows to this file (atomically), as JSON Lines for `.jsonl`, `.ndjson`
    /// or `.json` and CSV otherwise; `-` is standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// JSON statistics instead of tables; rows on standard output as JSON Lines instead of CSV.
    #[arg(long)]
    pub json: bool,
    /// Print scale statistics (alpha, item-total correlations) instead of the rows; the rows
    /// still go to --output.
    #[arg(long)]
    pub stats: bool,
    /// Stop at the first bad row instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Leave rows that raise a response-quality flag out of the statistics (they are still
    /// scored and written, with their flags).
    #[arg(long)]
    pub exclude_flagged: bool,
    /// Score this questionnaire (repeatable; default: those with items in the header).
    #[arg(long, value_name = "ID")]
    pub questionnaire: Vec<String>,
    /// Cells meaning a skipped answer, besides the empty cell and `NA` (e.g. `--missing -99 .`).
    #[arg(long, value_name = "CODE", num_args = 1.., value_delimiter = ',', allow_negative_numbers = true)]
    pub missing: Vec<String>,
    /// The CSV delimiter: `,`, `;`, `tab` or any one character (default: detected from the header).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// The column naming each respondent (default: `respondent`, or R's row names).
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Make columns that are not items an error instead of a notice.
    #[arg(long)]
    pub strict_columns: bool,
    /// The format of the rows (default: from --output's extension, else CSV, or JSON Lines with --json).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<FormatArg>,
}

/// A file format as the command line names it; the library's `batch::Format` knows nothing
/// of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Csv,
    Jsonl,
}

impl From<FormatArg> for crate::batch::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Csv => crate::batch::Format::Csv,
            FormatArg::Jsonl => crate::batch::Format::Jsonl,
        }
    }
}

/// A delimiter given by name or as one ASCII character.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        _ => match text.as_bytes() {
            [byte] if byte.is_ascii() && *byte != b'"' && *byte != b'\n' => Ok(*byte),
            _ => Err("use one ASCII character, or `tab`".to_string()),
        },
    }
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ResultOutput {
    /// Print the result as JSON instead of the report.
    #[arg(long)]
    pub json: bool,
    /// Also write the result as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not save the result to the history.
    #[arg(long)]
    pub no_save: bool,
    /// Answer from a JSON or TOML file mapping item ids to answers (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[command(flatten)]
    pub practice: PracticeArgs,
}

/// The practice loop without a terminal; at one, what these leave out is asked.
#[derive(Debug, Args)]
#[command(next_help_heading = "Practice loop")]
pub struct PracticeArgs {
    /// The practice to try before the next check-in: a strategy's id and a practice's number
    /// as `balance strategies` lists them (open-communication:2), or `none`.
    #[arg(long, value_name = "STRATEGY_ID:N")]
    pub practice: Option<String>,
    /// Whether you tried the practice chosen last time.
    #[arg(long, value_enum, value_name = "ANSWER")]
    pub tried: Option<TriedArg>,
    /// A line on anything that might explain a change since last time.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriedArg {
    /// Tried it.
    Yes,
    /// Tried some of it.
    Partly,
    /// Not yet.
    No,
}

impl From<TriedArg> for crate::practice::Tried {
    fn from(answer: TriedArg) -> Self {
        match answer {
            TriedArg::Yes => crate::practice::Tried::Yes,
            TriedArg::Partly => crate::practice::Tried::Partly,
            TriedArg::No => crate::practice::Tried::No,
        }
    }
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Questionnaires to take (default: all).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The short check-in form.
    #[arg(long)]
    pub short: bool,
    /// Continue a paused quiz or check-in (a check-in resumes as a check-in).
    #[arg(long, conflicts_with_all = ["answers", "ids", "short"])]
    pub resume: bool,
    /// How many strategies to recommend.
    #[arg(long, default_value_t = crate::recommend::DEFAULT_LIMIT, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub result: ResultOutput,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Continue a paused check-in (or quiz).
    #[arg(long, conflicts_with = "answers")]
    pub resume: bool,
    #[command(flatten)]
    pub result: ResultOutput,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A result file (`-`: standard input) or a history reference.
    #[arg(default_value = "latest", value_name = "RESULT")]
    pub result: String,
    /// Write a self-contained HTML report, with the trend over the history, to this file
    /// (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Leave your notes and practices out of the HTML report (for sharing it).
    #[arg(long, requires = "html")]
    pub no_notes: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The questionnaire's id (`balance list` shows them).
    pub id: String,
    /// Print the questionnaire as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Questionnaire or strategy files, checked on top of everything balance loads.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print the results as a JSON array (oldest first) for scripts.
    #[arg(long)]
    pub json: bool,
    /// Only results from this date (YYYY-MM-DD) or this long ago (30d, 2w, 12h).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<Bound>,
    /// Only results up to this date or this long ago.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<Bound>,
    /// Only the last N results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// How often a check-in is wanted (7d, 2w, 12h).
    #[arg(long, value_name = "INTERVAL")]
    pub every: Interval,
    /// Say why it is or is not due.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A result file or history reference (latest, first, latest~N, an id).
    pub a: String,
    /// The result to compare it with, named the same ways.
    pub b: String,
    /// Print the comparison as JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An export (`balance export`), a JSON list of results, or one result file.
    pub file: PathBuf,
    /// Add a single result without asking whether it is yours.
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Forget every result.
    #[arg(long, conflicts_with_all = ["before", "id"], required_unless_present_any = ["before", "id"])]
    pub all: bool,
    /// Forget results taken before this date (YYYY-MM-DD) or this long ago (30d).
    #[arg(long, conflicts_with = "id", value_name = "WHEN")]
    pub before: Option<Bound>,
    /// Forget this result: an id or its first characters (as `history` shows it), latest,
    /// first or latest~N.
    #[arg(value_name = "RESULT")]
    pub id: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
}
