//! A result file (`balance report FILE`, `compare`, `import` of one result); an accepted
//! result is rendered.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = balance::reference::parse_file("result.json", text) {
        common::report(&doc);
    }
});
