//! Batch scoring: many respondents from CSV or JSON Lines, each scored by the same
//! [`Scorer`] as `balance quiz`, streamed row by row with statistics accumulated on the way.

mod pipeline;
pub mod stats;
mod write;

use std::io::{BufRead, Read};

use serde::Serialize;

use crate::catalog::diagnostic::shorten;

use crate::scoring::{Balance, DimensionScore, Leaning, Scorer};
use stats::{ItemMoments, Reliability, Running};

pub use pipeline::pipelined;
pub use write::{RowWriter, Shape};

/// The column that names a respondent.
pub const RESPONDENT: &str = "respondent";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{source_name}: unknown column `{column}` in the header\n  help: columns are `respondent` and item ids (`balance show ID` lists them)")]
    UnknownColumn { source_name: String, column: String },
    #[error("{source_name}: column `{column}` appears twice in the header")]
    DuplicateColumn { source_name: String, column: String },
    #[error("{source_name}: {message}")]
    Read {
        source_name: String,
        message: String,
    },
    #[error("{source_name}:{line}: {message}")]
    BadRow {
        source_name: String,
        line: u64,
        message: String,
    },
    #[error("cannot write results: {0}")]
    Write(#[from] std::io::Error),
}

impl BatchError {
    fn read(source_name: &str, e: impl std::fmt::Display) -> Self {
        BatchError::Read {
            source_name: source_name.to_string(),
            message: e.to_string(),
        }
    }
}

/// One respondent's row: who, and the answers laid out in scorer order.
pub struct Row<'a> {
    pub respondent: &'a str,
    pub answers: &'a [Option<i64>],
}

/// The scored row as the writers see it.
pub struct Scored<'a> {
    pub respondent: &'a str,
    pub dimensions: &'a [DimensionScore],
    pub leaning: Option<Leaning>,
    pub balance: Option<Balance>,
}

/// Scores rows one after another and keeps the running statistics.
pub struct Batch<'s> {
    scorer: &'s Scorer,
    dimensions: Vec<DimensionScore>,
    stats: Option<Accumulators>,
    pub rows_scored: u64,
    pub rows_skipped: u64,
}

struct Accumulators {
    scores: Vec<Running>,
    items: Vec<ItemMoments>,
    keyed: Vec<i64>,
}

#[derive(Debug, Serialize)]
pub struct DimensionStatistics {
    pub id: String,
    /// People whose score could be computed (two thirds of the items answered).
    pub scored: u64,
    pub mean_score: Option<f64>,
    pub sd_score: Option<f64>,
    /// Null when fewer than two people answered every item.
    pub reliability: Option<Reliability>,
}

impl<'s> Batch<'s> {
    pub fn new(scorer: &'s Scorer, with_stats: bool) -> Self {
        let stats = with_stats.then(|| Accumulators {
            scores: vec![Running::default(); scorer.dimensions().len()],
            items: scorer
                .dimensions()
                .iter()
                .map(|d| ItemMoments::new(d.members.len()))
                .collect(),
            keyed: Vec::new(),
        });
        Batch {
            scorer,
            dimensions: Vec::with_capacity(scorer.dimensions().len()),
            stats,
            rows_scored: 0,
            rows_skipped: 0,
        }
    }

    /// Scores one row, updating the statistics, and hands the result to `emit`.
    pub fn score<T>(&mut self, row: &Row, emit: impl FnOnce(&Scored) -> T) -> T {
        self.scorer.score_into(row.answers, &mut self.dimensions);
        if let Some(stats) = &mut self.stats {
            stats.add(self.scorer, row.answers, &self.dimensions);
        }
        self.rows_scored += 1;
        emit(&Scored {
            respondent: row.respondent,
            dimensions: &self.dimensions,
            leaning: self.scorer.leaning(&self.dimensions),
            balance: self.scorer.balance(&self.dimensions),
        })
    }

