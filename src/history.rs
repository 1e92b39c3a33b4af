//! The history store: one `balance.result/v1` document per line of `history.jsonl`.
//!
//! Every change happens under an exclusive lock on a separate lock file (a lock on the data
//! file itself would be lost when `forget` renames a new file over it). Appends are one write
//! each, flushed to disk before success is reported, and undone if they fail; only `forget`
//! rewrites the file, through a temporary file and a rename. The store's files are opened
//! without following links and must be regular files.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::files::{
    create_private_dir, open_store_file, require_regular, store_options, write_atomically,
    TEMP_PREFIX,
};
use crate::result::{check_schema, ResultDoc, SchemaError};

mod recent;

const FILE_NAME: &str = "history.jsonl";
const LOCK_NAME: &str = "history.lock";
/// How long to wait for the lock unless `BALANCE_LOCK_TIMEOUT` says otherwise: long enough
/// for dozens of check-ins queued on a slow disk, short enough that a stopped process holding
/// the lock cannot block a shell profile's `balance due` for good.
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);
/// After this long waiting for the lock, say so: silence looks like a hang.
const LOCK_NOTICE: Duration = Duration::from_secs(1);
/// How often to try the lock again; std has no blocking lock with a timeout.
const LOCK_POLL: Duration = Duration::from_millis(50);

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot use the history at {path}: {source}\n  help: check that the directory is yours and writable, or set BALANCE_HOME")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}:{line}: refusing to add to the history: {reason}\n  help: add results with the newer balance that wrote this line")]
    Newer {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("gave up waiting {seconds}s for the lock {path}: another balance is using the history\n  help: let it finish, or end it (a stopped process keeps the lock); BALANCE_LOCK_TIMEOUT sets the wait in seconds")]
    LockTimeout { path: PathBuf, seconds: f64 },
    #[error("BALANCE_LOCK_TIMEOUT is `{value}`, not a number of seconds\n  help: set it to e.g. 30, or unset it")]
    Timeout { value: String },
}

/// A line that could not be read as a result; reported, skipped, and never removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    pub line: usize,
    pub error: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Oldest first, by when they were taken; none dated in the future.
    pub results: Vec<ResultDoc>,
    pub damaged: Vec<Damaged>,
    /// Lines a newer balance wrote, by number: skipped and kept.
    pub newer: Vec<usize>,
    /// Results dated after now (a wrong clock, an edited import): kept, but not counted as
    /// taken, so they cannot become `latest` or make `due` wait for years.
    pub future: Vec<ResultDoc>,
    /// The data folder, when other users can read it.
    pub exposed: Option<PathBuf>,
}

impl Loaded {
    /// What a reading command should tell the person about lines it skipped.
    pub fn notices(&self, path: &Path) -> Vec<String> {
        let path = path.display();
        let mut notices: Vec<String> = self
            .damaged
            .iter()
            .map(|d| {
                format!(
                    "warning: {path}:{}: damaged line skipped ({}); the rest of the history is kept",
                    d.line, d.error
                )
            })
            .collect();
        if let Some(first) = self.newer.first() {
            notices.push(format!(
                "note: {path}:{first}: skipped {} line{} written by a newer balance (kept as they are); upgrade balance to read them",
                self.newer.len(),
                plural(self.newer.len())
            ));
        }
        if let Some(dir) = &self.exposed {
            notices.push(format!(
                "warning: other users can read the folder {} that holds your answers; `chmod 700 {}` makes it yours alone",
                dir.display(),
                dir.display()
            ));
        }
        for doc in &self.future {
            // On one line: a line break in a hand-edited id would start a line of its own.
            let id = crate::text::one_line(&doc.id);
            notices.push(format!(
                "warning: result {id} is dated {}, in the future: ignored (kept in the history); `balance forget {id}` removes it",
                doc.taken_at
            ));
        }
        notices
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Debug, Clone)]
pub struct History {
    dir: PathBuf,
}

/// One line of the file, classified.
enum Line {
    Result(Box<ResultDoc>),
    Damaged(String),
    Newer,
}

enum Lock {
    Shared,
    Exclusive,
}

impl History {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        History { dir: dir.into() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// The files balance keeps in the history's folder: the history, its lock and the
    /// summary `due` reads.
    pub fn kept_files(&self) -> [PathBuf; 3] {
        [self.path(), self.lock_path(), self.summary_path()]
    }

    fn lock_path(&self) -> PathBuf {
        self.dir.join(LOCK_NAME)
    }

