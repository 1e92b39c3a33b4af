//! The row source: CSV or JSON Lines read row by row into compact answers, through the one
//! header analysis and the one answer parser of [`super::intake`].

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::io::{BufRead, Cursor, Read};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use indexmap::IndexSet;
use serde_json::Value;

use super::intake::{self, Answer, Cells, Column, IntakeOptions, Layout, SKIPPED};
use super::records::{Record, Recorder, Records};
use super::{BatchError, Format, ProblemKind, RowProblem};
use crate::catalog::diagnostic::shorten;
use crate::entries::Entries;
use crate::scoring::Scorer;

/// The input as a reader thread can own it.
pub type Input = Box<dyn BufRead + Send>;

/// Bytes of the CSV reader's buffer: big enough that reading is a few large system calls.
const CSV_BUFFER: usize = 1 << 16;

/// The input with its header read, before the questionnaires to score are known.
pub struct Header {
    source_name: String,
    /// None for JSON Lines without an object to take keys from.
    names: Option<Vec<String>>,
    /// The first column whose name is not UTF-8 (counted from 0), if any.
    not_utf8: Option<usize>,
    kind: Pending,
}

enum Pending {
    Csv {
        reader: Box<csv::Reader<Recorder>>,
        delimiter: u8,
    },
    /// The lines read up to the first object, whose keys choose the questionnaires.
    Jsonl {
        input: Input,
        queued: VecDeque<Vec<u8>>,
    },
}

impl Header {
    /// Reads the header: a CSV file's first row, or the keys of the first JSON object.
    pub fn read(
        source_name: &str,
        input: Input,
        format: Format,
        options: &IntakeOptions,
    ) -> Result<Header, BatchError> {
        match format {
            Format::Csv => csv_header(source_name, input, options),
            Format::Jsonl => jsonl_header(source_name, input),
        }
    }

    /// The column names (CSV) or the first object's keys (JSON Lines), if there are any.
    pub fn names(&self) -> Option<&[String]> {
        self.names.as_deref()
    }

    /// Chooses the questionnaires to score ([`super::select`]). When no column is an item
    /// and one column's name is not UTF-8, that is the likelier cause, and the error says
    /// so: an item's id in another encoding matches nothing.
    pub fn select<'c>(
        &self,
        questionnaires: &'c [crate::questionnaire::Questionnaire],
        requested: &[String],
    ) -> Result<Vec<&'c crate::questionnaire::Questionnaire>, BatchError> {
        let chosen = super::select(&self.source_name, questionnaires, self.names(), requested);
        match (chosen, self.not_utf8) {
            (Err(BatchError::NoItemColumns { source_name }), Some(column)) => {
                Err(BatchError::HeaderNotUtf8 {
                    source_name,
                    column: column + 1,
                })
            }
            (chosen, _) => chosen,
        }
    }

    /// The row source for the questionnaires chosen.
    pub fn into_source(
        self,
        scorer: &Scorer,
        options: &IntakeOptions,
    ) -> Result<Source, BatchError> {
        let decimal_comma =
            matches!(self.kind, Pending::Csv { delimiter, .. } if delimiter != b',');
        let cells = Cells::new(scorer, &options.missing).with_decimal_comma(decimal_comma);
        let shared = Shared {
            source_name: self.source_name,
            cells,
            rows: 0,
            bytes: 0,
        };
        match self.kind {
            Pending::Csv { reader, delimiter } => {
                let names = self.names.unwrap_or_default();
                let layout = Layout::new(&shared.source_name, names, scorer, options)?;
                let records = Records::after_header(reader.into_inner(), delimiter)
                    .map_err(|e| BatchError::read(&shared.source_name, e))?;
                Ok(Source::Csv(CsvRows {
                    records,
                    unreported: layout.not_scored.clone(),
                    cells: CsvCells {
                        runs: Run::all(&layout),
                        respondent: layout.columns.iter().position(|c| *c == Column::Respondent),
                        not_utf8: AtomicU64::new(0),
                        shared,
                        layout,
                    },
                }))
            }
            Pending::Jsonl { input, queued } => {
                check_id_key(&shared.source_name, self.names.as_deref(), options)?;
                Ok(Source::Jsonl(JsonRows {
                    shared,
                    input,
                    queued,
                    line: 0,
                    buffer: Vec::new(),
                    items: scorer
                        .items()
                        .iter()
                        .enumerate()
                        .map(|(position, item)| (item.id.to_ascii_lowercase(), position))
                        .collect(),
                    id_column: options
                        .id_column
                        .clone()
                        .unwrap_or_else(|| intake::RESPONDENT.to_string()),
                    strict_columns: options.strict_columns,
                    not_scored: IndexSet::new(),
                    reported: 0,
                    answered_on: vec![0; scorer.items().len()],
                }))
            }
        }
    }
}

