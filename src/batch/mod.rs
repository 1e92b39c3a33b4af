//! Batch scoring: many respondents from CSV or JSON Lines, each scored by the same
//! [`Scorer`] as `balance quiz`, streamed row by row with statistics accumulated on the way.

pub mod intake;
mod keys;
mod pipeline;
mod records;
mod source;
pub mod stats;
mod write;

use std::cell::OnceCell;

use serde::Serialize;

use crate::quality::{self, FlagKind, Indices};
use crate::scoring::{Balance, DimensionScore, Leaning, Scorer, Tally};
use intake::{Answer, SKIPPED};
use keys::Keys;
use stats::{ItemMoments, Reliability, Running};

pub use intake::{select, IntakeOptions, RESPONDENT};
pub use pipeline::pipelined;
pub use source::{Header, Input, Source};
pub use write::{RowWriter, Shape};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{source_name}: columns that are not items: {columns}\n  help: drop --strict-columns to score the items and leave these out, or name the respondent's column with --id-column")]
    UnknownColumns {
        source_name: String,
        columns: String,
    },
    #[error("{source_name}: column `{column}` appears twice in the header")]
    DuplicateColumn { source_name: String, column: String },
    #[error("{source_name}: no column named `{column}` for --id-column")]
    MissingIdColumn { source_name: String, column: String },
    #[error("{source_name}: no column is an item of any questionnaire\n  help: the header needs item ids such as `cl01` (`balance show ID` lists them), or name the questionnaire with --questionnaire")]
    NoItemColumns { source_name: String },
    #[error("{source_name}: no column is an item of questionnaire `{id}`\n  help: `balance show {id}` lists its item ids; without --questionnaire, the questionnaires whose items the header names are scored")]
    NoColumnsOf { source_name: String, id: String },
    #[error("no questionnaire `{id}`\n  help: known questionnaires: {known}")]
    UnknownQuestionnaire { id: String, known: String },
    #[error("{source_name} is empty: there is no header row to read\n  help: a CSV file starts with a row naming its columns (`respondent` and item ids); JSON Lines has one object per line")]
    Empty { source_name: String },
    #[error("{source_name}:1: column {column}'s name is not UTF-8, and no column is an item\n  help: save the file as UTF-8 (\"CSV UTF-8\" in Excel's Save As)")]
    HeaderNotUtf8 { source_name: String, column: usize },
    #[error("{source_name} is UTF-16 text\n  help: save it as CSV in UTF-8 (\"CSV UTF-8\" in Excel's Save As)")]
    Utf16 { source_name: String },
    #[error("{source_name} has no rows to score, only a header")]
    NoRows { source_name: String },
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
    pub(crate) fn read(source_name: &str, e: impl std::fmt::Display) -> Self {
        BatchError::Read {
            source_name: source_name.to_string(),
            message: e.to_string(),
        }
    }
}

/// One respondent's row: who, and the answers laid out in scorer order as the reader
/// stored them, two bytes each ([`SKIPPED`] for a skipped item).
pub struct Row<'a> {
    pub respondent: &'a str,
    pub answers: &'a [Answer],
}

impl Row<'_> {
    /// The answer to the item at `position`, if it was answered.
    #[inline]
    pub fn answer(&self, position: usize) -> Option<i64> {
        match self.answers.get(position) {
            Some(&answer) if answer != SKIPPED => Some(i64::from(answer)),
            _ => None,
        }
    }
}

/// The scored row as the writers see it.
pub struct Scored<'a> {
    scorer: &'a Scorer,
    pub respondent: &'a str,
    pub dimensions: &'a [DimensionScore],
    /// Worked out when first asked for: `--stats` alone never asks.
    leaning: OnceCell<Option<Leaning>>,
    balance: OnceCell<Option<Balance>>,
    /// The response-quality flags the row raised (none: interpretable), and their kinds
    /// joined with `;` as the rows carry them.
    pub flags: &'a [FlagKind],
    pub flag_names: &'a str,
}

impl Scored<'_> {
    /// A row whose scores can be read: it raised no quality flag, and has a score to read.
    pub fn interpretable(&self) -> bool {
        self.flags.is_empty() && self.dimensions.iter().any(|d| d.score.is_some())
    }

    pub fn leaning(&self) -> Option<Leaning> {
        *self
            .leaning
            .get_or_init(|| self.scorer.leaning(self.dimensions))
    }

    pub fn balance(&self) -> Option<Balance> {
        *self
            .balance
            .get_or_init(|| self.scorer.balance(self.dimensions))
    }
}

/// Scores rows one after another and keeps the running statistics.
pub struct Batch<'s> {
    scorer: &'s Scorer,
    keys: Keys,
    /// The row's tallies, keyed answers and scores, in buffers reused row after row.
    tallies: Vec<Tally>,
    keyed: Vec<Answer>,
    dimensions: Vec<DimensionScore>,
    stats: Option<Accumulators>,
    flags: Vec<FlagKind>,
    flag_names: String,
    /// Leave rows that raised a quality flag out of the statistics.
    exclude_flagged: bool,
    pub rows_scored: u64,
    pub rows_skipped: u64,
    /// Rows that raised each flag, in the order of [`FlagKind::ALL`], and rows that raised any.
    pub flag_counts: [u64; 4],
    pub rows_flagged: u64,
}

