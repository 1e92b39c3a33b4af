//! Errors of the application layer, and the one place that maps them to exit codes.

use std::io;
use std::path::PathBuf;

use crate::catalog::LoadError;
use crate::history::HistoryError;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const ERROR: i32 = 1;
    pub const USAGE: i32 = 2;
    /// Interrupted by a signal: 128 plus its number (130 SIGINT, 129 SIGHUP, 143 SIGTERM).
    pub const SIGNAL_BASE: i32 = 128;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Answers(#[from] crate::answers::AnswersError),
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
    #[error(transparent)]
    Progress(#[from] crate::quiz::progress::ProgressError),
    #[error("no questionnaire `{id}`; known: {}\n  help: `balance list` shows them", .known.join(", "))]
    UnknownQuestionnaire { id: String, known: Vec<String> },
    #[error("the quiz needs a terminal to ask its questions.\n  help: pass answers with --answers FILE (a JSON or TOML map from item id to answer; `-` reads standard input); `balance show ID` lists the item ids")]
    NeedsTerminal,
    #[error("there is no interrupted quiz to resume\n  help: start one with `balance quiz`")]
    NothingToResume,
    #[error("no answers given: every statement was skipped, so there is nothing to score\n  help: answer at least two thirds of a questionnaire's statements")]
    NoAnswers,
    #[error("cannot find your home directory\n  help: set BALANCE_HOME to the folder balance should use")]
    NoHome,
    #[error("forgetting {count} result(s) needs confirmation\n  help: add --yes to confirm without a terminal")]
    NeedsConfirmation { count: usize },
    #[error("{0} holds a single result, which would count as yours in your history\n  help: add --yes if it is yours; a partner's result belongs in `balance compare latest FILE`")]
    ImportNeedsConfirmation(String),
    #[error("cannot ask at the terminal: {0}")]
    Prompt(#[source] io::Error),
    #[error("cannot watch for Ctrl-C and other signals: {0}")]
    Signals(#[source] io::Error),
    /// `--output -` where standard output already carries something else.
    #[error("--output -: {taken}\n  help: {help}")]
    StdoutTaken {
        taken: &'static str,
        help: &'static str,
    },
    #[error("the answers so far could not be saved")]
    ProgressNotSaved,
    #[error(transparent)]
    Reference(#[from] crate::reference::ReferenceError),
    /// A `--practice` or `--note` that cannot be kept.
    #[error(transparent)]
    Practice(#[from] crate::practice::PracticeError),
    #[error(transparent)]
    OutputFile(#[from] crate::files::OutputError),
    #[error("{name}: {source}")]
    Schema {
        name: String,
        source: crate::result::SchemaError,
    },
    #[error("{0} (not a balance result)\n  help: give a file written by `balance quiz --json`, `--output` or `balance export`")]
    NotAResult(String),
    #[error("{name}: {reason}")]
    TooLarge { name: String, reason: String },
    #[error("{name}: a result's id is {id}, not one word\n  help: balance writes each id as one word (a UUID); an id that is empty or holds spaces or line breaks cannot be named to `report` or `forget`, and a line break in one would pose as a line of balance's own")]
    BadResultId { name: String, id: String },
    #[error("{name}: unknown export schema `{schema}` (expected balance.export/v1)")]
    UnknownExport { name: String, schema: String },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
    /// Ended by a signal after saving what there was to save; the person has been told.
    #[error("interrupted by signal {0}")]
    Interrupted(i32),
}

impl Error {
    /// The exit code: the one place where errors become codes.
    pub fn code(&self) -> i32 {
        match self {
            Error::UnknownQuestionnaire { .. }
            | Error::NeedsTerminal
            | Error::NeedsConfirmation { .. }
            | Error::ImportNeedsConfirmation(_)
            | Error::StdoutTaken { .. }
            | Error::Practice(_) => exit::USAGE,
            Error::Interrupted(signal) => exit::SIGNAL_BASE + signal,
            _ => exit::ERROR,
        }
    }

    /// True when the reader of our output went away (`| head`): we end quietly.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Error::Output(e) | Error::Batch(crate::batch::BatchError::Write(e)) => e,
            _ => return false,
        };
        io.kind() == io::ErrorKind::BrokenPipe
    }

    /// True when the person has already been told everything (an interrupted quiz).
    pub fn is_reported(&self) -> bool {
        matches!(self, Error::Interrupted(_))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
