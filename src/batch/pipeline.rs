//! Reading on one thread while scoring and writing happen on another: the two halves of the
//! work take about as long, and a machine with two cores does both at once.
//!
//! The reading thread fills blocks of rows and the scoring thread drains them in order;
//! drained blocks go back to be filled again, so that after the first few nothing allocates.
//!
//! A CSV block holds records as the parser left them, and turning their cells into answers
//! is work either thread can do: the scoring thread does it, unless it falls behind, when
//! the reading thread does it for the blocks it sends then. Parsing alone is most of the
//! reading thread's time, and scoring most of the other's, so this keeps both cores busy
//! whichever side is heavier (writing rows is). A JSON Lines block holds answers, as
//! decoding an object is best done where it is parsed.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use super::intake::{Answer, SKIPPED};
use super::records::{RecordBlock, Records};
use super::source::{CsvCells, JsonRows, RowRead, Source};
use super::{BatchError, Row, RowProblem, Step};

/// Rows handed over at a time: large enough that the hand-over costs nothing noticeable,
/// small enough that a block is still in the cache when it is drained.
const BLOCK_ROWS: usize = 1024;
/// Blocks in flight: keeps memory flat when one side is faster.
const BLOCKS_IN_FLIGHT: usize = 4;
/// Blocks waiting to be scored that mean the scoring thread is behind.
const BEHIND: usize = 2;

type Sink<'a> = dyn FnMut(Step) -> Result<bool, BatchError> + 'a;
type Progress<'a> = dyn FnMut(u64, u64) + Send + 'a;

/// Reads `source` on a second thread and hands its rows, in order, to `consume` on this one.
/// `width` is the number of answers in a row; `progress` hears the bytes and rows read now
/// and then.
pub fn pipelined(
    source: &mut Source,
    width: usize,
    consume: &mut Sink,
    progress: &mut Progress,
) -> Result<(), BatchError> {
    match source {
        Source::Csv(rows) => {
            let (records, cells) = rows.halves();
            let source_name = cells.source_name().to_string();
            let mut decoded = Decoded::new(width);
            pipeline(
                |block: &mut CsvBlock| {
                    let more = fill_records(records, &mut block.records)
                        .map_err(|e| BatchError::read(&source_name, e));
                    progress(records.bytes(), records.rows());
                    more
                },
                |block| block.decode_here(cells, width),
                |block| match block.decoded {
                    true => block.rows.replay(consume),
                    false => decoded.replay(cells, &block.records, consume),
                },
            )
        }
        Source::Jsonl(rows) => pipeline(
            |chunk: &mut Chunk| {
                let more = chunk.fill(rows, width);
                let (bytes, read) = rows.progress();
                progress(bytes, read);
                more
            },
            |_| {},
            |chunk| chunk.replay(consume),
        ),
    }
}

/// What the two threads pass between them.
trait Block: Default + Send {
    /// Rows (or records) in the block.
    fn len(&self) -> usize;
    fn clear(&mut self);
}

/// Fills blocks on a second thread with `fill` (false: the input ended) and drains each, in
/// order, with `drain` on this one (false: the consumer stopped). `help` does on the
/// reading thread what `drain` would otherwise do, for blocks sent while the scoring thread
/// is behind.
fn pipeline<B: Block>(
    mut fill: impl FnMut(&mut B) -> Result<bool, BatchError> + Send,
    mut help: impl FnMut(&mut B) + Send,
    mut drain: impl FnMut(&mut B) -> Result<bool, BatchError>,
) -> Result<(), BatchError> {
    let (sender, receiver) = mpsc::sync_channel::<B>(BLOCKS_IN_FLIGHT);
    let (recycle, spares) = mpsc::channel::<B>();
    let waiting = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let waiting = &waiting;
        let reader = scope.spawn(move || -> Result<(), BatchError> {
            loop {
                let mut block = spares.try_recv().unwrap_or_default();
                let more = fill(&mut block);
                if waiting.load(Ordering::Relaxed) >= BEHIND {
                    help(&mut block);
                }
                // The rows read before a failure are scored first. A closed channel means the
                // consumer stopped: stop reading too.
                if block.len() > 0 {
                    waiting.fetch_add(1, Ordering::Relaxed);
                    if sender.send(block).is_err() {
                        return Ok(());
                    }
                }
                if !more? {
                    return Ok(());
                }
            }
        });
        let mut drained = Ok(());
        for mut block in receiver.iter() {
            waiting.fetch_sub(1, Ordering::Relaxed);
            match drain(&mut block) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    drained = Err(e);
                    break;
                }
            }
            block.clear();
            let _ = recycle.send(block);
        }
        drop(receiver);
        let read = reader.join().unwrap_or_else(|_| {
            Err(BatchError::Read {
                source_name: "input".to_string(),
                message: "the reading thread failed".to_string(),
            })
        });
        drained.and(read)
    })
}