    fn io_error(&self, source: io::Error) -> HistoryError {
        HistoryError::Io {
            path: self.path(),
            source,
        }
    }

    /// Adds one result at the end, durably, unless a result with its id is there already.
    pub fn append(&self, doc: &ResultDoc) -> Result<(), HistoryError> {
        self.add(std::slice::from_ref(doc)).map(|_| ())
    }

    /// Adds every result whose id is not stored yet, in one locked pass: the file is read
    /// once, the new lines written at once and flushed once. Returns how many were added.
    pub fn add(&self, docs: &[ResultDoc]) -> Result<usize, HistoryError> {
        let _lock = self.lock(Lock::Exclusive)?;
        let mut file = open_store_file(
            &self.path(),
            store_options().read(true).append(true).create(true),
        )
        .map_err(|e| self.io_error(e))?;
        // Every write makes a history others could read private again, as reads do.
        tighten(&file);
        let before = recent::FileState::of(&file);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| self.io_error(e))?;
        let stored = self.stored_ids(&bytes)?;
        let mut text = Vec::new();
        // A crash may have left a last line without its newline: end it, so that the torn
        // line stays one damaged line and the new results are whole.
        if bytes.last().is_some_and(|b| *b != b'\n') {
            text.push(b'\n');
        }
        let mut added = 0;
        let mut new_ids = HashSet::new();
        let mut times = Vec::new();
        for doc in docs {
            // Only a readable result counts as stored: a damaged line with the same id may
            // be what this import repairs.
            let present = stored
                .get(doc.id.as_str())
                .is_some_and(|raw| is_result(raw));
            if !present && new_ids.insert(doc.id.as_str()) {
                let start = text.len();
                serde_json::to_writer(&mut text, doc).map_err(|e| self.io_error(e.into()))?;
                // What `due` will count is what reads back as a result.
                if is_result(&text[start..]) {
                    times.push(doc.taken_at);
                }
                text.push(b'\n');
                added += 1;
            }
        }
        if added > 0 {
            // The summary `due` keeps, if it is true of the file before this append, is made
            // true of the file after it (see `recent`); a stale one never matches the file.
            let summary = match &before {
                Some(_) if bytes.is_empty() => Some(recent::Summary::empty()),
                Some(state) => self.summary_of(state),
                None => None,
            };
            write_or_undo(&mut file, bytes.len() as u64, &text).map_err(|e| self.io_error(e))?;
            let now = jiff::Timestamp::now();
            match (
                summary.and_then(|s| s.with(times, now)),
                recent::FileState::of(&file),
            ) {
                (Some(summary), Some(after)) => self.keep_summary(after, summary),
                _ => self.drop_summary(),
            }
        }
        Ok(added)
    }

