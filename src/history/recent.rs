//! Whether a result was taken recently, for `balance due`, which a shell prompt may run on
//! every prompt: a few milliseconds whatever the size of the history.
//!
//! # Why not just read the last line
//!
//! The file is not in time order: `import` appends an old backup after newer results, two
//! check-ins may finish in another order than they started, and people edit the file. So the
//! last readable result is not necessarily the latest one, and no amount of reading from the
//! end proves that *no* earlier line is newer. Two facts make `due` fast and still exact:
//!
//! 1. **Reading from the end proves "not due".** A readable result taken in the interval
//!    (after the cutoff, not in the future) anywhere in the file settles it: something was
//!    taken recently, whatever the other lines hold. The file is read backwards in blocks, and
//!    parsing stops at the first such line: usually the last line, since check-ins append.
//! 2. **A summary proves "due".** Only a full read can show that nothing is recent. The full
//!    read is done once and its outcome kept in `history.summary`: the latest result taken by
//!    then and every result dated after then (normally none), tied to the exact state of the
//!    history file it describes (device, inode, length, modification and change times). It is
//!    believed only while the file is in that state; any change to the file (an append by
//!    hand or by an older balance, an edit in place, a restore, `forget`'s rename) changes its
//!    length or times, and the next `due` reads the file again. `add` updates the summary when
//!    it was true of the file it appends to, so after a check-in or an import the next `due`
//!    needs no full read either.
//!
//! The summary stays true as time passes: a result "in the future" when it was written is
//! listed by time, so it counts as soon as the clock reaches it. Only a clock set back before
//! the summary's own time may hide a result, and then the file is read again.
//!
//! Like `load`, the reader takes the shared lock: a writer's append or rename is never seen
//! half done, and no writer can change the file between the read and the summary written of
//! it. Everything about the summary is best effort: one that cannot be written, read or
//! parsed only means a full read.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{classify, tighten, History, HistoryError, Line, Lock};
use crate::files::{open_store_file, store_options, write_atomically};

pub(super) const SUMMARY_NAME: &str = "history.summary";
/// How much of the file is read at a time, from the end.
const BLOCK: usize = 64 * 1024;
/// A summary holding more results dated in the future than this is not worth keeping (an
/// import of a broken backup): `due` then reads the file each time, and its notices say why.
const MAX_FUTURE: usize = 100;

/// The state of the history file a summary describes: any write changes the length or the
/// times (the change time cannot be set back, not even by `touch`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileState {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileState {
    /// The state of an open file; `None` where the platform gives no inode and change time.
    pub(super) fn of(file: &File) -> Option<FileState> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = file.metadata().ok()?;
            Some(FileState {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime: (meta.mtime(), meta.mtime_nsec()),
                ctime: (meta.ctime(), meta.ctime_nsec()),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = file;
            None
        }
    }
}

/// What `due` needs to know of a whole history, as of `computed_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Summary {
    computed_at: Timestamp,
    /// The latest readable result taken at or before `computed_at`.
    latest: Option<Timestamp>,
    /// Every readable result dated after `computed_at`, oldest first.
    future: Vec<Timestamp>,
}

impl Summary {
    /// The summary of an empty history, as of the beginning of time: true whatever the clock.
    pub(super) fn empty() -> Summary {
        Summary {
            computed_at: Timestamp::MIN,
            latest: None,
            future: Vec::new(),
        }
    }

    /// Sums up results taken at `times`, as of `now`.
    fn of(times: impl IntoIterator<Item = Timestamp>, now: Timestamp) -> Summary {
        let mut summary = Summary {
            computed_at: now,
            latest: None,
            future: Vec::new(),
        };
        for t in times {
            if t <= now {
                summary.latest = summary.latest.max(Some(t));
            } else {
                summary.future.push(t);
            }
        }
        summary.future.sort();
        summary
    }

