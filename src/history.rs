//! The history store: one `balance.result/v1` document per line of `history.jsonl`.
//!
//! Every change happens under an exclusive lock on a separate lock file (a lock on the data
//! file itself would be lost when `forget` renames a new file over it). Appends are one write
//! each, flushed to disk before success is reported; only `forget` rewrites the file, through
//! a temporary file and a rename.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::result::{check_schema, ResultDoc, SchemaError};

const FILE_NAME: &str = "history.jsonl";
const LOCK_NAME: &str = "history.lock";

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot use the history at {path}: {source}\n  help: check that the directory is yours and writable, or set BALANCE_HOME")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}:{line}: refusing to read the history: {reason}")]
    Newer {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// A line that could not be read as a result; reported, skipped, and never removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub line: usize,
    pub error: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Oldest first, as written.
    pub results: Vec<ResultDoc>,
    pub damaged: Vec<Damaged>,
}

#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
}

/// One line of the file, read for a rewrite: kept as written unless `forget` drops it.
enum Line {
    Result(Box<ResultDoc>, String),
    Damaged(String),
}

impl History {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        History { dir: dir.into() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn io_error(&self, source: io::Error) -> HistoryError {
        HistoryError::Io {
            path: self.path(),
            source,
        }
    }

    /// Adds one result at the end, durably.
    pub fn append(&self, doc: &ResultDoc) -> Result<(), HistoryError> {
        let mut line = serde_json::to_string(doc).map_err(|e| self.io_error(e.into()))?;
        line.push('\n');
        let _lock = self.lock(Lock::Exclusive)?;
        // Adding to a history a newer balance wrote would mix versions it may not expect.
        if self.exists()? {
            let text = self.read_text()?;
            for (number, raw) in numbered_lines(&text) {
                self.parse_line(number, raw)?;
            }
        }
        self.append_locked(&line).map_err(|e| self.io_error(e))
    }

    /// Whether the file is there; any error but its absence is reported, not taken as empty.
    fn exists(&self) -> Result<bool, HistoryError> {
        match fs::metadata(self.path()) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(self.io_error(e)),
        }
    }

    fn append_locked(&self, line: &str) -> io::Result<()> {
        let mut file = private_options()
            .read(true)
            .append(true)
            .create(true)
            .open(self.path())?;
        // A crash may have left a last line without its newline: end it, so that the torn
        // line stays one damaged line and the new result is whole.
        let mut text = String::with_capacity(line.len() + 1);
        if !ends_with_newline(&mut file)? {
            text.push('\n');
        }
        text.push_str(line);
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }

    /// Every readable result, oldest first, and the lines that could not be read.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        if !self.exists()? {
            return Ok(Loaded::default());
        }
        let _lock = self.lock(Lock::Shared)?;
        self.parse(&self.read_text()?)
    }

    /// Reads the text of a history file: every readable result and every damaged line.
    pub fn parse(&self, text: &str) -> Result<Loaded, HistoryError> {
        let mut loaded = Loaded::default();
        for (number, line) in numbered_lines(text) {
            match self.parse_line(number, line)? {
                Line::Result(doc, _) => loaded.results.push(*doc),
                Line::Damaged(error) => loaded.damaged.push(Damaged {
                    line: number,
                    error,
                }),
            }
        }
        Ok(loaded)
    }

    /// Rewrites the file without the results `forget` matches; returns how many went.
    /// Damaged lines are kept as they were.
    pub fn forget(&self, matches: impl Fn(&ResultDoc) -> bool) -> Result<usize, HistoryError> {
        if !self.exists()? {
            return Ok(0);
        }
        let _lock = self.lock(Lock::Exclusive)?;
        let text = self.read_text()?;
        let mut kept = String::with_capacity(text.len());
        let mut removed = 0;
        for (number, raw) in numbered_lines(&text) {
            match self.parse_line(number, raw)? {
                Line::Result(doc, _) if matches(&doc) => removed += 1,
                Line::Result(_, raw) => push_line(&mut kept, &raw),
                Line::Damaged(_) => push_line(&mut kept, raw),
            }
        }
        if removed > 0 {
            write_atomically(&self.path(), kept.as_bytes()).map_err(|e| self.io_error(e))?;
        }
        Ok(removed)
    }

    fn parse_line(&self, number: usize, line: &str) -> Result<Line, HistoryError> {
        #[derive(serde::Deserialize)]
        struct Head {
            schema: String,
        }
        if let Ok(head) = serde_json::from_str::<Head>(line) {
            match check_schema(&head.schema) {
                Ok(()) => {}
                Err(reason @ SchemaError::Newer(_)) => {
                    return Err(HistoryError::Newer {
                        path: self.path(),
                        line: number,
                        reason: reason.to_string(),
                    })
                }
                Err(reason) => return Ok(Line::Damaged(reason.to_string())),
            }
        }
        Ok(match serde_json::from_str::<ResultDoc>(line) {
            Ok(doc) => Line::Result(Box::new(doc), line.to_string()),
            Err(e) => Line::Damaged(e.to_string()),
        })
    }

    fn read_text(&self) -> Result<String, HistoryError> {
        let bytes = fs::read(self.path()).map_err(|e| self.io_error(e))?;
        // Invalid UTF-8 damages only the lines it is in.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn lock(&self, kind: Lock) -> Result<File, HistoryError> {
        create_private_dir(&self.dir).map_err(|e| self.io_error(e))?;
        let path = self.dir.join(LOCK_NAME);
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| self.io_error(e))?;
        match kind {
            Lock::Shared => file.lock_shared(),
            Lock::Exclusive => file.lock(),
        }
        .map_err(|e| self.io_error(e))?;
        Ok(file)
    }
}

enum Lock {
    Shared,
    Exclusive,
}

/// Lines with their 1-based numbers, blank lines left out.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty())
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let length = file.seek(SeekFrom::End(0))?;
    if length == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// File options that create files readable and writable by the owner only.
pub fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Creates `dir` (and missing parents); the directory itself is owner-only.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

/// Writes a whole file or nothing: a temporary file beside it, flushed, then renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".balance-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
