//! An answers file (`quiz --answers`, `checkin --answers`): JSON, TOML, or guessed from the
//! text. The first byte picks the file name and the form; accepted answers are scored and
//! the report rendered.
#![no_main]

#[path = "common.rs"]
mod common;

use balance::questionnaire::{Form, Questionnaire};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["answers.json", "answers.toml", "answers", "<stdin>"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(selector) % NAMES.len()];
    let form = if selector & 0x80 == 0 {
        Form::Full
    } else {
        Form::Short
    };
    let catalog = common::catalog();
    let taken: Vec<&Questionnaire> = catalog.questionnaires.iter().collect();
    if let Ok(answers) = balance::answers::parse(name, text, &taken, form) {
        common::assess(catalog, form, &answers);
    }
});
