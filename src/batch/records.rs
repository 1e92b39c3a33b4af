//! CSV records read with `csv-core`, the parser inside the `csv` crate, into blocks of
//! buffers that are reused block after block: the reading thread's only work. The header is
//! read by the `csv` crate (with its UTF-8 checks and error messages); its reader hands back
//! every byte it took, and the rows are read from there by a parser set up as the crate sets
//! up its own, so that every record, line number and error comes out as the crate would give
//! them.

use std::io::{self, BufRead, Chain, Cursor, Read};
use std::ops::Range;

use super::source::Input;

/// The input as the header is read from it: the first line, then the rest.
pub type Stream = Chain<Cursor<Vec<u8>>, Input>;

/// A reader that keeps a copy of what it hands over, so that the bytes the `csv` crate took
/// into its buffer while reading the header can be read again.
pub struct Recorder {
    inner: Stream,
    seen: Vec<u8>,
}

impl Recorder {
    pub fn new(inner: Stream) -> Self {
        Recorder {
            inner,
            seen: Vec::new(),
        }
    }
}

impl Read for Recorder {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.seen.extend_from_slice(&buffer[..read]);
        Ok(read)
    }
}

/// The records of a CSV file after its header, read into [`RecordBlock`]s.
pub struct Records {
    input: Chain<Cursor<Vec<u8>>, Stream>,
    // Boxed as the csv crate boxes it: its tables are most of a kilobyte.
    core: Box<csv_core::Reader>,
    /// Records read, and bytes counted from the start of the header.
    rows: u64,
    bytes: u64,
    done: bool,
}

impl Records {
    /// The records after the header, from what the header's reader took from `recorder`
    /// and what it left there.
    pub fn after_header(recorder: Recorder, delimiter: u8) -> io::Result<Records> {
        let core = Box::new(csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        let mut records = Records {
            input: Cursor::new(recorder.seen).chain(recorder.inner),
            core,
            rows: 0,
            bytes: 0,
            done: false,
        };
        // The header once more: the parser's line count and state come out as the crate's.
        records.read_into(&mut RecordBlock::default())?;
        records.rows = 0;
        Ok(records)
    }

    /// Reads the next record onto the end of `block`; false at the end of the input.
    pub fn read_into(&mut self, block: &mut RecordBlock) -> io::Result<bool> {
        use csv_core::ReadRecordResult::*;
        if self.done {
            return Ok(false);
        }
        if block.records.is_empty() {
            block.before = self.rows;
        }
        let line = self.core.line();
        let (fields_start, ends_start) = (block.fields_used, block.ends_used);
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, wrote, ends) = self.core.read_record(
                input,
                &mut block.fields[block.fields_used..],
                &mut block.ends[block.ends_used..],
            );
            self.input.consume(read);
            self.bytes += read as u64;
            block.fields_used += wrote;
            block.ends_used += ends;
            match result {
                InputEmpty => {}
                OutputFull => block.fields.resize(block.fields.len() * 2 + 4096, 0),
                OutputEndsFull => block.ends.resize(block.ends.len() * 2 + 256, 0),
                Record => {
                    self.rows += 1;
                    block.records.push(Span {
                        fields_start,
                        ends: ends_start..block.ends_used,
                        line,
                    });
                    return Ok(true);
                }
                End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Records read so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Bytes read so far, counted from the start of the header.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// Records read one after another into buffers reused block after block: the reading
/// thread fills a block and the scoring thread reads its records.
#[derive(Default)]
pub struct RecordBlock {
    /// The records' fields' bytes, one after another, in a buffer whose first
    /// `fields_used` bytes are written.
    fields: Vec<u8>,
    fields_used: usize,
    /// Where each field ends, counted from the start of its record's fields.
    ends: Vec<usize>,
    ends_used: usize,
    records: Vec<Span>,
    /// Records read before this block's first.
    before: u64,
}

/// Where one record of a block lies.
struct Span {
    fields_start: usize,
    ends: Range<usize>,
    /// The line the record starts on.
    line: u64,
}

impl RecordBlock {
    /// Records in the block.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn clear(&mut self) {
        self.fields_used = 0;
        self.ends_used = 0;
        self.records.clear();
    }

    /// The records, in the order read, each with its number counted from the first
    /// record of the input (1).
    pub fn iter(&self) -> impl Iterator<Item = (u64, Record<'_>)> {
        let numbers = self.before + 1..;
        numbers.zip(self.records.iter().map(|span| Record {
            fields: self.fields.get(span.fields_start..).unwrap_or_default(),
            ends: self.ends.get(span.ends.clone()).unwrap_or_default(),
            line: span.line,
        }))
    }
}

/// One record of a block.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// Its fields' bytes, one after another (and the next records' after them).
    fields: &'a [u8],
    ends: &'a [usize],
    line: u64,
}

impl<'a> Record<'a> {
    /// Fields in the record.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The line the record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The record as its fields' bytes, one after another, and where each ends.
    pub fn parts(&self) -> (&'a [u8], &'a [usize]) {
        (self.fields, self.ends)
    }

    pub fn get(&self, field: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(field)?;
        let start = field.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.fields.get(start..end)
    }

    /// The fields of the record, in order.
    pub fn iter(&self) -> Fields<'a> {
        Fields {
            fields: self.fields,
            ends: self.ends.iter(),
            start: 0,
        }
    }
}

/// The fields of a record, each ending where the next starts.
pub struct Fields<'a> {
    fields: &'a [u8],
    ends: std::slice::Iter<'a, usize>,
    start: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let end = *self.ends.next()?;
        let field = self.fields.get(self.start..end).unwrap_or_default();
        self.start = end;
        Some(field)
    }
}