/// A named `--id-column` must be a key of the first object, as it must be a column of a
/// CSV header: a mistyped name would otherwise number the respondents silently.
fn check_id_key(
    source_name: &str,
    first_keys: Option<&[String]>,
    options: &IntakeOptions,
) -> Result<(), BatchError> {
    let (Some(id), Some(keys)) = (&options.id_column, first_keys) else {
        return Ok(());
    };
    if keys.iter().any(|key| key.trim().eq_ignore_ascii_case(id)) {
        return Ok(());
    }
    Err(BatchError::MissingIdColumn {
        source_name: source_name.to_string(),
        column: id.clone(),
    })
}

fn empty(source_name: &str) -> BatchError {
    BatchError::Empty {
        source_name: source_name.to_string(),
    }
}

fn csv_header(
    source_name: &str,
    mut input: Input,
    options: &IntakeOptions,
) -> Result<Header, BatchError> {
    let mut first = Vec::new();
    input
        .read_until(b'\n', &mut first)
        .map_err(|e| BatchError::read(source_name, e))?;
    if let Some(rest) = first.strip_prefix(b"\xEF\xBB\xBF") {
        first = rest.to_vec();
    }
    if first.trim_ascii().is_empty() {
        return Err(empty(source_name));
    }
    if first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF") {
        return Err(BatchError::Utf16 {
            source_name: source_name.to_string(),
        });
    }
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| intake::detect_delimiter(&first));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .buffer_capacity(CSV_BUFFER)
        .from_reader(Recorder::new(Cursor::new(first).chain(input)));
    // Names are read as bytes: a column that is not an item may be named in another
    // encoding (`\xe2ge` for `âge` in Windows-1252) and is only left out and named in a
    // notice; an item id is ASCII, so the lossy form matches exactly when the bytes do.
    let bytes = reader
        .byte_headers()
        .map_err(|e| BatchError::read(source_name, e))?;
    let not_utf8 = bytes
        .iter()
        .position(|name| std::str::from_utf8(name).is_err());
    let names = bytes
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    Ok(Header {
        source_name: source_name.to_string(),
        names: Some(names),
        not_utf8,
        kind: Pending::Csv {
            reader: Box::new(reader),
            delimiter,
        },
    })
}

/// Lines looked through for a first JSON object before every questionnaire is scored.
const LOOKAHEAD_LINES: usize = 1000;

fn jsonl_header(source_name: &str, mut input: Input) -> Result<Header, BatchError> {
    let mut queued = VecDeque::new();
    let mut names = None;
    while names.is_none() && queued.len() < LOOKAHEAD_LINES {
        let mut line = Vec::new();
        let read = input
            .read_until(b'\n', &mut line)
            .map_err(|e| BatchError::read(source_name, e))?;
        if read == 0 {
            break;
        }
        // A byte-order mark starts the file, as it may a CSV file; it is not the row's.
        if queued.is_empty() {
            if let Some(rest) = line.strip_prefix(b"\xEF\xBB\xBF") {
                line = rest.to_vec();
            }
        }
        if let Ok(object) = serde_json::from_slice::<serde_json::Map<String, Value>>(&line) {
            names = Some(object.keys().cloned().collect());
        }
        queued.push_back(line);
    }
    if queued.iter().all(|line| line.trim_ascii().is_empty()) {
        return Err(empty(source_name));
    }
    Ok(Header {
        source_name: source_name.to_string(),
        names,
        not_utf8: None,
        kind: Pending::Jsonl { input, queued },
    })
}

/// What both readers keep.
struct Shared {
    source_name: String,
    cells: Cells,
    /// Rows read, good or bad: the respondent's number when no column names them.
    rows: u64,
    bytes: u64,
}

/// One row read: its answers and respondent were stored, or what is wrong with it.
pub type RowRead = Option<Result<(), RowProblem>>;

pub enum Source {
    Csv(CsvRows),
    Jsonl(JsonRows),
}