    /// The latest result taken by `now`, if the summary can tell: every result taken by `now`
    /// is either at most `latest` or listed in `future`, unless the clock is now earlier than
    /// `latest` (then a result between `now` and `latest` may be the one, and it is unlisted).
    fn latest_by(&self, now: Timestamp) -> Option<Option<Timestamp>> {
        if self.latest.is_some_and(|t| t > now) {
            return None;
        }
        let future = self.future.iter().rev().find(|t| **t <= now).copied();
        Some(self.latest.max(future))
    }

    /// The summary once results taken at `times` are added, as of `now`; `None` if the
    /// clock is earlier than this summary's (it can no longer tell what was taken by `now`).
    pub(super) fn with(
        &self,
        times: impl IntoIterator<Item = Timestamp>,
        now: Timestamp,
    ) -> Option<Summary> {
        if now < self.computed_at {
            return None;
        }
        // Every result taken by `computed_at` is at most `latest`, so `latest` stands for all
        // of them; the others are listed.
        let known = self.latest.into_iter().chain(self.future.iter().copied());
        let summary = Summary::of(known.chain(times), now);
        (summary.future.len() <= MAX_FUTURE).then_some(summary)
    }
}

/// The summary file: a summary and the file state it is true of.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    state: FileState,
    summary: Summary,
}

/// What reading from the end found.
enum Scan {
    /// A result taken after the cutoff (and not in the future): the reading stopped there.
    Recent,
    /// The whole file, summed up.
    Whole(Summary),
}

impl History {
    pub(super) fn summary_path(&self) -> std::path::PathBuf {
        self.dir.join(SUMMARY_NAME)
    }

    /// Whether a readable result was taken after `cutoff` and by now (results dated in the
    /// future do not count, as in [`History::load`]). See the module's comment for how this
    /// avoids reading the whole history.
    pub fn taken_since(&self, cutoff: Timestamp) -> Result<bool, HistoryError> {
        if !self.exists()? {
            return Ok(false);
        }
        let lock = self.lock(Lock::Shared)?;
        let mut file = open_store_file(&self.path(), store_options().read(true))
            .map_err(|e| self.io_error(e))?;
        // Before the state is taken: making the file private changes its change time.
        tighten(&file);
        let now = Timestamp::now();
        let state = FileState::of(&file);
        if let Some(state) = &state {
            if let Some(latest) = self.summary_of(state).and_then(|s| s.latest_by(now)) {
                return Ok(latest.is_some_and(|t| t > cutoff));
            }
        }
        let len = file.metadata().map_err(|e| self.io_error(e))?.len();
        match scan_back(&mut file, len, cutoff, now).map_err(|e| self.io_error(e))? {
            Scan::Recent => Ok(true),
            Scan::Whole(summary) => {
                let recent = summary.latest.is_some_and(|t| t > cutoff);
                // Without the lock (a read-only folder) nobody can write, nor can we.
                if let (Some(state), Some(_)) = (state, lock) {
                    if summary.future.len() <= MAX_FUTURE {
                        self.keep_summary(state, summary);
                    }
                }
                Ok(recent)
            }
        }
    }

    /// The summary, if there is one and it is true of the history in `state`.
    pub(super) fn summary_of(&self, state: &FileState) -> Option<Summary> {
        let mut file = open_store_file(&self.summary_path(), store_options().read(true)).ok()?;
        let mut text = String::new();
        // A summary is a few hundred bytes; anything much larger is not one.
        (&mut file).take(64 * 1024).read_to_string(&mut text).ok()?;
        let stored: Stored = serde_json::from_str(&text).ok()?;
        (stored.state == *state).then_some(stored.summary)
    }

    /// Writes the summary of the history in `state`, or removes a stale one if it cannot.
    pub(super) fn keep_summary(&self, state: FileState, summary: Summary) {
        let stored = Stored { state, summary };
        let written = serde_json::to_vec(&stored)
            .map_err(io::Error::from)
            .and_then(|json| write_atomically(&self.summary_path(), &json));
        if written.is_err() {
            self.drop_summary();
        }
    }