    pub fn statistics(&self) -> Vec<DimensionStatistics> {
        let Some(stats) = &self.stats else {
            return Vec::new();
        };
        self.scorer
            .dimensions()
            .iter()
            .enumerate()
            .map(|(d, dimension)| {
                let ids: Vec<String> = dimension
                    .members
                    .iter()
                    .map(|&i| self.scorer.items()[i].id.clone())
                    .collect();
                DimensionStatistics {
                    id: dimension.id.clone(),
                    scored: stats.scores[d].n,
                    mean_score: stats.scores[d].mean(),
                    sd_score: stats.scores[d].sd(),
                    reliability: stats.items[d].statistics(&ids),
                }
            })
            .collect()
    }
}

impl Accumulators {
    fn add(&mut self, scorer: &Scorer, answers: &[Option<i64>], scores: &[DimensionScore]) {
        for (d, dimension) in scorer.dimensions().iter().enumerate() {
            if let Some(score) = scores[d].score {
                self.scores[d].add(score);
            }
            self.keyed.clear();
            for &position in &dimension.members {
                let Some(answer) = answers[position] else {
                    break;
                };
                let item = &scorer.items()[position];
                self.keyed.push(if item.reverse {
                    item.min + item.max - answer
                } else {
                    answer
                });
            }
            if self.keyed.len() == dimension.members.len() {
                self.items[d].add(&self.keyed);
            }
        }
    }
}

/// Where each input column goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Respondent,
    Item(usize),
}

fn columns(source_name: &str, header: &[&str], scorer: &Scorer) -> Result<Vec<Column>, BatchError> {
    let mut columns = Vec::with_capacity(header.len());
    for name in header {
        let name = name.trim();
        let column =
            if name == RESPONDENT {
                Column::Respondent
            } else {
                Column::Item(scorer.item_position(name).ok_or_else(|| {
                    BatchError::UnknownColumn {
                        source_name: source_name.to_string(),
                        column: name.to_string(),
                    }
                })?)
            };
        if columns.contains(&column) {
            return Err(BatchError::DuplicateColumn {
                source_name: source_name.to_string(),
                column: name.to_string(),
            });
        }
        columns.push(column);
    }
    Ok(columns)
}

/// A problem with one row: where it is and what is wrong.
pub struct RowProblem {
    pub line: u64,
    pub message: String,
}

/// What the reading loop tells its caller for each row.
pub enum Step<'a> {
    Row(Row<'a>),
    Bad(RowProblem),
}

/// Reads CSV rows, calling `each` with every row or problem in order. `each` returns false to
/// stop. `progress` is called now and then with the bytes and rows read so far.
pub fn read_csv(
    source_name: &str,
    input: impl Read,
    scorer: &Scorer,
    each: &mut dyn FnMut(Step) -> Result<bool, BatchError>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), BatchError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| BatchError::read(source_name, e))?
        .iter()
        .map(str::to_string)
        .collect();
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let columns = columns(source_name, &names, scorer)?;
    let mut record = csv::ByteRecord::new();
    let mut answers = vec![None; scorer.items().len()];
    let mut number = String::new();
    let mut row_index: u64 = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(BatchError::read(source_name, e)),
        }
        row_index += 1;
        if row_index & 0xFFFF == 0 {
            progress(reader.position().byte(), row_index);
        }
        let line = record.position().map_or(row_index + 1, |p| p.line());
        let step = match fill(&record, &columns, &header, scorer, &mut answers) {
            Ok(respondent) => {
                let respondent = match respondent {
                    Some(r) => r,
                    None => {
                        number.clear();
                        number.push_str(itoa::Buffer::new().format(row_index));
                        number.as_str()
                    }
                };
                Step::Row(Row {
                    respondent,
                    answers: &answers,
                })
            }
            Err(message) => Step::Bad(RowProblem { line, message }),
        };
        if !each(step)? {
            return Ok(());
        }
    }
}