/// CSV records, and their rows when the reading thread decoded them.
#[derive(Default)]
struct CsvBlock {
    records: RecordBlock,
    rows: Chunk,
    decoded: bool,
}

impl Block for CsvBlock {
    fn len(&self) -> usize {
        self.records.len()
    }

    fn clear(&mut self) {
        self.records.clear();
        self.rows.clear();
        self.decoded = false;
    }
}

impl CsvBlock {
    /// Decodes the records into rows on the reading thread.
    fn decode_here(&mut self, cells: &CsvCells, width: usize) {
        for (number, record) in self.records.iter() {
            let Ok(_) = self.rows.push(width, |answers, respondent| {
                Ok::<_, Infallible>(Some(cells.decode(record, number, answers, respondent)))
            });
        }
        self.decoded = true;
    }
}

/// Reads records into `block` until it is full; false at the end of the input.
fn fill_records(records: &mut Records, block: &mut RecordBlock) -> std::io::Result<bool> {
    while block.len() < BLOCK_ROWS {
        if !records.read_into(block)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One row's answers and respondent, decoded from its record in buffers reused row after row.
struct Decoded {
    /// A row of skipped answers, copied in before each record is decoded.
    blank: Vec<Answer>,
    answers: Vec<Answer>,
    respondent: String,
}

impl Decoded {
    fn new(width: usize) -> Self {
        Decoded {
            blank: vec![SKIPPED; width],
            answers: vec![SKIPPED; width],
            respondent: String::new(),
        }
    }

    /// Decodes the block's records and hands them on in order; false when the consumer
    /// asked to stop.
    fn replay(
        &mut self,
        cells: &CsvCells,
        block: &RecordBlock,
        consume: &mut Sink,
    ) -> Result<bool, BatchError> {
        for (number, record) in block.iter() {
            self.answers.copy_from_slice(&self.blank);
            self.respondent.clear();
            let decoded = cells.decode(record, number, &mut self.answers, &mut self.respondent);
            let step = match decoded {
                Ok(()) => Step::Row(Row {
                    respondent: &self.respondent,
                    answers: &self.answers,
                }),
                Err(problem) => Step::Bad(problem),
            };
            if !consume(step)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Rows decoded, laid out flat, with the bad ones in their places: JSON Lines rows as they
/// are read, and CSV rows the reading thread decoded.
#[derive(Default)]
struct Chunk {
    /// Answers in a row.
    width: usize,
    respondents: String,
    /// Where each good row's respondent ends in `respondents`.
    ends: Vec<usize>,
    answers: Vec<Answer>,
    /// Bad rows, each with the number of good rows before it in this chunk.
    problems: Vec<(usize, RowProblem)>,
}

impl Block for Chunk {
    fn len(&self) -> usize {
        self.ends.len() + self.problems.len()
    }

    fn clear(&mut self) {
        self.respondents.clear();
        self.ends.clear();
        self.answers.clear();
        self.problems.clear();
    }
}

impl Chunk {
    /// Reads rows until the chunk is full; false at the end of the input.
    fn fill(&mut self, rows: &mut JsonRows, width: usize) -> Result<bool, BatchError> {
        while self.len() < BLOCK_ROWS {
            if !self.push(width, |answers, respondent| {
                rows.next_row(answers, respondent)
            })? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Adds the row that `store` stores (in answers that are all [`SKIPPED`] on entry, and
    /// a respondent to append to), if there is one; false at the end of the input.
    fn push<E>(
        &mut self,
        width: usize,
        store: impl FnOnce(&mut [Answer], &mut String) -> Result<RowRead, E>,
    ) -> Result<bool, E> {
        self.width = width;
        let (start, text_start) = (self.answers.len(), self.respondents.len());
        self.answers.resize(start + width, SKIPPED);
        let read = store(&mut self.answers[start..], &mut self.respondents)?;
        match read {
            Some(Ok(())) => self.ends.push(self.respondents.len()),
            other => {
                self.answers.truncate(start);
                self.respondents.truncate(text_start);
                match other {
                    Some(Err(problem)) => self.problems.push((self.ends.len(), problem)),
                    _ => return Ok(false),
                }
            }
        }
        Ok(true)
    }

    /// Replays the rows in order; false when the consumer asked to stop.
    fn replay(&mut self, consume: &mut Sink) -> Result<bool, BatchError> {
        let mut problems = std::mem::take(&mut self.problems).into_iter().peekable();
        let mut start = 0;
        for (row, &end) in self.ends.iter().enumerate() {
            while let Some((_, problem)) = problems.next_if(|(before, _)| *before == row) {
                if !consume(Step::Bad(problem))? {
                    return Ok(false);
                }
            }
            let step = Step::Row(Row {
                respondent: &self.respondents[start..end],
                answers: &self.answers[row * self.width..(row + 1) * self.width],
            });
            start = end;
            if !consume(step)? {
                return Ok(false);
            }
        }
        for (_, problem) in problems {
            if !consume(Step::Bad(problem))? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::batch::{Format, Header, IntakeOptions};
    use crate::catalog::Catalog;
    use crate::questionnaire::Form;
    use crate::scoring::Scorer;

    /// A row as the scoring thread receives it: respondent and answers, or the problem.
    type Seen = Result<(String, Vec<Answer>), (u64, String)>;

    fn collect(seen: &mut Vec<Seen>) -> impl FnMut(Step) -> Result<bool, BatchError> + '_ {
        |step| {
            seen.push(match step {
                Step::Row(row) => Ok((row.respondent.to_string(), row.answers.to_vec())),
                Step::Bad(problem) => Err((problem.line, problem.message)),
            });
            Ok(true)
        }
    }

    /// The same records decoded on the scoring thread and on the reading thread come out
    /// alike: answers, respondents (named and numbered), bad rows and their lines.
    #[test]
    fn records_decode_alike_on_either_thread() {
        let catalog = Catalog::builtin().unwrap();
        let scorer = Scorer::new(&catalog.questionnaires, Form::Full);
        let width = scorer.items().len();
        // Each file, and the respondents of its good rows: named, or numbered by record.
        for (text, expected) in [
            (
                "respondent,cl01,cl02,age\na,1,5,30\n\"b,\nc\",,2.0,x\nc,9,1,1\nd,1\ne,NA,3,\n",
                ["a", "b,\nc", "e"].as_slice(),
            ),
            (
                "cl01,cl02\n1,5\n2,\n7,7,7\n,\n3,4\n",
                ["1", "2", "4", "5"].as_slice(),
            ),
        ] {
            let options = IntakeOptions::default();
            let input = Box::new(Cursor::new(text.as_bytes().to_vec()));
            let header = Header::read("t.csv", input, Format::Csv, &options).unwrap();
            let Source::Csv(mut rows) = header.into_source(&scorer, &options).unwrap() else {
                panic!("a CSV source");
            };
            let (records, cells) = rows.halves();
            let mut block = CsvBlock::default();
            assert!(!fill_records(records, &mut block.records).unwrap());

            let (mut here, mut there) = (Vec::new(), Vec::new());
            let mut decoded = Decoded::new(width);
            assert!(decoded
                .replay(cells, &block.records, &mut collect(&mut here))
                .unwrap());
            block.decode_here(cells, width);
            assert!(block.rows.replay(&mut collect(&mut there)).unwrap());

            assert_eq!(here, there);
            assert_eq!(here.len(), 5);
            assert!(here.iter().any(Result::is_err), "{here:?}");
            let respondents: Vec<&str> = here
                .iter()
                .filter_map(|seen| seen.as_ref().ok().map(|(who, _)| who.as_str()))
                .collect();
            assert_eq!(respondents, expected);
        }
    }
}