impl Source {
    /// Respondents that were not UTF-8 and were written with `\xNN` escapes.
    pub fn respondents_not_utf8(&self) -> u64 {
        match self {
            Source::Csv(rows) => rows.cells.not_utf8.load(Ordering::Relaxed),
            // A JSON Lines row that is not UTF-8 is not JSON: a bad row.
            Source::Jsonl(_) => 0,
        }
    }

    /// Columns (or keys) left out of scoring that were not reported yet.
    pub fn take_not_scored(&mut self) -> Vec<String> {
        match self {
            Source::Csv(rows) => std::mem::take(&mut rows.unreported),
            Source::Jsonl(rows) => {
                let new = rows
                    .not_scored
                    .iter()
                    .skip(rows.reported)
                    .map(|key| format!("`{}`", shorten(key)))
                    .collect();
                rows.reported = rows.not_scored.len();
                new
            }
        }
    }
}

/// CSV rows, read in two halves: records parsed on the reading thread, and their cells
/// turned into answers on the scoring thread, which has time to spare for it.
pub struct CsvRows {
    records: Records,
    cells: CsvCells,
    unreported: Vec<String>,
}

impl CsvRows {
    /// The reading half, and the half that turns records into answers (either thread).
    pub fn halves(&mut self) -> (&mut Records, &CsvCells) {
        (&mut self.records, &self.cells)
    }
}

/// What turns a CSV record into a row's answers and respondent.
pub struct CsvCells {
    shared: Shared,
    layout: Layout,
    /// The item columns, in runs of consecutive columns that answer consecutive items.
    runs: Vec<Run>,
    /// The respondent's column, if any.
    respondent: Option<usize>,
    /// Respondents that were not UTF-8, counted on whichever thread decoded them.
    not_utf8: AtomicU64,
}

impl CsvCells {
    pub fn source_name(&self) -> &str {
        &self.shared.source_name
    }

    /// Stores a record's answers in `answers` (every one [`SKIPPED`] on entry) and appends
    /// its respondent to `respondent`, or says what is wrong with it. `number` counts the
    /// records from 1: the respondent when no column names them.
    pub fn decode(
        &self,
        record: Record,
        number: u64,
        answers: &mut [Answer],
        respondent: &mut String,
    ) -> Result<(), RowProblem> {
        if self.is_qualtrics_header(record, number) {
            return Err(RowProblem {
                line: record.line(),
                message: "a Qualtrics header row (question texts or import ids)".to_string(),
                kind: ProblemKind::SurveyHeader,
            });
        }
        let stored = self.fill(record, answers, respondent);
        if stored.is_ok() && self.respondent.is_none() {
            let _ = write!(respondent, "{number}");
        }
        // Only the rows scored count towards the notice.
        if stored == Ok(Escaped(true)) {
            self.not_utf8.fetch_add(1, Ordering::Relaxed);
        }
        stored.map(drop).map_err(|message| RowProblem {
            line: record.line(),
            message,
            kind: ProblemKind::Bad,
        })
    }

    /// Whether record `number` is one of the two rows Qualtrics writes below its header: the
    /// first holds each column's label (`Response ID` in its `ResponseId` column), the second
    /// (or the first, in an export without labels) each column's import id.
    fn is_qualtrics_header(&self, record: Record, number: u64) -> bool {
        if number > QUALTRICS_HEADER_ROWS {
            return false;
        }
        let cell = self
            .layout
            .qualtrics_id
            .and_then(|column| record.get(column));
        cell.is_some_and(|cell| {
            (number == 1 && cell == b"Response ID") || cell.starts_with(b"{\"ImportId\"")
        })
    }

    /// Stores one record's answers and respondent.
    fn fill(
        &self,
        record: Record,
        answers: &mut [Answer],
        respondent: &mut String,
    ) -> Result<Escaped, String> {
        if record.len() != self.layout.columns.len() {
            return Err(format!(
                "{} fields where the header has {}",
                record.len(),
                self.layout.columns.len()
            ));
        }
        if !self.store_digits(record, answers) {
            return self.fill_cell_by_cell(record, answers, respondent);
        }
        let field = self.respondent.and_then(|column| record.get(column));
        Ok(field.map_or(Escaped(false), |field| push_respondent(field, respondent)))
    }

