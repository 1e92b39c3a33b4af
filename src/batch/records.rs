//! CSV records read with `csv-core`, the parser inside the `csv` crate, into blocks of
//! buffers that are reused block after block: the reading thread's only work. The header is
//! read by the `csv` crate (with its UTF-8 checks and error messages); its reader hands back
//! every byte it took, and the rows are read from there by a parser set up as the crate sets
//! up its own, so that every record and error comes out as the crate would give them. Line
//! numbers are counted here, as an editor counts them (see [`Records::skip_line_ends`]).
//!
//! Stretches of whole lines with no quote, carriage return or blank line, which is what
//! nearly every data file is made of, are read by `simd-csv` instead, in about two thirds of
//! the time. There a line is a record and a delimiter ends a field, which is all either
//! parser can make of such text, so the records, their fields and their lines are the ones
//! `csv-core` gives (a property test holds the two to that). Anything else in the buffer,
//! and each line that runs over the end of it, is `csv-core`'s.

use std::io::{self, BufRead, Chain, Cursor, Read};
use std::ops::Range;

use memchr::memmem;

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
    /// The reader of plain lines, set up as `core` is.
    plain: simd_csv::ZeroCopyReaderBuilder,
    /// Records read, and bytes counted from the start of the header.
    rows: u64,
    bytes: u64,
    done: bool,
    /// The last byte read was a `\r` that ended a line: a `\n` after it ends no other.
    after_cr: bool,
}

impl Records {
    /// The records after the header, from what the header's reader took from `recorder`
    /// and what it left there.
    pub fn after_header(recorder: Recorder, delimiter: u8) -> io::Result<Records> {
        let core = Box::new(csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        let mut plain = simd_csv::ZeroCopyReaderBuilder::new();
        plain.delimiter(delimiter).flexible(true).has_headers(false);
        let mut records = Records {
            input: Cursor::new(recorder.seen).chain(recorder.inner),
            core,
            plain,
            rows: 0,
            bytes: 0,
            done: false,
            after_cr: false,
        };
        // The header once more: the parser's line count and state come out as the crate's.
        records.read_one(&mut RecordBlock::default())?;
        records.rows = 0;
        Ok(records)
    }

    /// Reads the next records onto the end of `block`: the plain lines in the buffer, or
    /// else one record; false at the end of the input.
    pub fn read_into(&mut self, block: &mut RecordBlock) -> io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        if block.records.is_empty() {
            block.before = self.rows;
        }
        if self.read_plain_lines(block)? {
            return Ok(true);
        }
        self.read_one(block)
    }

    /// Reads the whole lines at the start of the buffer, if they are plain (see
    /// [`plain_lines`]), with `simd-csv`: false, with nothing read, if they are not.
    fn read_plain_lines(&mut self, block: &mut RecordBlock) -> io::Result<bool> {
        self.skip_line_ends()?;
        let Some(lines) = plain_lines(self.input.fill_buf()?) else {
            return Ok(false);
        };
        let length = lines.len();
        let mut reader = self.plain.from_reader(lines);
        let mut line = self.core.line();
        while let Some(record) = reader.read_byte_record().map_err(io::Error::other)? {
            block.push_plain(record, line);
            line += 1;
        }
        self.rows += line - self.core.line();
        // What csv-core would have counted, had it read the lines: each ends with one `\n`.
        self.core.set_line(line);
        self.input.consume(length);
        self.bytes += length as u64;
        Ok(true)
    }