    /// The id of every line that has one, with the line, read only as far as the schema and
    /// the id: a full parse of a large history is most of an import's time. Refuses a
    /// history with lines of a newer balance.
    fn stored_ids<'b>(
        &self,
        bytes: &'b [u8],
    ) -> Result<HashMap<Cow<'b, str>, &'b [u8]>, HistoryError> {
        #[derive(serde::Deserialize)]
        struct Head<'a> {
            schema: String,
            // Borrowed unless the id has escapes.
            #[serde(borrow)]
            id: Option<Cow<'a, str>>,
        }
        let mut stored = HashMap::new();
        for (number, raw) in numbered_lines(bytes) {
            let Some(head) = std::str::from_utf8(raw)
                .ok()
                .and_then(|line| serde_json::from_str::<Head>(line).ok())
            else {
                continue;
            };
            // Adding to a history a newer balance wrote would mix versions it may not expect.
            if let Err(reason @ SchemaError::Newer(_)) = check_schema(&head.schema) {
                return Err(HistoryError::Newer {
                    path: self.path(),
                    line: number,
                    reason: reason.to_string(),
                });
            }
            let Some(id) = head.id else { continue };
            match stored.entry(id) {
                Entry::Vacant(place) => {
                    place.insert(raw);
                }
                // A damaged line and its repair share an id: the readable one counts. Full
                // parses happen only for such repeated ids.
                Entry::Occupied(mut place) => {
                    if !is_result(place.get()) {
                        place.insert(raw);
                    }
                }
            }
        }
        Ok(stored)
    }

    /// Whether the file is there (as anything: a link or a FIFO is reported when opened).
    fn exists(&self) -> Result<bool, HistoryError> {
        match fs::symlink_metadata(self.path()) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(self.io_error(e)),
        }
    }

    /// Every readable result, oldest first, and the lines that could not be read.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        if !self.exists()? {
            return Ok(Loaded::default());
        }
        let _lock = self.lock(Lock::Shared)?;
        let mut loaded = self.parse_bytes(&self.read_bytes()?);
        loaded.exposed = self.exposed_dir();
        Ok(loaded)
    }

    /// The data folder if others may read it. It may be a folder the person chose and
    /// shares on purpose, so balance warns rather than changing it.
    fn exposed_dir(&self) -> Option<PathBuf> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&self.dir).ok()?.permissions().mode();
            if mode & 0o044 != 0 {
                return Some(self.dir.clone());
            }
        }
        None
    }

    /// Reads the text of a history file: every readable result and every skipped line.
    pub fn parse(&self, text: &str) -> Result<Loaded, HistoryError> {
        Ok(self.parse_bytes(text.as_bytes()))
    }

    fn parse_bytes(&self, bytes: &[u8]) -> Loaded {
        let mut loaded = Loaded::default();
        for (number, raw) in numbered_lines(bytes) {
            match classify(raw) {
                Line::Result(doc) => loaded.results.push(*doc),
                Line::Damaged(error) => loaded.damaged.push(Damaged {
                    line: number,
                    error,
                }),
                Line::Newer => loaded.newer.push(number),
            }
        }
        // Imports put old backups after new results: the order of taking is what counts.
        loaded.results.sort_by_key(|r| r.taken_at);
        let now = jiff::Timestamp::now();
        let split = loaded.results.partition_point(|r| r.taken_at <= now);
        loaded.future = loaded.results.split_off(split);
        loaded
    }

    /// Rewrites the file without the results `forget` matches; returns how many went.
    /// Damaged lines and lines of a newer balance are kept byte for byte.
    pub fn forget(&self, matches: impl Fn(&ResultDoc) -> bool) -> Result<usize, HistoryError> {
        if !self.exists()? {
            return Ok(0);
        }
        let _lock = self.lock(Lock::Exclusive)?;
        let bytes = self.read_bytes()?;
        let mut kept = Vec::with_capacity(bytes.len());
        let mut removed = 0;
        for (_, raw) in numbered_lines(&bytes) {
            match classify(raw) {
                Line::Result(doc) if matches(&doc) => removed += 1,
                _ => {
                    kept.extend_from_slice(raw);
                    kept.push(b'\n');
                }
            }
        }
        if removed > 0 {
            write_atomically(&self.path(), &kept).map_err(|e| self.io_error(e))?;
            // It holds the times of the results just forgotten.
            self.drop_summary();
        }
        Ok(removed)
    }

    /// Removes everything balance keeps about the person: the history (every line, readable
    /// or not), the `others` it is given (saved progress), and temporary copies a killed
    /// write left behind. The folder and the lock stay. Returns how many results went.
    pub fn forget_all(&self, others: &[PathBuf]) -> Result<usize, HistoryError> {
        if !self.dir.is_dir() {
            return Ok(0);
        }
        let _lock = self.lock(Lock::Exclusive)?;
        let count = if self.exists()? {
            let loaded = self.parse_bytes(&self.read_bytes()?);
            loaded.results.len() + loaded.future.len()
        } else {
            0
        };
        let mut doomed = vec![self.path(), self.summary_path()];
        doomed.extend(others.iter().cloned());
        doomed.extend(self.temporary_files()?);
        for path in doomed {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(HistoryError::Io { path, source: e })
                }
                _ => {}
            }
        }
        Ok(count)
    }

    /// Whether `forget --all` would find anything to remove besides results.
    pub fn holds_anything(&self, others: &[PathBuf]) -> Result<bool, HistoryError> {
        let history = fs::metadata(self.path()).is_ok_and(|m| m.len() > 0);
        let other = others.iter().any(|p| fs::symlink_metadata(p).is_ok());
        Ok(history || other || !self.temporary_files()?.is_empty())
    }

    /// Temporary files of [`write_atomically`] in the data folder, left by a killed process.
    fn temporary_files(&self) -> Result<Vec<PathBuf>, HistoryError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io_error(e)),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| self.io_error(e))?;
            if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                found.push(entry.path());
            }
        }
        Ok(found)
    }

    fn read_bytes(&self) -> Result<Vec<u8>, HistoryError> {
        let mut file = open_store_file(&self.path(), store_options().read(true))
            .map_err(|e| self.io_error(e))?;
        tighten(&file);
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| self.io_error(e))?;
        Ok(bytes)
    }

    /// Takes the lock, waiting a bounded time. A reader that cannot open the lock for
    /// writing (a read-only folder or file) reads without it: nobody can write there either.
    fn lock(&self, kind: Lock) -> Result<Option<File>, HistoryError> {
        let path = self.lock_path();
        let lock_error = |source| HistoryError::Io {
            path: path.clone(),
            source,
        };
        if matches!(kind, Lock::Exclusive) {
            create_private_dir(&self.dir).map_err(|e| self.io_error(e))?;
        }
        let opened = open_store_file(&path, store_options().read(true).write(true).create(true));
        let file = match (opened, &kind) {
            (Ok(file), _) => file,
            (Err(e), Lock::Shared) if is_read_only(&e) => {
                match open_store_file(&path, store_options().read(true)) {
                    Ok(file) => file,
                    Err(e) if is_read_only(&e) || e.kind() == io::ErrorKind::NotFound => {
                        return Ok(None)
                    }
                    Err(e) => return Err(lock_error(e)),
                }
            }
            (Err(e), _) => return Err(lock_error(e)),
        };
        require_regular(&path, &file).map_err(lock_error)?;
        self.acquire(&file, &kind)?;
        Ok(Some(file))
    }

    fn acquire(&self, file: &File, kind: &Lock) -> Result<(), HistoryError> {
        let timeout = lock_timeout()?;
        let start = Instant::now();
        let mut told = false;
        loop {
            let attempt = match kind {
                Lock::Shared => file.try_lock_shared(),
                Lock::Exclusive => file.try_lock(),
            };
            match attempt {
                Ok(()) => return Ok(()),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(HistoryError::Io {
                        path: self.lock_path(),
                        source,
                    })
                }
            }
            let waited = start.elapsed();
            if waited >= timeout {
                return Err(HistoryError::LockTimeout {
                    path: self.lock_path(),
                    seconds: timeout.as_secs_f64(),
                });
            }
            if !told && waited >= LOCK_NOTICE {
                // The store has no output stream of its own; the wait is the person's to know.
                let _ = writeln!(
                    io::stderr(),
                    "balance: waiting for the lock {} (another balance is using the history)...",
                    self.lock_path().display()
                );
                told = true;
            }
            std::thread::sleep(LOCK_POLL.min(timeout - waited));
        }
    }
}