/// Lays one record's answers out; returns the respondent's name if the row has one.
fn fill<'r>(
    record: &'r csv::ByteRecord,
    columns: &[Column],
    header: &[String],
    scorer: &Scorer,
    answers: &mut [Option<i64>],
) -> Result<Option<&'r str>, String> {
    if record.len() != columns.len() {
        return Err(format!(
            "{} fields where the header has {}",
            record.len(),
            columns.len()
        ));
    }
    let mut respondent = None;
    for (index, (column, field)) in columns.iter().zip(record.iter()).enumerate() {
        match *column {
            Column::Respondent => {
                respondent = Some(
                    std::str::from_utf8(field)
                        .map_err(|_| "the respondent is not UTF-8".to_string())?,
                );
            }
            Column::Item(position) => {
                answers[position] = parse_answer(field, scorer, position).map_err(|message| {
                    format!("column {} (`{}`): {message}", index + 1, header[index])
                })?;
            }
        }
    }
    Ok(respondent)
}

fn parse_answer(field: &[u8], scorer: &Scorer, position: usize) -> Result<Option<i64>, String> {
    let item = &scorer.items()[position];
    // Nearly every cell is one digit: take it directly, without a string conversion.
    if let [digit @ b'0'..=b'9'] = field {
        let value = i64::from(digit - b'0');
        if (item.min..=item.max).contains(&value) {
            return Ok(Some(value));
        }
    }
    let field = field.trim_ascii();
    if field.is_empty() {
        return Ok(None);
    }
    let value = std::str::from_utf8(field)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or_else(|| {
            format!(
                "`{}` is not a whole number",
                shorten(&String::from_utf8_lossy(field))
            )
        })?;
    if value < item.min || value > item.max {
        return Err(format!(
            "{value} is out of range {} to {}",
            item.min, item.max
        ));
    }
    Ok(Some(value))
}

/// Reads JSON Lines: one object per person mapping item ids to answers, plus `respondent`.
pub fn read_jsonl(
    source_name: &str,
    input: impl BufRead,
    scorer: &Scorer,
    each: &mut dyn FnMut(Step) -> Result<bool, BatchError>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), BatchError> {
    let mut answers = vec![None; scorer.items().len()];
    let mut bytes = 0u64;
    let mut row_index = 0u64;
    for (index, line) in input.split(b'\n').enumerate() {
        let line = line.map_err(|e| BatchError::read(source_name, e))?;
        bytes += line.len() as u64 + 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        row_index += 1;
        if row_index & 0xFFFF == 0 {
            progress(bytes, row_index);
        }
        answers.iter_mut().for_each(|a| *a = None);
        let step = match json_row(&line, scorer, &mut answers) {
            Ok(respondent) => {
                let respondent = respondent.unwrap_or_else(|| row_index.to_string());
                let keep_going = each(Step::Row(Row {
                    respondent: &respondent,
                    answers: &answers,
                }))?;
                if !keep_going {
                    return Ok(());
                }
                continue;
            }
            Err(message) => Step::Bad(RowProblem {
                line: index as u64 + 1,
                message,
            }),
        };
        if !each(step)? {
            return Ok(());
        }
    }
    Ok(())
}

fn json_row(
    line: &[u8],
    scorer: &Scorer,
    answers: &mut [Option<i64>],
) -> Result<Option<String>, String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(line)
        .map_err(|e| format!("not a JSON object: {}", shorten(&e.to_string())))?;
    let mut respondent = None;
    for (key, value) in &object {
        if key == RESPONDENT {
            respondent = Some(match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            continue;
        }
        let position = scorer
            .item_position(key)
            .ok_or_else(|| format!("unknown item `{}`", shorten(key)))?;
        let item = &scorer.items()[position];
        answers[position] = match value {
            serde_json::Value::Null => None,
            v => match v.as_i64() {
                Some(n) if (item.min..=item.max).contains(&n) => Some(n),
                Some(n) => {
                    return Err(format!(
                        "item `{key}`: {n} is out of range {} to {}",
                        item.min, item.max
                    ))
                }
                None => {
                    return Err(format!(
                        "item `{key}`: {} is not a whole number",
                        shorten(&v.to_string())
                    ))
                }
            },
        };
    }
    Ok(respondent)
}
