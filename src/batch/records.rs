//! CSV records read with `csv-core`, the parser inside the `csv` crate, into buffers that
//! are reused record after record: the reading thread's work, and its inner loop walks the
//! field ends itself. The header is read by the `csv` crate (with its UTF-8 checks and error
//! messages); its reader hands back every byte it took, and the rows are read from there by a
//! parser set up as the crate sets up its own, so that every record, line number and error
//! comes out as the crate would give them.

use std::io::{self, BufRead, Chain, Cursor, Read};

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

/// The records of a CSV file after its header.
pub struct Records {
    input: Chain<Cursor<Vec<u8>>, Stream>,
    // Boxed as the csv crate boxes it: its tables are most of a kilobyte.
    core: Box<csv_core::Reader>,
    fields: Vec<u8>,
    ends: Vec<usize>,
    len: usize,
    /// The line the record read last starts on.
    line: u64,
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
            fields: vec![0; 1024],
            ends: vec![0; 64],
            len: 0,
            line: 1,
            bytes: 0,
            done: false,
        };
        // The header once more: the parser's line count and state come out as the crate's.
        records.read()?;
        Ok(records)
    }

    /// Reads the next record; false at the end of the input.
    pub fn read(&mut self) -> io::Result<bool> {
        use csv_core::ReadRecordResult::*;
        if self.done {
            return Ok(false);
        }
        self.line = self.core.line();
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, wrote, ends) =
                self.core
                    .read_record(input, &mut self.fields[written..], &mut self.ends[ended..]);
            self.input.consume(read);
            self.bytes += read as u64;
            (written, ended) = (written + wrote, ended + ends);
            match result {
                InputEmpty => {}
                OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => {
                    self.len = ended;
                    return Ok(true);
                }
                End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Fields in the record read last.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The line the record read last starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Bytes read so far, counted from the start of the header.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The record read last as its fields' bytes, one after another, and where each ends.
    pub fn parts(&self) -> (&[u8], &[usize]) {
        (&self.fields, &self.ends[..self.len])
    }

    pub fn get(&self, field: usize) -> Option<&[u8]> {
        let end = *self.ends[..self.len].get(field)?;
        let start = field.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.fields.get(start..end)
    }

    /// The fields of the record read last, in order.
    pub fn iter(&self) -> Fields<'_> {
        Fields {
            fields: &self.fields,
            ends: self.ends[..self.len].iter(),
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