    /// Reads the line ends before the next record: blank lines, and the `\n` of a `\r\n`
    /// whose `\r` ended the last record. csv-core would skip them too, but it counts only
    /// `\n`, and only once the record's line has been taken: a record after a `\r\n`, a
    /// lone `\r` or a blank line was reported a line or more too early. Here `\n`, `\r\n`
    /// and a lone `\r` each end one line, as an editor counts them.
    fn skip_line_ends(&mut self) -> io::Result<()> {
        loop {
            let Some(&byte) = self.input.fill_buf()?.first() else {
                return Ok(());
            };
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.next_line(),
                b'\r' => {
                    self.next_line();
                    self.after_cr = true;
                }
                _ => {
                    self.after_cr = false;
                    return Ok(());
                }
            }
            self.input.consume(1);
            self.bytes += 1;
        }
    }

    fn next_line(&mut self) {
        self.core.set_line(self.core.line() + 1);
    }

    /// Reads one record with `csv-core`; false at the end of the input.
    fn read_one(&mut self, block: &mut RecordBlock) -> io::Result<bool> {
        use csv_core::ReadRecordResult::*;
        self.skip_line_ends()?;
        let line = self.core.line();
        let (fields_start, ends_start) = (block.fields_used, block.ends_used);
        loop {
            let input = self.input.fill_buf()?;
            let (result, read, wrote, ends) = self.core.read_record(
                input,
                &mut block.fields[block.fields_used..],
                &mut block.ends[block.ends_used..],
            );
            let ended_at_cr = read.checked_sub(1).and_then(|last| input.get(last)) == Some(&b'\r');
            self.input.consume(read);
            self.bytes += read as u64;
            block.fields_used += wrote;
            block.ends_used += ends;
            match result {
                InputEmpty => {}
                OutputFull => block.fields.resize(block.fields.len() * 2 + 4096, 0),
                OutputEndsFull => block.ends.resize(block.ends.len() * 2 + 256, 0),
                Record => {
                    // csv-core does not count the `\r` that ended the record as a line end.
                    if ended_at_cr {
                        self.next_line();
                        self.after_cr = true;
                    }
                    self.rows += 1;
                    block.records.push(Span {
                        fields_start,
                        ends: ends_start..block.ends_used,
                        gap: 0,
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

/// The whole lines at the start of `buffer`, which starts a record (its line ends were
/// skipped), that are plain: no quote, no carriage return, no blank line, no byte-order mark
/// at the start (`simd-csv` drops one there, where `csv-core`, past the header, keeps it).
/// They end before the first line that is not plain, which `csv-core` then reads; None if
/// the first line is not plain, or is not whole. The search stops at the first byte that
/// is not plain, and what comes before it is read here: each byte is looked at about once,
/// however the two kinds of line mix.
fn plain_lines(buffer: &[u8]) -> Option<&[u8]> {
    if buffer.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let odd = memchr::memchr2(b'"', b'\r', buffer).unwrap_or(buffer.len());
    // A blank line starts after the first `\n` of two.
    let odd = memmem::find(&buffer[..odd], b"\n\n").map_or(odd, |blank| blank + 1);
    let end = memchr::memrchr(b'\n', &buffer[..odd])?;
    Some(&buffer[..=end])
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

/// Makes `buffer` at least `length` long, doubling it as `csv-core`'s buffers are grown.
fn grow<T: Default + Clone>(buffer: &mut Vec<T>, length: usize) {
    if buffer.len() < length {
        buffer.resize(length * 2, T::default());
    }
}

/// Where one record of a block lies.
struct Span {
    fields_start: usize,
    ends: Range<usize>,
    /// Bytes between one field's end and the next one's start: none for a record as
    /// `csv-core` writes it, one (the delimiter) for a plain line kept as it was.
    gap: usize,
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

    /// Adds a plain line read by `simd-csv`: its bytes as they are, delimiters and all, and
    /// where each field ends.
    fn push_plain(&mut self, record: simd_csv::ZeroCopyByteRecord, line: u64) {
        let bytes = record.as_slice();
        let fields_start = self.fields_used;
        self.fields_used += bytes.len();
        grow(&mut self.fields, self.fields_used);
        self.fields[fields_start..self.fields_used].copy_from_slice(bytes);
        let ends_start = self.ends_used;
        self.ends_used += record.len();
        grow(&mut self.ends, self.ends_used);
        let mut end = 0;
        for (slot, field) in self.ends[ends_start..self.ends_used]
            .iter_mut()
            .zip(record.iter())
        {
            end += field.len();
            *slot = end;
            end += 1;
        }
        self.records.push(Span {
            fields_start,
            ends: ends_start..self.ends_used,
            gap: 1,
            line,
        });
    }

    /// The records, in the order read, each with its number counted from the first
    /// record of the input (1).
    pub fn iter(&self) -> impl Iterator<Item = (u64, Record<'_>)> {
        let numbers = self.before + 1..;
        numbers.zip(self.records.iter().map(|span| Record {
            fields: self.fields.get(span.fields_start..).unwrap_or_default(),
            ends: self.ends.get(span.ends.clone()).unwrap_or_default(),
            gap: span.gap,
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
    /// Bytes between one field's end and the next one's start (see [`Span`]).
    gap: usize,
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

    /// The record as its fields' bytes, one after another, where each ends, and the bytes
    /// between one field's end and the next one's start.
    pub fn parts(&self) -> (&'a [u8], &'a [usize], usize) {
        (self.fields, self.ends, self.gap)
    }

    pub fn get(&self, field: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(field)?;
        let start = match field.checked_sub(1) {
            Some(before) => self.ends[before] + self.gap,
            None => 0,
        };
        self.fields.get(start..end)
    }

    /// The fields of the record, in order.
    pub fn iter(&self) -> Fields<'a> {
        Fields {
            fields: self.fields,
            ends: self.ends.iter(),
            gap: self.gap,
            start: 0,
        }
    }
}

/// The fields of a record, each starting `gap` bytes after the one before ends.
pub struct Fields<'a> {
    fields: &'a [u8],
    ends: std::slice::Iter<'a, usize>,
    gap: usize,
    start: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        let end = *self.ends.next()?;
        let field = self.fields.get(self.start..end).unwrap_or_default();
        self.start = end + self.gap;
        Some(field)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Read};

    use proptest::prelude::*;

    use super::*;

    /// Each record read: its number, the line it starts on, and its fields.
    type Seen = Vec<(u64, u64, Vec<Vec<u8>>)>;

    /// The records after the header of `text`, read from a buffer of `capacity` bytes as
    /// `balance score` reads them, or with `csv-core` alone.
    fn records_of(text: &[u8], delimiter: u8, capacity: usize, csv_core_alone: bool) -> Seen {
        let mut records = after_header(text, delimiter, capacity);
        let mut block = RecordBlock::default();
        loop {
            let more = match csv_core_alone {
                true => records.read_one(&mut block),
                false => records.read_into(&mut block),
            };
            if !more.unwrap() {
                break;
            }
        }
        assert_eq!(records.rows(), block.len() as u64);
        assert_eq!(records.bytes(), text.len() as u64);
        block
            .iter()
            .map(|(number, record)| {
                (
                    number,
                    record.line(),
                    record.iter().map(<[u8]>::to_vec).collect(),
                )
            })
            .collect()
    }

    /// The records of `text` after its header, read as `balance score` reads them, through
    /// buffers of `capacity` bytes.
    fn after_header(text: &[u8], delimiter: u8, capacity: usize) -> Records {
        let file = Cursor::new(text.to_vec());
        let input: Input = Box::new(BufReader::with_capacity(capacity, file));
        let mut header = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .buffer_capacity(capacity)
            .from_reader(Recorder::new(Cursor::new(Vec::new()).chain(input)));
        let _ = header.byte_headers().unwrap();
        Records::after_header(header.into_inner(), delimiter).unwrap()
    }

    /// Text made mostly of plain lines, with now and then what `csv-core` must read: quotes,
    /// carriage returns, blank lines, byte-order marks, and lines longer than the buffer.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            8 => Just(b"1".as_slice()),
            2 => Just(b"ab".as_slice()),
            8 => Just(b",".as_slice()),
            2 => Just(b";".as_slice()),
            2 => Just(b"\t".as_slice()),
            4 => Just(b"\n".as_slice()),
            1 => Just(b"\"".as_slice()),
            1 => Just(b"\r".as_slice()),
            1 => Just(b"\r\n".as_slice()),
            1 => Just(b"\xEF\xBB\xBF".as_slice()),
            1 => Just(b" ".as_slice()),
        ];
        prop::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Wherever `simd-csv` reads plain lines, the records, their numbers, lines and
        /// fields, and the bytes counted are the ones `csv-core` alone gives.
        #[test]
        fn plain_lines_read_as_csv_core_reads_them(
            body in text(),
            delimiter in prop::sample::select(vec![b',', b';', b'\t', b' ']),
            capacity in 1usize..96,
        ) {
            let text = [b"h1,h2\n".as_slice(), &body].concat();
            let mixed = records_of(&text, delimiter, capacity, false);
            let alone = records_of(&text, delimiter, capacity, true);
            prop_assert_eq!(mixed, alone);
        }
    }

    /// Records, each with the line ends that follow it, and whether the last has none.
    fn records_and_line_ends(
    ) -> impl Strategy<Value = (Vec<(Vec<&'static str>, &'static str)>, bool)> {
        let field = prop::sample::select(vec!["1", "ab", "", "\"x\ny\"", "\"q\""]);
        let first = prop::sample::select(vec!["1", "ab", "\"x\ny\""]);
        let record = (first, prop::collection::vec(field, 0..3))
            .prop_map(|(first, rest)| [vec![first], rest].concat());
        let ends = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"]);
        (prop::collection::vec((record, ends), 1..30), any::<bool>())
    }

    proptest! {
        /// Each record is reported on the line its first byte is on, counting `\n`, `\r\n`
        /// and a lone `\r` each as one line end, as an editor does: whatever the line ends
        /// and blank lines before it, and quoted cells that span lines.
        #[test]
        fn each_record_is_on_the_line_it_starts_on(
            (records, unended) in records_and_line_ends(),
            capacity in 1usize..64,
        ) {
            let mut text = String::from("h\n");
            let mut expected = Vec::new();
            let count = records.len();
            for (n, (fields, end)) in records.into_iter().enumerate() {
                let ends = text.matches('\n').count()
                    + text.as_bytes().windows(2).filter(|w| w[0] == b'\r' && w[1] != b'\n').count()
                    + usize::from(text.ends_with('\r'));
                expected.push(1 + ends as u64);
                text += &fields.join(",");
                if !(unended && n + 1 == count) {
                    text += end;
                }
            }
            let lines: Vec<u64> = records_of(text.as_bytes(), b',', capacity, false)
                .into_iter()
                .map(|(_, line, _)| line)
                .collect();
            prop_assert_eq!(lines, expected, "{:?}", text);
        }
    }

    /// The property above holds only if plain lines are read at all: in a file of plain
    /// lines, all but those that run over a buffer's end.
    #[test]
    fn plain_lines_are_read_by_simd_csv() {
        let text = "h1,h2\n".to_string() + &"1,2\n".repeat(1000);
        let mut records = after_header(text.as_bytes(), b',', 64);
        let mut block = RecordBlock::default();
        while records.read_into(&mut block).unwrap() {}
        let plain = block.records.iter().filter(|span| span.gap == 1).count();
        assert_eq!(block.len(), 1000);
        assert!(plain > 900, "{plain} plain lines");
    }

    /// Plain lines before a line that is not plain are still read as plain lines, so that
    /// one quote, carriage return or blank line in a buffer does not send every line before
    /// it to `csv-core` (each sent alone, after a search over the rest of the buffer).
    #[test]
    fn the_plain_lines_before_one_that_is_not_are_read_as_plain() {
        // A byte-order mark inside a stretch is only bytes.
        for (odd, read_as_plain) in [
            ("\"3\",4\n", 20),
            ("3,4\r\n", 20),
            ("\n", 20),
            ("\u{feff}3,4\n", 21),
        ] {
            let plain = "1,2\n".repeat(10);
            let text = format!("h1,h2\n{plain}{odd}{plain}");
            let mut records = after_header(text.as_bytes(), b',', 1 << 16);
            let mut block = RecordBlock::default();
            while records.read_into(&mut block).unwrap() {}
            let plain = block.records.iter().filter(|span| span.gap == 1).count();
            assert_eq!(plain, read_as_plain, "{odd:?}");
        }
    }
}