/// `BALANCE_LOCK_TIMEOUT` in seconds, or the default.
fn lock_timeout() -> Result<Duration, HistoryError> {
    let Some(value) = std::env::var_os("BALANCE_LOCK_TIMEOUT") else {
        return Ok(LOCK_TIMEOUT);
    };
    let value = value.to_string_lossy().into_owned();
    value
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or(HistoryError::Timeout { value })
}

/// Makes the history owner-only if others could read it (a copy restored with `cp`, an edit
/// under a loose umask). Only its owner can; anyone else reads it as it is.
fn tighten(file: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = file.metadata() else { return };
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.mode() & 0o077 != 0 && meta.uid() == me {
            let _ = file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o700));
        }
    }
    let _ = file;
}

fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Writes `text` at the end and flushes it; if either fails (a full disk), cuts the file back
/// to `length`, so that no partial line is left to warn about on every later command.
fn write_or_undo(file: &mut File, length: u64, text: &[u8]) -> io::Result<()> {
    let written = file.write_all(text).and_then(|()| file.sync_data());
    if let Err(e) = written {
        let _ = file.set_len(length).and_then(|()| file.sync_data());
        return Err(e);
    }
    Ok(())
}

/// Reads one line: a result, a line of a newer balance, or a damaged line.
/// Whether a line reads as a whole result.
fn is_result(raw: &[u8]) -> bool {
    matches!(classify(raw), Line::Result(_))
}

fn classify(raw: &[u8]) -> Line {
    #[derive(serde::Deserialize)]
    struct Head {
        schema: String,
    }
    let Ok(line) = std::str::from_utf8(raw) else {
        return Line::Damaged("not UTF-8 text".to_string());
    };
    if let Ok(head) = serde_json::from_str::<Head>(line) {
        match check_schema(&head.schema) {
            Ok(()) => {}
            Err(SchemaError::Newer(_)) => return Line::Newer,
            Err(reason) => return Line::Damaged(reason.to_string()),
        }
    }
    match serde_json::from_str::<ResultDoc>(line) {
        Ok(doc) => Line::Result(Box::new(doc)),
        Err(e) => Line::Damaged(e.to_string()),
    }
}

