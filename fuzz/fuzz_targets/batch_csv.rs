//! `balance score` on CSV: every row scored with statistics and written as CSV, as the
//! command does.
#![no_main]

#[path = "common.rs"]
mod common;

use balance::batch::{read, Batch, Format, RowWriter, Shape, Step};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scorer = common::scorer();
    let mut batch = Batch::new(scorer, true);
    let mut rows = RowWriter::new(Vec::new(), Shape::Csv, scorer).expect("writer");
    let mut each = |step: Step| {
        match step {
            Step::Row(row) => batch.score(&row, |scored| rows.write(scored))?,
            Step::Bad(problem) => assert!(problem.line >= 1 && !problem.message.is_empty()),
        }
        Ok(true)
    };
    let input = Box::new(std::io::Cursor::new(data.to_vec()));
    let _ = read("input.csv", input, Format::Csv, scorer, &mut each);
    let _ = rows.finish();
    let _ = batch.statistics();
});
