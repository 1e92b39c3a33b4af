//! The text of `history.jsonl`; every result read is rendered as `balance report` would.
#![no_main]

#[path = "common.rs"]
mod common;

use balance::history::History;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // balance reads the history lossily: invalid UTF-8 damages only its own lines.
    let text = String::from_utf8_lossy(data);
    let history = History::new("/nonexistent/balance-fuzz");
    if let Ok(loaded) = history.parse(&text) {
        for doc in &loaded.results {
            common::report(doc);
        }
        for line in &loaded.damaged {
            assert!(line.line >= 1);
        }
    }
});