    /// Stores the answers of a record whose every item cell is one digit that is an answer
    /// or empty (a skipped answer): nearly every record, and the decoding's inner loop.
    /// False, with nothing to rely on stored, for any other.
    fn store_digits(&self, record: Record, answers: &mut [Answer]) -> bool {
        let (fields, ends, gap) = record.parts();
        let mut fits = true;
        for run in &self.runs {
            // The run's first cell starts `gap` bytes after the column before it ends.
            let start = match run.columns.start.checked_sub(1) {
                Some(before) => ends.get(before).map(|end| end + gap),
                None => Some(0),
            };
            let (Some(start), Some(ends), Some(answers), Some(digits)) = (
                start,
                ends.get(run.columns.clone()),
                answers.get_mut(run.positions.clone()),
                self.shared.cells.digits().get(run.positions.clone()),
            ) else {
                return false;
            };
            fits &= store_run(fields, (start, gap), ends, digits, answers);
        }
        fits
    }

    /// Every cell through the one answer parser, in column order: the first problem found is
    /// the one reported.
    fn fill_cell_by_cell(
        &self,
        record: Record,
        answers: &mut [Answer],
        respondent: &mut String,
    ) -> Result<Escaped, String> {
        let mut escaped = Escaped(false);
        for (index, (target, field)) in self.layout.columns.iter().zip(record.iter()).enumerate() {
            match *target {
                Column::Item(position) => {
                    answers[position] = self.parse(index, field, position)?;
                }
                Column::Respondent => escaped = push_respondent(field, respondent),
                Column::Ignored => {}
            }
        }
        Ok(escaped)
    }

    fn parse(&self, index: usize, field: &[u8], position: usize) -> Result<Answer, String> {
        self.shared
            .cells
            .parse(field, position)
            .map_err(|message| self.cell_problem(index, message))
    }

    #[cold]
    fn cell_problem(&self, index: usize, message: String) -> String {
        format!(
            "column {} (`{}`): {message}",
            index + 1,
            shorten(&self.layout.names[index])
        )
    }
}

/// Consecutive item columns that answer consecutive items: in nearly every file, every item
/// column is in one run, which [`store_run`] reads without a branch on the kind of column.
#[derive(Debug, Clone)]
struct Run {
    columns: Range<usize>,
    positions: Range<usize>,
}

impl Run {
    fn all(layout: &Layout) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for (column, kind) in layout.columns.iter().enumerate() {
            let Column::Item(position) = *kind else {
                continue;
            };
            match runs.last_mut() {
                Some(run) if run.columns.end == column && run.positions.end == position => {
                    run.columns.end += 1;
                    run.positions.end += 1;
                }
                _ => runs.push(Run {
                    columns: column..column + 1,
                    positions: position..position + 1,
                }),
            }
        }
        runs
    }
}

/// The rows Qualtrics writes below its header, before the answers.
const QUALTRICS_HEADER_ROWS: u64 = 2;

/// Whether a respondent was written with escapes, not being UTF-8.
#[derive(Debug, PartialEq)]
struct Escaped(bool);

/// Appends a respondent's cell as it is when it is UTF-8. A file a spreadsheet saved in its
/// own encoding (Windows-1252: `M\xfcller`) would lose the row over a name: each byte that is
/// not UTF-8 is written `\xNN` instead, which keeps the row and the rest of the name without
/// guessing the encoding (though `M\xfcller` typed as it is reads the same).
fn push_respondent(field: &[u8], respondent: &mut String) -> Escaped {
    if let Ok(text) = std::str::from_utf8(field) {
        respondent.push_str(text);
        return Escaped(false);
    }
    for chunk in field.utf8_chunks() {
        respondent.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(respondent, "\\x{byte:02x}");
        }
    }
    Escaped(true)
}

/// Stores a run's cells in `answers` as one-digit or empty cells, whatever they hold, and
/// says whether each was one: the run's first cell starts at `start` in `fields`, each cell
/// ends where `ends` says, and the next starts `gap` bytes after. One pass with one shape
/// for every cell, and the checks summed up as it goes.
fn store_run(
    fields: &[u8],
    (mut start, gap): (usize, usize),
    ends: &[usize],
    digits: &[u16],
    answers: &mut [Answer],
) -> bool {
    let mut fits = true;
    let n = ends.len().min(digits.len()).min(answers.len());
    let (ends, digits, answers) = (&ends[..n], &digits[..n], &mut answers[..n]);
    for i in 0..n {
        let length = ends[i].wrapping_sub(start);
        let digit = fields
            .get(start)
            .map_or(u8::MAX, |byte| byte.wrapping_sub(b'0'));
        start = ends[i] + gap;
        let answer = digits[i].checked_shr(digit.into()).unwrap_or(0) & 1 == 1;
        fits &= length == 0 || (length == 1 && answer);
        answers[i] = if length == 0 {
            SKIPPED
        } else {
            Answer::from(digit)
        };
    }
    fits
}

