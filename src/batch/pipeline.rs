//! Reading and parsing on one thread while scoring and writing happen on another: the two
//! halves of the work take about as long, and a machine with two cores does both at once.
//!
//! The reader stores each answer straight into the chunk it will hand over, two bytes an
//! answer, and chunks go back to it once consumed: after the first few, no row allocates.

use std::sync::mpsc;

use super::intake::{Answer, SKIPPED};
use super::source::Source;
use super::{BatchError, Row, RowProblem, Step};

/// Rows handed over at a time: large enough that the hand-over costs nothing noticeable.
const CHUNK_ROWS: usize = 4096;
/// Chunks in flight: keeps memory flat when one side is faster.
const CHUNKS_IN_FLIGHT: usize = 4;

type Sink<'a> = dyn FnMut(Step) -> Result<bool, BatchError> + 'a;

/// Rows read, laid out flat, with the bad ones in their places.
struct Chunk {
    width: usize,
    /// A row of skipped answers, copied in before each row is read.
    blank: Vec<Answer>,
    respondents: String,
    /// Where each good row's respondent ends in `respondents`.
    ends: Vec<usize>,
    answers: Vec<Answer>,
    /// Bad rows, each with the number of good rows before it in this chunk.
    problems: Vec<(usize, RowProblem)>,
}

impl Chunk {
    fn new(width: usize) -> Self {
        Chunk {
            width,
            blank: vec![SKIPPED; width],
            respondents: String::new(),
            ends: Vec::with_capacity(CHUNK_ROWS),
            answers: Vec::with_capacity(CHUNK_ROWS * width),
            problems: Vec::new(),
        }
    }

    fn rows(&self) -> usize {
        self.ends.len() + self.problems.len()
    }

    fn clear(&mut self) {
        self.respondents.clear();
        self.ends.clear();
        self.answers.clear();
        self.problems.clear();
    }

    /// Reads one row from `source` into the chunk; false at the end of the input.
    fn read(&mut self, source: &mut Source) -> Result<bool, BatchError> {
        let (start, text_start) = (self.answers.len(), self.respondents.len());
        self.answers.extend_from_slice(&self.blank);
        let read = source.next_row(&mut self.answers[start..], &mut self.respondents)?;
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
            // Rows are scored from the answers where the reader stored them.
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

/// Reads `source` on a second thread and hands its rows, in order, to `consume` on this one.
/// `width` is the number of answers in a row; `progress` hears the bytes and rows read now
/// and then.
pub fn pipelined(
    source: &mut Source,
    width: usize,
    consume: &mut Sink,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<(), BatchError> {
    let (sender, receiver) = mpsc::sync_channel::<Chunk>(CHUNKS_IN_FLIGHT);
    let (recycle, spares) = mpsc::channel::<Chunk>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), BatchError> {
            loop {
                let mut chunk = spares.try_recv().unwrap_or_else(|_| Chunk::new(width));
                let mut more = Ok(true);
                while chunk.rows() < CHUNK_ROWS {
                    more = chunk.read(source);
                    if !matches!(more, Ok(true)) {
                        break;
                    }
                }
                let (bytes, rows) = source.progress();
                progress(bytes, rows);
                // A closed channel means the consumer stopped: stop reading too.
                if chunk.rows() > 0 && sender.send(chunk).is_err() {
                    return Ok(());
                }
                if !more? {
                    return Ok(());
                }
            }
        });
        let mut consumed = Ok(());
        for mut chunk in receiver.iter() {
            match chunk.replay(consume) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    consumed = Err(e);
                    break;
                }
            }
            chunk.clear();
            let _ = recycle.send(chunk);
        }
        drop(receiver);
        let read = reader.join().unwrap_or_else(|_| {
            Err(BatchError::Read {
                source_name: "input".to_string(),
                message: "the reading thread failed".to_string(),
            })
        });
        consumed.and(read)
    })
}