    /// Removes the summary (it holds the times results were taken). A stale summary would
    /// never be believed (it names another state of the file), so failing is harmless.
    pub(super) fn drop_summary(&self) {
        let _ = std::fs::remove_file(self.summary_path());
    }
}

/// Reads `file` (of `len` bytes) backwards in blocks, parsing lines from the last one, until a
/// result taken in (`cutoff`, `now`] turns up or the file is read whole.
fn scan_back(file: &mut File, len: u64, cutoff: Timestamp, now: Timestamp) -> io::Result<Scan> {
    let mut times = Vec::new();
    // Bytes from the start of the last block read to the end of the lines not yet parsed:
    // the first line in it may have begun in an earlier block.
    let mut pending: Vec<u8> = Vec::new();
    let mut start = len;
    loop {
        let at_start = start == 0;
        // Every whole line in `pending`, last first; the first is whole only at the start.
        let whole_from = if at_start {
            0
        } else {
            match pending.iter().position(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => pending.len(),
            }
        };
        for raw in pending[whole_from..].rsplit(|b| *b == b'\n') {
            if raw.trim_ascii().is_empty() {
                continue;
            }
            // Damaged lines (a torn last line, say) and a newer balance's are skipped, as
            // `load` skips them.
            if let Line::Result(doc) = classify(raw) {
                let t = doc.taken_at;
                if t > cutoff && t <= now {
                    return Ok(Scan::Recent);
                }
                times.push(t);
            }
        }
        if at_start {
            return Ok(Scan::Whole(Summary::of(times, now)));
        }
        pending.truncate(whole_from);
        // The next block back, in front of the partial line left over.
        let size = BLOCK.min(usize::try_from(start).unwrap_or(BLOCK));
        start -= size as u64;
        let mut block = vec![0; size];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block)?;
        block.extend_from_slice(&pending);
        pending = block;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_summary_counts_future_results_once_their_time_comes() {
        let s = Summary::of(
            [
                at("2025-01-01T00:00:00Z"),
                at("2030-01-01T00:00:00Z"),
                at("2024-01-01T00:00:00Z"),
            ],
            at("2026-01-01T00:00:00Z"),
        );
        assert_eq!(s.latest, Some(at("2025-01-01T00:00:00Z")));
        assert_eq!(s.future, [at("2030-01-01T00:00:00Z")]);
        assert_eq!(
            s.latest_by(at("2027-01-01T00:00:00Z")),
            Some(Some(at("2025-01-01T00:00:00Z")))
        );
        assert_eq!(
            s.latest_by(at("2031-01-01T00:00:00Z")),
            Some(Some(at("2030-01-01T00:00:00Z")))
        );
        // A clock set back before the latest result: the summary cannot tell.
        assert_eq!(s.latest_by(at("2024-06-01T00:00:00Z")), None);
        // A clock set back, but not that far: still exact.
        assert_eq!(
            s.latest_by(at("2025-06-01T00:00:00Z")),
            Some(Some(at("2025-01-01T00:00:00Z")))
        );
    }

    #[test]
    fn adding_to_a_summary_is_summing_up_again() {
        let before = at("2026-01-01T00:00:00Z");
        let s = Summary::of(
            [at("2025-01-01T00:00:00Z"), at("2026-06-01T00:00:00Z")],
            before,
        );
        let later = at("2026-07-01T00:00:00Z");
        let added = s.with([at("2020-01-01T00:00:00Z")], later).unwrap();
        assert_eq!(added, Summary::of([at("2026-06-01T00:00:00Z")], later));
        assert_eq!(
            s.with([], at("2025-06-01T00:00:00Z")),
            None,
            "clock set back"
        );
    }

    fn doc(n: u32, taken_at: &str) -> crate::result::ResultDoc {
        let id = format!("01900000-0000-7000-8000-{n:012}");
        serde_json::from_str(&super::super::tests::result_line(&id, taken_at)).unwrap()
    }

    /// The summary of the history as it is now, if one is kept and true of it.
    fn current(history: &History) -> Option<Summary> {
        let file = File::open(history.path()).unwrap();
        history.summary_of(&FileState::of(&file).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn add_keeps_the_summary_true_and_due_believes_it() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::new(dir.path());
        let cutoff = at("2025-06-01T00:00:00Z");
        history.add(&[doc(1, "2025-07-01T00:00:00Z")]).unwrap();
        assert!(
            current(&history).is_some(),
            "an append to an empty file is summed up"
        );
        history.add(&[doc(2, "2025-01-01T00:00:00Z")]).unwrap();
        let summary = current(&history).expect("kept by add");
        assert_eq!(summary.latest, Some(at("2025-07-01T00:00:00Z")));
        assert!(history.taken_since(cutoff).unwrap());

        // The summary is what `due` goes by while the file is unchanged: a doctored one
        // shows it, and a change to the file makes it stale.
        let file = File::open(history.path()).unwrap();
        let doctored = Summary::of([], Timestamp::now());
        history.keep_summary(FileState::of(&file).unwrap(), doctored);
        assert!(
            !history.taken_since(cutoff).unwrap(),
            "the summary was believed"
        );
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(history.path())
            .unwrap();
        std::io::Write::write_all(&mut f, b"\n").unwrap();
        assert!(
            history.taken_since(cutoff).unwrap(),
            "a stale summary is not"
        );
        assert!(
            current(&history).is_none(),
            "not read whole: stopped at a recent result"
        );
        assert!(!history.taken_since(at("2025-08-01T00:00:00Z")).unwrap());
        assert!(current(&history).is_some(), "read whole: summed up");

        // A summary kept by an add that did not know the file (no summary) is removed.
        std::fs::OpenOptions::new()
            .append(true)
            .open(history.path())
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"\n"))
            .unwrap();
        history.add(&[doc(3, "2025-01-02T00:00:00Z")]).unwrap();
        assert!(!history.summary_path().exists());
    }

    fn scan(text: &[u8], cutoff: &str, now: &str) -> Option<Summary> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h");
        std::fs::write(&path, text).unwrap();
        let mut file = File::open(&path).unwrap();
        match scan_back(&mut file, text.len() as u64, at(cutoff), at(now)).unwrap() {
            Scan::Recent => None,
            Scan::Whole(s) => Some(s),
        }
    }

    #[test]
    fn reading_backwards_sees_every_line_across_blocks() {
        let line = |id: u32, t: &str| {
            super::super::tests::result_line(&format!("01900000-0000-7000-8000-{id:012}"), t)
        };
        // Lines longer than a block, lines straddling blocks, a torn last line.
        let mut text = String::new();
        let mut times = Vec::new();
        for k in 0..200 {
            let t = if k == 0 {
                "2024-01-01T00:00:00Z".to_string()
            } else {
                format!("2020-01-{:02}T00:00:00Z", 1 + k % 28)
            };
            text.push_str(&line(k, &t));
            text.push_str(if k % 7 == 0 { "\r\n\n" } else { "\n" });
            times.push(at(&t));
        }
        let padded = line(999, "2019-05-05T00:00:00Z").replace(
            "\"id\"",
            &format!("\"pad\":\"{}\",\"id\"", "x".repeat(3 * BLOCK)),
        );
        text.push_str(&padded);
        text.push('\n');
        text.push_str("{\"schema\":\"balance.result/v1\",\"id\":\"torn");
        assert!(text.len() > 4 * BLOCK);
        let now = "2026-01-01T00:00:00Z";
        let whole = scan(text.as_bytes(), "2025-01-01T00:00:00Z", now).expect("nothing recent");
        let padded_counts = serde_json::from_str::<crate::result::ResultDoc>(&padded).is_ok();
        if padded_counts {
            times.push(at("2019-05-05T00:00:00Z"));
        }
        assert_eq!(whole, Summary::of(times, at(now)));
        // Only the first line of the file is recent: found, however far back it is.
        assert!(scan(text.as_bytes(), "2023-01-01T00:00:00Z", now).is_none());
    }
}