pub struct JsonRows {
    shared: Shared,
    input: Input,
    /// Lines read ahead with the header, read again first.
    queued: VecDeque<Vec<u8>>,
    line: u64,
    buffer: Vec<u8>,
    /// Item ids in lower case, for keys matched whatever their case.
    items: HashMap<String, usize>,
    id_column: String,
    strict_columns: bool,
    not_scored: IndexSet<String>,
    reported: usize,
    /// Per item, the line that last gave its answer (0: none yet, as lines count from 1):
    /// an item given twice in one row is found without clearing anything row after row.
    answered_on: Vec<u64>,
}

impl JsonRows {
    /// Bytes and rows read so far.
    pub fn progress(&self) -> (u64, u64) {
        (self.shared.bytes, self.shared.rows)
    }

    /// Reads the next row, storing its answers in `answers` (every one [`SKIPPED`] on entry)
    /// and appending its respondent to `respondent`; `None` at the end of the input.
    pub fn next_row(
        &mut self,
        answers: &mut [Answer],
        respondent: &mut String,
    ) -> Result<RowRead, BatchError> {
        let line = loop {
            match self.queued.pop_front() {
                Some(queued) => self.buffer = queued,
                None => {
                    self.buffer.clear();
                    let read = self
                        .input
                        .read_until(b'\n', &mut self.buffer)
                        .map_err(|e| BatchError::read(&self.shared.source_name, e))?;
                    if read == 0 {
                        return Ok(None);
                    }
                }
            }
            self.shared.bytes += self.buffer.len() as u64;
            self.line += 1;
            if !self.buffer.trim_ascii().is_empty() {
                break self.line;
            }
        };
        self.shared.rows += 1;
        let stored = self.fill(answers, respondent, line)?;
        Ok(Some(stored.map_err(|message| RowProblem {
            line,
            message,
            kind: ProblemKind::Bad,
        })))
    }

    /// Stores one object's answers; an unknown key is fatal only with `--strict-columns`.
    fn fill(
        &mut self,
        answers: &mut [Answer],
        respondent: &mut String,
        line: u64,
    ) -> Result<Result<(), String>, BatchError> {
        // Every entry, a key given twice included, for the checks below.
        let read = Entries {
            expecting: "an object",
            twice: None,
        };
        let object = match read.read(&self.buffer) {
            Ok(object) => object,
            Err(e) => {
                // The line is the row's: the column says where in it (past its end, none),
                // and the rest is cut short, as it may echo the row's text.
                let text = e.to_string();
                let what = shorten(text.split(" at line ").next().unwrap_or(&text));
                return Ok(Err(match e.line() {
                    1 => format!("not a JSON object (column {}): {what}", e.column().max(1)),
                    _ => format!("not a JSON object: {what}"),
                }));
            }
        };
        // The key that named the respondent, and whether it gave one (not `null`).
        let mut id_key: Option<&str> = None;
        let mut named = false;
        for (key, value) in &object {
            // Keys are matched as CSV headers are: whatever the case, around spaces.
            let name = key.trim();
            if name.eq_ignore_ascii_case(&self.id_column) {
                // One respondent per row, as a CSV header has one such column.
                if let Some(first) = id_key {
                    return Ok(Err(given_twice("the respondent", first, key)));
                }
                id_key = Some(key);
                match value {
                    // No respondent: the row is numbered, as without the key.
                    Value::Null => {}
                    Value::String(s) => respondent.push_str(s),
                    other => respondent.push_str(&other.to_string()),
                }
                named = !value.is_null();
                continue;
            }
            let Some(&position) = self.items.get(&name.to_ascii_lowercase()) else {
                if self.strict_columns {
                    return Err(BatchError::UnknownColumns {
                        source_name: format!("{}:{line}", self.shared.source_name),
                        columns: format!("`{}`", shorten(key)),
                    });
                }
                if !self.not_scored.contains(key.as_str()) {
                    self.not_scored.insert(key.clone());
                }
                continue;
            };
            if self.answered_on[position] == line {
                let first = self.first_key_of(&object, position).unwrap_or(key);
                return Ok(Err(given_twice("an item", first, key)));
            }
            self.answered_on[position] = line;
            match self.answer(value, position) {
                Ok(answer) => answers[position] = answer,
                Err(message) => return Ok(Err(format!("item `{}`: {message}", shorten(key)))),
            }
        }
        if !named {
            let _ = write!(respondent, "{}", self.shared.rows);
        }
        Ok(Ok(()))
    }