struct Accumulators {
    scores: Vec<Running>,
    items: Vec<ItemMoments>,
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
                .map(|d| ItemMoments::new(d.members.len(), d.min.abs().max(d.max.abs())))
                .collect(),
        });
        Batch {
            scorer,
            keys: Keys::new(scorer),
            tallies: Vec::with_capacity(scorer.dimensions().len()),
            keyed: Vec::with_capacity(scorer.items().len()),
            dimensions: Vec::with_capacity(scorer.dimensions().len()),
            stats,
            flags: Vec::new(),
            flag_names: String::new(),
            exclude_flagged: false,
            rows_scored: 0,
            rows_skipped: 0,
            flag_counts: [0; 4],
            rows_flagged: 0,
        }
    }

    /// Leaves rows that raise a quality flag out of the statistics (they are still scored,
    /// written and counted).
    pub fn exclude_flagged(mut self, exclude: bool) -> Self {
        self.exclude_flagged = exclude;
        self
    }

    /// Scores one row, updating the statistics, and hands the result to `emit`.
    pub fn score<T>(&mut self, row: &Row, emit: impl FnOnce(&Scored) -> T) -> T {
        // One pass over the row tallies it for its scores and its quality indices.
        self.keys
            .tally(row.answers, &mut self.tallies, &mut self.keyed);
        self.scorer
            .score_tallies_into(&self.tallies, &mut self.dimensions);
        self.check_quality(row);
        let counted = !self.exclude_flagged || self.flags.is_empty();
        if let Some(stats) = self.stats.as_mut().filter(|_| counted) {
            stats.add(self.scorer, &self.keyed, &self.dimensions);
        }
        self.rows_scored += 1;
        emit(&Scored {
            scorer: self.scorer,
            respondent: row.respondent,
            dimensions: &self.dimensions,
            leaning: OnceCell::new(),
            balance: OnceCell::new(),
            flags: &self.flags,
            flag_names: &self.flag_names,
        })
    }

    /// The row's quality flags, counted, with their names joined for the rows.
    fn check_quality(&mut self, row: &Row) {
        let indices = self.indices(row);
        self.flags.clear();
        self.flags.extend(indices.raised());
        self.flag_names.clear();
        for (n, kind) in self.flags.iter().enumerate() {
            if n > 0 {
                self.flag_names.push(';');
            }
            self.flag_names.push_str(kind.name());
            if let Some(at) = FlagKind::ALL.iter().position(|k| k == kind) {
                self.flag_counts[at] += 1;
            }
        }
        self.rows_flagged += u64::from(!self.flags.is_empty());
    }

    /// The row's quality indices, from its tallies and keyed answers: the parts of the quiz's
    /// [`quality::indices`], read straight from the compact answers. The run is read in the
    /// items' own order, as a file does not say in which order its respondents were asked.
    fn indices(&self, row: &Row) -> Indices {
        let stored = |value: Answer| (value != SKIPPED).then_some(i64::from(value));
        let keyed = |position: usize| self.keyed.get(position).copied().and_then(stored);
        Indices::assemble(
            self.scorer,
            &self.tallies,
            quality::pair_differences(self.scorer.pairs(), keyed),
            keys::longest_run(row.answers),
            None,
        )
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
                    .clone()
                    .map(|i| self.scorer.items()[i].id.clone())
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
    /// Adds a row's scores, and the keyed answers of its complete dimensions.
    fn add(&mut self, scorer: &Scorer, keyed: &[Answer], scores: &[DimensionScore]) {
        for (d, (score, dimension)) in scores.iter().zip(scorer.dimensions()).enumerate() {
            if let Some(score) = score.score {
                self.scores[d].add(score);
            }
            // Item statistics take complete rows only, which the score already counted.
            if score.answered != score.items {
                continue;
            }
            if let Some(answers) = keyed.get(dimension.members.clone()) {
                self.items[d].add(answers);
            }
        }
    }
}

/// A row that is not scored: where it is, and what is wrong with it, or what it is.
pub struct RowProblem {
    pub line: u64,
    pub message: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A row that should be answers and is not: skipped and counted as bad.
    Bad,
    /// One of the header rows a survey tool writes below the first (Qualtrics's question
    /// texts and import ids): not data, skipped with a notice.
    SurveyHeader,
}

/// What the reading side hands the scoring side for each row.
pub enum Step<'a> {
    Row(Row<'a>),
    Bad(RowProblem),
}

/// Reads all of `input` with the default intake options and hands every row, in order, to
/// `each` (false stops), through the same source and pipeline as `balance score`: the entry
/// point of the property tests and fuzz targets.
pub fn read(
    source_name: &str,
    input: Input,
    format: Format,
    scorer: &Scorer,
    each: &mut dyn FnMut(Step) -> Result<bool, BatchError>,
) -> Result<(), BatchError> {
    let options = IntakeOptions::default();
    let mut source =
        Header::read(source_name, input, format, &options)?.into_source(scorer, &options)?;
    pipelined(&mut source, scorer.items().len(), each, &mut |_, _| {})
}
