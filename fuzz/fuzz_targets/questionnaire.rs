//! A questionnaire or strategy file laid over the built-ins, as `balance validate` and
//! `--questionnaires DIR` load it; when it loads, answers at the ends of every scale are
//! scored and the report is rendered.
#![no_main]

#[path = "common.rs"]
mod common;

use balance::catalog::Catalog;
use balance::questionnaire::Form;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // balance reads these files with read_to_string: only UTF-8 gets this far.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::with_texts(&[("fuzz.toml", text)]) else {
        return;
    };
    for form in [Form::Full, Form::Short] {
        for sheet in common::sheets(&catalog, form) {
            common::assess(&catalog, form, &sheet);
        }
    }
});