    /// The first key in `object` that names the item at `position`.
    fn first_key_of<'o>(&self, object: &'o [(String, Value)], position: usize) -> Option<&'o str> {
        object
            .iter()
            .map(|(key, _)| key.as_str())
            .find(|key| self.items.get(&key.trim().to_ascii_lowercase()) == Some(&position))
    }

    /// A JSON value as an answer: numbers and strings through the one cell parser.
    fn answer(&self, value: &Value, position: usize) -> Result<Answer, String> {
        let cells = &self.shared.cells;
        match value {
            Value::Null => Ok(SKIPPED),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(whole), _) => cells.number(whole, position),
                // Written with a point or an exponent (`2.0`, `1e2`), or past any i64 (`1e20`,
                // `18446744073709551615`, which is off every scale).
                (None, Some(float)) if float.fract() == 0.0 => {
                    match (i64::MIN as f64) < float && float < (i64::MAX as f64) {
                        true => cells.number(float as i64, position),
                        false => Err(cells.out_of_range(n, position)),
                    }
                }
                (None, _) => cells.parse(n.to_string().as_bytes(), position),
            },
            Value::String(text) => cells.parse(text.as_bytes(), position),
            other => Err(format!(
                "{} is not a whole number",
                shorten(&other.to_string())
            )),
        }
    }
}

/// What is wrong with a row that gives one thing under two keys (or one key twice).
fn given_twice(what: &str, first: &str, second: &str) -> String {
    match first == second {
        true => format!("{what} is given twice, as `{}`", shorten(first)),
        false => format!(
            "{what} is given twice, as `{}` and `{}`",
            shorten(first),
            shorten(second)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::records::RecordBlock;
    use crate::catalog::Catalog;
    use crate::questionnaire::Form;

    /// A header of some items in shuffled order, with other columns among them.
    fn shuffled_header(scorer: &Scorer, random: &mut fastrand::Rng) -> Vec<String> {
        let mut columns: Vec<String> = scorer.items().iter().map(|i| i.id.clone()).collect();
        random.shuffle(&mut columns);
        columns.truncate(random.usize(1..12));
        for other in ["respondent", "age", "notes"] {
            if random.bool() {
                let at = random.usize(..=columns.len());
                columns.insert(at, other.to_string());
            }
        }
        columns
    }

    /// Wherever the fast loop over runs of one-digit cells takes a record, it stores what the
    /// one cell parser stores, whatever the order of the columns and the cells' contents.
    #[test]
    fn one_digit_runs_store_what_the_cell_parser_stores() {
        let catalog = Catalog::builtin().unwrap();
        let scorer = Scorer::new(&catalog.questionnaires, Form::Full);
        let options = IntakeOptions::default();
        let cells = [
            "1", "4", "7", "", "9", "0", "NA", "2.0", "12", "x", " 3", "\"5\"",
        ];
        let mut random = fastrand::Rng::with_seed(11);
        let (mut fast, mut slow) = (0, 0);
        for _ in 0..300 {
            let header = shuffled_header(&scorer, &mut random);
            let mut text = header.join(",") + "\n";
            for _ in 0..20 {
                let row: Vec<&str> = header.iter().map(|_| cells[random.usize(..12)]).collect();
                text += &(row.join(",") + "\n");
            }
            let input = Box::new(Cursor::new(text.into_bytes()));
            let header = Header::read("t.csv", input, Format::Csv, &options).unwrap();
            let Ok(Source::Csv(mut rows)) = header.into_source(&scorer, &options) else {
                continue;
            };
            let (records, decoder) = rows.halves();
            let mut block = RecordBlock::default();
            while records.read_into(&mut block).unwrap() {}
            for (_, record) in block.iter() {
                let mut stored = vec![SKIPPED; scorer.items().len()];
                if !decoder.store_digits(record, &mut stored) {
                    slow += 1;
                    continue;
                }
                fast += 1;
                let mut parsed = vec![SKIPPED; scorer.items().len()];
                let mut respondent = String::new();
                decoder
                    .fill_cell_by_cell(record, &mut parsed, &mut respondent)
                    .unwrap();
                assert_eq!(stored, parsed, "line {}", record.line());
            }
        }
        assert!(fast > 100 && slow > 100, "{fast} fast, {slow} slow");
    }
}
