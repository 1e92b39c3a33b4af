//! Errors of the application layer and the exit codes they map to.

use std::io;
use std::path::PathBuf;

use crate::catalog::LoadError;
use crate::history::HistoryError;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const ERROR: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const INTERRUPTED: i32 = 130;
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
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Interrupted => exit::INTERRUPTED,
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
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Output(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