/// Lines with their 1-based numbers, blank lines left out, bytes as written (a carriage
/// return before the newline is JSON whitespace, so it is kept).
fn numbered_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim_ascii().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESULT: &str = include_str!("../tests/fixtures/result.json");

    pub(super) fn result_line(id: &str, taken_at: &str) -> String {
        let mut doc: serde_json::Value = serde_json::from_str(RESULT).unwrap();
        doc["id"] = id.into();
        doc["taken_at"] = taken_at.into();
        doc.to_string()
    }

    #[test]
    fn lines_keep_their_bytes_and_numbers() {
        let bytes = b"a\r\n\n  \n\xff\xfe\nlast";
        let lines: Vec<(usize, &[u8])> = numbered_lines(bytes).collect();
        assert_eq!(
            lines,
            [(1, &b"a\r"[..]), (4, &b"\xff\xfe"[..]), (5, &b"last"[..])]
        );
    }

    #[test]
    fn results_are_ordered_by_when_taken_and_future_ones_set_aside() {
        let text = [
            result_line(
                "01900000-0000-7000-8000-000000000003",
                "2025-03-01T00:00:00Z",
            ),
            result_line(
                "01900000-0000-7000-8000-000000002999",
                "2999-01-01T00:00:00Z",
            ),
            result_line(
                "01900000-0000-7000-8000-000000000001",
                "2025-01-01T00:00:00Z",
            ),
        ]
        .join("\n");
        let loaded = History::new("/nonexistent").parse(&text).unwrap();
        let ids: Vec<&str> = loaded.results.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "01900000-0000-7000-8000-000000000001",
                "01900000-0000-7000-8000-000000000003"
            ]
        );
        assert_eq!(loaded.future.len(), 1);
        let notices = loaded.notices(Path::new("h.jsonl"));
        assert!(notices[0].contains("in the future"), "{notices:?}");
    }

    #[test]
    fn newer_lines_are_counted_once_and_invalid_utf8_is_damage() {
        let mut newer: serde_json::Value = serde_json::from_str(RESULT).unwrap();
        newer["schema"] = "balance.result/v2".into();
        let mut bytes = format!("{newer}\n{newer}\n").into_bytes();
        bytes.extend_from_slice(b"\xff\n");
        let loaded = History::new("/nonexistent").parse_bytes(&bytes);
        assert_eq!(loaded.newer, [1, 2]);
        assert_eq!(loaded.damaged.len(), 1);
        let notices = loaded.notices(Path::new("h.jsonl"));
        let about_newer = notices.iter().filter(|n| n.contains("newer")).count();
        assert_eq!(about_newer, 1, "{notices:?}");
    }

    #[test]
    fn adding_skips_ids_already_stored_or_given_twice() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::new(dir.path());
        let a: ResultDoc = serde_json::from_str(&result_line(
            "01900000-0000-7000-8000-00000000000a",
            "2025-01-01T00:00:00Z",
        ))
        .unwrap();
        let b: ResultDoc = serde_json::from_str(&result_line(
            "01900000-0000-7000-8000-00000000000b",
            "2025-01-02T00:00:00Z",
        ))
        .unwrap();
        assert_eq!(history.add(&[a.clone(), a.clone()]).unwrap(), 1);
        assert_eq!(history.add(&[a, b]).unwrap(), 1);
        assert_eq!(history.load().unwrap().results.len(), 2);
    }

    #[test]
    fn a_damaged_line_does_not_count_as_stored_but_an_escaped_id_does() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::new(dir.path());
        let damaged =
            r#"{"schema":"balance.result/v1","id":"01900000-0000-7000-8000-00000000000d"}"#;
        let escaped = result_line(
            "01900000-0000-7000-8000-00000000000e",
            "2025-01-01T00:00:00Z",
        )
        .replace("00000000000e", "00000000000\\u0065");
        fs::write(history.path(), format!("{damaged}\n{escaped}\n")).unwrap();
        let doc = |id: &str| -> ResultDoc {
            serde_json::from_str(&result_line(id, "2025-01-02T00:00:00Z")).unwrap()
        };
        let repaired = doc("01900000-0000-7000-8000-00000000000d");
        let again = doc("01900000-0000-7000-8000-00000000000e");
        assert_eq!(history.add(&[repaired.clone(), again]).unwrap(), 1);
        // Once repaired, importing the same result again adds nothing.
        assert_eq!(history.add(&[repaired]).unwrap(), 0);
    }
}
