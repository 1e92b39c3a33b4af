//! Reading and parsing on one thread while scoring and writing happen on another: the two
//! halves of the work take about as long, and a machine with two cores does both at once.

use std::sync::mpsc;

use super::{BatchError, Row, RowProblem, Step};

/// Rows handed over at a time: large enough that the hand-over costs nothing noticeable.
const CHUNK_ROWS: usize = 4096;
/// Chunks in flight: keeps memory flat when one side is faster.
const CHUNKS_IN_FLIGHT: usize = 4;

type Sink<'a> = dyn FnMut(Step) -> Result<bool, BatchError> + 'a;

/// A batch of steps, with the rows' data laid out flat.
struct Chunk {
    width: usize,
    respondents: String,
    /// Where each row's respondent ends in `respondents`.
    ends: Vec<usize>,
    answers: Vec<Option<i64>>,
    entries: Vec<Option<RowProblem>>,
}

impl Chunk {
    fn new(width: usize) -> Self {
        Chunk {
            width,
            respondents: String::new(),
            ends: Vec::with_capacity(CHUNK_ROWS),
            answers: Vec::with_capacity(CHUNK_ROWS * width),
            entries: Vec::with_capacity(CHUNK_ROWS),
        }
    }

    fn push(&mut self, step: Step) {
        match step {
            Step::Row(row) => {
                self.respondents.push_str(row.respondent);
                self.ends.push(self.respondents.len());
                self.answers.extend_from_slice(row.answers);
                self.entries.push(None);
            }
            Step::Bad(problem) => self.entries.push(Some(problem)),
        }
    }

    /// Replays the steps in order; false when the consumer asked to stop.
    fn replay(self, consume: &mut Sink) -> Result<bool, BatchError> {
        let (mut row, mut start) = (0, 0);
        for entry in self.entries {
            let step = match entry {
                Some(problem) => Step::Bad(problem),
                None => {
                    let end = self.ends[row];
                    let answers = &self.answers[row * self.width..(row + 1) * self.width];
                    let step = Step::Row(Row {
                        respondent: &self.respondents[start..end],
                        answers,
                    });
                    (row, start) = (row + 1, end);
                    step
                }
            };
            if !consume(step)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// Runs `read` on a second thread and hands its steps, in order, to `consume` on this one.
/// `width` is the number of answers in a row.
pub fn pipelined<R>(read: R, consume: &mut Sink, width: usize) -> Result<(), BatchError>
where
    R: for<'r> FnOnce(&'r mut Sink<'r>) -> Result<(), BatchError> + Send,
{
    let (sender, receiver) = mpsc::sync_channel::<Chunk>(CHUNKS_IN_FLIGHT);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut chunk = Chunk::new(width);
            let result = read(&mut |step| {
                chunk.push(step);
                if chunk.entries.len() < CHUNK_ROWS {
                    return Ok(true);
                }
                let full = std::mem::replace(&mut chunk, Chunk::new(width));
                // A closed channel means the consumer stopped: stop reading too.
                Ok(sender.send(full).is_ok())
            });
            if !chunk.entries.is_empty() {
                let _ = sender.send(chunk);
            }
            result
        });
        let mut consumed = Ok(());
        for chunk in receiver.iter() {
            match chunk.replay(consume) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    consumed = Err(e);
                    break;
                }
            }
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
